//! Leaving-certificate records at rest on a real encrypted file (R26): recorded with
//! who did it, and neither changed nor deleted outside a retention run.

use chrono::NaiveDate;
use skolekontor_domain::register::{ChildInput, GuardianInput, GuardianLink};
use skolekontor_store::register::GuardianRef;
use skolekontor_store::{Database, DatabaseKey};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

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
    }
    .validate(d(2026, 6, 20))
    .unwrap();
    let parent = GuardianInput {
        first_name: "Lis".into(),
        last_name: "Lund".into(),
        address: "Toften 1".into(),
        postal_code: "4000".into(),
        town: "Roskilde".into(),
        ..Default::default()
    }
    .validate(d(2026, 6, 20))
    .unwrap();
    let link = GuardianLink {
        relation: "mor".into(),
        has_custody: true,
        is_payer: true,
    };
    let child_id = db
        .add_child(&child, &[(GuardianRef::New(parent), link)], d(2026, 6, 20))
        .unwrap();
    let id = db
        .add_exam_certificate(child_id, d(2026, 6, 20), "Dansk 7, Matematik 10")
        .unwrap();
    let records = db.exam_certificates(child_id).unwrap();
    assert_eq!(
        (
            records.len(),
            records[0].issued_on,
            records[0].grades.as_str()
        ),
        (1, d(2026, 6, 20), "Dansk 7, Matematik 10")
    );
    drop(db);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
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
