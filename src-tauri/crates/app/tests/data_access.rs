//! The data subject's access report and portability export (R27, R31), built from the
//! personal-data register, on the demo school with a pupil filled in across the
//! program: every registered field of every table with rows is in the JSON, the CSV
//! and the PDF, and a custody holder's export carries the child's.

mod common;

use common::*;
use skolekontor_app::data_access::{DataSubject, EXPORT_SCHEMA};
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::absence::{AbsenceInput, AbsenceKind};
use skolekontor_app::domain::billing::{Reduction, SubsidyInput, SubsidyKind};
use skolekontor_app::domain::class_fund::{ClassFundInput, EntryKind, FundEntryInput};
use skolekontor_app::domain::consent::{ConsentInput, Decision, Method};
use skolekontor_app::domain::health::{HealthInput, HealthKind};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::personal_data::REGISTER;
use skolekontor_app::domain::school::Division;
use skolekontor_app::leaving::ExpulsionInput;
use skolekontor_app::AppError;

#[test]
fn r27_the_export_and_the_report_hold_every_registered_field_of_a_filled_in_pupil() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let pupil = office
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(5) && c.sfo == false)
        .unwrap()
        .id;
    let parent = office.child_consents(pupil).unwrap().answerers[0].answerer;
    let skolekontor_app::domain::consent::Answerer::Guardian { id: guardian } = parent else {
        panic!("a custody holder")
    };

    // Fill the pupil in across the program.
    let health = office
        .consent_types()
        .unwrap()
        .into_iter()
        .find(|t| t.covers_health)
        .unwrap()
        .id;
    office
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
    office.record_absence(sick).unwrap();
    let friplads = SubsidyInput {
        child_id: pupil,
        kind: Some(SubsidyKind::Friplads),
        division: Some(Division::School),
        reduction: Some(Reduction::Percent(50)),
        from: "01-08-2026".into(),
        to: String::new(),
    };
    office.add_subsidy(friplads).unwrap();
    office.issue_charges("2026-12").unwrap();
    office
        .save_class_fund(ClassFundInput {
            cohort: 2021,
            purpose: "Udflugter".into(),
            ..Default::default()
        })
        .unwrap();
    office
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
        .record_withdrawal(WithdrawalInput {
            child_id: pupil,
            scope: WithdrawalScope::School,
            sfo_module: String::new(),
            received_on: "23-11-2026".into(),
            from_guardian_id: Some(guardian),
        })
        .unwrap();
    office
        .end_schooling(ExpulsionInput {
            child_id: pupil,
            reason: "Prøve af indsigt".into(),
            last_day: "23-11-2026".into(),
        })
        .unwrap();

    let export = office
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
        .data_export(DataSubject::Guardian { id: guardian })
        .unwrap();
    assert!(
        family.sections.iter().any(|s| s.table == "guardian")
            && family.sections.iter().any(|s| s.table == "charge")
    );
    assert!(family.children.iter().any(|c| c.id == pupil));

    // Each export is a logged read of sensitive data.
    let reads = office
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
    use skolekontor_app::data_requests::RequestAnswer;
    use skolekontor_app::domain::data_request::{RequestInput, RequestKind};
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let child = office.list_children(false).unwrap()[0].id;
    let input = RequestInput {
        subject: DataSubject::Child { id: child },
        kind: RequestKind::Access,
        made_by: "Mette (mor)".into(),
        received_on: "23-10-2026".into(),
    };
    let list = office.register_data_request(input.clone()).unwrap();
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
        office.register_data_request(RequestInput {
            subject: DataSubject::Guardian { id: 999_999 },
            ..input.clone()
        }),
        Err(AppError::Refused(_))
    ));

    on("2026-11-24");
    assert!(office.data_requests().unwrap()[0].overdue, "a day late");
    let text = |t: &str| RequestAnswer {
        request_id: request.id,
        refused: false,
        text: t.into(),
    };
    let list = office
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
            office.extend_data_request(text("igen")),
            Err(AppError::Refused(_))
        ),
        "once"
    );
    let list = office
        .answer_data_request(text("Indsigt sendt som PDF."))
        .unwrap();
    assert!(
        list[0]
            .status
            .starts_with("Besvaret 24-11-2026: Indsigt sendt")
            && !list[0].open
    );
    assert!(matches!(
        office.answer_data_request(text("igen")),
        Err(AppError::Refused(_))
    ));
    on("2026-11-23");
}
