//! Every CSV file the program writes, in one shape: the way Danish Excel opens it
//! (UTF-8 with a byte-order mark, `;` between fields), and with no cell that a
//! spreadsheet would run as a formula.
//!
//! A guardian's name, a note or an address is typed by people outside the office (an
//! enrolment form, an imported register). A cell beginning with `=`, `+`, `-` or `@`
//! is a formula to Excel and LibreOffice (`=HYPERLINK(…)` sends a click elsewhere,
//! `+cmd|…` once ran programs), and a leading tab or carriage return hides one. Such
//! a cell gets a leading apostrophe (OWASP's "CSV injection" rule), so it shows as
//! the text it is. A plain number ("-1234,50", "-3") stays a number.

use std::borrow::Cow;

use crate::DocumentError;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as a spreadsheet must show it: with a leading apostrophe when it would
/// otherwise be read as a formula, unchanged otherwise.
pub fn formula_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) && !is_plain_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// `-1234,50`, `-3`, `-1.234,50`: a number a Danish spreadsheet reads as one.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A CSV file being written in memory.
pub struct CsvFile {
    writer: csv::Writer<Vec<u8>>,
}

fn failed(error: csv::Error) -> DocumentError {
    DocumentError::Spreadsheet(error.to_string())
}

impl CsvFile {
    /// An empty file, with the byte-order mark that tells Excel it is UTF-8.
    pub fn new() -> CsvFile {
        CsvFile {
            writer: csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(b"\xEF\xBB\xBF".to_vec()),
        }
    }

    /// Appends one row; every cell passes [`formula_safe`].
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), DocumentError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let record: Vec<String> = cells
            .into_iter()
            .map(|cell| formula_safe(cell.as_ref()).into_owned())
            .collect();
        self.writer.write_record(&record).map_err(failed)
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, DocumentError> {
        self.writer
            .into_inner()
            .map_err(|e| DocumentError::Spreadsheet(e.to_string()))
    }
}

impl Default for CsvFile {
    fn default() -> Self {
        CsvFile::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_gets_an_apostrophe() {
        for hostile in [
            "=HYPERLINK(\"http://x\";\"klik\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1+1",
            "\r=1+1",
            "-",
        ] {
            assert_eq!(formula_safe(hostile), format!("'{hostile}"), "{hostile:?}");
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_left_as_they_are() {
        for plain in [
            "-1234,50",
            "-3",
            "1.550,00",
            "Mette Skov",
            "",
            "3. klasse",
            "a=b",
        ] {
            assert_eq!(formula_safe(plain), plain);
        }
    }

    #[test]
    fn the_file_opens_in_danish_excel_and_quotes_what_needs_it() {
        let mut file = CsvFile::new();
        file.row(["Navn", "Beløb"]).unwrap();
        file.row(["=1+1", "-12,50"]).unwrap();
        file.row(["Skov; Mette", "0"]).unwrap();
        let bytes = file.finish().unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "Navn;Beløb\n'=1+1;-12,50\n\"Skov; Mette\";0\n");
    }
}
