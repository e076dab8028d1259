//! Absence through the use cases on the demo school (R16): sickness is recorded as
//! reported; leave of 1–2 school days goes to the class teacher, more to the
//! headteacher; totals per child and class for the school year.

mod common;

use common::*;
use skolekontor_app::domain::absence::{AbsenceInput, AbsenceKind};
use skolekontor_app::office::LoginStep;
use skolekontor_app::AppError;

fn absence(child_id: i64, kind: AbsenceKind, first: &str, last: &str) -> AbsenceInput {
    AbsenceInput {
        child_id,
        kind: Some(kind),
        first_day: first.into(),
        last_day: last.into(),
        reported_by: "Mette (mor)".into(),
        note: String::new(),
    }
}

#[test]
fn r16_leave_is_routed_by_its_days_and_decided_by_the_right_person() {
    std::env::set_var("SKOLEKONTOR_TODAY", "2026-11-23");
    let fixture = Fixture::new();
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    finish_second_factor(&mut office, done);
    // The demo's class teacher of 3rd grade is "laerer3".
    let pupil = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(3))
        .unwrap()
        .id;

    // Sickness from today; never from a day in the future.
    let sick = office
        .absence()
        .record_absence(absence(pupil, AbsenceKind::Sickness, "23-11-2026", ""))
        .unwrap();
    assert_eq!((sick.status.as_str(), sick.school_days), ("Meldt syg", 1));
    let future = office
        .absence()
        .record_absence(absence(pupil, AbsenceKind::Sickness, "24-11-2026", ""))
        .unwrap_err();
    assert!(matches!(future, AppError::Validation(_)));

    // Two school days go to the class teacher, three to the headteacher.
    let short = office
        .absence()
        .record_absence(absence(
            pupil,
            AbsenceKind::Leave,
            "26-11-2026",
            "27-11-2026",
        ))
        .unwrap();
    assert_eq!(short.status, "Venter på klasselæreren");
    let long = office
        .absence()
        .record_absence(absence(
            pupil,
            AbsenceKind::Leave,
            "27-11-2026",
            "01-12-2026",
        ))
        .unwrap();
    assert_eq!(
        (long.status.as_str(), long.school_days),
        ("Venter på skolelederen", 3)
    );
    let waiting: Vec<i64> = office
        .absence()
        .leave_requests()
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(waiting, vec![long.id], "the headteacher sees what is hers");
    let decided = office.absence().decide_leave(long.id, true).unwrap().status;
    assert!(
        decided.starts_with("Godkendt af ") && !decided.contains("Lars"),
        "{decided}"
    );
    assert!(
        matches!(
            office.absence().decide_leave(long.id, false),
            Err(AppError::Refused(_))
        ),
        "decided once"
    );

    // The class teacher decides the short one, for her own class only.
    office.log_out();
    assert!(matches!(
        office.log_in("laerer3", "demo-skole-2026").unwrap(),
        LoginStep::LoggedIn { .. }
    ));
    let mine = office.absence().leave_requests().unwrap();
    assert_eq!(
        mine.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![short.id]
    );
    assert!(matches!(
        office.absence().decide_leave(long.id, true),
        Err(AppError::Refused(_))
    ));
    assert_eq!(
        office
            .absence()
            .decide_leave(short.id, true)
            .unwrap()
            .status,
        "Godkendt af Lars Klasselærer"
    );
    assert!(matches!(
        office
            .absence()
            .record_absence(absence(pupil, AbsenceKind::Sickness, "23-11-2026", "")),
        Err(AppError::Forbidden { .. })
    ));

    let class = office.absence().class_absence(3).unwrap();
    let totals = class.totals.iter().find(|t| t.child_id == pupil).unwrap();
    assert_eq!((totals.sick_days, totals.leave_days), (1, 5));
    assert_eq!(class.school_year, "2026/27");
    assert!(matches!(
        office.absence().class_absence(2),
        Err(AppError::OutsideScope)
    ));
    let child = office.absence().child_absence(pupil).unwrap();
    assert_eq!(
        (child.sick_days, child.leave_days, child.absences.len()),
        (1, 5, 3)
    );
}
