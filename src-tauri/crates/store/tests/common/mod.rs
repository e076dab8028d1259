//! What the store's tests share: days, and a child with one parent who has custody
//! and pays.
#![allow(dead_code)]

use chrono::NaiveDate;
use skolekontor_domain::register::{ChildInput, GuardianInput, GuardianLink};
use skolekontor_store::register::GuardianRef;
use skolekontor_store::Database;

/// A day.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Adds `child` as typed, registered on `on`, with a new parent (`first`, `last`)
/// living at an address of the child's own; returns the child's id.
pub fn add_child_with_parent(
    db: &mut Database,
    child: ChildInput,
    (first, last): (&str, &str),
    on: NaiveDate,
) -> i64 {
    let street = format!("{}vej 1", child.first_name);
    let child = child.validate(on).unwrap();
    let parent = GuardianInput {
        first_name: first.into(),
        last_name: last.into(),
        address: street,
        postal_code: "4000".into(),
        town: "Roskilde".into(),
        ..Default::default()
    }
    .validate(on)
    .unwrap();
    let link = GuardianLink {
        relation: "mor".into(),
        has_custody: true,
        is_payer: true,
    };
    db.add_child(&child, &[(GuardianRef::New(parent), link)])
        .unwrap()
}

/// A plain connection keyed like the store's, to try what the program never does.
pub fn raw_connection(
    path: &std::path::Path,
    key: &skolekontor_store::DatabaseKey,
) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    conn
}
