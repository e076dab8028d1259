//! The start page "I dag" through the use cases on the demo school, a real encrypted
//! file and the real keyring: what waits for the headteacher and the secretary
//! appears with its link, and goes when it is handled.

mod common;

use common::*;
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::domain::absence::{AbsenceInput, AbsenceKind};
use skolekontor_app::domain::data_request::{RequestInput, RequestKind};
use skolekontor_app::domain::dates;
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::today::{TodayLink, TodayView};
use skolekontor_app::Office;

fn texts(view: &TodayView) -> Vec<(String, TodayLink, bool)> {
    view.parts
        .iter()
        .flat_map(|p| p.items.iter().map(|i| (i.text.clone(), i.link, i.urgent)))
        .collect()
}

fn has(view: &TodayView, text: &str) -> Option<(TodayLink, bool)> {
    texts(view)
        .into_iter()
        .find(|(t, _, _)| t.contains(text))
        .map(|(_, link, urgent)| (link, urgent))
}

fn a_third_grader(office: &mut Office) -> (i64, String) {
    let child = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(3))
        .unwrap();
    (
        child.id,
        format!("{} {}", child.first_name, child.last_name),
    )
}

#[test]
fn the_start_page_shows_what_waits_today_and_forgets_what_is_handled() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-20");
    let (child, name) = a_third_grader(&mut office);

    let quiet = office.start_page().today().unwrap();
    assert_eq!(
        quiet.day,
        dates::long(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
    );
    assert!(has(&quiet, "syg").is_none());
    assert_eq!(
        has(&quiet, "Der er ikke taget nogen sikkerhedskopi"),
        Some((TodayLink::Backups, true))
    );
    assert_eq!(
        has(&quiet, "Opkrævningen for december 2026 er ikke udsendt"),
        Some((TodayLink::Billing, true)),
        "{:?}",
        texts(&quiet)
    );

    // Sick today, a leave request for the headteacher, an access request (R27, R31).
    office
        .absence()
        .record_absence(AbsenceInput {
            child_id: child,
            kind: Some(AbsenceKind::Sickness),
            first_day: "20-11-2026".into(),
            last_day: "20-11-2026".into(),
            reported_by: "Mor".into(),
            note: String::new(),
        })
        .unwrap();
    office
        .absence()
        .record_absence(AbsenceInput {
            child_id: child,
            kind: Some(AbsenceKind::Leave),
            first_day: "07-12-2026".into(),
            last_day: "11-12-2026".into(),
            reported_by: "Mor".into(),
            note: "Bryllup i familien".into(),
        })
        .unwrap();
    office
        .privacy()
        .register_data_request(RequestInput {
            subject: DataSubject::Child { id: child },
            kind: RequestKind::Access,
            made_by: "Forælder (mor)".into(),
            received_on: "20-11-2026".into(),
        })
        .unwrap();
    let away = office.absence().absent_today().unwrap();
    assert_eq!(away.len(), 1, "the leave starts in December");
    assert_eq!((away[0].grade, away[0].absence.child_id), (3, child));
    let busy = office.start_page().today().unwrap();
    assert_eq!(
        has(&busy, &format!("3. klasse: {name} syg")),
        Some((TodayLink::Absence, false))
    );
    assert_eq!(
        has(&busy, &format!("Anmodning om fri: {name}")),
        Some((TodayLink::Absence, false))
    );
    let (link, urgent) = has(&busy, "svar senest 20-12-2026").expect("the request");
    assert_eq!(link, TodayLink::DataRequests);
    assert!(!urgent, "a month to answer");

    // Handled: the leave decided, December issued, a backup taken.
    let leave = office.absence().leave_requests().unwrap()[0].id;
    office.absence().decide_leave(leave, true).unwrap();
    office.billing().issue_charges("2026-12").unwrap();
    let backups = tempfile::tempdir().unwrap();
    office.backup().back_up_into(backups.path()).unwrap();
    let calmer = office.start_page().today().unwrap();
    assert!(has(&calmer, "Anmodning om fri").is_none());
    assert!(has(&calmer, "Opkrævningen for december 2026").is_none());

    // A withdrawal shows in the month its last day falls in, linked to the child.
    let last_day = dates::notice_last_day(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    let parent = office.register().child(child).unwrap().guardians[0].guardian_id;
    office
        .leaving()
        .record_withdrawal(WithdrawalInput {
            child_id: child,
            scope: WithdrawalScope::School,
            sfo_module: String::new(),
            received_on: "20-11-2026".into(),
            from_guardian_id: Some(parent),
        })
        .unwrap();
    assert!(has(&office.start_page().today().unwrap(), "sidste dag").is_none());
    on(&last_day.format("%Y-%m-01").to_string());
    let that_month = office.start_page().today().unwrap();
    assert_eq!(
        has(&that_month, &format!("{name}: ")).map(|(link, _)| link),
        Some(TodayLink::Child { id: child }),
        "{:?}",
        texts(&that_month)
    );
}
