//! The import's check of whole files (issue 8, R5, R30, R34). All people are fictional.

use chrono::NaiveDate;
use skolekontor_domain::school::Division;
use skolekontor_import::{plan_import, ImportPlan, KnownRecords, PlannedGuardian};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

const HEADER: &str = "Barn fornavn;Barn efternavn;Barn CPR;Afdeling;Klassetrin;SFO;Startdato;\
Forælder 1 fornavn;Forælder 1 efternavn;Forælder 1 CPR;Forælder 1 e-mail;Forælder 1 telefon;\
Forælder 1 adresse;Forælder 1 postnummer;Forælder 1 by;Forælder 1 betaler;\
Forælder 2 fornavn;Forælder 2 efternavn;Forælder 2 e-mail;Forælder 2 adresse;\
Forælder 2 postnummer;Forælder 2 by;Forælder 2 betaler";

const MOTHER: &str = "Hanne;Skov;120385-1234;hanne@example.dk;20304050;Egevej 4;8600;Silkeborg;ja";
const FATHER: &str = "Jens;Skov;jens@example.dk;Egevej 4;8600;Silkeborg;nej";

fn file(rows: &[String]) -> Vec<u8> {
    let mut text = HEADER.to_string();
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.into_bytes()
}

fn plan(rows: &[String]) -> ImportPlan {
    plan_import(&file(rows), None, &KnownRecords::default(), today()).unwrap()
}

fn places(plan: &ImportPlan) -> Vec<String> {
    plan.problems
        .iter()
        .map(|p| format!("{}{} {}", p.letter, p.row, p.column))
        .collect()
}

#[test]
fn siblings_share_their_parents_and_separated_parents_make_two_households() {
    let plan = plan(&[
        format!("Ida;Skov;050919-4002;skole;1;ja;01-08-2026;{MOTHER};{FATHER}"),
        format!("Mads;Skov;110321-4003;børnehave;;;01-08-2025;{MOTHER};{FATHER}"),
        "Lea;Dal;020620-4006;;;;;Anne;Dal;;anne@example.dk;;Møllegade 2;8000;Aarhus;nej;Ole;Dal;ole@example.dk;Byvej 9;8000;Aarhus;ja".to_string(),
    ]);
    assert!(plan.is_clean(), "{:?}", plan.problems);
    assert_eq!(plan.rows, 3);
    assert_eq!(plan.children.len(), 3);
    assert_eq!(plan.guardians.len(), 4, "the Skov parents are stored once");
    assert_eq!(plan.new_households(), 3);
    let ida = &plan.children[0];
    assert_eq!(ida.row, 2);
    let placement = ida.child.placement.as_ref().unwrap();
    assert_eq!(
        (placement.division, placement.grade, placement.sfo),
        (Division::School, Some(1), true)
    );
    assert_eq!(
        ida.guardians, plan.children[1].guardians,
        "the same two guardians, the same links"
    );
    assert!(ida.guardians[0].1.is_payer && ida.guardians[0].1.has_custody);
    assert_eq!(
        plan.children[1].child.placement.as_ref().unwrap().division,
        Division::Kindergarten
    );
    assert!(
        plan.children[2].child.placement.is_none(),
        "no Afdeling: no placement"
    );
}

#[test]
fn every_problem_is_listed_by_row_and_column_and_nothing_is_planned() {
    let plan = plan(&[
        format!("Ida;Skov;050919-4002;skole;1;ja;01-08-2026;{MOTHER};{FATHER}"),
        format!("Ole;Berg;310219-4001;skole;2;;01-08-2026;{MOTHER};{FATHER}"),
        format!("Eva;Berg;;skole;3;;01-08-2026;{MOTHER};{FATHER}"),
        "Bo;Lund;150518-4005;skole;12;måske;01-08-2026;Pia;Lund;;;;Torvet 1;860;Silkeborg;;;;;;;;".to_string(),
        "Liv;Holm;150518-4007;hjemme;;;;Kim;Holm;;;;Torvet 2;8600;Silkeborg;ja;Sara;Holm;;Torvet 2;8600;Silkeborg;ja".to_string(),
        "Al;Ring;150518-4009;;;;;;;;;;;;;;;;;;;;".to_string(),
    ]);
    assert!(!plan.is_clean());
    assert!(plan.children.is_empty(), "all or nothing");
    assert_eq!(
        places(&plan),
        [
            "C3 Barn CPR",   // 31 February
            "C4 Barn CPR",   // neither CPR nor birth date
            "E5 Klassetrin", // grade 12
            "F5 SFO",        // "måske"
            "N5 Forælder 1 postnummer",
            "D6 Afdeling",           // "hjemme"
            "P6 Forælder 1 betaler", // both parents pay
            "H7 Forælder 1 fornavn", // no guardian
        ]
    );
    assert!(
        plan.problems[0].message.contains("dato"),
        "{}",
        plan.problems[0].message
    );
    for problem in &plan.problems {
        for cpr in ["310219", "150518", "120385"] {
            assert!(
                !problem.message.contains(cpr),
                "a CPR number in: {}",
                problem.message
            );
        }
    }
}

#[test]
fn two_payers_and_a_contradicting_parent_are_problems() {
    let moved = "Hanne;Skov;120385-1234;hanne@example.dk;20304050;Skolevej 1;8600;Silkeborg;ja";
    let plan = plan(&[
        format!("Ida;Skov;050919-4002;skole;1;;01-08-2026;{MOTHER};{FATHER}"),
        format!("Mads;Skov;110321-4003;skole;0;;01-08-2026;{moved};{FATHER}"),
        "Liv;Holm;150518-4007;skole;2;;01-08-2026;Kim;Holm;;;;Torvet 2;8600;Silkeborg;ja;Sara;Holm;;Torvet 2;8600;Silkeborg;ja".to_string(),
    ]);
    assert_eq!(
        places(&plan),
        ["H3 Forælder 1 fornavn", "P4 Forælder 1 betaler"]
    );
    assert!(
        plan.problems[0].message.contains("række 2"),
        "{}",
        plan.problems[0].message
    );
    assert!(plan.problems[0].message.contains("adresse"));
    assert!(plan.problems[1].message.contains("Kun én"));
}

#[test]
fn a_child_already_in_the_register_is_refused_and_a_known_parent_is_linked() {
    let mut known = KnownRecords::default();
    known.child_cprs.insert("050919-4002".into());
    known.guardians_by_cpr.insert("120385-1234".into(), 77);
    let ida = format!("Ida;Skov;050919-4002;skole;1;;01-08-2026;{MOTHER};{FATHER}");
    let mads = format!("Mads;Skov;110321-4003;skole;0;;01-08-2026;{MOTHER};{FATHER}");

    let plan = plan_import(&file(&[ida, mads.clone()]), None, &known, today()).unwrap();
    assert_eq!(places(&plan), ["C2 Barn CPR"]);
    assert!(plan.problems[0].message.contains("findes allerede"));
    assert!(
        plan.children.is_empty() && plan.guardians.is_empty(),
        "nothing to store"
    );

    let plan = plan_import(&file(&[mads]), None, &known, today()).unwrap();
    assert!(plan.is_clean(), "{:?}", plan.problems);
    assert!(matches!(plan.guardians[0], PlannedGuardian::Existing(77)));
    assert!(matches!(plan.guardians[1], PlannedGuardian::New { .. }));
    assert!(plan
        .warnings
        .iter()
        .any(|w| w.row == 2 && w.column == "Forælder 1 CPR"));
}

#[test]
fn the_same_child_twice_in_the_file_is_a_problem_on_the_second_row() {
    let row = format!("Ida;Skov;050919-4002;skole;1;;01-08-2026;{MOTHER};{FATHER}");
    let plan = plan(&[row.clone(), row]);
    assert_eq!(places(&plan), ["C3 Barn CPR"]);
    assert!(plan.problems[0].message.contains("række 2"));
}

#[test]
fn a_missing_column_stops_before_the_rows_and_an_unknown_one_is_a_warning() {
    let bytes = "Fornavn;Barn efternavn;Skostørrelse\nIda;Skov;31\n".as_bytes();
    let plan = plan_import(bytes, None, &KnownRecords::default(), today()).unwrap();
    assert_eq!(plan.problems.len(), 1);
    assert_eq!(plan.problems[0].column, "Barn fornavn");
    assert_eq!(plan.problems[0].message, "Kolonnen mangler i filen.");
    assert_eq!(
        plan.warnings.len(),
        2,
        "Fornavn and Skostørrelse are unknown"
    );
    assert_eq!(plan.warnings[1].letter, "C");
}

#[test]
fn an_excel_sheet_with_numbers_and_dates_reads_like_the_csv() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let headers = [
        "Barn fornavn",
        "Barn efternavn",
        "Barn CPR",
        "Afdeling",
        "Klassetrin",
        "Startdato",
        "Forælder 1 fornavn",
        "Forælder 1 efternavn",
        "Forælder 1 telefon",
        "Forælder 1 adresse",
        "Forælder 1 postnummer",
        "Forælder 1 by",
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "Åse").unwrap();
    sheet.write_string(1, 1, "Ørsted-Ærø").unwrap();
    // Excel keeps a typed CPR number as a number and drops its leading zero.
    sheet.write_number(1, 2, 509_194_002.0).unwrap();
    sheet.write_string(1, 3, "Skole").unwrap();
    sheet.write_number(1, 4, 1.0).unwrap();
    let start = ExcelDateTime::from_ymd(2026, 8, 1).unwrap();
    sheet
        .write_datetime_with_format(1, 5, &start, &Format::new().set_num_format("dd-mm-yyyy"))
        .unwrap();
    sheet.write_string(1, 6, "Hanne").unwrap();
    sheet.write_string(1, 7, "Ørsted").unwrap();
    sheet.write_number(1, 8, 20304050.0).unwrap();
    sheet.write_string(1, 9, "Egevej 4").unwrap();
    sheet.write_number(1, 10, 8600.0).unwrap();
    sheet.write_string(1, 11, "Silkeborg").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let plan = plan_import(&bytes, None, &KnownRecords::default(), today()).unwrap();
    assert!(plan.is_clean(), "{:?}", plan.problems);
    let child = &plan.children[0].child;
    assert_eq!(child.first_name, "Åse");
    assert_eq!(child.cpr.as_ref().unwrap().formatted(), "050919-4002");
    assert_eq!(
        child.placement.as_ref().unwrap().start_date,
        NaiveDate::from_ymd_opt(2026, 8, 1).unwrap()
    );
    assert!(
        plan.children[0].guardians[0].1.is_payer,
        "a sole guardian pays"
    );
    assert!(plan
        .warnings
        .iter()
        .any(|w| w.letter == "C" && w.message.contains("ni cifre")));
}

#[test]
fn files_that_are_no_register_get_a_danish_message() {
    let refused = |bytes: &[u8]| {
        plan_import(bytes, None, &KnownRecords::default(), today())
            .unwrap_err()
            .to_string()
    };
    assert!(refused(b"").contains("tom"));
    assert!(refused(b"PK\x03\x04\x00\x00").contains("kan ikke læses"));
}

/// The columns a school moving from another system needs beyond the register's form
/// (issue 18): the SFO module, the kindergarten group, the waiting list's day (R3),
/// the enrolment fee (R1) and the payer's customer number (R35).
const EXTRAS_HEADER: &str =
    "Barn fornavn;Barn efternavn;Barn CPR;Afdeling;Klassetrin;SFO;Startdato;\
SFO-modul;Børnehavegruppe;Skrevet op;Ønsket start;Indmeldelsesgebyr betalt;\
Forælder 1 fornavn;Forælder 1 efternavn;Forælder 1 e-mail;Forælder 1 adresse;\
Forælder 1 postnummer;Forælder 1 by;Forælder 1 betaler;Forælder 1 kundenummer";

fn extras_plan(rows: &[&str], known: &KnownRecords) -> ImportPlan {
    let mut text = EXTRAS_HEADER.to_string();
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    plan_import(text.as_bytes(), None, known, today()).unwrap()
}

fn school_with_modules() -> KnownRecords {
    KnownRecords {
        sfo_modules: vec!["Morgen".into(), "Eftermiddag".into()],
        ..KnownRecords::default()
    }
}

const HANNE: &str = "Hanne;Skov;hanne@example.dk;Egevej 4;8600;Silkeborg;ja";

#[test]
fn r1_r3_r35_the_module_group_waiting_list_fee_and_customer_number_are_read() {
    let known = school_with_modules();
    let plan = extras_plan(
        &[
            &format!(
                "Ida;Skov;050919-4002;skole;1;ja;01-08-2026;eftermiddag;;;;15-03-2025;{HANNE};0042"
            ),
            &format!("Mads;Skov;110321-4003;børnehave;;;01-08-2025;;Bien;;;;{HANNE};42"),
            &format!("Liv;Skov;020620-4006;skole;0;;;;;02-09-2024;;10-09-2024;{HANNE};0042"),
        ],
        &known,
    );
    assert!(plan.is_clean(), "{:?}", plan.problems);
    let [ida, mads, liv] = &plan.children[..] else {
        panic!("three children")
    };
    assert_eq!(
        ida.extras.sfo_module.as_deref(),
        Some("Eftermiddag"),
        "as the school spells it"
    );
    assert_eq!(ida.extras.fee_paid_on, NaiveDate::from_ymd_opt(2025, 3, 15));
    assert_eq!(mads.extras.kindergarten_group.as_deref(), Some("Bien"));
    assert!(
        liv.child.placement.is_none(),
        "on the waiting list, no place"
    );
    let (entry, registered) = liv.extras.waiting.as_ref().unwrap();
    assert_eq!(*registered, NaiveDate::from_ymd_opt(2024, 9, 2).unwrap());
    assert_eq!((entry.division, entry.grade), (Division::School, Some(0)));
    assert_eq!(
        entry.wanted_start,
        NaiveDate::from_ymd_opt(2027, 8, 1).unwrap(),
        "empty: 1 August of the next school year"
    );
    assert_eq!(
        plan.customer_numbers,
        [(0, "0042".to_string())],
        "one payer, one number: 0042 and 42 are the same to the bank"
    );
}

#[test]
fn r35_wrong_module_group_dates_and_customer_numbers_are_placed_by_row_and_column() {
    let mut known = school_with_modules();
    known.customer_numbers.insert(9, "77".into());
    let plan = extras_plan(
        &[
            // A module the school has no rate for, and one without SFO.
            &format!("Ida;Skov;050919-4002;skole;1;ja;01-08-2026;Nat;;;;;{HANNE};"),
            &format!("Mads;Skov;110319-4003;skole;1;nej;01-08-2026;Morgen;;;;;{HANNE};"),
            // A group outside the kindergarten; a fee paid after today.
            &format!("Liv;Skov;020620-4006;skole;0;;01-08-2026;;Bien;;;01-01-2027;{HANNE};"),
            // A wanted start without the day of the waiting list.
            &format!("Bo;Dal;030320-4001;skole;0;;;;;;01-08-2027;;Anne;Dal;anne@example.dk;Byvej 9;8000;Aarhus;ja;"),
            // Another payer's number in the register; a number with a space.
            &format!("Eva;Dal;040421-4002;børnehave;;;01-08-2025;;;;;;Ole;Dal;ole@example.dk;Byvej 9;8000;Aarhus;ja;077"),
            &format!("Kim;Dal;050521-4003;børnehave;;;01-08-2025;;;;;;Per;Dal;per@example.dk;Byvej 9;8000;Aarhus;ja;1 2"),
        ],
        &known,
    );
    assert_eq!(
        places(&plan),
        [
            "H2 SFO-modul",
            "H3 SFO-modul",
            "I4 Børnehavegruppe",
            "L4 Indmeldelsesgebyr betalt",
            "J5 Skrevet op",
            "T6 Forælder 1 kundenummer",
            "T7 Forælder 1 kundenummer",
        ]
    );
    assert!(plan.problems[0].message.contains("ingen takst"));
    assert!(
        plan.problems.iter().all(|p| !p.message.contains("Nat")),
        "no cell's text in a message"
    );
    assert!(plan.problems[5].message.contains("en anden betaler"));
    assert!(plan.children.is_empty() && plan.customer_numbers.is_empty());
}

#[test]
fn r35_only_the_payer_has_a_customer_number_and_two_payers_never_share_one() {
    let known = school_with_modules();
    let not_payer = extras_plan(
        &["Ida;Skov;050919-4002;skole;1;;01-08-2026;;;;;;Hanne;Skov;hanne@example.dk;Egevej 4;8600;Silkeborg;nej;1001"],
        &known,
    );
    assert!(not_payer
        .problems
        .iter()
        .any(|p| p.column == "Forælder 1 kundenummer" && p.message.contains("Kun betaleren")));
    let shared = extras_plan(
        &[
            &format!("Ida;Skov;050919-4002;skole;1;;01-08-2026;;;;;;{HANNE};1001"),
            "Bo;Dal;030320-4001;skole;1;;01-08-2026;;;;;;Anne;Dal;anne@example.dk;Byvej 9;8000;Aarhus;ja;01001",
        ],
        &known,
    );
    assert_eq!(places(&shared), ["T3 Forælder 1 kundenummer"]);
    assert!(shared.problems[0].message.contains("række 2"));
}
