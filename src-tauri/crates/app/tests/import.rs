//! Import from the old system (issue 8) on a real encrypted database: a 340-child
//! export is looked through and stored whole; a file with one bad row stores nothing;
//! a file changed after its preview is refused. All people are fictional.

mod common;

use chrono::NaiveDate;
use common::*;
use skolekontor_app::demo::{generate, import_file, DemoSize};
use skolekontor_app::{AppError, Office};

const DAY: &str = "2026-11-23";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The reference size of the issue: 300 pupils and 40 kindergarten children.
fn export_of_340_children(dir: &std::path::Path) -> std::path::PathBuf {
    let size = DemoSize {
        pupils: 300,
        kindergarten: 40,
    };
    let path = dir.join("gammelt-system.csv");
    std::fs::write(&path, import_file(&generate(7, size, today()))).unwrap();
    path
}

fn school(fixture: &Fixture) -> (Office, String) {
    on(DAY);
    let mut office = fixture.office();
    let (_, secret) = set_up(&mut office);
    (office, secret)
}

#[test]
fn an_export_of_340_children_is_previewed_and_stored_whole() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, secret) = school(&fixture);
    let file = export_of_340_children(fixture.dir.path());
    let path = file.display().to_string();

    let preview = office.preview_import(&path).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!((preview.rows, preview.children), (340, 340));
    assert_eq!(preview.placements.school, 300);
    assert_eq!(preview.placements.kindergarten, 40);
    assert!(preview.placements.sfo > 0);
    assert!(
        preview.new_guardians > preview.households,
        "couples share a home"
    );
    assert_eq!(preview.lines.len(), 340);
    let preview_json = serde_json::to_string(&preview).unwrap();
    assert!(
        !preview_json.contains("-4") && !preview_json.contains("cpr"),
        "the preview shows no CPR number"
    );
    assert!(
        office.list_children(false).unwrap().is_empty(),
        "a preview stores nothing"
    );

    let started = std::time::Instant::now();
    let done = office.import_register(&path, &preview.fingerprint).unwrap();
    eprintln!("import of 340 children took {:?}", started.elapsed());
    assert_eq!(done.children, 340);
    assert_eq!(done.guardians, preview.new_guardians);

    // Read back after closing the program: the encrypted file holds them all.
    drop(office);
    let mut office = fixture.office();
    office.start().unwrap();
    log_in(&mut office, "birgitte", &secret);
    let children = office.list_children(false).unwrap();
    assert_eq!(children.len(), 340);
    let first = &preview.lines[0];
    let hits = office.search(&first.child, false).unwrap();
    let detail = office.child(hits.children[0].id).unwrap();
    let sfo = detail.placement.as_ref().is_some_and(|p| p.sfo);
    let label = if sfo {
        format!("{} · SFO", detail.class_label)
    } else {
        detail.class_label.clone()
    };
    assert_eq!(label, first.placement);
    assert!(!detail.guardians.is_empty());
    assert!(detail.guardians.iter().any(|g| g.link.is_payer));

    let again = office.preview_import(&path).unwrap();
    assert_eq!(again.problems.len(), 340, "every child is already there");
    assert!(again
        .problems
        .iter()
        .all(|p| p.message.contains("findes allerede")));
}

#[test]
fn one_bad_row_stops_the_whole_file() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, _) = school(&fixture);
    let file = export_of_340_children(fixture.dir.path());
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Row 200 gets a postal code of three digits in Forælder 1 postnummer.
    let header: Vec<&str> = lines[0].split(';').collect();
    let postal = header
        .iter()
        .position(|h| *h == "Forælder 1 postnummer")
        .unwrap();
    let mut cells: Vec<String> = lines[199].split(';').map(String::from).collect();
    cells[postal] = "860".into();
    lines[199] = cells.join(";");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let path = file.display().to_string();

    let preview = office.preview_import(&path).unwrap();
    assert_eq!(preview.problems.len(), 1);
    let problem = &preview.problems[0];
    assert_eq!(
        (problem.row, problem.column.as_str()),
        (200, "Forælder 1 postnummer")
    );
    assert!(
        problem.message.contains("Postnummer"),
        "{}",
        problem.message
    );
    assert_eq!(preview.children, 0);

    let refused = office
        .import_register(&path, &preview.fingerprint)
        .unwrap_err();
    assert!(matches!(refused, AppError::Refused(_)), "{refused}");
    assert!(refused.to_string().contains("intet er indlæst"));
    assert!(office.list_children(false).unwrap().is_empty());
}

#[test]
fn a_file_changed_after_its_preview_is_refused() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, _) = school(&fixture);
    let file = export_of_340_children(fixture.dir.path());
    let path = file.display().to_string();
    let preview = office.preview_import(&path).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Dansk", "Svensk")).unwrap();

    let refused = office
        .import_register(&path, &preview.fingerprint)
        .unwrap_err();
    assert!(refused.to_string().contains("ændret"), "{refused}");
    assert!(office.list_children(false).unwrap().is_empty());

    let missing = office.preview_import("/findes/ikke.csv").unwrap_err();
    assert!(missing.to_string().contains("kan ikke åbnes"), "{missing}");
}
