//! The data subject's access report and portability export (R27, R31), built from the
//! personal-data register, on the demo school with a pupil filled in across the
//! program: every registered field of every table with rows is in the JSON, the CSV
//! and the PDF, and a custody holder's export carries the child's.

mod common;

use common::*;
use skolekontor_app::admission::{TermsVersion, TermsVersionInput};
use skolekontor_app::data_access::{DataSubject, EXPORT_SCHEMA};
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::absence::{AbsenceInput, AbsenceKind};
use skolekontor_app::domain::admission::{AdmissionInput, MeetingInput, WaitingInput};
use skolekontor_app::domain::billing::credit::CreditNoteInput;
use skolekontor_app::domain::billing::{Reduction, SubsidyInput, SubsidyKind};
use skolekontor_app::domain::class_fund::{ClassFundInput, EntryKind, FundEntryInput};
use skolekontor_app::domain::consent::{ConsentInput, Decision, Method};
use skolekontor_app::domain::data_request::{RequestInput, RequestKind};
use skolekontor_app::domain::exam_certificate::CertificateInput;
use skolekontor_app::domain::health::{HealthInput, HealthKind};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::personal_data::Link;
use skolekontor_app::domain::personal_data::REGISTER;
use skolekontor_app::domain::register::ChildInput;
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::leaving::ExpulsionInput;
use skolekontor_app::register::NewChild;
use skolekontor_app::{AppError, Office};

fn meeting(on: &str) -> MeetingInput {
    MeetingInput {
        held_on: on.into(),
        with_leadership: true,
        with_child: true,
        with_parents: true,
        with_class_teacher: true,
        all_agree: true,
        notes: "Alle enige.".into(),
    }
}

fn terms_for(office: &mut Office, division: Division, from: &str) -> i64 {
    let existing: Vec<TermsVersion> = office.admission().terms_versions().unwrap();
    match existing.iter().find(|t| t.division == division) {
        Some(t) => t.id,
        None => {
            office
                .admission()
                .add_terms_version(TermsVersionInput {
                    division: Some(division),
                    label: "Vilkår".into(),
                    valid_from: from.into(),
                })
                .unwrap()
                .id
        }
    }
}

/// Through admission: waiting list, for a mid-year start the meeting and approval of
/// R4, an offer and its yes where the school offers, admission.
fn admit(
    office: &mut Office,
    child_id: i64,
    waiting: WaitingInput,
    day: &str,
    admission: AdmissionInput,
) {
    let mid_year = waiting.division == Some(Division::School);
    let entry = office
        .admission()
        .register_on_waiting_list(waiting)
        .unwrap()
        .id;
    if mid_year {
        office
            .admission()
            .record_meeting(entry, meeting(day))
            .unwrap();
        office
            .admission()
            .decide_admission(entry, true, "Alle var enige på mødet.")
            .unwrap();
    }
    if !mid_year {
        office.admission().offer_place(entry).unwrap();
        office.admission().answer_offer(entry, true, day).unwrap();
    }
    office.admission().admit(entry, admission).unwrap();
    assert!(office
        .register()
        .child(child_id)
        .unwrap()
        .placement
        .is_some());
}

/// Whether `phrase`'s words stand in order in `text` within a few lines: a long label
/// wraps inside its table cell, and poppler reads the next cell's words in between.
fn words_in_order(text: &str, phrase: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let wanted: Vec<&str> = phrase.split_whitespace().collect();
    (0..words.len()).any(|start| {
        let mut next = wanted.iter().peekable();
        for word in words[start..].iter().take(wanted.len() * 6) {
            if next.peek().is_some_and(|w| *w == word) {
                next.next();
            }
        }
        next.peek().is_none() && words[start] == wanted[0]
    })
}

/// R27: a child with rows in every table the register links to a child — from the
/// kindergarten, ended for arrears, to the school, ended by expulsion — and the export
/// and the report hold every registered field of every one of them.
#[test]
fn r27_a_fully_filled_child_has_every_registered_table_and_field_in_the_export_and_the_report() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let liva = office
        .register()
        .add_child(NewChild {
            child: ChildInput {
                first_name: "Liva".into(),
                last_name: "Kjær".into(),
                birth_date: "01-03-2021".into(),
                phone: "20304050".into(),
                ..Default::default()
            },
            guardians: vec![guardian("Sanne", "Lærkevej 9", true)],
        })
        .unwrap()
        .id;
    let parent = office.register().child(liva).unwrap().guardians[0].guardian_id;

    // Kindergarten from December (the families ahead in the queue found other places);
    // the December charge goes unpaid (R14).
    for ahead in office
        .admission()
        .waiting_list(Some(Division::Kindergarten))
        .unwrap()
    {
        if ahead.status.is_open() {
            office.admission().withdraw_application(ahead.id).unwrap();
        }
    }
    let kindergarten_terms = terms_for(&mut office, Division::Kindergarten, "01-08-2026");
    admit(
        &mut office,
        liva,
        WaitingInput {
            child_id: liva,
            division: Some(Division::Kindergarten),
            grade: None,
            wanted_start: "01-12-2026".into(),
            ..Default::default()
        },
        "23-11-2026",
        AdmissionInput {
            start_date: "01-12-2026".into(),
            terms_version_ids: vec![kindergarten_terms],
            terms_accepted_on: "23-11-2026".into(),
            ..Default::default()
        },
    );
    office.billing().issue_charges("2026-12").unwrap();
    // A credit note about Liva (R10): the kindergarten was closed a week.
    office
        .billing()
        .issue_credit_note(CreditNoteInput {
            payer_id: parent,
            child_id: Some(liva),
            text: "Børnehaven lukket i uge 52".into(),
            amount: Ore::kroner(100),
        })
        .unwrap();
    on("2027-01-11");
    office
        .billing()
        .terminate_kindergarten_for_arrears(liva, true)
        .unwrap();

    // Grade 0 from September, after the meeting and approval of R4.
    on("2027-08-16");
    let school_terms = terms_for(&mut office, Division::School, "01-08-2026");
    admit(
        &mut office,
        liva,
        WaitingInput {
            child_id: liva,
            division: Some(Division::School),
            grade: Some(0),
            wanted_start: "01-09-2027".into(),
            ..Default::default()
        },
        "16-08-2027",
        AdmissionInput {
            start_date: "01-09-2027".into(),
            terms_version_ids: vec![school_terms],
            terms_accepted_on: "16-08-2027".into(),
            ..Default::default()
        },
    );
    on("2027-09-06");
    let consent_type = office
        .consent()
        .consent_types()
        .unwrap()
        .into_iter()
        .find(|t| t.covers_health)
        .unwrap()
        .id;
    office
        .consent()
        .record_consent(ConsentInput {
            child_id: liva,
            type_id: consent_type,
            decision: Decision::Given,
            answerer: skolekontor_app::domain::consent::Answerer::Guardian { id: parent },
            on: "06-09-2027".into(),
            method: Method::InPerson,
        })
        .unwrap();
    office
        .health()
        .add_health_note(HealthInput {
            child_id: liva,
            kind: HealthKind::Allergy,
            text: "Nøddeallergi".into(),
        })
        .unwrap();
    office
        .absence()
        .record_absence(AbsenceInput {
            child_id: liva,
            kind: Some(AbsenceKind::Sickness),
            first_day: "06-09-2027".into(),
            last_day: String::new(),
            reported_by: "Mor".into(),
            note: String::new(),
        })
        .unwrap();
    office
        .billing()
        .add_subsidy(SubsidyInput {
            child_id: liva,
            kind: Some(SubsidyKind::Friplads),
            division: Some(Division::School),
            reduction: Some(Reduction::Percent(25)),
            from: "01-09-2027".into(),
            to: String::new(),
        })
        .unwrap();
    office
        .class_fund()
        .save_class_fund(ClassFundInput {
            cohort: 2027,
            purpose: "Lejrskole".into(),
            ..Default::default()
        })
        .unwrap();
    office
        .class_fund()
        .add_fund_entry(FundEntryInput {
            cohort: 2027,
            kind: Some(EntryKind::Deposit),
            date: "06-09-2027".into(),
            amount: "50".into(),
            text: "Indbetaling".into(),
            receipt: String::new(),
            child_id: Some(liva),
        })
        .unwrap();
    office
        .privacy()
        .register_data_request(RequestInput {
            subject: DataSubject::Child { id: liva },
            kind: RequestKind::Access,
            made_by: "Sanne Kjær".into(),
            received_on: "06-09-2027".into(),
        })
        .unwrap();
    office
        .leaving()
        .record_withdrawal(WithdrawalInput {
            child_id: liva,
            scope: WithdrawalScope::School,
            sfo_module: String::new(),
            received_on: "06-09-2027".into(),
            from_guardian_id: Some(parent),
        })
        .unwrap();
    office
        .leaving()
        .end_schooling(ExpulsionInput {
            child_id: liva,
            reason: "Prøve af indsigt".into(),
            last_day: "06-09-2027".into(),
        })
        .unwrap();

    office
        .exam_certificates()
        .record_exam_certificate(CertificateInput {
            child_id: liva,
            issued_on: "06-09-2027".into(),
            grades: "Dansk 7".into(),
        })
        .unwrap();

    let export = office
        .privacy()
        .data_export(DataSubject::Child { id: liva })
        .unwrap();
    let filled: Vec<&str> = export.sections.iter().map(|s| s.table).collect();
    let about_children: Vec<&str> = REGISTER
        .iter()
        .filter(|t| t.child != Link::None)
        .map(|t| t.table)
        .collect();
    let missing: Vec<&&str> = about_children
        .iter()
        .filter(|t| !filled.contains(t))
        .collect();
    assert!(
        missing.is_empty(),
        "tables about a child with no rows for Liva: {missing:?}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &office
            .privacy()
            .data_export_json(DataSubject::Child { id: liva })
            .unwrap(),
    )
    .unwrap();
    let pdf = office
        .documents()
        .document(DocumentRequest::AccessReport {
            subject: DataSubject::Child { id: liva },
        })
        .unwrap();
    let report = text_of(&pdf.bytes);
    // Named for the child; codes in Danish words and people by name, not numbers.
    assert!(
        pdf.file_name.starts_with("Indsigt-Liva-Kjær-"),
        "{}",
        pdf.file_name
    );
    assert!(report.contains("Sanne Sørensen") && report.contains("børnehave"));
    for code in [
        "female",
        "kindergarten",
        "bs_",
        "barnet nr.",
        "forælder nr.",
    ] {
        assert!(!report.contains(code), "{code} in the report");
    }
    assert!(about_children.len() >= 19, "{about_children:?}");
    assert!(report.contains("Nøddeallergi") && report.contains("Prøve af indsigt"));
    assert!(!words_in_order(&report, "oplysning som rapporten ikke har"));
    for table in REGISTER.iter().filter(|t| t.child != Link::None) {
        let section = json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["table"] == table.table)
            .unwrap();
        for field in table.personal {
            for row in section["rows"].as_array().unwrap() {
                assert!(
                    row.get(field.column).is_some(),
                    "{}.{} missing from the JSON",
                    table.table,
                    field.column
                );
            }
            assert!(
                words_in_order(&report, field.data),
                "{}.{} ({}) missing from the report",
                table.table,
                field.column,
                field.data
            );
        }
        assert!(
            report.contains(table.purpose),
            "{} missing from the report",
            table.purpose
        );
    }
}

#[test]
fn r27_the_export_and_the_report_hold_every_registered_field_of_a_filled_in_pupil() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let pupil = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(5) && !c.sfo)
        .unwrap()
        .id;
    let parent = office.consent().child_consents(pupil).unwrap().answerers[0].answerer;
    let skolekontor_app::domain::consent::Answerer::Guardian { id: guardian } = parent else {
        panic!("a custody holder")
    };

    // Fill the pupil in across the program.
    let health = office
        .consent()
        .consent_types()
        .unwrap()
        .into_iter()
        .find(|t| t.covers_health)
        .unwrap()
        .id;
    office
        .consent()
        .record_consent(ConsentInput {
            child_id: pupil,
            type_id: health,
            decision: Decision::Given,
            answerer: parent,
            on: "01-09-2026".into(),
            method: Method::Digital,
        })
        .unwrap();
    office
        .health()
        .add_health_note(HealthInput {
            child_id: pupil,
            kind: HealthKind::Allergy,
            text: "Pollenallergi".into(),
        })
        .unwrap();
    let sick = AbsenceInput {
        child_id: pupil,
        kind: Some(AbsenceKind::Sickness),
        first_day: "20-11-2026".into(),
        last_day: String::new(),
        reported_by: "Far".into(),
        note: String::new(),
    };
    office.absence().record_absence(sick).unwrap();
    let friplads = SubsidyInput {
        child_id: pupil,
        kind: Some(SubsidyKind::Friplads),
        division: Some(Division::School),
        reduction: Some(Reduction::Percent(50)),
        from: "01-08-2026".into(),
        to: String::new(),
    };
    office.billing().add_subsidy(friplads).unwrap();
    office.billing().issue_charges("2026-12").unwrap();
    office
        .class_fund()
        .save_class_fund(ClassFundInput {
            cohort: 2021,
            purpose: "Udflugter".into(),
            ..Default::default()
        })
        .unwrap();
    office
        .class_fund()
        .add_fund_entry(FundEntryInput {
            cohort: 2021,
            kind: Some(EntryKind::Deposit),
            date: "20-11-2026".into(),
            amount: "100".into(),
            text: "Indbetaling".into(),
            receipt: String::new(),
            child_id: Some(pupil),
        })
        .unwrap();
    office
        .leaving()
        .record_withdrawal(WithdrawalInput {
            child_id: pupil,
            scope: WithdrawalScope::School,
            sfo_module: String::new(),
            received_on: "23-11-2026".into(),
            from_guardian_id: Some(guardian),
        })
        .unwrap();
    office
        .leaving()
        .end_schooling(ExpulsionInput {
            child_id: pupil,
            reason: "Prøve af indsigt".into(),
            last_day: "23-11-2026".into(),
        })
        .unwrap();

    let export = office
        .privacy()
        .data_export(DataSubject::Child { id: pupil })
        .unwrap();
    assert_eq!(export.schema, EXPORT_SCHEMA);
    let filled: Vec<&str> = export.sections.iter().map(|s| s.table).collect();
    for table in [
        "child",
        "guardianship",
        "enrolment",
        "fee_subsidy",
        "charge_line",
        "absence",
        "class_fund_entry",
        "consent_event",
        "health_note",
        "withdrawal",
        "expulsion",
    ] {
        assert!(
            filled.contains(&table),
            "{table} missing from the export: {filled:?}"
        );
    }
    // Every section carries every registered field, in every row.
    for section in &export.sections {
        let entry = REGISTER.iter().find(|t| t.table == section.table).unwrap();
        assert_eq!(
            section.fields.len(),
            entry.personal.len(),
            "{}",
            section.table
        );
        for row in &section.rows {
            for field in entry.personal {
                assert!(
                    row.contains_key(field.column),
                    "{}.{} missing",
                    section.table,
                    field.column
                );
            }
        }
    }
    let json: serde_json::Value = serde_json::from_slice(
        &office
            .privacy()
            .data_export_json(DataSubject::Child { id: pupil })
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json["schema"], EXPORT_SCHEMA);
    let health_rows = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["table"] == "health_note")
        .unwrap()["rows"]
        .clone();
    assert_eq!(health_rows[0]["text"], "Pollenallergi");

    let csv = String::from_utf8(
        office
            .privacy()
            .data_export_csv(DataSubject::Child { id: pupil })
            .unwrap(),
    )
    .unwrap();
    let fields_in_export: usize = export
        .sections
        .iter()
        .map(|s| s.rows.len() * s.fields.len())
        .sum();
    assert_eq!(
        csv.lines().count(),
        1 + fields_in_export,
        "one line per field of every row"
    );
    assert!(csv.contains(";health_note;1;text;helbredsoplysningen;Pollenallergi"));

    // The report names every field of every section and is free (R31).
    let pdf = office
        .documents()
        .document(DocumentRequest::AccessReport {
            subject: DataSubject::Child { id: pupil },
        })
        .unwrap();
    let text = text_of(&pdf.bytes);
    for section in &export.sections {
        assert!(
            text.contains(section.purpose),
            "{} missing from the report",
            section.purpose
        );
    }
    assert!(
        text.contains("Pollenallergi")
            && text.contains("Prøve af indsigt")
            && text.contains("gratis")
            && !text.contains("10 kr.")
    );

    // A custody holder's export holds the child's.
    let family = office
        .privacy()
        .data_export(DataSubject::Guardian { id: guardian })
        .unwrap();
    assert!(
        family.sections.iter().any(|s| s.table == "guardian")
            && family.sections.iter().any(|s| s.table == "charge")
    );
    assert!(family.children.iter().any(|c| c.id == pupil));

    // Each export is a logged read of sensitive data.
    let reads = office
        .audit()
        .audit_log(skolekontor_app::domain::audit::AuditFilter {
            child_id: Some(pupil),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.entry.action == "data.export")
        .count();
    assert!(reads >= 4, "{reads}");
}

#[test]
fn r31_a_request_is_due_a_month_later_can_be_extended_once_and_is_answered_once() {
    use skolekontor_app::data_request::RequestAnswer;
    use skolekontor_app::domain::data_request::{RequestInput, RequestKind};
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let child = office.register().list_children(false).unwrap()[0].id;
    let input = RequestInput {
        subject: DataSubject::Child { id: child },
        kind: RequestKind::Access,
        made_by: "Mette (mor)".into(),
        received_on: "23-10-2026".into(),
    };
    let list = office
        .privacy()
        .register_data_request(input.clone())
        .unwrap();
    let request = &list[0];
    assert_eq!(
        (
            request.due_on.as_str(),
            request.overdue,
            request.kind.as_str()
        ),
        ("23-11-2026", false, "indsigt")
    );
    assert!(matches!(
        office.privacy().register_data_request(RequestInput {
            subject: DataSubject::Guardian { id: 999_999 },
            ..input.clone()
        }),
        Err(AppError::Refused(_))
    ));

    on("2026-11-24");
    assert!(
        office.privacy().data_requests().unwrap()[0].overdue,
        "a day late"
    );
    let text = |t: &str| RequestAnswer {
        request_id: request.id,
        refused: false,
        text: t.into(),
    };
    let list = office
        .privacy()
        .extend_data_request(text(
            "Mange oplysninger skal samles; svar senest 23-01-2027.",
        ))
        .unwrap();
    assert_eq!(
        (list[0].due_on.as_str(), list[0].overdue, list[0].can_extend),
        ("23-01-2027", false, false)
    );
    assert!(
        matches!(
            office.privacy().extend_data_request(text("igen")),
            Err(AppError::Refused(_))
        ),
        "once"
    );
    let list = office
        .privacy()
        .answer_data_request(text("Indsigt sendt som PDF."))
        .unwrap();
    assert!(
        list[0]
            .status
            .starts_with("Besvaret 24-11-2026: Indsigt sendt")
            && !list[0].open
    );
    assert!(matches!(
        office.privacy().answer_data_request(text("igen")),
        Err(AppError::Refused(_))
    ));
    on("2026-11-23");
}
