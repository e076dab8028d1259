//! Changing the database key on the demo school's real file and the real keyring
//! (R29): the new key opens the file, the new recovery key is shown once with its
//! sheet, old backups need the old recovery key, and a change interrupted after the
//! re-encryption is finished at the next start.

mod common;

use common::*;
use skolekontor_app::office::StartState;
use skolekontor_app::AppError;
use skolekontor_store::{Database, DatabaseKey, KeyVault, OsKeyring};

#[test]
fn r29_the_headteacher_changes_the_key_and_gets_a_new_recovery_key_once() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let stick = tempfile::tempdir().unwrap();
    on("2026-11-23");
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    let first_recovery = done.recovery_key.clone();
    let (_, secret) = finish_second_factor(&mut office, done);
    office.confirm_recovery_key_saved();
    let old_backup = office.backup().back_up_into(stick.path()).unwrap().path;

    let recovery = office.change_database_key().unwrap();
    assert_ne!(recovery, first_recovery);
    assert!(office.recovery_sheet_pdf().unwrap().starts_with(b"%PDF"));
    office.confirm_recovery_key_saved();
    assert!(office.recovery_sheet_pdf().is_err(), "shown once");
    let stale = office.backup().check_backup_file(&old_backup).unwrap_err();
    assert!(stale.to_string().contains("Intet er ændret"), "{stale}");
    let children = office.register().list_children(false).unwrap().len();
    drop(office);

    let mut office = fixture.office();
    assert!(
        matches!(office.start().unwrap(), StartState::NeedsLogin { .. }),
        "the keyring has the new key"
    );
    log_in_headteacher(&mut office, &secret);
    assert_eq!(
        office.register().list_children(false).unwrap().len(),
        children
    );
    drop(office);

    // The new recovery key opens the file on another PC; the old one does not.
    let new_pc = Fixture::new();
    std::fs::copy(
        fixture.dir.path().join("skolekontor.db"),
        new_pc.dir.path().join("skolekontor.db"),
    )
    .unwrap();
    let mut office = new_pc.office();
    assert!(matches!(
        office.unlock_with_recovery_key(&first_recovery),
        Err(AppError::Store(_))
    ));
    assert!(office.unlock_with_recovery_key(&recovery).is_ok());

    // Only the headteacher changes the key.
    let mut office = fixture.office();
    office.start().unwrap();
    office.log_in("laerer3", "demo-skole-2026").unwrap();
    assert!(matches!(
        office.change_database_key(),
        Err(AppError::Forbidden { .. })
    ));
}

#[test]
fn a_key_change_interrupted_after_the_re_encryption_is_finished_at_the_next_start() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    demo_school_on(&fixture, "2026-11-23");
    let account = fixture
        .office()
        .data_dir()
        .keyring_account()
        .unwrap()
        .unwrap();
    let vault = OsKeyring::connect().unwrap();
    let old = vault.load(&account).unwrap().unwrap();

    // What change_database_key had done when the power went: the new key beside the
    // old one, the file re-encrypted, the keyring not yet updated.
    let new = DatabaseKey::generate();
    vault.save(&format!("{account}-ny"), &new).unwrap();
    let path = fixture.dir.path().join("skolekontor.db");
    Database::open(&path, &old).unwrap().rekey(&new).unwrap();

    let mut office = fixture.office();
    assert!(matches!(
        office.start().unwrap(),
        StartState::NeedsLogin { .. }
    ));
    assert_eq!(vault.load(&account).unwrap(), Some(new));
    assert_eq!(vault.load(&format!("{account}-ny")).unwrap(), None);
}
