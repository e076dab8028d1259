//! Ruled tables that break across pages between rows and repeat their header.

use super::{DocumentBuilder, Placed, BODY_SIZE, MARGIN_SIDE};
use crate::fonts::Face;

/// A column: its title and its share of the width.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header text.
    pub title: String,
    /// Relative width (the shares of all columns are summed).
    pub share: f32,
}

impl Column {
    /// A column of `share` width.
    pub fn new(title: impl Into<String>, share: f32) -> Column {
        Column {
            title: title.into(),
            share,
        }
    }
}

/// A table: columns and rows of cell text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows; a short row leaves its last cells empty.
    pub rows: Vec<Vec<String>>,
}

const PADDING: f32 = 4.0;
const SIZE: f32 = BODY_SIZE - 1.0;
const LEADING: f32 = SIZE * 1.4;

impl DocumentBuilder {
    fn column_lefts(table: &Table) -> Vec<(f32, f32)> {
        let total: f32 = table.columns.iter().map(|c| c.share.max(0.01)).sum();
        let mut left = MARGIN_SIDE;
        table
            .columns
            .iter()
            .map(|column| {
                let width = Self::column_width() * column.share.max(0.01) / total;
                let cell = (left, width);
                left += width;
                cell
            })
            .collect()
    }

    fn table_row(
        &self,
        cells: &[(f32, f32)],
        texts: &[String],
        face: Face,
    ) -> (Vec<Vec<Placed>>, f32) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .enumerate()
            .map(|(i, (_, width))| {
                self.wrap(
                    texts.get(i).map(String::as_str).unwrap_or(""),
                    face,
                    SIZE,
                    width - 2.0 * PADDING,
                )
            })
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let placed = (0..lines)
            .map(|n| {
                cells
                    .iter()
                    .zip(&wrapped)
                    .filter_map(|((left, _), cell)| {
                        cell.get(n).map(|text| Placed {
                            face,
                            size: SIZE,
                            x: left + PADDING,
                            text: text.clone(),
                        })
                    })
                    .collect()
            })
            .collect();
        (placed, lines as f32 * LEADING + 2.0 * PADDING)
    }

    fn draw_row(
        &mut self,
        cells: &[(f32, f32)],
        lines: Vec<Vec<Placed>>,
        height: f32,
        shaded: bool,
    ) {
        let top = self.y;
        let mut ops = Vec::new();
        for (left, width) in cells {
            ops.extend(Self::rect_ops(
                *left,
                top,
                left + width,
                top - height,
                shaded.then_some(0.9),
            ));
        }
        for (n, line) in lines.iter().enumerate() {
            let baseline = top - PADDING - LEADING * (n as f32 + 0.8);
            for placed in line {
                ops.extend(self.text_ops(placed, baseline));
            }
        }
        self.ops().extend(ops);
        self.y = top - height;
    }

    /// A ruled table. A row never splits; when the next row does not fit, the table
    /// goes on at the top of the next page under a repeated header.
    pub fn table(&mut self, table: &Table) {
        let cells = Self::column_lefts(table);
        let titles: Vec<String> = table.columns.iter().map(|c| c.title.clone()).collect();
        let (header_lines, header_height) = self.table_row(&cells, &titles, Face::Bold);
        let rows: Vec<(Vec<Vec<Placed>>, f32)> = table
            .rows
            .iter()
            .map(|row| self.table_row(&cells, row, Face::Regular))
            .collect();
        // The header never stands alone at the foot of a page.
        let first_row = rows.first().map(|(_, h)| *h).unwrap_or(0.0);
        self.ensure_room(header_height + first_row);
        let (header_copy, _) = self.table_row(&cells, &titles, Face::Bold);
        self.draw_row(&cells, header_lines, header_height, true);
        let mut header_again = Some(header_copy);
        for (lines, height) in rows {
            if self.ensure_room(height) {
                let repeat = header_again.take().unwrap_or_default();
                self.draw_row(&cells, repeat, header_height, true);
                header_again = Some(self.table_row(&cells, &titles, Face::Bold).0);
            }
            self.draw_row(&cells, lines, height, false);
        }
        self.space(10.0);
    }
}
