//! A mistyped first day corrected (R4, R11 stay whole): on a real encrypted file with
//! the demo school, a class change's first day moves with the grade before it, the
//! event and the audit log keep what was typed, and a day in a charged month is refused.

mod common;

use common::*;
use skolekontor_app::domain::placement::{ChangeKind, ClassChangeInput};
use skolekontor_app::domain::placement_correction::DateCorrectionInput;
use skolekontor_app::placement::ChangeFact;
use skolekontor_app::AppError;

#[test]
fn a_class_changes_mistyped_first_day_is_corrected_until_the_month_is_charged() {
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-10-20");
    let pupil = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(2))
        .unwrap();
    let third = office
        .register()
        .list_children(false)
        .unwrap()
        .iter()
        .filter(|c| c.grade == Some(3))
        .count() as u32;
    office
        .admission()
        .set_class_capacity(2026, 3, third + 1)
        .unwrap();
    // Typed 01-11 for 01-12.
    office
        .placement()
        .change_class(ClassChangeInput {
            child_id: pupil.id,
            to_grade: Some(3),
            first_day: "01-11-2026".into(),
            meeting_on: "19-10-2026".into(),
            all_agree: true,
            reason: "Fagligt langt foran".into(),
        })
        .unwrap();
    let lines = office.placement().placements(pupil.id).unwrap().lines;
    let third_place = lines.iter().find(|l| l.grade == Some(3)).unwrap().id;
    let correction = |day: &str, reason: &str| DateCorrectionInput {
        child_id: pupil.id,
        placement_id: third_place,
        first_day: day.into(),
        reason: reason.into(),
    };
    let audit_before = office.audit().verify_audit_log().unwrap().entries;

    // The preview says both days; nothing is saved.
    let preview = office
        .placement()
        .preview_date_correction(correction("01-12-2026", "Tastefejl: december"))
        .unwrap();
    assert!(!preview.saved);
    let days: Vec<String> = preview.days.iter().map(ChangeFact::danish).collect();
    assert_eq!(
        days,
        [
            "Første dag i 3. klasse: 01-12-2026.",
            "Sidste dag i 2. klasse: 30-11-2026."
        ]
    );
    assert_eq!(
        office.audit().verify_audit_log().unwrap().entries,
        audit_before
    );

    // Without a reason it is refused by field; then saved.
    let AppError::Validation(errors) = office
        .placement()
        .correct_placement_date(correction("01-12-2026", " "))
        .unwrap_err()
    else {
        panic!("a form error")
    };
    assert_eq!(errors.errors[0].field, "reason");
    office
        .placement()
        .correct_placement_date(correction("01-12-2026", "Tastefejl: december"))
        .unwrap();
    let view = office.placement().placements(pupil.id).unwrap();
    let second = view.lines.iter().find(|l| l.grade == Some(2)).unwrap();
    let third_line = view.lines.iter().find(|l| l.grade == Some(3)).unwrap();
    assert_eq!(second.last_day.as_deref(), Some("30-11-2026"));
    assert_eq!(third_line.first_day, "01-12-2026");
    let event = view.changes.last().unwrap();
    assert_eq!(event.kind, ChangeKind::DateCorrection);
    assert!(event.reason.contains("fra 01-11-2026") && event.reason.contains("Tastefejl"));
    let audit = office.audit().verify_audit_log().unwrap();
    assert_eq!(audit.entries, audit_before + 1);
    assert_eq!(audit.broken_at, None);

    // Once November and December are charged, the day cannot move into them.
    office.billing().issue_charges("2026-11").unwrap();
    on("2026-11-20");
    office.billing().issue_charges("2026-12").unwrap();
    let charged = office
        .placement()
        .correct_placement_date(correction("01-01-2027", "Endnu en fejl"))
        .unwrap_err();
    assert!(charged.to_string().contains("opkrævet"), "{charged}");
    let again = office.placement().placements(pupil.id).unwrap();
    assert_eq!(
        again
            .lines
            .iter()
            .find(|l| l.grade == Some(3))
            .unwrap()
            .first_day,
        "01-12-2026",
        "nothing stored"
    );
}
