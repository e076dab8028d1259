//! Leaving-certificate records at rest on a real encrypted file (R26): recorded with
//! who did it, and neither changed nor deleted outside a retention run.

mod common;

use common::{add_child_with_parent, d, raw_connection};
use skolekontor_domain::register::ChildInput;
use skolekontor_store::{Database, DatabaseKey};

#[test]
fn r26_a_certificate_record_is_kept_as_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = Database::create(&path, &key).unwrap();
    let child = ChildInput {
        first_name: "Asta".into(),
        last_name: "Lund".into(),
        cpr: "150318-4002".into(),
        ..Default::default()
    };
    let child_id = add_child_with_parent(&mut db, child, ("Lis", "Lund"), d(2026, 6, 20));
    let id = db
        .add_exam_certificate(child_id, d(2026, 6, 20), "Dansk 7, Matematik 10")
        .unwrap();
    let records = db.exam_certificate().exam_certificates(child_id).unwrap();
    assert_eq!(
        (
            records.len(),
            records[0].issued_on,
            records[0].grades.as_str()
        ),
        (1, d(2026, 6, 20), "Dansk 7, Matematik 10")
    );
    drop(db);

    let conn = raw_connection(&path, &key);
    assert!(conn
        .execute(
            "UPDATE exam_certificate SET grades = 'Dansk 12' WHERE id = ?1",
            [id]
        )
        .is_err());
    assert!(conn
        .execute("DELETE FROM exam_certificate WHERE id = ?1", [id])
        .is_err());
    let grades: String = conn
        .query_row(
            "SELECT grades FROM exam_certificate WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(grades, "Dansk 7, Matematik 10");
}
