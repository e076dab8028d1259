//! Reads a CSV or Excel file into one table of text cells, numbered as the
//! spreadsheet numbers its rows (the header is row 1).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};

use calamine::{open_workbook_auto_from_rs, Data, DataRef, DataType, Reader, Sheets, Xlsx};

use crate::{ImportError, MAX_COLUMNS, MAX_ROWS};
use skolekontor_domain::tr;

/// The file's first sheet as text: the header and the non-empty rows below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The rows under the header that have text in at least one cell.
    pub rows: Vec<TableRow>,
    /// Notes on how the file was read (its character set), for the preview.
    pub notes: Vec<String>,
}

/// One row with its number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row's number as the spreadsheet shows it (the header is 1).
    pub number: u32,
    /// The cells, trimmed; a short row has fewer cells than the header.
    pub cells: Vec<String>,
}

impl TableRow {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// What kind of file the bytes are, from their first bytes (not the file's name,
/// which an old system may get wrong).
fn is_spreadsheet(bytes: &[u8]) -> bool {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
    bytes.starts_with(ZIP) || bytes.starts_with(OLE)
}

/// Endings of spreadsheet files; a file named so must be one.
const SPREADSHEET_ENDINGS: &[&str] = &[".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"];

/// Reads the whole file as [`read_table`] does, but a file whose name says it is a
/// spreadsheet must be one: random bytes named `.ods` are not read as CSV.
pub fn read_named_table(bytes: &[u8], file_name: Option<&str>) -> Result<Table, ImportError> {
    let ending = file_name.and_then(|name| {
        let lower = name.to_lowercase();
        SPREADSHEET_ENDINGS
            .iter()
            .find(|ending| lower.ends_with(*ending))
            .copied()
    });
    match ending {
        Some(extension) if !is_spreadsheet(bytes) => Err(ImportError::NotASpreadsheet {
            extension: extension.into(),
        }),
        _ => read_table(bytes),
    }
}

/// Reads the whole file; Excel (`.xlsx`, `.xls`, `.ods`) by its signature, else CSV.
pub fn read_table(bytes: &[u8]) -> Result<Table, ImportError> {
    let table = if is_spreadsheet(bytes) {
        read_spreadsheet(bytes)?
    } else {
        read_csv(bytes)?
    };
    if table.headers.iter().all(String::is_empty) {
        return Err(ImportError::Empty);
    }
    if table.rows.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows);
    }
    Ok(table)
}

fn read_spreadsheet(bytes: &[u8]) -> Result<Table, ImportError> {
    // The workbook's parts are unpacked whole while it opens (the shared strings of
    // an .xlsx, the sheet of an .ods): what they unpack to is measured first.
    unpacked_size_is_sane(bytes)?;
    // An .ods sheet is expanded whole while the workbook opens, so its extent is
    // measured first, from its XML.
    ods_extent_is_sane(bytes)?;
    let workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| ImportError::NotReadable)?;
    let cells = match workbook {
        Sheets::Xlsx(mut xlsx) => xlsx_cells(&mut xlsx)?,
        mut other => {
            let range = other
                .worksheet_range_at(0)
                .ok_or(ImportError::Empty)?
                .map_err(|_| ImportError::NotReadable)?;
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            let mut cells = BTreeMap::new();
            let mut text_bytes = 0;
            for (row, column, cell) in range.used_cells() {
                let (row, column) = (first_row + row as u32, first_column as usize + column);
                check_extent(row, column)?;
                let text = cell_text(cell);
                count_text(&mut text_bytes, text.len(), row, column)?;
                cells.insert((row, column), text);
            }
            cells
        }
    };
    table_of(cells)
}

/// The first sheet's cells of an .xlsx file, read one by one: a sheet with a cell in
/// A1 and one in XFD1048576 is refused at the far cell, never built as a range.
fn xlsx_cells<RS: Read + Seek>(
    xlsx: &mut Xlsx<RS>,
) -> Result<BTreeMap<(u32, usize), String>, ImportError> {
    let first = xlsx
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportError::Empty)?;
    let mut reader = xlsx
        .worksheet_cells_reader(&first)
        .map_err(|_| ImportError::NotReadable)?;
    let mut cells = BTreeMap::new();
    let mut text_bytes = 0;
    while let Some(cell) = reader.next_cell().map_err(|_| ImportError::NotReadable)? {
        let (row, column) = cell.get_position();
        // A shared string is borrowed until here: its length is checked before a copy
        // of it is made for this cell.
        let borrowed_len = match cell.get_value() {
            DataRef::SharedString(text) => text.len(),
            DataRef::String(text) => text.len(),
            _ => 0,
        };
        count_text(&mut text_bytes, borrowed_len, row, column as usize)?;
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        check_extent(row, column as usize)?;
        cells.insert((row, column as usize), text);
    }
    Ok(cells)
}

/// Adds a cell's text to the running total, refusing a cell or a sheet that holds
/// more text than a register's export can.
fn count_text(
    total: &mut usize,
    cell_bytes: usize,
    row: u32,
    column: usize,
) -> Result<(), ImportError> {
    if cell_bytes > crate::MAX_CELL_BYTES {
        return Err(ImportError::CellTooLong {
            cell: cell_name(row, column),
        });
    }
    *total += cell_bytes;
    if *total > crate::MAX_TEXT_BYTES {
        return Err(ImportError::ExpandsTooMuch);
    }
    Ok(())
}

/// Unpacks every part of a zip archive (an .xlsx or .ods) without keeping it, and
/// refuses the file once the parts together pass [`crate::MAX_UNPACKED_BYTES`]. The
/// sizes an archive declares are not trusted: a part is counted as it unpacks.
fn unpacked_size_is_sane(bytes: &[u8]) -> Result<(), ImportError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::NotReadable)?;
    let mut left = crate::MAX_UNPACKED_BYTES;
    for index in 0..archive.len() {
        let part = archive
            .by_index(index)
            .map_err(|_| ImportError::NotReadable)?;
        let unpacked = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|_| ImportError::NotReadable)?;
        if unpacked > left {
            return Err(ImportError::ExpandsTooMuch);
        }
        left -= unpacked;
    }
    Ok(())
}

/// Refuses a non-empty cell beyond what a register's export can use.
fn check_extent(row: u32, column: usize) -> Result<(), ImportError> {
    if row as usize > MAX_ROWS + 10 || column >= MAX_COLUMNS {
        return Err(ImportError::TooWide {
            corner: cell_name(row, column),
        });
    }
    Ok(())
}

/// `A1`, `XFD1048576`: a zero-based cell as a spreadsheet names it.
fn cell_name(row: u32, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

/// The cells (row, column → text) as a table: the first row with text is the header,
/// numbered as the spreadsheet numbers its rows.
fn table_of(cells: BTreeMap<(u32, usize), String>) -> Result<Table, ImportError> {
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for ((row, column), text) in cells {
        let cells = rows.entry(row).or_default();
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
    }
    let mut rows = rows
        .into_iter()
        .map(|(row, cells)| TableRow {
            number: row + 1,
            cells,
        })
        .filter(|row| !row.is_blank());
    let Some(header) = rows.next() else {
        return Err(ImportError::Empty);
    };
    Ok(Table {
        headers: header.cells,
        rows: rows.take(MAX_ROWS + 1).collect(),
        notes: Vec::new(),
    })
}

/// An .ods file's first sheet, measured from its XML the way calamine will expand it:
/// repeated rows and cells that hold something are written out in full, so a sheet
/// whose filled rows or columns reach too far is refused before it is opened.
fn ods_extent_is_sane(bytes: &[u8]) -> Result<(), ImportError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    // A zip archive this reader cannot open is refused: calamine reads archives its
    // own way and by their content, whatever the file is called, so a sheet that
    // escaped the measuring here could still be expanded there (found by the fuzzer:
    // a damaged .ods named .xlsx with a row repeated a million times).
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::NotReadable)?;
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    ods_extent(std::io::BufReader::new(content))
}

/// Walks the first table's rows and cells, counting repeats.
fn ods_extent(xml: impl std::io::BufRead) -> Result<(), ImportError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut row, mut column): (u64, u64) = (0, 0);
    let (mut row_repeats, mut row_filled, mut in_table) = (1u64, false, false);
    let mut cell_repeats = 1u64;
    let mut cell_filled = false;
    let repeats = |e: &quick_xml::events::BytesStart, name: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .unwrap_or(1)
    };
    let too_far = |row: u64, column: u64| ImportError::TooWide {
        corner: cell_name(
            u32::try_from(row).unwrap_or(u32::MAX),
            usize::try_from(column).unwrap_or(usize::MAX),
        ),
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| ImportError::NotReadable)?;
        match event {
            Event::Empty(ref e) if in_table && e.name().as_ref() == b"table:table-row" => {
                row = row.saturating_add(repeats(e, b"table:number-rows-repeated"));
            }
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                b"table:table" => in_table = true,
                b"table:table-row" if in_table => {
                    row_repeats = repeats(e, b"table:number-rows-repeated");
                    (column, row_filled) = (0, false);
                }
                b"table:table-cell" | b"table:covered-table-cell" if in_table => {
                    cell_repeats = repeats(e, b"table:number-columns-repeated");
                    cell_filled = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == b"office:value-type");
                    if matches!(event, Event::Empty(_)) {
                        finish_cell(&mut column, &mut row_filled, cell_repeats, cell_filled)
                            .map_err(|_| too_far(row, column))?;
                    }
                }
                b"text:p" if in_table => cell_filled = true,
                _ => {}
            },
            Event::End(ref e) => match e.name().as_ref() {
                b"table:table-cell" | b"table:covered-table-cell" if in_table => {
                    finish_cell(&mut column, &mut row_filled, cell_repeats, cell_filled)
                        .map_err(|_| too_far(row, column))?;
                }
                b"table:table-row" if in_table => {
                    if row_filled && row.saturating_add(row_repeats) > (MAX_ROWS + 10) as u64 {
                        return Err(too_far(row.saturating_add(row_repeats - 1), column));
                    }
                    row = row.saturating_add(row_repeats);
                }
                // Only the first sheet is read.
                b"table:table" => return Ok(()),
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Moves past a cell; a filled cell must end within the allowed columns.
fn finish_cell(
    column: &mut u64,
    row_filled: &mut bool,
    repeats: u64,
    filled: bool,
) -> Result<(), ()> {
    *column = column.saturating_add(repeats);
    if filled {
        *row_filled = true;
        if *column > MAX_COLUMNS as u64 {
            return Err(());
        }
    }
    Ok(())
}

/// A cell as the secretary sees it: whole numbers without a decimal part (postal
/// codes, phone numbers), dates as `dd-mm-åååå`, errors as the text Excel shows.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_string(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", *number as i64)
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(true) => "ja".into(),
        Data::Bool(false) => "nej".into(),
        Data::DateTime(_) | Data::DateTimeIso(_) => cell
            .as_date()
            .map(|d| d.format("%d-%m-%Y").to_string())
            .unwrap_or_default(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => format!("#{error}"),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, ImportError> {
    let (text, notes) = decode(bytes);
    // The csv reader counts a CRLF row as a line too few; Windows files use CRLF.
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter_of(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::BadCsv {
            line: e.position().map_or(0, |p| p.line()),
        })?;
        let number = record.position().map_or(0, |p| p.line()) as u32;
        let row = TableRow {
            number,
            cells: record.iter().map(|c| c.trim().to_string()).collect(),
        };
        if !row.is_blank() {
            rows.push(row);
        }
        if rows.len() > MAX_ROWS + 1 {
            break;
        }
    }
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(ImportError::Empty);
    };
    Ok(Table {
        headers: header.cells,
        rows: rows.collect(),
        notes,
    })
}

/// UTF-8 (with or without BOM) as it is; anything else is read as Windows-1252,
/// which is what Danish Excel writes when it saves "CSV (semikolonsepareret)".
fn decode(bytes: &[u8]) -> (String, Vec<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Vec::new()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), vec![tr!("import.read_as_windows")])
        }
    }
}

/// The separator the header line uses most: `;` (Danish Excel), `,` or tab.
fn delimiter_of(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_windows_1252_and_blank_rows_are_read() {
        let bytes = b"Barn fornavn;Barn efternavn\r\nS\xf8ren;\xc6bel\r\n;\r\nAne;Berg\r\n";
        let table = read_table(bytes).unwrap();
        assert_eq!(table.headers, ["Barn fornavn", "Barn efternavn"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells, ["Søren", "Æbel"]);
        assert_eq!(table.rows[1].number, 4, "the blank row 3 keeps its number");
        assert_eq!(table.notes.len(), 1);
    }

    #[test]
    fn commas_and_a_quoted_line_break_keep_row_numbers() {
        let bytes = "\u{feff}a,b\n\"x\ny\",z\nq,r\n".as_bytes();
        let table = read_table(bytes).unwrap();
        assert_eq!(table.rows[0].cells, ["x\ny", "z"]);
        assert_eq!(table.rows[1].number, 4);
        assert!(table.notes.is_empty());
    }

    #[test]
    fn an_empty_file_and_a_broken_workbook_are_refused() {
        assert!(matches!(read_table(b""), Err(ImportError::Empty)));
        assert!(matches!(read_table(b" ; \n"), Err(ImportError::Empty)));
        assert!(matches!(
            read_table(b"PK\x03\x04garbage"),
            Err(ImportError::NotReadable)
        ));
    }
}
