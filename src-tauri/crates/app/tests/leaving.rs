//! Leaving and the school year through the use cases, on a real encrypted file and
//! the real keyring, with the demo school (R11–R15, R36). The program's day is set
//! with SKOLEKONTOR_TODAY, so the tests of this file take turns.

mod common;

use common::*;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::billing::LineKind;
use skolekontor_app::domain::leaving::rollover::RolloverKind;
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::register::ChildSummary;
use skolekontor_app::domain::school::Division;
use skolekontor_app::leaving::ExpulsionInput;
use skolekontor_app::{AppError, Office};

fn pupils(office: &mut Office) -> Vec<ChildSummary> {
    office.register().list_children(false).unwrap()
}

fn notice(
    office: &mut Office,
    child_id: i64,
    scope: WithdrawalScope,
    received: &str,
) -> WithdrawalInput {
    let from = office.leaving().leaving(child_id).unwrap().guardians[0].id;
    WithdrawalInput {
        child_id,
        scope,
        sfo_module: String::new(),
        received_on: received.into(),
        from_guardian_id: Some(from),
    }
}

/// Whether `child`'s payer is charged the rate of `division` in `month`.
fn charged(office: &mut Office, month: &str, child: i64, division: Division) -> bool {
    let preview = office.billing().preview_charges(month).unwrap();
    preview.charges.iter().flat_map(|c| &c.lines).any(|l| {
        l.child_id == Some(child) && l.division == Some(division) && l.kind == LineKind::Rate
    })
}

#[test]
fn r11_an_sfo_withdrawal_shows_its_last_day_stops_the_charges_after_it_and_can_be_cancelled() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let pupil = pupils(&mut office)
        .into_iter()
        .find(|c| c.sfo)
        .expect("a pupil in SFO");
    assert!(charged(&mut office, "2026-10", pupil.id, Division::Sfo));

    // Bad input first: nothing is saved.
    let future = {
        let n = notice(&mut office, pupil.id, WithdrawalScope::Sfo, "21-08-2026");
        office.leaving().preview_withdrawal(n)
    }
    .unwrap_err();
    let AppError::Validation(errors) = future else {
        panic!("validation expected")
    };
    assert_eq!(errors.errors[0].field, "receivedOn");
    assert!(errors.errors[0].message.contains("fremtiden"));
    let not_there = {
        let n = notice(
            &mut office,
            pupil.id,
            WithdrawalScope::Kindergarten,
            "20-08-2026",
        );
        office.leaving().record_withdrawal(n)
    }
    .unwrap_err();
    assert!(
        not_there.to_string().contains("Tjek") || matches!(not_there, AppError::Validation(_)),
        "{not_there}"
    );
    assert!(
        office
            .leaving()
            .leaving(pupil.id)
            .unwrap()
            .withdrawals
            .is_empty(),
        "nothing half-saved"
    );

    // The last day is shown before saving (R11).
    let preview = {
        let n = notice(&mut office, pupil.id, WithdrawalScope::Sfo, "20-08-2026");
        office.leaving().preview_withdrawal(n)
    }
    .unwrap();
    assert_eq!(preview.last_day, "30-09-2026");
    assert!(
        preview
            .consequences
            .iter()
            .any(|c| c.contains("Skolepladsen fortsætter")),
        "{:?}",
        preview.consequences
    );
    assert!(
        office
            .leaving()
            .leaving(pupil.id)
            .unwrap()
            .withdrawals
            .is_empty(),
        "a preview saves nothing"
    );
    {
        let n = notice(&mut office, pupil.id, WithdrawalScope::Sfo, "20-08-2026");
        office.leaving().record_withdrawal(n)
    }
    .unwrap();

    assert!(
        charged(&mut office, "2026-09", pupil.id, Division::Sfo),
        "charged through the last day"
    );
    assert!(
        !charged(&mut office, "2026-10", pupil.id, Division::Sfo),
        "nothing after the last day"
    );
    assert!(
        charged(&mut office, "2026-10", pupil.id, Division::School),
        "the school enrolment is untouched"
    );
    let view = office.leaving().leaving(pupil.id).unwrap();
    assert_eq!(view.withdrawals.len(), 1);
    assert!(view.withdrawals[0].status.contains("30-09-2026") && view.withdrawals[0].can_cancel);
    assert!(
        office
            .register()
            .child(pupil.id)
            .unwrap()
            .placement
            .is_some_and(|p| p.sfo),
        "still in SFO during the notice"
    );

    // Cancelled before the last day: SFO runs on as before.
    office
        .leaving()
        .cancel_withdrawal(view.withdrawals[0].id)
        .unwrap();
    assert!(charged(&mut office, "2026-10", pupil.id, Division::Sfo));
    assert_eq!(
        office.leaving().leaving(pupil.id).unwrap().withdrawals[0].status,
        "Annulleret"
    );

    // A second notice, and after its last day it can no longer be cancelled.
    {
        let n = notice(&mut office, pupil.id, WithdrawalScope::Sfo, "20-08-2026");
        office.leaving().record_withdrawal(n)
    }
    .unwrap();
    on("2026-10-01");
    let id = office.leaving().leaving(pupil.id).unwrap().withdrawals[0].id;
    assert!(
        matches!(office.leaving().cancel_withdrawal(id), Err(AppError::Refused(m)) if m.contains("sidste dag"))
    );
    assert!(!charged(&mut office, "2026-10", pupil.id, Division::Sfo));
}

#[test]
fn r13_a_kindergarten_withdrawal_can_be_recorded_as_compensated_and_the_parents_pay_to_the_last_day(
) {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let child = pupils(&mut office)
        .into_iter()
        .find(|c| c.division == Some(Division::Kindergarten))
        .unwrap();
    let preview = {
        let n = notice(
            &mut office,
            child.id,
            WithdrawalScope::Kindergarten,
            "20-08-2026",
        );
        office.leaving().record_withdrawal(n)
    }
    .unwrap();
    assert!(
        preview
            .consequences
            .iter()
            .any(|c| c.contains("kompenseres for kommunens tilskud")),
        "{:?}",
        preview.consequences
    );
    let withdrawal = office.leaving().leaving(child.id).unwrap().withdrawals[0].clone();
    assert!(withdrawal.can_compensate);
    office.leaving().record_compensation(withdrawal.id).unwrap();
    let after = office.leaving().leaving(child.id).unwrap().withdrawals[0].clone();
    assert!(
        after.status.contains("kompenseret") && after.status.contains("20-08-2026"),
        "{}",
        after.status
    );
    assert!(!after.can_compensate);
    assert!(matches!(
        office.leaving().record_compensation(withdrawal.id),
        Err(AppError::Refused(_))
    ));
    assert!(
        charged(&mut office, "2026-09", child.id, Division::Kindergarten),
        "the parents still pay through the last day"
    );
    assert!(!charged(
        &mut office,
        "2026-10",
        child.id,
        Division::Kindergarten
    ));
}

#[test]
fn r15_the_headteacher_ends_a_schooling_with_reason_and_date() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let pupil = pupils(&mut office).into_iter().find(|c| c.sfo).unwrap();
    let empty = office
        .leaving()
        .end_schooling(ExpulsionInput {
            child_id: pupil.id,
            reason: "  ".into(),
            last_day: "31-02-2026".into(),
        })
        .unwrap_err();
    let AppError::Validation(errors) = empty else {
        panic!("validation expected")
    };
    assert_eq!(
        errors
            .errors
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        vec!["reason", "lastDay"]
    );
    assert_eq!(
        office
            .leaving()
            .end_schooling(ExpulsionInput {
                child_id: pupil.id,
                reason: "Gentagne, alvorlige brud på ordensreglerne.".into(),
                last_day: "15-09-2026".into()
            })
            .unwrap(),
        "15-09-2026"
    );
    assert!(office
        .leaving()
        .leaving(pupil.id)
        .unwrap()
        .expulsion
        .unwrap()
        .contains("15-09-2026"));
    assert!(
        !charged(&mut office, "2026-10", pupil.id, Division::School)
            && !charged(&mut office, "2026-10", pupil.id, Division::Sfo)
    );
    assert!(charged(&mut office, "2026-09", pupil.id, Division::School));
}

fn first_pupil(plan: &skolekontor_app::domain::leaving::rollover::RolloverPlan) -> i64 {
    plan.changes
        .iter()
        .find(|c| c.kind == RolloverKind::Promotion)
        .unwrap()
        .child_id
}

#[test]
fn r12_the_rollover_on_the_demo_school_matches_a_hand_count_and_runs_once() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    // A pupil withdrawn with 31 July 2027 as the last day is not moved up.
    let all = pupils(&mut office);
    let leaver = all
        .iter()
        .find(|c| c.grade == Some(4) && !c.sfo)
        .unwrap()
        .id;
    on("2027-06-10");
    {
        let n = notice(&mut office, leaver, WithdrawalScope::School, "10-06-2027");
        office.leaving().record_withdrawal(n)
    }
    .unwrap();

    // Hand count of the demo (200 pupils, 20 per grade; SFO only in grades 0–3;
    // kindergarten children born 2021–2023, one in three born 2021):
    // 180 move up from grades 0–8 less the one withdrawn, 20 leave after grade 9,
    // nobody leaves SFO yet (grade 3 goes on in SFO in grade 4), and the 13 born
    // in 2021 leave the kindergarten to start school (R33).
    on("2027-03-31");
    let view = office.leaving().rollover_preview().unwrap();
    assert_eq!(view.plan.year, 2027);
    assert!(
        view.not_yet
            .as_deref()
            .is_some_and(|m| m.contains("1. april 2027")),
        "{:?}",
        view.not_yet
    );
    assert!(
        matches!(
            office.leaving().run_rollover(2027),
            Err(AppError::Refused(_))
        ),
        "not before 1 April"
    );
    on("2027-06-20");
    let plan = office.leaving().rollover_preview().unwrap().plan;
    assert_eq!(plan.count(RolloverKind::Promotion), 179);
    assert_eq!(plan.count(RolloverKind::LeavesSchool), 20);
    assert_eq!(plan.count(RolloverKind::LeavesSfo), 0);
    assert_eq!(plan.count(RolloverKind::LeavesKindergarten), 13);
    assert!(plan.changes.iter().all(|c| c.child_id != leaver));
    let by_hand_kindergarten = all
        .iter()
        .filter(|c| {
            c.division == Some(Division::Kindergarten)
                && c.birth_date
                    .is_some_and(|b| chrono::Datelike::year(&b) == 2021)
        })
        .count();
    assert_eq!(by_hand_kindergarten, 13);

    // R12/R33: one of them has the school start deferred (skoleudsættelse) and stays.
    let late = plan
        .changes
        .iter()
        .find(|c| c.kind == RolloverKind::LeavesKindergarten && c.can_defer)
        .unwrap()
        .child_id;
    assert!(
        matches!(
            office.leaving().defer_school_start(first_pupil(&plan)),
            Err(AppError::Refused(_))
        ),
        "only a kindergarten child leaving by age"
    );
    office.leaving().defer_school_start(late).unwrap();
    office.leaving().undo_school_start_deferral(late).unwrap();
    assert_eq!(
        office
            .leaving()
            .rollover_preview()
            .unwrap()
            .plan
            .count(RolloverKind::LeavesKindergarten),
        13,
        "taken back"
    );
    let plan = office.leaving().defer_school_start(late).unwrap().plan;
    assert_eq!(plan.count(RolloverKind::LeavesKindergarten), 12);
    assert_eq!(
        plan.deferred
            .iter()
            .map(|d| (d.child_id, d.school_starts))
            .collect::<Vec<_>>(),
        [(late, 2028)]
    );

    let first = pupils(&mut office)
        .into_iter()
        .find(|c| c.grade == Some(3) && c.sfo)
        .unwrap();
    office.leaving().run_rollover(2027).unwrap();
    let again = office.leaving().run_rollover(2027).unwrap_err();
    assert!(again.to_string().contains("allerede kørt"), "{again}");
    assert_eq!(office.leaving().rollover_preview().unwrap().plan.year, 2028);
    assert_eq!(office.leaving().rollover_preview().unwrap().done.len(), 1);

    // From 1 August the pupil is in grade 4, still in SFO; charges follow.
    let moved = office
        .register()
        .child(first.id)
        .unwrap()
        .placement
        .unwrap();
    assert_eq!(
        (
            moved.grade,
            moved.sfo,
            chrono::Datelike::month(&moved.start_date)
        ),
        (Some(4), true, 8)
    );
    assert!(charged(&mut office, "2027-08", first.id, Division::Sfo));
    let ninth = all.iter().find(|c| c.grade == Some(9)).unwrap().id;
    assert!(
        charged(&mut office, "2027-06", ninth, Division::School)
            && !charged(&mut office, "2027-08", ninth, Division::School),
        "R12: the school ends after grade 9"
    );

    // A year on, the 13 grade-4 pupils in SFO leave it (R12: SFO up to and including grade 4).
    on("2028-06-20");
    let plan = office.leaving().rollover_preview().unwrap().plan;
    assert_eq!(plan.count(RolloverKind::LeavesSfo), 13);
    assert_eq!(
        office
            .register()
            .child(late)
            .unwrap()
            .placement
            .unwrap()
            .division,
        Division::Kindergarten,
        "stayed a year"
    );
    assert!(
        plan.changes
            .iter()
            .any(|c| c.child_id == late && c.kind == RolloverKind::LeavesKindergarten),
        "and leaves now"
    );
    assert!(plan
        .changes
        .iter()
        .any(|c| c.child_id == first.id && c.kind == RolloverKind::LeavesSfo));
}

#[test]
fn r12_a_late_rollover_is_due_from_1_august_holds_back_the_charges_and_takes_effect_from_1_august()
{
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let all = pupils(&mut office);
    let ninth = all.iter().find(|c| c.grade == Some(9)).unwrap().id;
    let third = all.iter().find(|c| c.grade == Some(3)).unwrap().id;

    // In July nothing is due; the months before August are charged as before (July
    // is free in the demo).
    on("2027-07-15");
    assert_eq!(office.leaving().rollover_preview().unwrap().due, None);
    assert!(charged(&mut office, "2027-06", ninth, Division::School));

    // 20 August, the rollover not run: due, and August and September wait for it.
    on("2027-08-20");
    let view = office.leaving().rollover_preview().unwrap();
    assert_eq!(
        view.plan.year, 2027,
        "the late rollover is still the next one"
    );
    let due = view.due.expect("shown as due");
    assert!(
        due.contains("2027/28") && due.contains("1. august 2027"),
        "{due}"
    );
    assert_eq!(view.not_yet, None, "and it can run");
    for month in ["2027-08", "2027-09"] {
        let preview = office.billing().preview_charges(month).unwrap();
        assert!(
            preview
                .problems
                .iter()
                .any(|p| p.contains("Skoleårsskiftet til 2027/28 er ikke kørt")),
            "{month}: {:?}",
            preview.problems
        );
        let refused = office.billing().issue_charges(month).unwrap_err();
        assert!(
            matches!(&refused, AppError::Refused(m) if m.contains("Skoleårsskiftet")),
            "{refused}"
        );
    }
    assert!(
        office.billing().charge_runs().unwrap().is_empty(),
        "nothing was issued"
    );

    // Run on 20 August, it takes effect from 1 August.
    let plan = office.leaving().run_rollover(2027).unwrap();
    assert_eq!(plan.first_day().to_string(), "2027-08-01");
    let moved = office.register().child(third).unwrap().placement.unwrap();
    assert_eq!(
        (moved.grade, moved.start_date.to_string()),
        (Some(4), "2027-08-01".into())
    );
    let preview = office.billing().preview_charges("2027-09").unwrap();
    assert!(
        !preview
            .problems
            .iter()
            .any(|p| p.contains("Skoleårsskiftet")),
        "{:?}",
        preview.problems
    );
    assert!(
        !charged(&mut office, "2027-08", ninth, Division::School),
        "R12: left after grade 9"
    );
    assert!(!charged(&mut office, "2027-09", ninth, Division::School));
    assert_eq!(office.leaving().rollover_preview().unwrap().due, None);

    // A second rollover is refused with a reason, and nothing changes.
    let again = office.leaving().run_rollover(2027).unwrap_err();
    assert!(again.to_string().contains("allerede kørt"), "{again}");
    let early = office.leaving().run_rollover(2028).unwrap_err();
    assert!(early.to_string().contains("1. april 2028"), "{early}");
    assert_eq!(
        office
            .register()
            .child(third)
            .unwrap()
            .placement
            .unwrap()
            .grade,
        Some(4)
    );
}

#[test]
fn r36_the_5_september_count_per_municipality_with_leavers_as_screen_csv_and_pdf() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let all = pupils(&mut office);
    let in_school = all
        .iter()
        .filter(|c| c.division == Some(Division::School))
        .count();
    let in_sfo = all.iter().filter(|c| c.sfo).count();
    on("2026-09-10");
    let leaver = all.iter().find(|c| c.grade == Some(6)).unwrap().clone();
    {
        let n = notice(
            &mut office,
            leaver.id,
            WithdrawalScope::School,
            "10-09-2026",
        );
        office.leaving().record_withdrawal(n)
    }
    .unwrap();

    on("2026-11-23");
    let count = office.leaving().september_count(2026).unwrap();
    assert_eq!(count.total(), in_school);
    assert_eq!(
        count.municipalities.iter().map(|m| m.in_sfo).sum::<usize>(),
        in_sfo
    );
    let names: Vec<&str> = count
        .municipalities
        .iter()
        .map(|m| m.municipality.as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Høje-Taastrup Kommune", "Lejre Kommune", "Roskilde Kommune"]
    );
    let leavers: Vec<_> = count
        .municipalities
        .iter()
        .flat_map(|m| &m.leavers)
        .collect();
    assert_eq!(leavers.len(), 1);
    assert_eq!(leavers[0].child_id, leaver.id);
    assert_eq!(
        leavers[0].left_on.map(|d| d.to_string()).as_deref(),
        Some("2026-10-31")
    );
    assert!(
        leavers[0]
            .cpr
            .as_deref()
            .is_some_and(|c| c.ends_with("-XXXX")),
        "masked on screen"
    );

    let csv = String::from_utf8(office.leaving().september_count_csv(2026).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}Kommune;Liste;CPR-nummer;Navn;Klassetrin;SFO;Sidste dag"));
    assert_eq!(csv.lines().count(), 1 + in_school + 1);
    assert!(
        csv.lines().skip(1).all(|l| l
            .split(';')
            .nth(2)
            .is_some_and(|c| c.len() == 11 && !c.contains('X'))),
        "full CPR numbers"
    );
    assert!(csv.contains(&"Udmeldt siden;".to_string()) && csv.contains("31-10-2026"));

    let pdf = text_of(
        &office
            .documents()
            .document(DocumentRequest::SeptemberCount { year: 2026 })
            .unwrap()
            .bytes,
    );
    assert!(
        pdf.contains("Elever pr. 5. september 2026 — Lejre Kommune"),
        "{pdf}"
    );
    assert!(pdf.contains("Udmeldt siden 5. september"));
    let audit = office.audit().audit_log(Default::default()).unwrap();
    assert!(
        audit
            .iter()
            .filter(|e| e.entry.action.starts_with("september_count"))
            .count()
            >= 2,
        "both exports are logged reads"
    );
    assert!(matches!(
        office.leaving().september_count(2030),
        Err(AppError::Input(_))
    ));
}
