//! Files written by earlier versions of the program (issue 33, point 6): for each
//! schema version a school could have been left at, `tests/fixtures/earlier/v<NN>/`
//! holds the data folder and (from schema 14, when backups came) a backup that the
//! program itself wrote at that version, with its recovery key and the headteacher's
//! second-factor secret (`tests/support/earlier/` makes them from the git history).
//!
//! Today's program opens each on a real SQLCipher file with the real keyring, as a
//! school would after an update: the recovery key puts the key in the keyring, the
//! file is copied aside and migrated, the headteacher logs in, every child is there,
//! the audit log's chain holds, and the backup is checked and restored.

mod common;

use common::*;
use serde_json::Value;
use skolekontor_app::office::LoginStep;
use skolekontor_app::{Office, StartState};
use skolekontor_store::backup::check_backup;
use skolekontor_store::latest_schema_version as latest_version;
use skolekontor_store::recovery;
use skolekontor_store::DatabaseKey;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/earlier")
}

/// One earlier version's school, as `school.json` describes it.
struct Earlier {
    dir: PathBuf,
    manifest: Value,
}

impl Earlier {
    fn all() -> Vec<Earlier> {
        let mut all: Vec<Earlier> = std::fs::read_dir(fixtures_dir())
            .expect("tests/fixtures/earlier")
            .map(|entry| entry.unwrap().path())
            .filter(|dir| dir.join("school.json").is_file())
            .map(|dir| Earlier {
                manifest: serde_json::from_str(
                    &std::fs::read_to_string(dir.join("school.json")).unwrap(),
                )
                .unwrap(),
                dir,
            })
            .collect();
        all.sort_by_key(|e| e.version());
        all
    }

    fn version(&self) -> i64 {
        self.manifest["schemaVersion"].as_i64().unwrap()
    }

    fn text(&self, field: &str) -> &str {
        self.manifest[field].as_str().unwrap_or_default()
    }

    fn children(&self) -> usize {
        self.manifest["children"].as_u64().unwrap() as usize
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The headteacher's login: password, then the code from the secret the earlier
/// version enrolled (or, where that version had no second factor, a new one).
fn log_in(office: &mut Office, earlier: &Earlier) -> String {
    match office
        .log_in(earlier.text("user"), earlier.text("password"))
        .unwrap()
    {
        LoginStep::NeedsCode => {
            let secret = earlier.text("secondFactorSecret").to_string();
            confirm_with_app(office, &secret).unwrap();
            secret
        }
        LoginStep::NeedsSecondFactorSetup { setup } => {
            let secret = setup.secret.replace(' ', "");
            confirm_with_app(office, &secret).unwrap();
            secret
        }
        other => panic!("schema {}: login gave {other:?}", earlier.version()),
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// The schema version and the number of children of an encrypted file, read without
/// the program (which would migrate it).
fn version_and_children(path: &Path, key: &DatabaseKey) -> (i64, i64) {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    let version = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let children = conn
        .query_row(
            "SELECT count(*) FROM child WHERE archived_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (version, children)
}

/// What happened to one earlier version's files: a line of the upgrade matrix.
fn upgrade(earlier: &Earlier) -> String {
    let version = earlier.version();
    // The program's day is the one the school was made on, so a year's end between
    // then and a later run changes nothing the test counts.
    on(earlier.text("madeOn"));
    let fixture = Fixture::new();
    copy_folder(&earlier.dir.join("data"), fixture.dir.path());
    let mut office = fixture.office();
    assert!(
        matches!(office.start().unwrap(), StartState::NeedsRecoveryKey { .. }),
        "schema {version}: this keyring has never seen the school"
    );
    let state = office
        .unlock_with_recovery_key(earlier.text("recoveryKey"))
        .unwrap_or_else(|e| panic!("schema {version} did not open: {e}"));
    assert!(
        matches!(state, StartState::NeedsLogin { .. }),
        "schema {version}: {state:?}"
    );
    let key = recovery::decode(earlier.text("recoveryKey")).unwrap();
    let copy = format!("skolekontor.db.before-upgrade-v{version}-");
    let copies: Vec<String> = names_in(fixture.dir.path())
        .into_iter()
        .filter(|n| n.starts_with(&copy))
        .collect();
    if version < latest_version() {
        assert_eq!(
            copies.len(),
            1,
            "schema {version}: one copy before the upgrade"
        );
        assert_eq!(
            version_and_children(&fixture.dir.path().join(&copies[0]), &key),
            (version, earlier.children() as i64),
            "the copy is the school as the earlier version left it"
        );
    } else {
        assert!(copies.is_empty(), "nothing to upgrade, nothing copied");
    }
    let now = check_backup(&fixture.dir.path().join("skolekontor.db"), &key).unwrap();
    assert_eq!(now.schema_version, latest_version(), "schema {version}");
    // The key is in the keyring now: a restart opens without the recovery key.
    drop(office);
    let mut office = fixture.office();
    assert!(matches!(
        office.start().unwrap(),
        StartState::NeedsLogin { .. }
    ));
    let secret = log_in(&mut office, earlier);
    let children = office.register().list_children(false).unwrap();
    assert_eq!(children.len(), earlier.children(), "schema {version}");
    let first = earlier.text("firstChild");
    let found = office.register().search(first, false).unwrap();
    assert!(
        found
            .children
            .iter()
            .any(|c| format!("{} {}", c.first_name, c.last_name) == first),
        "schema {version}: {first} not found"
    );
    let audit = office.audit().verify_audit_log().unwrap();
    assert!(
        audit.broken_at.is_none() && audit.entries > 0,
        "schema {version}: {:?}",
        audit.problem
    );
    let mut line = format!(
        "schema {version:>2}: opened, migrated to {}, {} children, audit log of {} entries intact",
        latest_version(),
        children.len(),
        audit.entries
    );
    if !earlier.text("backup").is_empty() {
        line += &restore(&mut office, earlier, &secret);
    }
    line
}

/// Checks and restores the earlier version's backup into the upgraded school.
fn restore(office: &mut Office, earlier: &Earlier, secret: &str) -> String {
    let version = earlier.version();
    let stick = tempfile::tempdir().unwrap();
    let backup = stick.path().join(earlier.text("backup"));
    std::fs::copy(
        earlier.dir.join("backup").join(earlier.text("backup")),
        &backup,
    )
    .unwrap();
    let path = backup.display().to_string();
    let check = office.backup().check_backup_file(&path).unwrap();
    assert_eq!(
        check.children,
        earlier.children() as i64,
        "schema {version}"
    );
    let key = recovery::decode(earlier.text("recoveryKey")).unwrap();
    assert_eq!(check_backup(&backup, &key).unwrap().schema_version, version);
    office.register().add_child(ida()).unwrap();
    let state = office.backup().restore_backup(&path).unwrap();
    assert!(matches!(state, StartState::NeedsLogin { .. }), "{state:?}");
    log_in_again(office, earlier, secret);
    assert_eq!(
        office.register().list_children(false).unwrap().len(),
        earlier.children(),
        "schema {version}: the backup's children, without the one added since"
    );
    assert_eq!(
        check_backup(&backup, &key).unwrap().schema_version,
        version,
        "the backup itself is left as it was"
    );
    let audit = office.audit().verify_audit_log().unwrap();
    assert!(audit.broken_at.is_none(), "schema {version}: {audit:?}");
    format!(
        "; its backup checked and restored ({} children)",
        check.children
    )
}

fn log_in_again(office: &mut Office, earlier: &Earlier, secret: &str) {
    match office
        .log_in(earlier.text("user"), earlier.text("password"))
        .unwrap()
    {
        LoginStep::NeedsCode => {
            confirm_with_app(office, secret).unwrap();
        }
        // A backup from before this user's second factor was set up.
        LoginStep::NeedsSecondFactorSetup { setup } => {
            confirm_with_app(office, &setup.secret.replace(' ', "")).unwrap();
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_earlier_version_opens_migrates_and_restores() {
    let earlier = Earlier::all();
    let matrix: Vec<String> = earlier.iter().map(upgrade).collect();
    println!("{}", matrix.join("\n"));
    let versions: Vec<i64> = earlier.iter().map(Earlier::version).collect();
    let landed: Vec<i64> =
        std::fs::read_to_string(fixtures_dir().join("../../support/earlier/versions.txt"))
            .unwrap()
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_whitespace().next()?.parse().ok())
            .collect();
    assert!(
        landed.len() >= 9 && landed.iter().all(|v| versions.contains(v)),
        "a fixture for every schema version a landing left schools at: {landed:?}, have {versions:?}"
    );
    assert!(
        versions.contains(&latest_version()),
        "a change of schema adds its fixture (tests/support/earlier/README.md): none for {}",
        latest_version()
    );
    let restored = matrix.iter().filter(|l| l.contains("restored")).count();
    assert_eq!(
        restored,
        earlier.iter().filter(|e| e.version() >= 14).count(),
        "every version since backups came has its backup restored"
    );
}
