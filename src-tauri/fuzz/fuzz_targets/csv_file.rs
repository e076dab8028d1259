//! Every CSV file the program writes (issue 33): any cells come back from a CSV reader
//! as written, but for the apostrophe that keeps a spreadsheet from running a formula.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skolekontor_documents::csv_file::{formula_safe, CsvFile};

fuzz_target!(|rows: Vec<Vec<String>>| {
    // The program's tables are rectangular: every row as wide as the header.
    let mut rows: Vec<Vec<String>> = rows
        .into_iter()
        .take(20)
        .map(|r| r.into_iter().take(8).collect::<Vec<_>>())
        .filter(|r| !r.is_empty())
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    let mut file = CsvFile::new();
    for row in &rows {
        file.row(row).unwrap();
    }
    let bytes = file.finish().unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..]);
    let read: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| formula_safe(c).into_owned()).collect())
        .collect();
    assert_eq!(read, expected);
    for cell in read.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']));
    }
});
