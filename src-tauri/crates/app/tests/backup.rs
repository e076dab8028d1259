//! Backups on the demo school's real encrypted file: a chosen folder, a backup on
//! demand and once a day at the first start, the number kept, a missing USB stick that
//! does not stop the start, and the headteacher's restore that keeps the current file
//! aside and opens the backup's data.

mod common;

use common::*;
use skolekontor_app::backup::BackupSettingsInput;
use skolekontor_app::office::StartState;
use skolekontor_app::AppError;
use skolekontor_store::backup::backups_in;

fn settings(folder: &std::path::Path, keep: &str) -> BackupSettingsInput {
    BackupSettingsInput {
        folder: folder.display().to_string(),
        keep: keep.into(),
        max_age_days: "90".into(),
    }
}

#[test]
fn backups_are_taken_on_demand_and_at_the_first_start_of_a_day_and_the_oldest_go() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let stick = tempfile::tempdir().unwrap();
    let (mut office, secret) = demo_school_with_secret(&fixture, "2026-11-23");
    let refused = office.backup().back_up_now().unwrap_err();
    assert!(matches!(refused, AppError::Refused(_)) && refused.to_string().contains("Vælg først"));
    assert!(matches!(
        office.backup().save_backup_settings(BackupSettingsInput {
            folder: "usb".into(),
            keep: "0".into(),
            max_age_days: "0".into()
        }),
        Err(AppError::Validation(_))
    ));
    office
        .backup()
        .save_backup_settings(settings(stick.path(), "2"))
        .unwrap();
    let view = office.backup().back_up_now().unwrap();
    assert_eq!(view.backups.len(), 1);
    assert!(
        view.backups[0].made.starts_with("23-11-2026"),
        "{:?}",
        view.backups[0]
    );

    // A second start the same day takes none; the first start of the next two days do,
    // and only the two newest are kept.
    drop(office);
    let mut office = fixture.office();
    office.start().unwrap();
    assert_eq!(backups_in(stick.path()).unwrap().len(), 1);
    for day in ["2026-11-24", "2026-11-25"] {
        drop(office);
        on(day);
        office = fixture.office();
        office.start().unwrap();
    }
    log_in_headteacher(&mut office, &secret);
    let view = office.backup().backups().unwrap();
    let days: Vec<&str> = view.backups.iter().map(|b| &b.made[..10]).collect();
    assert_eq!(days, ["25-11-2026", "24-11-2026"]);
    assert!(view.problem.is_none());

    // R26: by age too. Kept for two days, the backup of the 24th goes at the first
    // start of the 27th (with its metadata); the new one of the 27th stays.
    office
        .backup()
        .save_backup_settings(BackupSettingsInput {
            max_age_days: "2".into(),
            ..settings(stick.path(), "5")
        })
        .unwrap();
    drop(office);
    on("2026-11-27");
    let mut office = fixture.office();
    office.start().unwrap();
    log_in_headteacher(&mut office, &secret);
    let view = office.backup().backups().unwrap();
    let days: Vec<&str> = view.backups.iter().map(|b| &b.made[..10]).collect();
    assert_eq!(days, ["27-11-2026", "25-11-2026"], "the 24th is 3 days old");
    assert_eq!(view.max_age_days, 2);
    assert_eq!(
        std::fs::read_dir(stick.path()).unwrap().count(),
        4,
        "each backup left has its metadata, and no metadata is left alone"
    );

    // The stick is out: the start goes on, and the page says why there is no backup.
    let gone = stick.path().join("ikke-her");
    office
        .backup()
        .save_backup_settings(settings(&gone, "2"))
        .unwrap();
    std::fs::write(&gone, b"a file where the folder should be").unwrap();
    drop(office);
    on("2026-11-28");
    let mut office = fixture.office();
    assert!(matches!(
        office.start().unwrap(),
        StartState::NeedsLogin { .. }
    ));
    log_in_headteacher(&mut office, &secret);
    let problem = office.backup().backups().unwrap().problem.unwrap();
    assert!(
        problem.starts_with("Dagens automatiske sikkerhedskopi blev ikke taget"),
        "{problem}"
    );
}

#[test]
fn the_headteacher_restores_a_checked_backup_and_the_current_file_is_kept_aside() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let stick = tempfile::tempdir().unwrap();
    let (mut office, secret) = demo_school_with_secret(&fixture, "2026-11-23");
    office
        .backup()
        .save_backup_settings(settings(stick.path(), "5"))
        .unwrap();
    let backup = office.backup().back_up_now().unwrap().backups[0]
        .path
        .clone();
    let before = office.register().list_children(false).unwrap().len();
    office.register().add_child(ida()).unwrap();
    assert_eq!(
        office.register().list_children(false).unwrap().len(),
        before + 1
    );

    let foreign = stick.path().join("fremmed.db");
    std::fs::write(&foreign, vec![7u8; 8192]).unwrap();
    let refused = office
        .backup()
        .check_backup_file(&foreign.display().to_string())
        .unwrap_err();
    assert!(refused.to_string().contains("Intet er ændret"), "{refused}");
    let check = office.backup().check_backup_file(&backup).unwrap();
    assert!(
        check.summary.starts_with("Sikkerhedskopien er hel:") && check.children == before as i64,
        "{}",
        check.summary
    );

    let state = office.backup().restore_backup(&backup).unwrap();
    assert!(
        matches!(state, StartState::NeedsLogin { .. }),
        "everyone logs in again"
    );
    log_in_headteacher(&mut office, &secret);
    assert_eq!(
        office.register().list_children(false).unwrap().len(),
        before,
        "the backup's data"
    );
    let aside: Vec<String> = std::fs::read_dir(fixture.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("before-restore"))
        .collect();
    assert!(!aside.is_empty(), "the replaced file is kept aside");

    // Only the headteacher restores.
    office.log_out();
    assert!(office.log_in("laerer3", "demo-skole-2026").is_ok());
    assert!(matches!(
        office.backup().restore_backup(&backup),
        Err(AppError::Forbidden { .. })
    ));
    assert!(matches!(
        office.backup().back_up_now(),
        Err(AppError::Forbidden { .. })
    ));
}

/// A backup is all a new PC needs: put it in an empty data folder, and the recovery key
/// printed at set-up opens it (R29) and stores the key in that PC's keyring.
#[test]
fn the_recovery_key_opens_a_backup_on_another_pc() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let stick = tempfile::tempdir().unwrap();
    on("2026-11-23");
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    let recovery_key = done.recovery_key.clone();
    let (_, secret) = finish_second_factor(&mut office, done);
    let children = office.register().list_children(false).unwrap().len();
    let backup = office.backup().back_up_into(stick.path()).unwrap().path;
    drop(office);

    let new_pc = Fixture::new();
    std::fs::copy(&backup, new_pc.dir.path().join("skolekontor.db")).unwrap();
    let mut office = new_pc.office();
    assert!(matches!(
        office.start().unwrap(),
        StartState::NeedsRecoveryKey { .. }
    ));
    assert!(
        office.unlock_with_recovery_key("ABCD-EFGH").is_err(),
        "a wrong key opens nothing"
    );
    assert!(matches!(
        office.unlock_with_recovery_key(&recovery_key).unwrap(),
        StartState::NeedsLogin { .. }
    ));
    log_in_headteacher(&mut office, &secret);
    assert_eq!(
        office.register().list_children(false).unwrap().len(),
        children
    );
    drop(office);
    let mut again = new_pc.office();
    assert!(
        matches!(again.start().unwrap(), StartState::NeedsLogin { .. }),
        "the key is in this PC's keyring now"
    );
}
