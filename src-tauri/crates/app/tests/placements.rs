//! Placements through the rules, on a real encrypted file and the real keyring, with
//! the demo school (R4, R7, R11): a class change with its meeting and the
//! headteacher's approval, SFO modules joined, switched and dropped, and the child's
//! form that no longer changes a place. The program's day is set with
//! SKOLEKONTOR_TODAY, so the tests of this file take turns.

mod common;

use common::*;
use skolekontor_app::domain::billing::{LineKind, RateInput, RateKind};
use skolekontor_app::domain::placement::{ClassChangeInput, SfoChangeAction, SfoChangeInput};
use skolekontor_app::domain::register::ChildSummary;
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::office::LoginStep;
use skolekontor_app::{AppError, Office};

fn pupils(office: &mut Office) -> Vec<ChildSummary> {
    office.list_children(false).unwrap()
}

fn class_change(child_id: i64, to_grade: u8) -> ClassChangeInput {
    ClassChangeInput {
        child_id,
        to_grade: Some(to_grade),
        first_day: "01-11-2026".into(),
        meeting_on: "19-10-2026".into(),
        all_agree: true,
        reason: "Fagligt langt foran; forældrene ønsker det".into(),
    }
}

/// The amounts `child` is charged for SFO in `month`, by line text.
fn sfo_lines(office: &mut Office, month: &str, child: i64) -> Vec<(String, Ore)> {
    office
        .preview_charges(month)
        .unwrap()
        .charges
        .iter()
        .flat_map(|c| &c.lines)
        .filter(|l| {
            l.child_id == Some(child)
                && l.division == Some(Division::Sfo)
                && l.kind == LineKind::Rate
        })
        .map(|l| (l.text.clone(), l.amount))
        .collect()
}

#[test]
fn r4_a_class_change_needs_a_free_place_a_meeting_and_the_headteachers_approval() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, secret) = demo_school_with_secret(&fixture, "2026-10-20");
    let second = pupils(&mut office)
        .into_iter()
        .find(|c| c.grade == Some(2) && c.sfo)
        .unwrap();
    let audit_before = office.verify_audit_log().unwrap().entries;

    // Bad input is refused by field, and nothing is stored.
    let disagreed = office
        .change_class(ClassChangeInput {
            all_agree: false,
            ..class_change(second.id, 3)
        })
        .unwrap_err();
    let AppError::Validation(errors) = disagreed else {
        panic!("validation expected")
    };
    assert_eq!(errors.errors[0].field, "allAgree");
    assert!(errors.errors[0].message.contains("alle er enige"));
    let third_now = pupils(&mut office)
        .iter()
        .filter(|c| c.grade == Some(3))
        .count() as u32;
    office.set_class_capacity(2026, 3, third_now).unwrap();
    let full = office.change_class(class_change(second.id, 3)).unwrap_err();
    assert!(
        full.to_string().contains("ingen ledig plads i 3. klasse"),
        "{full}"
    );
    office.set_class_capacity(2026, 3, third_now + 1).unwrap();
    assert_eq!(
        office.child(second.id).unwrap().placement.unwrap().grade,
        Some(2)
    );

    // The secretary may preview it, not save it: the approval is the headteacher's.
    office.log_out();
    let LoginStep::NeedsSecondFactorSetup { setup } =
        office.log_in("sekretaer", "demo-skole-2026").unwrap()
    else {
        panic!("first login")
    };
    confirm_with_app(&mut office, &setup.secret.replace(' ', "")).unwrap();
    let preview = office
        .preview_class_change(class_change(second.id, 3))
        .unwrap();
    assert_eq!(
        preview.days[..2],
        [
            "Sidste dag i 2. klasse: 31-10-2026.".to_string(),
            "Første dag i 3. klasse: 01-11-2026.".to_string()
        ]
    );
    assert!(!preview.saved);
    let refused = office.change_class(class_change(second.id, 3)).unwrap_err();
    assert!(
        matches!(&refused, AppError::Forbidden { .. })
            && refused.to_string().contains("godkende et klasseskift"),
        "{refused}"
    );
    assert_eq!(
        office.child(second.id).unwrap().placement.unwrap().grade,
        Some(2)
    );

    // The headteacher saves it: approved, with the meeting, on the timeline.
    office.log_out();
    log_in_headteacher(&mut office, &secret);
    let saved = office.change_class(class_change(second.id, 3)).unwrap();
    assert!(saved.saved);
    let lines = office.placements(second.id).unwrap().lines;
    assert!(
        lines.iter().any(|l| l.text == "2. klasse"
            && l.current
            && l.last_day.as_deref() == Some("31-10-2026")),
        "in grade 2 until 31 October: {lines:?}"
    );
    assert!(lines
        .iter()
        .any(|l| l.text == "3. klasse" && !l.current && l.first_day == "01-11-2026"));
    on("2026-11-01");
    let moved = office.child(second.id).unwrap().placement.unwrap();
    assert_eq!(
        (moved.grade, moved.start_date.to_string()),
        (Some(3), "2026-11-01".into())
    );
    assert!(moved.sfo, "the SFO place goes on");
    let view = office.placements(second.id).unwrap();
    let change = view.changes.last().unwrap();
    assert_eq!(
        change.text,
        "Klasseskift fra 2. klasse til 3. klasse efter møde 19-10-2026"
    );
    assert!(change.by.contains("godkendt af"), "{}", change.by);
    assert_eq!(change.reason, "Fagligt langt foran; forældrene ønsker det");
    assert!(view
        .lines
        .iter()
        .any(|l| l.text == "3. klasse" && l.current));
    let log = office.verify_audit_log().unwrap();
    assert!(log.problem.is_none());
    assert!(log.entries > audit_before);
}

#[test]
fn r7_r11_sfo_modules_are_joined_switched_and_dropped_and_the_charges_follow() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-20");
    for (module, kroner) in [("Morgen", 500), ("Fuld", 1_800)] {
        office
            .add_rate(RateInput {
                kind: Some(RateKind::Sfo),
                module: module.into(),
                amount: Ore::kroner(kroner),
                valid_from: "01-08-2026".into(),
            })
            .unwrap();
    }
    let pupil = pupils(&mut office).into_iter().find(|c| c.sfo).unwrap();
    let view = office.placements(pupil.id).unwrap();
    assert_eq!(view.school_modules, ["Fuld", "Morgen"]);
    assert_eq!(view.first_open_month, "11-2026");
    let guardian = view.guardians[0].id;

    // Joining starts on the 1st of the month the office chooses; the preview says
    // what it costs from then.
    let join = SfoChangeInput {
        child_id: pupil.id,
        action: SfoChangeAction::Join,
        to_module: "morgen".into(),
        start_month: "12-2026".into(),
        ..Default::default()
    };
    let preview = office.preview_sfo_change(join.clone()).unwrap();
    assert_eq!(preview.days, ["Første dag i Morgen: 01-12-2026."]);
    assert_eq!(
        preview.charges,
        ["Fra december 2026 opkræves 500,00 kr. om måneden for Morgen."]
    );
    assert!(sfo_lines(&mut office, "2026-12", pupil.id)
        .iter()
        .all(|(t, _)| !t.contains("SFO morgen")));
    office.change_sfo(join).unwrap();
    let december = sfo_lines(&mut office, "2026-12", pupil.id);
    assert!(
        december
            .iter()
            .any(|(t, a)| t.contains("SFO morgen") && *a == Ore::kroner(500)),
        "{december:?}"
    );
    assert_eq!(
        december.len(),
        2,
        "the plain SFO place and Morgen: {december:?}"
    );

    // November is charged; a switch back into it is refused with the month named.
    office.issue_charges("2026-11").unwrap();
    let back = office
        .change_sfo(SfoChangeInput {
            child_id: pupil.id,
            action: SfoChangeAction::Switch,
            from_module: "Morgen".into(),
            to_module: "Fuld".into(),
            start_month: "11-2026".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        back.to_string()
            .contains("november 2026 er allerede opkrævet"),
        "{back}"
    );

    // A dearer module from January: Morgen ends 31 December, Fuld starts 1 January.
    let dearer = office
        .change_sfo(SfoChangeInput {
            child_id: pupil.id,
            action: SfoChangeAction::Switch,
            from_module: "Morgen".into(),
            to_module: "Fuld".into(),
            start_month: "01-2027".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        dearer.days,
        [
            "Sidste dag i Morgen: 31-12-2026.",
            "Første dag i Fuld: 01-01-2027."
        ]
    );
    assert!(sfo_lines(&mut office, "2027-01", pupil.id)
        .iter()
        .any(|(t, a)| t.contains("SFO fuld") && *a == Ore::kroner(1_800)));
    assert!(!sfo_lines(&mut office, "2027-01", pupil.id)
        .iter()
        .any(|(t, _)| t.contains("SFO morgen")));

    // Dropping follows the notice (R11): received 20 November, last day 31 January.
    let drop = SfoChangeInput {
        child_id: pupil.id,
        action: SfoChangeAction::Drop,
        from_module: "Fuld".into(),
        received_on: "20-11-2026".into(),
        from_guardian_id: Some(guardian),
        ..Default::default()
    };
    let without_guardian = office
        .change_sfo(SfoChangeInput {
            from_guardian_id: None,
            ..drop.clone()
        })
        .unwrap_err();
    assert!(matches!(without_guardian, AppError::Validation(_)));
    let dropped = office.change_sfo(drop).unwrap();
    assert!(
        dropped.days[0].contains("sidste dag i Fuld 31-12-2026"),
        "{:?}",
        dropped.days
    );
    assert!(sfo_lines(&mut office, "2027-02", pupil.id)
        .iter()
        .all(|(t, _)| !t.contains("SFO fuld")));
    let changes: Vec<String> = office
        .placements(pupil.id)
        .unwrap()
        .changes
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(
        changes,
        [
            "Optaget",
            "Begynder i SFO-modulet Morgen",
            "Skifter SFO-modul fra Morgen til Fuld",
            "Udmeldt af SFO-modulet Fuld (opsigelse modtaget 20-11-2026)"
        ]
    );
}

#[test]
fn r4_r11_the_childs_form_changes_no_place() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-10-20");
    let pupil = pupils(&mut office).into_iter().find(|c| c.sfo).unwrap();
    let detail = office.reveal_cpr(pupil.id).unwrap();
    let mut input = common::child_input_of(&detail);
    input.phone = "87654321".into();
    office.update_child(pupil.id, input.clone()).unwrap();
    assert_eq!(
        office.child(pupil.id).unwrap().phone.as_deref(),
        Some("87654321")
    );

    // Another grade or no SFO on the form is refused, with where to go instead.
    let mut other = input.clone();
    if let Some(placement) = other.placement.as_mut() {
        placement.grade = Some(9);
        placement.sfo = false;
    }
    let refused = office.update_child(pupil.id, other).unwrap_err();
    assert!(refused.to_string().contains("Skift klasse"), "{refused}");
    let after = office.child(pupil.id).unwrap().placement.unwrap();
    assert_eq!((after.grade, after.sfo), (pupil.grade, true));
}
