//! The 0601 file's text lines as a parent reads them on the bank's statement: on the
//! demo school's real run every line keeps the child's name, the month and the amount,
//! however long the line's text (a discount with its percentage, a subsidy with its amount).

mod common;

use common::*;

/// The BS052 text lines of a 0601 file (positions 53–112 of each record).
fn text_lines(file: &[u8]) -> Vec<String> {
    file.split(|&b| b == b'\n')
        .filter(|r| r.starts_with(b"BS052"))
        .map(|r| r[52..112].iter().map(|&b| b as char).collect())
        .collect()
}

#[test]
fn every_0601_text_line_of_the_demo_keeps_its_month_and_amount() {
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let run = office
        .billing()
        .issue_charges("2026-09")
        .unwrap()
        .run_id
        .unwrap();
    let file = office.billing().delivery_file(run).unwrap().bytes;
    let lines = text_lines(&file);
    assert!(lines.len() > 300, "{}", lines.len());
    let lost: Vec<&String> = lines
        .iter()
        .filter(|l| {
            !(l.contains("september 2026") || l.contains("sep. 2026"))
                || !l.trim_end().ends_with(" kr.")
        })
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} lines lost the month or the amount: {lost:#?}",
        lost.len(),
        lines.len()
    );
}
