//! Health information through the use cases on the demo school (R22, R29): only with
//! the custody holders' Art. 9 consent, every look logged as a sensitive read, staff
//! only for their own class and only after a second factor.

mod common;

use common::*;
use skolekontor_app::domain::audit::{AuditFilter, AuditKind};
use skolekontor_app::domain::consent::{ConsentState, Decision};
use skolekontor_app::domain::health::{HealthInput, HealthKind};
use skolekontor_app::office::LoginStep;
use skolekontor_app::{AppError, Office};

fn health_consent(office: &mut Office, child_id: i64, decision: Decision, on: &str) {
    answer_consent(office, child_id, |t| t.covers_health, decision, on);
}

fn refusal<T: std::fmt::Debug>(result: Result<T, AppError>) -> String {
    match result {
        Err(AppError::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn r22_health_notes_need_the_consent_and_every_look_is_logged() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let child = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(3))
        .unwrap()
        .id;
    let note = HealthInput {
        child_id: child,
        kind: HealthKind::Allergy,
        text: "Nøddeallergi. EpiPen i tasken.".into(),
    };
    assert!(refusal(office.health().add_health_note(note.clone())).contains("samtykke"));
    assert_eq!(office.health().health(child).unwrap().notes.len(), 0);

    health_consent(&mut office, child, Decision::Given, "01-09-2026");
    let view = office.health().add_health_note(note).unwrap();
    assert_eq!((view.consent, view.notes.len()), (ConsentState::Given, 1));
    assert_eq!(view.notes[0].text, "Nøddeallergi. EpiPen i tasken.");

    // Every look is a logged read of sensitive data, about this child.
    let reads = |office: &mut Office| {
        let filter = AuditFilter {
            child_id: Some(child),
            ..Default::default()
        };
        office
            .audit()
            .audit_log(filter)
            .unwrap()
            .into_iter()
            .filter(|row| {
                row.entry.kind == AuditKind::SensitiveRead && row.entry.action == "health.read"
            })
            .count()
    };
    let before = reads(&mut office);
    office.health().health(child).unwrap();
    assert_eq!(reads(&mut office), before + 1);

    // Withdrawn: nothing new, the screen says the notes must go, and they can be deleted.
    health_consent(&mut office, child, Decision::Withdrawn, "23-11-2026");
    let view = office.health().health(child).unwrap();
    assert!(
        view.consent_text.contains("skal slettes"),
        "{}",
        view.consent_text
    );
    assert!(refusal(office.health().add_health_note(HealthInput {
        child_id: child,
        kind: HealthKind::Medication,
        text: "Astma".into()
    }))
    .contains("samtykke"));
    let view = office
        .health()
        .delete_health_note(view.notes[0].id)
        .unwrap();
    assert!(view.notes.is_empty());
}

#[test]
fn r29_staff_see_health_notes_of_their_own_class_only_after_a_second_factor() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, secret) = demo_school_with_secret(&fixture, "2026-11-23");
    let children = office.register().list_children(false).unwrap();
    let third = children.iter().find(|c| c.grade == Some(3)).unwrap().id;
    let fourth = children.iter().find(|c| c.grade == Some(4)).unwrap().id;
    office.log_out();
    let LoginStep::LoggedIn { user } = office.log_in("laerer3", "demo-skole-2026").unwrap() else {
        panic!("staff log in without a code here")
    };
    assert!(
        !user.second_factor
            && !user
                .may
                .contains(&skolekontor_app::access::Action::ViewHealth),
        "the UI hides it"
    );
    assert!(refusal(office.health().health(third)).contains("totrinsbekræftelse"));

    // The school asks every user for a second factor; the class teacher sets it up.
    office.log_out();
    let LoginStep::NeedsCode = office.log_in("skoleleder", "demo-skole-2026").unwrap() else {
        panic!("the headteacher has a code")
    };
    confirm_with_app(&mut office, &secret).unwrap();
    let head = &mut office;
    let mut settings = head.users().school_settings().unwrap();
    settings.require_totp_for_all = true;
    head.users().save_school_settings(settings).unwrap();
    head.log_out();
    let LoginStep::NeedsSecondFactorSetup { setup } =
        head.log_in("laerer3", "demo-skole-2026").unwrap()
    else {
        panic!("now staff set up a code")
    };
    let user = confirm_with_app(head, &setup.secret.replace(' ', "")).unwrap();
    assert!(user.second_factor);
    assert!(head.health().health(third).is_ok(), "own class");
    assert!(
        matches!(head.health().health(fourth), Err(AppError::OutsideScope)),
        "not another class"
    );
}
