//! The PDF layout with text from every alphabet (issue 33): headings, paragraphs,
//! fields and a table of any text lay out without a crash, a letter no font has is
//! drawn as a mark, and the document is a PDF.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use skolekontor_documents::layout::{Column, DocumentBuilder, Table};

fuzz_target!(|input: (String, String, Vec<Vec<String>>)| {
    let (heading, text, rows) = input;
    let day = NaiveDate::from_ymd_opt(2026, 8, 20).unwrap();
    let mut doc = DocumentBuilder::new(&heading, &text, day).expect("the vendored fonts");
    doc.heading(&heading, 1);
    doc.paragraph(&text);
    doc.field(&heading, &text);
    doc.table(&Table {
        columns: vec![
            Column::new("Navn", 2.0),
            Column::new("E-mail", 3.0),
            Column::new("Note", 1.0),
        ],
        rows: rows
            .into_iter()
            .take(40)
            .map(|r| r.into_iter().take(3).collect())
            .collect(),
    });
    let pdf = doc.finish();
    assert!(pdf.starts_with(b"%PDF"));
});
