//! Class funds at rest on a real encrypted file (R17–R20): terms and contributions
//! are kept, ledger lines are never changed or deleted, only cancelled once, and the
//! fund's members are found through the school rows.

mod common;

use common::{add_child_with_parent, d};
use skolekontor_domain::class_fund::{members, ClassFundInput, EntryKind, FundEntryInput};
use skolekontor_domain::register::{ChildInput, PlacementInput};
use skolekontor_domain::school::Division;
use skolekontor_domain::Ore;
use skolekontor_store::{Database, DatabaseKey, StoreError};

fn pupil(db: &mut Database, cpr: &str, grade: u8) -> i64 {
    let child = ChildInput {
        first_name: "Ida".into(),
        last_name: "Holm".into(),
        cpr: cpr.into(),
        placement: Some(PlacementInput {
            division: Some(Division::School),
            grade: Some(grade),
            sfo: false,
            start_date: "01-08-2026".into(),
        }),
        ..Default::default()
    };
    add_child_with_parent(db, child, ("Jens", "Holm"), d(2026, 8, 20))
}

fn fund(db: &mut Database, cohort: i32) {
    let terms = ClassFundInput {
        cohort,
        purpose: "Udflugter og lejrskole".into(),
        treasurer_guardian_id: None,
        monthly_contribution: "50".into(),
        contribution_from: "01-09-2026".into(),
    };
    db.save_class_fund(&terms.validate().unwrap(), d(2026, 8, 15))
        .unwrap();
}

fn entry(
    cohort: i32,
    kind: EntryKind,
    amount: &str,
    child_id: Option<i64>,
) -> skolekontor_domain::class_fund::ValidFundEntry {
    let receipt = if kind == EntryKind::Expense {
        "B-1"
    } else {
        ""
    };
    FundEntryInput {
        cohort,
        kind: Some(kind),
        date: "20-09-2026".into(),
        amount: amount.into(),
        text: "Tekst".into(),
        receipt: receipt.into(),
        child_id,
    }
    .validate(d(2026, 11, 23))
    .unwrap()
}

#[test]
fn r17_a_fund_keeps_its_terms_contributions_and_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = Database::create(&path, &key).unwrap();
    let ida = pupil(&mut db, "150318-4002", 3);
    fund(&mut db, 2023);
    let id = db
        .add_fund_entry(&entry(2023, EntryKind::Deposit, "150,00", Some(ida)))
        .unwrap();
    db.add_fund_entry(&entry(2023, EntryKind::Expense, "40,50", None))
        .unwrap();
    drop(db);

    let db = Database::open(&path, &key).unwrap();
    let stored = db.class_fund().class_fund(2023).unwrap().unwrap();
    assert_eq!(
        (stored.purpose.as_str(), stored.began_on),
        ("Udflugter og lejrskole", d(2026, 8, 15))
    );
    assert_eq!(
        db.class_fund().class_fund_contributions(2023).unwrap()[0].monthly,
        Ore::kroner(50)
    );
    let ledger = db.class_fund().class_fund_entries(2023).unwrap();
    assert_eq!(ledger.len(), 2);
    assert_eq!(ledger[0].entry.id, id);
    assert_eq!(ledger[0].child_name.as_deref(), Some("Ida Holm"));
    let balance: Ore = ledger.iter().map(|e| e.entry.effect()).sum();
    assert_eq!(balance, Ore(10_950));
    assert_eq!(db.class_fund().class_fund(2024).unwrap(), None);
    let found = members(&db.class_fund().school_rows().unwrap(), 2023);
    assert_eq!(found.iter().map(|m| m.child_id).collect::<Vec<_>>(), [ida]);
}

#[test]
fn a_ledger_line_is_cancelled_once_and_never_changed_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = Database::create(&path, &key).unwrap();
    fund(&mut db, 2023);
    let id = db
        .add_fund_entry(&entry(2023, EntryKind::Deposit, "100", None))
        .unwrap();
    db.cancel_fund_entry(id, "Tastefejl").unwrap();
    assert!(
        matches!(db.cancel_fund_entry(id, "igen"), Err(StoreError::NotFound)),
        "once"
    );
    let (cohort, line) = db.class_fund().class_fund_entry(id).unwrap();
    assert_eq!(
        (cohort, line.entry.cancelled, line.cancel_reason.as_deref()),
        (2023, true, Some("Tastefejl"))
    );
    drop(db);

    // Straight at the file, past the repository: the triggers hold.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    assert!(conn
        .execute("DELETE FROM class_fund_entry WHERE id = ?1", [id])
        .is_err());
    assert!(conn
        .execute("UPDATE class_fund_entry SET amount = 1 WHERE id = ?1", [id])
        .is_err());
    assert!(conn
        .execute(
            "UPDATE class_fund_entry SET cancelled_at = NULL, cancel_reason = NULL WHERE id = ?1",
            [id]
        )
        .is_err());
    let amount: i64 = conn
        .query_row(
            "SELECT amount FROM class_fund_entry WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(amount, 10_000);
}

#[test]
fn a_line_for_a_fund_that_does_not_exist_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut db =
        Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate()).unwrap();
    assert!(matches!(
        db.add_fund_entry(&entry(2020, EntryKind::Deposit, "100", None)),
        Err(StoreError::NotFound)
    ));
    assert!(db.class_fund().class_fund_entries(2020).unwrap().is_empty());
}
