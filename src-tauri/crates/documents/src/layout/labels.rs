//! Sheets of address labels: A4 with 3 × 7 labels of 70 × 42.3 mm, the common
//! Danish label sheet, without the page header and footer (they would print on
//! the labels).

use super::{DocumentBuilder, Placed, BODY_SIZE, PAGE_HEIGHT, PAGE_WIDTH};
use crate::fonts::Face;

const COLUMNS: usize = 3;
const ROWS: usize = 7;
const LABEL_HEIGHT: f32 = PAGE_HEIGHT / ROWS as f32;
const LABEL_WIDTH: f32 = PAGE_WIDTH / COLUMNS as f32;
/// The text keeps about 6 mm from each edge of its label.
const INSET: f32 = 17.0;
const LEADING: f32 = BODY_SIZE * 1.3;

impl DocumentBuilder {
    /// Lays out `labels` (lines each; the first bold) 21 to a page, left to right
    /// and top to bottom; a line too wide for its label is shortened.
    pub fn label_sheet(&mut self, labels: &[Vec<String>]) {
        self.frame = false;
        let width = LABEL_WIDTH - 2.0 * INSET;
        for (index, lines) in labels.iter().enumerate() {
            let place = index % (COLUMNS * ROWS);
            if index > 0 && place == 0 {
                self.new_page();
            }
            let left = (place % COLUMNS) as f32 * LABEL_WIDTH + INSET;
            let top = PAGE_HEIGHT - (place / COLUMNS) as f32 * LABEL_HEIGHT;
            let shown = lines.len().min(6);
            // Centred vertically in the label.
            let first = top - (LABEL_HEIGHT - shown as f32 * LEADING) / 2.0 - BODY_SIZE;
            let mut ops = Vec::new();
            for (row, line) in lines.iter().take(shown).enumerate() {
                let face = if row == 0 { Face::Bold } else { Face::Regular };
                let placed = Placed {
                    face,
                    size: BODY_SIZE,
                    x: left,
                    text: self.fit(line, face, width),
                };
                ops.extend(self.text_ops(&placed, first - row as f32 * LEADING));
            }
            self.ops().extend(ops);
        }
    }

    /// `text`, cut with "…" until it is no wider than `width`.
    fn fit(&self, text: &str, face: Face, width: f32) -> String {
        let font = self.fonts.face(face);
        if font.width(text, BODY_SIZE) <= width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let cut: String = chars.iter().collect::<String>() + "…";
            if font.width(&cut, BODY_SIZE) <= width {
                return cut;
            }
        }
        String::new()
    }
}
