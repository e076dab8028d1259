//! Backups on real encrypted files: the copy opens with the school's key only, passes
//! the checks, and a restore keeps the current file aside; a damaged or foreign file is
//! refused and the school's file stays byte for byte as it was.

use std::path::Path;

mod common;

use common::{add_child_with_parent, d};
use skolekontor_domain::register::ChildInput;
use skolekontor_domain::school::{Division, SchoolInput};
use skolekontor_store::backup::{backups_in, check_backup, restore};
use skolekontor_store::{Database, DatabaseKey, StoreError};

fn add_child(db: &mut Database, first: &str, cpr: &str) {
    let child = ChildInput {
        first_name: first.into(),
        last_name: "Lund".into(),
        cpr: cpr.into(),
        ..Default::default()
    };
    add_child_with_parent(db, child, ("Lis", "Lund"), d(2026, 11, 23));
}

fn school_with_one_child(path: &Path, key: &DatabaseKey) -> Database {
    let mut db = Database::create(path, key).unwrap();
    let school = SchoolInput {
        name: "Bøgely Friskole".into(),
        address: "Skolevej 1".into(),
        postal_code: "0800".into(),
        town: "Høje Taastrup".into(),
        phone: "12345678".into(),
        email: "kontor@boegely.dk".into(),
        web: String::new(),
        cvr: "12345678".into(),
        divisions: vec![Division::School],
    }
    .validate()
    .unwrap();
    db.save_school(&school).unwrap();
    add_child(&mut db, "Asta", "150318-4002");
    db
}

fn children(path: &Path, key: &DatabaseKey) -> i64 {
    check_backup(path, key).unwrap().children
}

#[test]
fn a_backup_opens_with_the_schools_key_only_and_a_restore_keeps_the_current_file_aside() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let stick = dir.path().join("usb");
    let database = data.join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = school_with_one_child(&database, &key);

    let first = db.back_up_to(&stick, "20261123T080000Z", &key).unwrap();
    let second = db.back_up_to(&stick, "20261124T080000Z", &key).unwrap();
    assert_eq!(
        backups_in(&stick).unwrap(),
        [second.clone(), first.clone()],
        "newest first"
    );
    assert_eq!(
        std::fs::read_dir(&stick).unwrap().count(),
        2,
        "no half-made files left"
    );
    let bytes = std::fs::read(&first).unwrap();
    assert_ne!(
        &bytes[..16],
        b"SQLite format 3\0",
        "the backup is encrypted"
    );
    assert!(
        !bytes.windows(8).any(|w| w == b"Friskole"),
        "no name in clear text"
    );
    let check = check_backup(&first, &key).unwrap();
    assert_eq!(
        (check.school_name.as_str(), check.children),
        ("Bøgely Friskole", 1)
    );
    assert!(check.schema_version >= 14);
    let foreign = check_backup(&first, &DatabaseKey::generate()).unwrap_err();
    assert!(
        matches!(foreign, StoreError::Backup(_)) && foreign.to_string().contains("Intet er ændret"),
        "{foreign}"
    );

    // Work goes on after the backup; then the school restores it.
    add_child(&mut db, "Bo", "150318-4010");
    drop(db);
    let (restored, aside) = restore(&database, &first, &key, "20261125T090000Z").unwrap();
    assert_eq!(restored.children, 1);
    let aside = aside.unwrap();
    assert_eq!(
        children(&aside, &key),
        2,
        "the file it replaced is kept aside, whole"
    );
    let reopened = Database::open(&database, &key).unwrap();
    assert_eq!(reopened.school().unwrap().unwrap().name, "Bøgely Friskole");
    drop(reopened);
    assert_eq!(children(&database, &key), 1);
}

#[test]
fn a_damaged_backup_is_refused_and_the_schools_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("data").join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = school_with_one_child(&database, &key);
    let backup = db
        .back_up_to(&dir.path().join("usb"), "20261123T080000Z", &key)
        .unwrap();
    drop(db);

    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&backup).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64]
        .iter_mut()
        .for_each(|b| *b ^= 0x5a);
    std::fs::write(&damaged, &bytes).unwrap();
    let error = check_backup(&damaged, &key).unwrap_err();
    assert!(error.to_string().contains("beskadiget"), "{error}");

    let before = std::fs::read(&database).unwrap();
    let folder_before: Vec<_> = std::fs::read_dir(database.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(restore(&database, &damaged, &key, "20261125T090000Z").is_err());
    assert!(restore(
        &database,
        &dir.path().join("missing.db"),
        &key,
        "20261125T090000Z"
    )
    .is_err());
    assert_eq!(std::fs::read(&database).unwrap(), before);
    let folder_after: Vec<_> = std::fs::read_dir(database.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        folder_after, folder_before,
        "nothing moved aside or left behind"
    );
}
