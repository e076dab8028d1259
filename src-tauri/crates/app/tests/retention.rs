//! Retention on a controlled clock, on the demo school and a real encrypted file
//! (R26, R33): a pupil who left on 30-06-2026 keeps only accounting data after
//! 31-12-2026 and nothing after 31-12-2031; waiting-list children go when they can no
//! longer start; nothing inside its period is touched; the headteacher approves the
//! plan she saw, and the run is logged with counts, not names.

mod common;

use common::*;
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::domain::audit::AuditFilter;
use skolekontor_app::domain::consent::{ConsentInput, Decision, Method};
use skolekontor_app::domain::exam_certificate::CertificateInput;
use skolekontor_app::domain::health::{HealthInput, HealthKind};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::office::LoginStep;
use skolekontor_app::retention::{RetentionLine, RetentionPlanView};
use skolekontor_app::{AppError, Office};

fn tables_of(office: &mut Office, child: i64) -> Vec<&'static str> {
    office
        .privacy()
        .data_export(DataSubject::Child { id: child })
        .unwrap()
        .sections
        .iter()
        .map(|s| s.table)
        .collect()
}

fn guardian_tables(office: &mut Office, guardian: i64) -> Option<Vec<&'static str>> {
    office
        .privacy()
        .data_export(DataSubject::Guardian { id: guardian })
        .ok()
        .map(|export| export.sections.iter().map(|s| s.table).collect())
}

fn guardian_row(office: &mut Office, guardian: i64) -> serde_json::Map<String, serde_json::Value> {
    let export = office
        .privacy()
        .data_export(DataSubject::Guardian { id: guardian })
        .unwrap();
    let section = export
        .sections
        .iter()
        .find(|s| s.table == "guardian")
        .unwrap();
    section.rows[0].clone()
}

/// How many children a guardian is linked to.
fn children_of(office: &mut Office, guardian: i64) -> usize {
    office
        .privacy()
        .data_export(DataSubject::Guardian { id: guardian })
        .unwrap()
        .sections
        .iter()
        .find(|s| s.table == "guardianship")
        .map_or(0, |s| s.rows.len())
}

/// The plan's line for a child.
fn line_of(plan: &RetentionPlanView, child: i64) -> &RetentionLine {
    plan.lines
        .iter()
        .find(|l| l.subject == DataSubject::Child { id: child })
        .unwrap()
}

fn planned(office: &mut Office) -> Vec<(i64, String)> {
    office
        .privacy()
        .retention_plan()
        .unwrap()
        .lines
        .into_iter()
        .filter_map(|l| match l.subject {
            DataSubject::Child { id } => Some((id, l.what)),
            DataSubject::Guardian { .. } => None,
        })
        .collect()
}

#[test]
fn r26_a_leaver_keeps_only_accounting_data_after_new_year_and_nothing_after_five_years() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, secret) = demo_school_with_secret(&fixture, "2026-05-20");
    let children = office.register().list_children(false).unwrap();
    // A leaver without brothers or sisters here, so the family's data follows theirs.
    let leaver = children
        .iter()
        .filter(|c| c.grade == Some(5) && !c.sfo)
        .map(|c| c.id)
        .find(|id| {
            let guardians = office.register().child(*id).unwrap().guardians;
            guardians
                .iter()
                .all(|g| children_of(&mut office, g.guardian_id) == 1)
        })
        .unwrap();
    let family = office.register().child(leaver).unwrap().guardians;
    let stayer = children
        .iter()
        .find(|c| c.grade == Some(4) && !c.sfo)
        .unwrap()
        .id;

    // The leaver: consent, a health note, a charge; notice on 20 May: last day 30 June (R11).
    let parent = office.consent().child_consents(leaver).unwrap().answerers[0].answerer;
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
            child_id: leaver,
            type_id: health,
            decision: Decision::Given,
            answerer: parent,
            on: "20-05-2026".into(),
            method: Method::Paper,
        })
        .unwrap();
    office
        .health()
        .add_health_note(HealthInput {
            child_id: leaver,
            kind: HealthKind::Medication,
            text: "Astmamedicin".into(),
        })
        .unwrap();
    office.billing().issue_charges("2026-06").unwrap();
    let skolekontor_app::domain::consent::Answerer::Guardian { id: guardian } = parent else {
        panic!()
    };
    let notice = WithdrawalInput {
        child_id: leaver,
        scope: WithdrawalScope::School,
        sfo_module: String::new(),
        received_on: "20-05-2026".into(),
        from_guardian_id: Some(guardian),
    };
    assert_eq!(
        office.leaving().record_withdrawal(notice).unwrap().last_day,
        "30-06-2026"
    );
    let payer = family.iter().find(|g| g.link.is_payer).unwrap().guardian_id;
    let others: Vec<i64> = family
        .iter()
        .map(|g| g.guardian_id)
        .filter(|id| *id != payer && *id != guardian)
        .collect();
    assert!(guardian_tables(&mut office, payer)
        .unwrap()
        .contains(&"charge"));
    let stayer_before = format!(
        "{:?}",
        office
            .privacy()
            .data_export(DataSubject::Child { id: stayer })
            .unwrap()
            .sections
    );

    // Inside the period nothing is planned.
    on("2026-12-31");
    assert!(!planned(&mut office).iter().any(|(id, _)| *id == leaver));

    // From New Year: everything the accounts do not need.
    on("2027-01-01");
    let plan = office.privacy().retention_plan().unwrap();
    let line = line_of(&plan, leaver);
    assert_eq!(line.what, "Alt, som regnskabet ikke kræver");
    assert!(
        line.reason.contains("30-06-2026") && line.reason.contains("31-12-2026"),
        "{}",
        line.reason
    );
    assert!(!plan
        .lines
        .iter()
        .any(|l| l.subject == DataSubject::Child { id: stayer }));
    // Approval is the headteacher's, of exactly the plan shown.
    assert!(
        matches!(
            office.privacy().run_retention("2027-01-01|"),
            Err(AppError::Refused(_))
        ),
        "another plan"
    );
    let done = office.privacy().run_retention(&plan.token).unwrap();
    assert!(
        done.contains("1 udmeldte") || done.contains("udmeldte"),
        "{done}"
    );
    let kept = tables_of(&mut office, leaver);
    for gone in ["consent_event", "health_note"] {
        assert!(!kept.contains(&gone), "{gone} should be gone: {kept:?}");
    }
    for stays in ["child", "enrolment", "charge_line", "withdrawal"] {
        assert!(
            kept.contains(&stays),
            "{stays} is accounting data: {kept:?}"
        );
    }
    let export = office
        .privacy()
        .data_export(DataSubject::Child { id: leaver })
        .unwrap();
    let child = &export
        .sections
        .iter()
        .find(|s| s.table == "child")
        .unwrap()
        .rows[0];
    assert!(
        child["cpr"].is_string() && child["first_name"].is_string(),
        "name and CPR are accounting data"
    );
    assert!(
        child["birth_date"].is_null() && child["phone"].is_null() && child["nationality"] == "",
        "the rest is blank: {child:?}"
    );
    assert_eq!(
        format!(
            "{:?}",
            office
                .privacy()
                .data_export(DataSubject::Child { id: stayer })
                .unwrap()
                .sections
        ),
        stayer_before,
        "a pupil inside the period is untouched"
    );
    assert!(
        !planned(&mut office).iter().any(|(id, _)| *id == leaver),
        "reduced once"
    );

    // The family: the payer and the parent who gave notice keep what the accounts need
    // (name, CPR, address); a parent the accounts never name is gone.
    for kept in [payer, guardian] {
        let row = guardian_row(&mut office, kept);
        assert!(
            row["last_name"].is_string() && row["email"].is_null() && row["phone"].is_null(),
            "contact details go, the name stays: {row:?}"
        );
        assert!(guardian_tables(&mut office, kept)
            .unwrap()
            .contains(&"household"));
    }
    assert!(guardian_tables(&mut office, payer)
        .unwrap()
        .contains(&"charge"));
    for gone in &others {
        assert_eq!(
            guardian_tables(&mut office, *gone),
            None,
            "never in the accounts"
        );
    }

    // The run is logged with its counts, never a name.
    let log = office.audit().audit_log(AuditFilter::default()).unwrap();
    let entry = log
        .iter()
        .find(|r| r.entry.action == "retention.run")
        .unwrap();
    let guardians_reached = format!(
        "guardians={}",
        1 + usize::from(guardian != payer) + others.len()
    );
    assert!(
        entry.entry.fields.iter().any(|f| f == "after_leaving=1")
            && entry.entry.fields.contains(&guardians_reached),
        "{:?}",
        entry.entry.fields
    );

    // The secretary sees the plan but cannot approve it.
    office.log_out();
    let LoginStep::NeedsSecondFactorSetup { setup } =
        office.log_in("sekretaer", "demo-skole-2026").unwrap()
    else {
        panic!("first login")
    };
    confirm_with_app(&mut office, &setup.secret.replace(' ', "")).unwrap();
    let shown = office.privacy().retention_plan().unwrap();
    assert!(matches!(
        office.privacy().run_retention(&shown.token),
        Err(AppError::Forbidden { .. })
    ));
    office.log_out();
    log_in_headteacher(&mut office, &secret);

    // Five years after the financial year 2026: nothing is left. The kindergarten
    // waiting list's children, who can no longer start, go too (R33).
    on("2032-01-01");
    let plan = office.privacy().retention_plan().unwrap();
    let line = line_of(&plan, leaver);
    assert_eq!(line.what, "Alt om barnet, også regnskabsoplysningerne");
    let waiting: Vec<i64> = plan
        .lines
        .iter()
        .filter(|l| l.what.contains("venteliste"))
        .filter_map(|l| match l.subject {
            DataSubject::Child { id } => Some(id),
            DataSubject::Guardian { .. } => None,
        })
        .collect();
    assert!(
        !waiting.is_empty(),
        "the demo's kindergarten applicants are past school age"
    );
    office.privacy().run_retention(&plan.token).unwrap();
    assert!(
        office.register().child(leaver).is_err(),
        "the child is gone"
    );
    for gone in [payer, guardian] {
        assert_eq!(
            guardian_tables(&mut office, gone),
            None,
            "the family goes with the accounts"
        );
    }
    assert!(matches!(
        office
            .privacy()
            .data_export(DataSubject::Child { id: leaver }),
        Err(AppError::Refused(_))
    ));
    for id in waiting {
        assert!(office.register().child(id).is_err());
    }
    assert!(office.register().child(stayer).is_ok());
}

#[test]
fn only_the_headteacher_runs_the_plan() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-05-20");
    office.log_out();
    assert!(office.log_in("laerer3", "demo-skole-2026").is_ok());
    assert!(matches!(
        office.privacy().retention_plan(),
        Err(AppError::Forbidden { .. })
    ));
    assert!(matches!(
        office.privacy().run_retention(""),
        Err(AppError::Forbidden { .. })
    ));
}

#[test]
fn r26_a_grade_9_leavers_certificate_keeps_the_name_the_cpr_and_the_record_for_thirty_years() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-05-20");
    let children = office.register().list_children(false).unwrap();
    let ninth = children.iter().find(|c| c.grade == Some(9)).unwrap().id;
    let toddler = children.iter().find(|c| c.grade.is_none()).unwrap().id;
    let certificate = |child_id| CertificateInput {
        child_id,
        issued_on: "20-05-2026".into(),
        grades: "Dansk 7, Matematik 10, Engelsk 12".into(),
    };
    assert!(
        matches!(
            office
                .exam_certificates()
                .record_exam_certificate(certificate(toddler)),
            Err(AppError::Refused(_))
        ),
        "only a pupil of the school has one"
    );
    assert!(matches!(
        office
            .exam_certificates()
            .record_exam_certificate(CertificateInput {
                grades: " ".into(),
                ..certificate(ninth)
            }),
        Err(AppError::Validation(_))
    ));
    assert_eq!(
        office
            .exam_certificates()
            .record_exam_certificate(certificate(ninth))
            .unwrap()
            .len(),
        1
    );
    let parent = office.register().child(ninth).unwrap().guardians[0].guardian_id;
    office
        .leaving()
        .record_withdrawal(WithdrawalInput {
            child_id: ninth,
            scope: WithdrawalScope::School,
            sfo_module: String::new(),
            received_on: "20-05-2026".into(),
            from_guardian_id: Some(parent),
        })
        .unwrap();

    // After the accounting years: only the name, the CPR number and the record.
    on("2032-01-01");
    let plan = office.privacy().retention_plan().unwrap();
    let line = line_of(&plan, ninth);
    assert_eq!(
        line.what,
        "Alt undtagen navn, CPR-nummer og afgangsprøvebeviset"
    );
    assert!(line.reason.contains("31-12-2056"), "{}", line.reason);
    office.privacy().run_retention(&plan.token).unwrap();
    assert_eq!(tables_of(&mut office, ninth), ["child", "exam_certificate"]);
    let export = office
        .privacy()
        .data_export(DataSubject::Child { id: ninth })
        .unwrap();
    let child = &export.sections[0].rows[0];
    assert!(
        child["cpr"].is_string() && child["last_name"].is_string() && child["birth_date"].is_null()
    );
    assert_eq!(
        export.sections[1].rows[0]["grades"],
        "Dansk 7, Matematik 10, Engelsk 12"
    );
    assert!(
        !planned(&mut office).iter().any(|(id, _)| *id == ninth),
        "kept once, not listed again"
    );

    // Thirty years after the end of 2026: nothing is left.
    on("2056-12-31");
    assert!(!planned(&mut office).iter().any(|(id, _)| *id == ninth));
    on("2057-01-01");
    let plan = office.privacy().retention_plan().unwrap();
    let line = line_of(&plan, ninth);
    assert_eq!(line.what, "Alt om barnet, også afgangsprøvebeviset");
    office.privacy().run_retention(&plan.token).unwrap();
    assert!(office.register().child(ninth).is_err());
}
