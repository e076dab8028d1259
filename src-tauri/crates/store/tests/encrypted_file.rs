//! The database file on disk: encrypted, keyed by a raw key, untouched by a wrong key.

use skolekontor_domain::school::{Division, SchoolInput};
use skolekontor_store::{Database, DatabaseKey, StoreError};

fn school() -> skolekontor_domain::school::SchoolProfile {
    SchoolInput {
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
    .unwrap()
}

fn created(dir: &std::path::Path) -> (std::path::PathBuf, DatabaseKey) {
    let path = dir.join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = Database::create(&path, &key).unwrap();
    db.save_school(&school()).unwrap();
    drop(db);
    (path, key)
}

fn folder_snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_file_is_not_readable_as_plain_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = created(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() >= 4096);
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(
        !bytes.windows(b"Friskole".len()).any(|w| w == b"Friskole"),
        "school name in clear text"
    );
    let plain = rusqlite::Connection::open(&path).unwrap();
    let read = plain.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    assert!(
        read.is_err(),
        "a plain SQLite connection could read the file"
    );
}

#[test]
fn a_wrong_key_fails_clearly_and_leaves_the_folder_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = created(dir.path());
    let before = folder_snapshot(dir.path());
    let error = Database::open(&path, &DatabaseKey::generate()).unwrap_err();
    assert!(matches!(error, StoreError::WrongKey), "{error:?}");
    assert!(error.to_string().contains("kunne ikke åbnes"), "{error}");
    assert!(error.to_string().contains("Filen er ikke ændret"));
    assert_eq!(
        folder_snapshot(dir.path()),
        before,
        "a failed open changed the folder"
    );
    // The right key still opens it, with the data.
    let db = Database::open(&path, &key).unwrap();
    assert_eq!(
        db.school().school().unwrap().unwrap().name,
        "Bøgely Friskole"
    );
}

#[test]
fn opening_a_missing_file_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    assert!(matches!(
        Database::open(&path, &DatabaseKey::generate()),
        Err(StoreError::Missing)
    ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn set_up_never_overwrites_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = created(dir.path());
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Database::create(&path, &DatabaseKey::generate()),
        Err(StoreError::AlreadyExists)
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(Database::open(&path, &key).is_ok());
}

#[test]
fn migrations_run_once_and_a_newer_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = created(dir.path());
    let db = Database::open(&path, &key).unwrap();
    let version = db.schema_version().unwrap();
    assert!(version >= 1);
    drop(db);
    // Reopening does not re-run (the school row would clash if it did re-create tables).
    let db = Database::open(&path, &key).unwrap();
    assert_eq!(db.schema_version().unwrap(), version);
    drop(db);
    // Simulate a file from a newer program.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = \"x'{}'\"; PRAGMA user_version = 999;",
            key.as_bytes()
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<String>()
        ))
        .unwrap();
    }
    let error = Database::open(&path, &key).unwrap_err();
    assert!(
        matches!(error, StoreError::TooNew { found: 999, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("nyere version"));
}

#[test]
fn a_rekeyed_file_opens_with_the_new_key_only_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let (path, old) = created(dir.path());
    let mut db = Database::open(&path, &old).unwrap();
    let new = DatabaseKey::generate();
    db.rekey(&new).unwrap();
    assert_eq!(
        db.school().school().unwrap().unwrap().name,
        "Bøgely Friskole",
        "the open handle goes on"
    );
    drop(db);
    assert!(matches!(
        Database::open(&path, &old),
        Err(StoreError::WrongKey)
    ));
    let db = Database::open(&path, &new).unwrap();
    assert_eq!(
        db.school().school().unwrap().unwrap().name,
        "Bøgely Friskole"
    );
    let mode: String = {
        drop(db);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let hex: String = new.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
        conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
            .unwrap();
        conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(mode, "wal", "back in WAL after the rewrite");
}
