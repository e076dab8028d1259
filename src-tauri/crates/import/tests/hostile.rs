//! Hostile spreadsheets (issue 17): a sheet whose used range is enormous, an .ods file
//! whose repeats would expand to billions of cells, and random bytes named as a
//! spreadsheet are refused in Danish — quickly, and without building what they describe.

use std::io::Write;

use skolekontor_import::{read_named_table, ImportError};

/// An .ods file with `content` as its first sheet's `<table:table>` body.
fn ods(content: &str) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        let deflated = zip::write::SimpleFileOptions::default();
        zip.start_file("META-INF/manifest.xml", deflated).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
            .unwrap();
        zip.start_file("content.xml", deflated).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Ark1">{content}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap();
    }
    bytes.into_inner()
}

fn cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn row(cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| cell(c)).collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_xlsx_sheet_with_a_cell_in_a1_and_one_in_xfd1048576_is_refused_without_the_range() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Barn fornavn").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let started = std::time::Instant::now();
    let error = read_named_table(&bytes, Some("gammelt-system.xlsx")).unwrap_err();
    assert_eq!(
        error,
        ImportError::TooWide {
            corner: "XFD1048576".into()
        }
    );
    assert!(
        error.to_string().contains("helt ud til XFD1048576"),
        "{error}"
    );
    // The dense range would be 1.7·10¹⁰ cells; refusing it costs milliseconds.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn an_ods_sheet_whose_repeats_reach_too_far_is_refused_before_it_is_expanded() {
    // A million rows of 150 filled cells each would be 1.5·10⁸ cells once expanded.
    let header = row(&["Barn fornavn", "Barn efternavn"]);
    let many_rows = format!(
        r#"{header}<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="150" office:value-type="string"><text:p>Ida</text:p></table:table-cell></table:table-row>"#
    );
    let started = std::time::Instant::now();
    let error = read_named_table(&ods(&many_rows), Some("eksport.ods")).unwrap_err();
    assert!(matches!(error, ImportError::TooWide { .. }), "{error:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let wide_row = format!(
        r#"{header}<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    let error = read_named_table(&ods(&wide_row), Some("eksport.ods")).unwrap_err();
    assert!(matches!(error, ImportError::TooWide { .. }), "{error:?}");
}

#[test]
fn an_ods_sheet_as_libreoffice_writes_it_is_read_with_its_empty_repeats() {
    let sheet = format!(
        r#"{}{}<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        row(&["Barn fornavn", "Barn efternavn"]),
        row(&["Ida", "Sørensen"])
    );
    let table = read_named_table(&ods(&sheet), Some("eksport.ods")).unwrap();
    assert_eq!(table.headers, ["Barn fornavn", "Barn efternavn"]);
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cells, ["Ida", "Sørensen"]);
    assert_eq!(table.rows[0].number, 2);
}

#[test]
fn random_bytes_named_as_a_spreadsheet_are_not_a_spreadsheet_and_not_read_as_csv() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    for name in ["eksport.ods", "EKSPORT.XLSX", "gammel.xls"] {
        let error = read_named_table(&bytes, Some(name)).unwrap_err();
        assert!(
            matches!(error, ImportError::NotASpreadsheet { .. }),
            "{name}: {error:?}"
        );
        assert!(error.to_string().contains("ikke et regneark"), "{error}");
    }
    assert!(
        !matches!(
            read_named_table(&bytes, Some("eksport.csv")),
            Err(ImportError::NotASpreadsheet { .. })
        ),
        "a .csv file is read as text"
    );
}

#[test]
fn the_fuzz_targets_spreadsheet_seeds_read_as_meant() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/import_file");
    let read =
        |name: &str| read_named_table(&std::fs::read(corpus.join(name)).unwrap(), Some(name));
    for name in ["family.xlsx", "family.ods"] {
        let table = read(name).unwrap();
        assert_eq!(table.headers[1], "Barn fornavn", "{name}");
        assert_eq!(table.rows[0].cells[1], "Ida", "{name}");
    }
    for name in ["far-corner.xlsx", "repeats.ods"] {
        assert!(
            matches!(read(name), Err(ImportError::TooWide { .. })),
            "{name}"
        );
    }
}

/// Found by the import fuzz target (out of memory): a damaged .ods whose first sheet
/// repeats a row of 150 cells a million times, named `.xlsx`. Calamine opens archives
/// its own way and by their content, so the sheet must be measured (or the archive
/// refused) whatever the file is called.
#[test]
fn a_damaged_ods_named_xlsx_with_a_million_repeated_rows_is_refused() {
    let bytes = include_bytes!("hostile/damaged-ods-named-xlsx.bin");
    let started = std::time::Instant::now();
    let refused = read_named_table(bytes, Some("eksport.xlsx")).unwrap_err();
    assert!(
        matches!(
            refused,
            ImportError::TooWide { .. } | ImportError::NotReadable
        ),
        "{refused:?}"
    );
    assert!(!refused.to_string().is_empty());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "refused before it is expanded"
    );
}

/// An .xlsx whose `cells` (row, column) all show the one shared string `text`, with a
/// header in row 1: written by a real spreadsheet writer, then its shared-strings part
/// replaced, because Excel itself refuses a cell of more than 32,767 characters.
fn shared_string_workbook(text: &str, cells: &[(u32, u16)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Barn fornavn").unwrap();
    for &(row, column) in cells {
        sheet.write_string(row, column, "PLADSHOLDER").unwrap();
    }
    let written = book.save_to_buffer().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(written)).unwrap();
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bytes);
        for index in 0..archive.len() {
            let mut part = archive.by_index(index).unwrap();
            let name = part.name().to_string();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut content).unwrap();
            if name == "xl/sharedStrings.xml" {
                content = String::from_utf8(content)
                    .unwrap()
                    .replace("PLADSHOLDER", text)
                    .into_bytes();
            }
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(&content).unwrap();
        }
        zip.finish().unwrap();
    }
    bytes.into_inner()
}

#[test]
fn a_cell_of_megabytes_from_a_shared_string_is_refused_by_its_name() {
    let cells: Vec<(u32, u16)> = (1..=2_000).map(|row| (row, 1)).collect();
    let bytes = shared_string_workbook(&"x".repeat(4_000_000), &cells);
    assert!(bytes.len() < 100_000, "a small file: {} bytes", bytes.len());
    let error = read_named_table(&bytes, Some("elever.xlsx")).unwrap_err();
    assert_eq!(error, ImportError::CellTooLong { cell: "B2".into() });
    assert!(error.to_string().contains("Cellen B2"), "{error}");
}

#[test]
fn cells_that_together_expand_past_the_limit_are_refused() {
    // 5,000 cells of 9,000 characters: each one allowed, 45 MB together.
    let cells: Vec<(u32, u16)> = (1..=1_000)
        .flat_map(|row| (1..=5).map(move |column| (row, column)))
        .collect();
    let bytes = shared_string_workbook(&"y".repeat(9_000), &cells);
    let error = read_named_table(&bytes, Some("elever.xlsx")).unwrap_err();
    assert_eq!(error, ImportError::ExpandsTooMuch);
    assert!(error.to_string().contains("pakker sig ud"), "{error}");
}

#[test]
fn a_workbook_whose_parts_unpack_to_gigabytes_is_refused_before_it_is_opened() {
    // 300 MB of one letter deflate to a few hundred kilobytes.
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bytes);
        zip.start_file(
            "xl/sharedStrings.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..300 {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = bytes.into_inner();
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    let error = read_named_table(&bytes, Some("elever.xlsx")).unwrap_err();
    assert_eq!(error, ImportError::ExpandsTooMuch);
}

/// The shared-string bomb of the issue, read in a process of its own whose memory is
/// limited to 1.5 GB: before the limits, the import grew to 2.3 GB and was aborted.
#[cfg(target_os = "linux")]
#[test]
fn a_shared_string_bomb_is_refused_within_a_memory_limit() {
    let out = std::process::Command::new("prlimit")
        .arg("--as=1500000000")
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "shared_string_bomb_in_this_process",
            "--ignored",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "run by a_shared_string_bomb_is_refused_within_a_memory_limit, under that limit"]
fn shared_string_bomb_in_this_process() {
    let cells: Vec<(u32, u16)> = (1..=2_000).map(|row| (row, 1)).collect();
    let bytes = shared_string_workbook(&"z".repeat(4_000_000), &cells);
    let error = read_named_table(&bytes, Some("elever.xlsx")).unwrap_err();
    assert!(
        matches!(error, ImportError::CellTooLong { .. }),
        "{error:?}"
    );
}
