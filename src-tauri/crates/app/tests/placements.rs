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
use skolekontor_app::placement::ChangeFact;
use skolekontor_app::{AppError, Office};

fn pupils(office: &mut Office) -> Vec<ChildSummary> {
    office.register().list_children(false).unwrap()
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
/// A preview's facts in the command line's Danish.
fn danish(lines: &[ChangeFact]) -> Vec<String> {
    lines.iter().map(ChangeFact::danish).collect()
}

fn sfo_lines(office: &mut Office, month: &str, child: i64) -> Vec<(String, Ore)> {
    office
        .billing()
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
    let audit_before = office.audit().verify_audit_log().unwrap().entries;

    // Bad input is refused by field, and nothing is stored.
    let disagreed = office
        .placement()
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
    office
        .admission()
        .set_class_capacity(2026, 3, third_now)
        .unwrap();
    let full = office
        .placement()
        .change_class(class_change(second.id, 3))
        .unwrap_err();
    assert!(
        full.to_string().contains("ingen ledig plads i 3. klasse"),
        "{full}"
    );
    office
        .admission()
        .set_class_capacity(2026, 3, third_now + 1)
        .unwrap();
    assert_eq!(
        office
            .register()
            .child(second.id)
            .unwrap()
            .placement
            .unwrap()
            .grade,
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
        .placement()
        .preview_class_change(class_change(second.id, 3))
        .unwrap();
    assert_eq!(
        danish(&preview.days)[..2],
        [
            "Sidste dag i 2. klasse: 31-10-2026.".to_string(),
            "Første dag i 3. klasse: 01-11-2026.".to_string()
        ]
    );
    assert!(!preview.saved);
    let refused = office
        .placement()
        .change_class(class_change(second.id, 3))
        .unwrap_err();
    assert!(
        matches!(&refused, AppError::Forbidden { .. })
            && refused.to_string().contains("godkende et klasseskift"),
        "{refused}"
    );
    assert_eq!(
        office
            .register()
            .child(second.id)
            .unwrap()
            .placement
            .unwrap()
            .grade,
        Some(2)
    );

    // The headteacher saves it: approved, with the meeting, on the timeline.
    office.log_out();
    log_in_headteacher(&mut office, &secret);
    let saved = office
        .placement()
        .change_class(class_change(second.id, 3))
        .unwrap();
    assert!(saved.saved);
    let lines = office.placement().placements(second.id).unwrap().lines;
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
    let moved = office
        .register()
        .child(second.id)
        .unwrap()
        .placement
        .unwrap();
    assert_eq!(
        (moved.grade, moved.start_date.to_string()),
        (Some(3), "2026-11-01".into())
    );
    assert!(moved.sfo, "the SFO place goes on");
    let view = office.placement().placements(second.id).unwrap();
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
    let log = office.audit().verify_audit_log().unwrap();
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
            .billing()
            .add_rate(RateInput {
                kind: Some(RateKind::Sfo),
                module: module.into(),
                amount: Ore::kroner(kroner),
                valid_from: "01-08-2026".into(),
            })
            .unwrap();
    }
    let pupil = pupils(&mut office).into_iter().find(|c| c.sfo).unwrap();
    let view = office.placement().placements(pupil.id).unwrap();
    assert_eq!(view.school_modules, ["Fuld", "Morgen"]);
    assert_eq!(view.first_open_month, "11-2026");
    let guardian = view.guardians[0].id;

    // The demo pupil is in SFO without a module: a module on top would charge both,
    // so it is refused and the place is switched instead.
    let on_top = office
        .placement()
        .change_sfo(SfoChangeInput {
            child_id: pupil.id,
            action: SfoChangeAction::Join,
            to_module: "Fuld".into(),
            start_month: "12-2026".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(on_top.to_string().contains("uden modul"), "{on_top}");
    assert_eq!(view.current_modules, [""], "the plain place can be left");

    // A dearer module starts on the 1st of the month the office chooses; the
    // preview says what it costs from then and instead of what.
    let switch = SfoChangeInput {
        child_id: pupil.id,
        action: SfoChangeAction::Switch,
        from_module: String::new(),
        to_module: "fuld".into(),
        start_month: "12-2026".into(),
        ..Default::default()
    };
    let preview = office
        .placement()
        .preview_sfo_change(switch.clone())
        .unwrap();
    assert_eq!(
        danish(&preview.days),
        [
            "Sidste dag i SFO uden modul: 30-11-2026.",
            "Første dag i SFO-modulet Fuld: 01-12-2026."
        ]
    );
    assert_eq!(
        danish(&preview.charges),
        ["Fra december 2026 opkræves 1.800,00 kr. om måneden for SFO-modulet Fuld i stedet for 1.650,00 kr. om måneden for SFO uden modul."]
    );
    assert!(sfo_lines(&mut office, "2026-12", pupil.id)
        .iter()
        .all(|(t, _)| !t.contains("SFO fuld")));
    office.placement().change_sfo(switch).unwrap();
    let december = sfo_lines(&mut office, "2026-12", pupil.id);
    assert_eq!(december.len(), 1, "only Fuld: {december:?}");
    assert!(
        december[0].0.contains("SFO fuld") && december[0].1 == Ore::kroner(1_800),
        "{december:?}"
    );

    // November is charged; a cheaper module by a notice that would make it start
    // in November is refused with the month named.
    office.billing().issue_charges("2026-11").unwrap();
    let back = office
        .placement()
        .change_sfo(SfoChangeInput {
            child_id: pupil.id,
            action: SfoChangeAction::Switch,
            from_module: "Fuld".into(),
            to_module: "Morgen".into(),
            // Received in September: the last day in Fuld would be 31 October.
            received_on: "20-09-2026".into(),
            from_guardian_id: Some(guardian),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        back.to_string()
            .contains("november 2026 er allerede opkrævet"),
        "{back}"
    );

    // Dropping follows the notice (R11): received 20 November, last day 31 December.
    let drop = SfoChangeInput {
        child_id: pupil.id,
        action: SfoChangeAction::Drop,
        from_module: "Fuld".into(),
        received_on: "20-11-2026".into(),
        from_guardian_id: Some(guardian),
        ..Default::default()
    };
    let without_guardian = office
        .placement()
        .change_sfo(SfoChangeInput {
            from_guardian_id: None,
            ..drop.clone()
        })
        .unwrap_err();
    assert!(matches!(without_guardian, AppError::Validation(_)));
    let dropped = office.placement().change_sfo(drop).unwrap();
    assert!(
        danish(&dropped.days)[0].contains("sidste dag i SFO-modulet Fuld 31-12-2026"),
        "{:?}",
        dropped.days
    );
    assert_eq!(
        danish(&dropped.charges),
        ["SFO-modulet Fuld (1.800,00 kr. om måneden) opkræves sidste gang for december 2026."]
    );

    // Joining a module once no other place runs starts on the chosen 1st.
    let join = office
        .placement()
        .change_sfo(SfoChangeInput {
            child_id: pupil.id,
            action: SfoChangeAction::Join,
            to_module: "Morgen".into(),
            start_month: "01-2027".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        danish(&join.charges),
        ["Fra januar 2027 opkræves 500,00 kr. om måneden for SFO-modulet Morgen."]
    );
    let january = sfo_lines(&mut office, "2027-01", pupil.id);
    assert_eq!(january.len(), 1, "only Morgen: {january:?}");
    assert_eq!(january[0].1, Ore::kroner(500));
    let changes: Vec<String> = office
        .placement()
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
            "Skifter fra SFO uden modul til SFO-modulet Fuld",
            "Udmeldt af SFO-modulet Fuld (opsigelse modtaget 20-11-2026)",
            "Begynder i SFO-modulet Morgen"
        ]
    );
}

#[test]
fn r4_r11_the_childs_form_changes_no_place() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-10-20");
    let pupil = pupils(&mut office).into_iter().find(|c| c.sfo).unwrap();
    let detail = office.register().reveal_cpr(pupil.id).unwrap();
    let mut input = common::child_input_of(&detail);
    input.phone = "87654321".into();
    office
        .register()
        .update_child(pupil.id, input.clone())
        .unwrap();
    assert_eq!(
        office.register().child(pupil.id).unwrap().phone.as_deref(),
        Some("87654321")
    );

    // Another grade or no SFO on the form is refused, with where to go instead.
    let mut other = input.clone();
    if let Some(placement) = other.placement.as_mut() {
        placement.grade = Some(9);
        placement.sfo = false;
    }
    let refused = office.register().update_child(pupil.id, other).unwrap_err();
    assert!(refused.to_string().contains("Skift klasse"), "{refused}");
    let after = office
        .register()
        .child(pupil.id)
        .unwrap()
        .placement
        .unwrap();
    assert_eq!((after.grade, after.sfo), (pupil.grade, true));
}
