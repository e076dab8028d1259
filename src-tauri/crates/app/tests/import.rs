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

    let preview = office.import().preview_import(&path).unwrap();
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
        office.register().list_children(false).unwrap().is_empty(),
        "a preview stores nothing"
    );

    let started = std::time::Instant::now();
    let done = office
        .import()
        .import_register(&path, &preview.fingerprint)
        .unwrap();
    eprintln!("import of 340 children took {:?}", started.elapsed());
    assert_eq!(done.children, 340);
    assert_eq!(done.guardians, preview.new_guardians);

    // Read back after closing the program: the encrypted file holds them all.
    drop(office);
    let mut office = fixture.office();
    office.start().unwrap();
    log_in(&mut office, "birgitte", &secret);
    let children = office.register().list_children(false).unwrap();
    assert_eq!(children.len(), 340);
    let first = &preview.lines[0];
    let hits = office.register().search(&first.child, false).unwrap();
    let detail = office.register().child(hits.children[0].id).unwrap();
    let sfo = detail.placement.as_ref().is_some_and(|p| p.sfo);
    let label = if sfo {
        format!("{} · SFO", detail.class_label)
    } else {
        detail.class_label.clone()
    };
    assert_eq!(label, first.placement);
    assert!(!detail.guardians.is_empty());
    assert!(detail.guardians.iter().any(|g| g.link.is_payer));

    let again = office.import().preview_import(&path).unwrap();
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

    let preview = office.import().preview_import(&path).unwrap();
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
        .import()
        .import_register(&path, &preview.fingerprint)
        .unwrap_err();
    assert!(matches!(refused, AppError::Refused(_)), "{refused}");
    assert!(refused.to_string().contains("intet er indlæst"));
    assert!(office.register().list_children(false).unwrap().is_empty());
}

#[test]
fn a_file_changed_after_its_preview_is_refused() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, _) = school(&fixture);
    let file = export_of_340_children(fixture.dir.path());
    let path = file.display().to_string();
    let preview = office.import().preview_import(&path).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Dansk", "Svensk")).unwrap();

    let refused = office
        .import()
        .import_register(&path, &preview.fingerprint)
        .unwrap_err();
    assert!(refused.to_string().contains("ændret"), "{refused}");
    assert!(office.register().list_children(false).unwrap().is_empty());

    let missing = office
        .import()
        .preview_import("/findes/ikke.csv")
        .unwrap_err();
    assert!(missing.to_string().contains("kan ikke åbnes"), "{missing}");
}

/// Issue 18: what a school moving from another system brings beyond the register's
/// form is kept — the SFO module (and so its rate, R7), the kindergarten group, the
/// enrolment fee paid (R1), the day on the waiting list (R3) and the payer's
/// customer number (R35).
#[test]
fn r1_r3_r35_an_import_keeps_module_group_fee_waiting_day_and_customer_number() {
    use skolekontor_app::data_access::DataSubject;
    use skolekontor_app::domain::billing::{RateInput, RateKind};
    use skolekontor_app::domain::Ore;

    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, _) = school(&fixture);
    office
        .billing()
        .add_rate(RateInput {
            kind: Some(RateKind::Sfo),
            module: "Eftermiddag".into(),
            amount: Ore::kroner(1_400),
            valid_from: "01-08-2026".into(),
        })
        .unwrap();
    let hanne = "Hanne;Skov;hanne@example.dk;Egevej 4;8600;Silkeborg;ja";
    let text = format!(
        "Barn fornavn;Barn efternavn;Barn CPR;Afdeling;Klassetrin;SFO;Startdato;SFO-modul;\
Børnehavegruppe;Skrevet op;Ønsket start;Indmeldelsesgebyr betalt;Forælder 1 fornavn;\
Forælder 1 efternavn;Forælder 1 e-mail;Forælder 1 adresse;Forælder 1 postnummer;Forælder 1 by;\
Forælder 1 betaler;Forælder 1 kundenummer\n\
Ida;Skov;050919-4002;skole;1;ja;01-08-2026;eftermiddag;;;;15-03-2025;{hanne};0042\n\
Mads;Skov;110321-4003;børnehave;;;01-08-2025;;Bien;;;;{hanne};\n\
Liv;Skov;020620-4006;skole;0;;;;;02-09-2024;;10-09-2024;{hanne};\n"
    );
    let path = fixture.dir.path().join("moduler.csv");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    let preview = office.import().preview_import(&path).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    office
        .import()
        .import_register(&path, &preview.fingerprint)
        .unwrap();

    let children = office.register().list_children(false).unwrap();
    let id = |name: &str| children.iter().find(|c| c.first_name == name).unwrap().id;
    let (ida, mads, liv) = (id("Ida"), id("Mads"), id("Liv"));

    let places = office.placement().placements(ida).unwrap();
    assert!(
        places.lines.iter().any(|l| l.module == "Eftermiddag"),
        "{:?}",
        places.lines
    );
    let december = office.billing().preview_charges("2026-12").unwrap();
    assert!(
        december
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .any(|l| { l.child_id == Some(ida) && l.amount == Ore::kroner(1_400) }),
        "the module's rate is charged"
    );

    let mads_data = String::from_utf8(
        office
            .privacy()
            .data_export_json(DataSubject::Child { id: mads })
            .unwrap(),
    )
    .unwrap();
    assert!(mads_data.contains("Bien"), "the kindergarten group is kept");
    let ida_data = String::from_utf8(
        office
            .privacy()
            .data_export_json(DataSubject::Child { id: ida })
            .unwrap(),
    )
    .unwrap();
    assert!(ida_data.contains("2025-03-15"), "the fee's day is kept");

    let waiting = office.admission().waiting_list(None).unwrap();
    let entry = waiting.iter().find(|a| a.child_id == liv).unwrap();
    assert!(
        entry.registered_at.starts_with("2024-09-02")
            || entry.registered_at.starts_with("02-09-2024"),
        "{}",
        entry.registered_at
    );
    assert_eq!(entry.grade, Some(0));
    assert_eq!(entry.fee_paid_on, NaiveDate::from_ymd_opt(2024, 9, 10));

    let payer = office.register().child(ida).unwrap().guardians[0].guardian_id;
    assert_eq!(
        office.billing().customer_number(payer).unwrap().as_deref(),
        Some("0042")
    );
    assert!(office.audit().verify_audit_log().unwrap().intact());
}
