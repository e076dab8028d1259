//! Leaving at rest on a real encrypted file: a withdrawal ends its rows in one
//! transaction and a cancellation puts them back (R11), a compensated kindergarten
//! place stops counting (R13), and a rollover runs once per school year (R12).

mod common;

use chrono::NaiveDate;
use common::{add_child_with_parent, d};
use skolekontor_domain::leaving::rollover::plan_rollover;
use skolekontor_domain::leaving::withdrawal::{plan_withdrawal, WithdrawalInput, WithdrawalScope};
use skolekontor_domain::register::{ChildInput, PlacementInput};
use skolekontor_domain::school::Division;
use skolekontor_store::{Database, DatabaseKey, StoreError};

fn child(db: &mut Database, cpr: &str, division: Division, grade: Option<u8>) -> (i64, i64) {
    let child = ChildInput {
        first_name: "Alma".into(),
        last_name: "Skov".into(),
        cpr: cpr.into(),
        placement: Some(PlacementInput {
            division: Some(division),
            grade,
            sfo: grade.is_some(),
            start_date: "01-08-2026".into(),
        }),
        ..Default::default()
    };
    let id = add_child_with_parent(db, child, ("Tove", "Skov"), d(2026, 8, 20));
    (id, db.register().guardian_links(id).unwrap()[0].0)
}

fn withdraw(
    db: &mut Database,
    child_id: i64,
    guardian: i64,
    scope: WithdrawalScope,
    received: NaiveDate,
) -> i64 {
    let input = WithdrawalInput {
        child_id,
        scope,
        sfo_module: String::new(),
        received_on: skolekontor_domain::dates::short(received),
        from_guardian_id: Some(guardian),
    };
    let plan = plan_withdrawal(
        &input,
        received,
        &db.placement().placement_rows(child_id).unwrap(),
        &[guardian],
    )
    .unwrap();
    db.record_withdrawal(child_id, &plan).unwrap()
}

#[test]
fn r11_a_withdrawal_ends_its_rows_and_a_cancellation_puts_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut db =
        Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate()).unwrap();
    let (pupil, parent) = child(&mut db, "150318-4002", Division::School, Some(2));
    let id = withdraw(&mut db, pupil, parent, WithdrawalScope::Sfo, d(2026, 9, 15));
    let ends = |db: &Database| {
        db.placement()
            .placement_rows(pupil)
            .unwrap()
            .iter()
            .map(|r| (r.division, r.end))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ends(&db),
        vec![
            (Division::School, None),
            (Division::Sfo, Some(d(2026, 10, 31)))
        ]
    );
    db.cancel_withdrawal(id).unwrap();
    assert_eq!(
        ends(&db),
        vec![(Division::School, None), (Division::Sfo, None)]
    );
    assert!(db.leaving().withdrawal(id).unwrap().cancelled);
    assert!(
        matches!(db.cancel_withdrawal(id), Err(StoreError::NotFound)),
        "cancelled once"
    );
}

#[test]
fn r13_a_compensated_kindergarten_place_is_free_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut db =
        Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate()).unwrap();
    let (small, parent) = child(&mut db, "010522-4006", Division::Kindergarten, None);
    child(&mut db, "020522-4005", Division::Kindergarten, None);
    let id = withdraw(
        &mut db,
        small,
        parent,
        WithdrawalScope::Kindergarten,
        d(2026, 9, 15),
    );
    assert_eq!(
        db.admission()
            .kindergarten_count_on(d(2026, 10, 20))
            .unwrap(),
        2,
        "occupied through the notice period"
    );
    assert_eq!(
        db.admission()
            .kindergarten_count_on(d(2026, 11, 1))
            .unwrap(),
        1,
        "free after the last day"
    );
    db.record_compensation(id, d(2026, 9, 20)).unwrap();
    assert_eq!(
        db.admission()
            .kindergarten_count_on(d(2026, 9, 19))
            .unwrap(),
        2
    );
    assert_eq!(
        db.admission()
            .kindergarten_count_on(d(2026, 9, 20))
            .unwrap(),
        1,
        "free from the compensation"
    );
    assert!(
        matches!(
            db.record_compensation(id, d(2026, 9, 21)),
            Err(StoreError::NotFound)
        ),
        "once"
    );
}

#[test]
fn r12_a_rollover_runs_once_and_its_record_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = Database::create(&path, &key).unwrap();
    let (pupil, _) = child(&mut db, "150318-4002", Division::School, Some(2));
    let plan = plan_rollover(2027, &db.leaving().rollover_children().unwrap());
    assert_eq!(plan.changes.len(), 1);
    db.run_rollover(&plan).unwrap();
    let rows = db.placement().placement_rows(pupil).unwrap();
    let school: Vec<_> = rows
        .iter()
        .filter(|r| r.division == Division::School)
        .map(|r| (r.grade, r.start, r.end))
        .collect();
    assert_eq!(
        school,
        vec![
            (Some(2), d(2026, 8, 1), Some(d(2027, 7, 31))),
            (Some(3), d(2027, 8, 1), None)
        ]
    );
    assert!(
        matches!(db.run_rollover(&plan), Err(StoreError::Duplicate(m)) if m.contains("allerede kørt"))
    );
    assert_eq!(
        db.placement().placement_rows(pupil).unwrap().len(),
        rows.len(),
        "the second run changed nothing"
    );
    drop(db);
    let db = Database::open(&path, &key).unwrap();
    assert_eq!(db.leaving().rollovers().unwrap().len(), 1);
}
