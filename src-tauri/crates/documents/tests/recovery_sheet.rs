//! The recovery sheet read back with poppler (`pdftotext`, `pdffonts`, `pdfinfo`).
//!
//! Linux only: these measure the layout with poppler's tools (word boxes, fonts,
//! pixels), which do not exist inside Windows. Under Windows the app's and the CLI's
//! tests print every document kind and read its text back with lopdf.
#![cfg(not(windows))]

use chrono::NaiveDate;
use skolekontor_documents::{recovery_sheet, RecoverySheet};
use std::process::Command;

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} missing ({e}): install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_sheet_is_one_page_with_the_key_danish_text_and_embedded_subset_fonts() {
    let key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789-ABCD-EFGH-JKMN-PQRS-TVWX-Z9Z9";
    let bytes = recovery_sheet(&RecoverySheet {
        school_name: "Bøgely Friskole",
        recovery_key: key,
        created: NaiveDate::from_ymd_opt(2026, 9, 5).unwrap(),
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let path = path.to_str().unwrap();

    let info = poppler("pdfinfo", &[path]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );

    let text = poppler("pdftotext", &["-layout", path, "-"]);
    for expected in [
        "Gendannelsesnøgle til Skolekontor",
        "Bøgely Friskole",
        "5. september 2026",
        "pengeskab",
        "side 1 af 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let groups: Vec<&str> = key.split('-').collect();
    for group in groups {
        assert!(text.contains(group), "key group {group} missing");
    }

    let fonts = poppler("pdffonts", &[path]);
    let font_rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(font_rows.len() >= 2, "{fonts}");
    for row in font_rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name … emb sub uni object ID
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "not subset: {row}");
        assert!(cols[0].contains('+'), "subset fonts carry a tag: {row}");
    }
    assert!(
        bytes.len() < 120_000,
        "fonts not subset? {} bytes",
        bytes.len()
    );
}
