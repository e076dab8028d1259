//! The office's lists as files for Excel: .xlsx with Danish headers, dates as real
//! dates and numbers as numbers; and CSV the way Danish Excel opens it (semicolons,
//! UTF-8 with a byte-order mark, dates `dd-mm-åååå`).

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use skolekontor_domain::lists::{Cell, ListTable};

use crate::csv_file::CsvFile;
use crate::DocumentError;

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> DocumentError {
    DocumentError::Spreadsheet(error.to_string())
}

/// The header row: the group's column (if grouped), then the list's columns.
fn headers(table: &ListTable) -> Vec<String> {
    let group = (!table.group_title.is_empty()).then(|| table.group_title.clone());
    group
        .into_iter()
        .chain(table.columns.iter().map(|c| c.title.clone()))
        .collect()
}

/// Each row as (group heading, cells); the heading is `None` for an ungrouped list.
fn rows(table: &ListTable) -> impl Iterator<Item = (Option<&str>, &[Cell])> {
    let grouped = !table.group_title.is_empty();
    table.groups.iter().flat_map(move |g| {
        g.rows
            .iter()
            .map(move |r| (grouped.then_some(g.heading.as_str()), r.cells.as_slice()))
    })
}

/// The list as an .xlsx workbook with one sheet, a filter on the header row and
/// the header kept in view.
pub fn xlsx(table: &ListTable) -> Result<Vec<u8>, DocumentError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // Excel allows 31 characters and no "–" trouble in sheet names.
    let name: String = table.kind.title().chars().take(31).collect();
    sheet.set_name(&name).map_err(xlsx_error)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let headers = headers(table);
    for (col, title) in headers.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, title, &bold)
            .map_err(xlsx_error)?;
        sheet
            .set_column_width(col, (title.chars().count() + 4).max(12) as f64)
            .map_err(xlsx_error)?;
    }
    let mut row_number = 0u32;
    for (heading, cells) in rows(table) {
        row_number += 1;
        let offset = u16::from(heading.is_some());
        if let Some(heading) = heading {
            sheet
                .write_string(row_number, 0, heading)
                .map_err(xlsx_error)?;
        }
        for (index, cell) in cells.iter().enumerate() {
            let col = index as u16 + offset;
            match cell {
                Cell::Text(text) => sheet.write_string(row_number, col, text),
                Cell::Date(day) => {
                    let when = ExcelDateTime::from_ymd(
                        day.year() as u16,
                        day.month() as u8,
                        day.day() as u8,
                    )
                    .map_err(xlsx_error)?;
                    sheet.write_datetime_with_format(row_number, col, &when, &date)
                }
                Cell::Number(n) => sheet.write_number(row_number, col, *n as f64),
            }
            .map_err(xlsx_error)?;
        }
    }
    let last_col = headers.len().saturating_sub(1) as u16;
    sheet
        .autofilter(0, 0, row_number, last_col)
        .map_err(xlsx_error)?;
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The list as CSV for Danish Excel, with no cell a spreadsheet would run.
pub fn csv(table: &ListTable) -> Result<Vec<u8>, DocumentError> {
    let mut file = CsvFile::new();
    file.row(headers(table))?;
    for (heading, cells) in rows(table) {
        file.row(
            heading
                .map(str::to_string)
                .into_iter()
                .chain(cells.iter().map(Cell::display)),
        )?;
    }
    file.finish()
}
