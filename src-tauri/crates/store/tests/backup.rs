//! Backups on real encrypted files: the copy opens with the school's key only, passes
//! the checks, and a restore keeps the current file aside; a damaged or foreign file is
//! refused and the school's file stays byte for byte as it was.

use std::path::Path;

mod common;

use common::{add_child_with_parent, d, raw_connection};
use skolekontor_domain::register::ChildInput;
use skolekontor_domain::school::{Division, SchoolInput};
use skolekontor_store::backup::{
    backups_in, check_backup, metadata_path, restore, verify_metadata, MetadataVerdict,
    RestoreRecord,
};
use skolekontor_store::{Actor, Database, DatabaseKey, StoreError};

fn record() -> RestoreRecord {
    RestoreRecord {
        actor: Actor::user(1, "Birgitte Holm"),
        backup_file: "skolekontor-sikkerhedskopi-20261123T080000Z.db".into(),
        replaced: None,
        totp_step: None,
    }
}

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
    let mut names: Vec<String> = std::fs::read_dir(&stick)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "skolekontor-sikkerhedskopi-20261123T080000Z.db",
            "skolekontor-sikkerhedskopi-20261123T080000Z.json",
            "skolekontor-sikkerhedskopi-20261124T080000Z.db",
            "skolekontor-sikkerhedskopi-20261124T080000Z.json",
        ],
        "each backup with its metadata, and no half-made files left"
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
    let (restored, aside) =
        restore(&database, &first, &key, "20261125T090000Z", &record()).unwrap();
    assert_eq!(restored.children, 1);
    let aside = aside.unwrap();
    assert_eq!(
        children(&aside, &key),
        2,
        "the file it replaced is kept aside, whole"
    );
    let reopened = Database::open(&database, &key).unwrap();
    assert_eq!(
        reopened.school().school().unwrap().unwrap().name,
        "Bøgely Friskole"
    );
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
    assert!(restore(&database, &damaged, &key, "20261125T090000Z", &record()).is_err());
    assert!(restore(
        &database,
        &dir.path().join("missing.db"),
        &key,
        "20261125T090000Z",
        &record()
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

#[test]
fn a_backups_metadata_anchors_its_log_and_a_changed_backup_or_metadata_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("data").join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = school_with_one_child(&database, &key);
    let backup = db
        .back_up_to(&dir.path().join("usb"), "20261123T080000Z", &key)
        .unwrap();
    let check = check_backup(&backup, &key).unwrap();
    let anchor = check.anchor.clone().expect("the log has entries");
    assert_eq!(
        verify_metadata(&backup, &check).unwrap(),
        MetadataVerdict::Matches(anchor.clone())
    );
    // The backup's log ends before its own "backup made" entry in the school's log.
    assert_eq!(
        db.audit().audit_anchor().unwrap().unwrap().seq,
        anchor.seq + 1
    );

    // Noted where it ended, then changed: the metadata tells.
    let metadata = std::fs::read_to_string(metadata_path(&backup)).unwrap();
    let moved = metadata.replace(
        &format!("\"auditLastSeq\": {}", anchor.seq),
        &format!("\"auditLastSeq\": {}", anchor.seq + 7),
    );
    assert_ne!(moved, metadata);
    std::fs::write(metadata_path(&backup), &moved).unwrap();
    let error = verify_metadata(&backup, &check).unwrap_err().to_string();
    assert!(error.contains("log slutter et andet sted"), "{error}");
    std::fs::write(metadata_path(&backup), &metadata).unwrap();

    // The file itself changed (someone with the key re-wrote it): its checksum tells.
    {
        let conn = raw_connection(&backup, &key);
        conn.execute_batch("DROP TRIGGER IF EXISTS audit_entry_no_delete; DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry);")
            .unwrap_or_else(|_| conn.execute_batch("PRAGMA user_version = 99;").unwrap());
    }
    let after = check_backup(&backup, &key);
    let refused = match after {
        Ok(check) => verify_metadata(&backup, &check).unwrap_err().to_string(),
        Err(error) => error.to_string(),
    };
    assert!(
        refused.contains("ikke den samme") || refused.contains("nyere version"),
        "{refused}"
    );

    // A backup without metadata (an older program's) is told apart, not refused.
    std::fs::remove_file(metadata_path(&backup)).unwrap();
    let copy = db
        .back_up_to(&dir.path().join("usb2"), "20261124T080000Z", &key)
        .unwrap();
    std::fs::remove_file(metadata_path(&copy)).unwrap();
    let check = check_backup(&copy, &key).unwrap();
    assert_eq!(
        verify_metadata(&copy, &check).unwrap(),
        MetadataVerdict::Missing
    );
}

#[test]
fn entries_cut_off_the_end_of_the_schools_log_show_against_a_backups_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("data").join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = school_with_one_child(&database, &key);
    let backup = db
        .back_up_to(&dir.path().join("usb"), "20261123T080000Z", &key)
        .unwrap();
    let anchor = check_backup(&backup, &key).unwrap().anchor.unwrap();
    assert_eq!(
        db.audit().audit_matches_anchor(&anchor, "kopien").unwrap(),
        None
    );
    assert!(db.audit().verify_audit_log().unwrap().intact());
    drop(db);

    // Someone with the key removes the triggers and cuts the log's last entries off:
    // the chain that is left is whole, so only the anchor outside the file shows it.
    {
        let conn = raw_connection(&database, &key);
        let triggers: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for trigger in triggers {
            conn.execute_batch(&format!("DROP TRIGGER {trigger};"))
                .unwrap();
        }
        conn.execute("DELETE FROM audit_entry WHERE seq >= ?1", [anchor.seq - 1])
            .unwrap();
    }
    let db = Database::open(&database, &key).unwrap();
    assert!(
        db.audit().verify_audit_log().unwrap().intact(),
        "the rest of the chain is whole"
    );
    let problem = db
        .audit()
        .audit_matches_anchor(&anchor, "kopien")
        .unwrap()
        .unwrap();
    assert!(problem.contains("skåret af loggens ende"), "{problem}");
}

#[test]
fn a_restore_records_who_restored_and_where_the_replaced_log_ended() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("data").join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = school_with_one_child(&database, &key);
    let backup = db
        .back_up_to(&dir.path().join("usb"), "20261123T080000Z", &key)
        .unwrap();
    add_child(&mut db, "Bo", "150318-4010");
    let replaced = db.audit().audit_anchor().unwrap().unwrap();
    drop(db);
    let record = RestoreRecord {
        replaced: Some(replaced.clone()),
        ..record()
    };
    restore(&database, &backup, &key, "20261125T090000Z", &record).unwrap();
    let leftovers: Vec<String> = std::fs::read_dir(database.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let db = Database::open(&database, &key).unwrap();
    assert!(db.audit().verify_audit_log().unwrap().intact());
    let conn = raw_connection(&database, &key);
    let (who, seq, hash): (String, i64, String) = conn
        .query_row(
            "SELECT restored_by_name, replaced_last_seq, replaced_last_hash FROM restore_record",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (who.as_str(), seq, hash),
        ("Birgitte Holm", replaced.seq, replaced.hash)
    );
    let last: (String, String) = conn
        .query_row(
            "SELECT action, user_name FROM audit_entry ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(last, ("backup.restored".into(), "Birgitte Holm".into()));
    assert!(db.backup().unreviewed_restore().unwrap());
}
