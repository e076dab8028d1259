//! Reads a CSV or Excel file into one table of text cells, numbered as the
//! spreadsheet numbers its rows (the header is row 1).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};

use crate::{ImportError, MAX_ROWS};

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
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| ImportError::NotReadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ImportError::Empty)?
        .map_err(|_| ImportError::NotReadable)?;
    let first_row = range.start().map_or(0, |(row, _)| row);
    let first_column = range.start().map_or(0, |(_, column)| column) as usize;
    let mut rows = range.rows().enumerate().map(|(index, cells)| {
        let mut text: Vec<String> = vec![String::new(); first_column];
        text.extend(cells.iter().map(cell_text));
        TableRow {
            number: first_row + index as u32 + 1,
            cells: text,
        }
    });
    let Some(header) = rows.find(|row| !row.is_blank()) else {
        return Err(ImportError::Empty);
    };
    Ok(Table {
        headers: header.cells,
        rows: rows
            .filter(|row| !row.is_blank())
            .take(MAX_ROWS + 1)
            .collect(),
        notes: Vec::new(),
    })
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
            (
                text.into_owned(),
                vec!["Filen er ikke gemt som UTF-8 og er læst med Windows' tegnsæt (som dansk Excel gemmer CSV). Kontrollér æ, ø og å i forhåndsvisningen.".into()],
            )
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
