//! The audit log on a real encrypted file: append-only in the database, and an edit
//! or a removed entry made behind the program's back is found by the verify function.

use chrono::NaiveDate;
use rusqlite::Connection;
use skolekontor_domain::audit::{AuditEvent, AuditKind};
use skolekontor_domain::register::ChildInput;
use skolekontor_store::audit::AuditQuery;
use skolekontor_store::{Actor, Database, DatabaseKey};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn child(first: &str) -> skolekontor_domain::register::ValidChild {
    ChildInput {
        first_name: first.into(),
        last_name: "Holm".into(),
        birth_date: "02-03-2020".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap()
}

/// A database with a few logged changes, and the key to open it behind the program's back.
fn logged_database(dir: &tempfile::TempDir) -> (Database, DatabaseKey) {
    let key = DatabaseKey::generate();
    let mut db = Database::create(&dir.path().join("skolekontor.db"), &key).unwrap();
    db.set_actor(Actor::user(7, "Sekretær Sofie"));
    let id = db.add_child(&child("Alma"), &[]).unwrap();
    let mut changed = child("Alma Marie");
    changed.phone = Some("12345678".into());
    db.update_child(id, &changed).unwrap();
    db.add_child(&child("Bo"), &[]).unwrap();
    db.record(
        &AuditEvent::sensitive_read("child.cpr_shown", "child", id)
            .for_child(id)
            .with_fields(["cpr"]),
    )
    .unwrap();
    (db, key)
}

fn raw(dir: &tempfile::TempDir, key: &DatabaseKey) -> Connection {
    let conn = Connection::open(dir.path().join("skolekontor.db")).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    conn
}

#[test]
fn changes_are_logged_with_who_which_record_and_which_fields_never_values() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = logged_database(&dir);
    let all = db
        .audit()
        .audit_entries(&AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<&str> = all.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "child.create",
            "child.update",
            "child.create",
            "child.cpr_shown"
        ]
    );
    let update = &all[2];
    assert_eq!(
        (update.user_id, update.user_name.as_str()),
        (Some(7), "Sekretær Sofie")
    );
    assert_eq!(update.fields, vec!["first_name", "phone"]);
    let reads = db
        .audit()
        .audit_entries(&AuditQuery {
            kind: Some(AuditKind::SensitiveRead),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(reads.len(), 1);
    let check = db.audit().verify_audit_log().unwrap();
    assert!(check.intact(), "{check:?}");
    assert_eq!(check.entries, 4);
}

#[test]
fn the_database_refuses_update_and_delete_of_audit_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, key) = logged_database(&dir);
    let conn = raw(&dir, &key);
    let update = conn
        .execute(
            "UPDATE audit_entry SET user_name = 'Ingen' WHERE seq = 2",
            [],
        )
        .unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = conn
        .execute("DELETE FROM audit_entry WHERE seq = 2", [])
        .unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
}

#[test]
fn an_edited_audit_row_in_the_file_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = logged_database(&dir);
    let conn = raw(&dir, &key);
    conn.execute_batch("DROP TRIGGER audit_entry_append_only_update;")
        .unwrap();
    conn.execute(
        "UPDATE audit_entry SET fields = 'first_name' WHERE seq = 2",
        [],
    )
    .unwrap();
    let check = db.audit().verify_audit_log().unwrap();
    assert_eq!(check.broken_at, Some(2));
    assert!(check.problem.unwrap().contains("ændret"));
}

#[test]
fn a_deleted_audit_row_in_the_file_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = logged_database(&dir);
    let conn = raw(&dir, &key);
    conn.execute_batch("DROP TRIGGER audit_entry_append_only_delete;")
        .unwrap();
    conn.execute("DELETE FROM audit_entry WHERE seq = 3", [])
        .unwrap();
    let check = db.audit().verify_audit_log().unwrap();
    assert_eq!(check.broken_at, Some(4));
    assert!(check.problem.unwrap().contains("mangler"));
}

#[test]
fn a_deleted_row_with_the_rest_renumbered_is_still_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = logged_database(&dir);
    let conn = raw(&dir, &key);
    conn.execute_batch(
        "DROP TRIGGER audit_entry_append_only_delete; DROP TRIGGER audit_entry_append_only_update;
         DELETE FROM audit_entry WHERE seq = 2; UPDATE audit_entry SET seq = seq - 1 WHERE seq > 2;",
    )
    .unwrap();
    let check = db.audit().verify_audit_log().unwrap();
    assert_eq!(check.broken_at, Some(2));
}
