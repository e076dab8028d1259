//! Use cases of backups (*sikkerhedskopier*): the folder, how many to keep and for how
//! long, a backup on demand and once a day at the first start, the check of a file
//! (with its metadata: the file's checksum and where its audit log ended), and the
//! restore that only the headteacher may run.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Europe::Copenhagen;
use serde::{Deserialize, Serialize};
use skolekontor_domain::audit::AuditAnchor;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::backup::{
    backups_in, check_backup, prune_backups, prune_kept_aside, restore, verify_metadata,
    BackupCheck, BackupSettings, MetadataVerdict, RestoreRecord, BACKUP_PREFIX, BACKUP_SUFFIX,
};
use skolekontor_store::{Actor, DatabaseKey, StoreError};
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::office::{OpenDatabase, StartState};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// How many days a backup is kept unless the school says otherwise (R26: what a
/// deletion removes is gone from the copies after this).
pub const DEFAULT_MAX_AGE_DAYS: u32 = 90;

/// One backup in the folder.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    /// The file's full path, for a restore.
    pub path: String,
    /// `dd-mm-yyyy hh:mm:ss`.
    pub made: String,
    /// The size, `1,2 MB`.
    pub size: String,
}

/// The backup page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupView {
    /// The chosen folder; empty when none is chosen.
    pub folder: String,
    /// How many backups are kept.
    pub keep: u32,
    /// How many days a backup is kept at most.
    pub max_age_days: u32,
    /// The backups there, newest first.
    pub backups: Vec<BackupFile>,
    /// Why the automatic backup at start failed, if it did.
    pub problem: Option<String>,
}

/// The settings as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct BackupSettingsInput {
    /// An absolute folder, or empty for none.
    pub folder: String,
    /// 1–365.
    pub keep: String,
    /// 1–3650 days.
    pub max_age_days: String,
}

/// What a checked backup holds.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupCheckView {
    /// The file.
    pub path: String,
    /// The school in it.
    pub school_name: String,
    /// How many children it has.
    #[ts(type = "number")]
    pub children: i64,
    /// Where its audit log ends.
    pub anchor: Option<AuditAnchor>,
    /// "Sikkerhedskopien er hel: …", with what its metadata and the school's log say.
    pub summary: String,
}

/// The program's day and the time now in Copenhagen: `20261123T201500`.
pub(crate) fn stamp() -> String {
    let now = chrono::Utc::now().with_timezone(&Copenhagen);
    format!(
        "{}T{}",
        clock::today().format("%Y%m%d"),
        now.format("%H%M%S")
    )
}

pub(crate) fn made_text(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stamp = name
        .trim_start_matches(BACKUP_PREFIX)
        .trim_end_matches(BACKUP_SUFFIX);
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S")
        .map(|at| at.format("%d-%m-%Y %H:%M:%S").to_string())
        .unwrap_or_else(|_| stamp.to_string())
}

fn size_text(bytes: u64) -> String {
    let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    format!("{},{} MB", tenths / 10, tenths % 10)
}

fn file_view(path: PathBuf) -> BackupFile {
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    BackupFile {
        made: made_text(&path),
        size: size_text(size),
        path: path.display().to_string(),
    }
}

fn parse_settings(input: &BackupSettingsInput) -> Result<BackupSettings, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let folder = input.folder.trim();
    if !folder.is_empty() && !Path::new(folder).is_absolute() {
        errors.add("folder", tr!("backup.folder_missing"));
    }
    let number = |text: &str, most: u32| {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=most).contains(n))
    };
    let keep = number(&input.keep, 365);
    if keep.is_none() {
        errors.add("keep", tr!("backup.interval_range"));
    }
    let max_age_days = number(&input.max_age_days, 3650);
    if max_age_days.is_none() {
        errors.add("maxAgeDays", tr!("backup.keep_days_range"));
    }
    errors.into_result()?;
    Ok(BackupSettings {
        folder: folder.to_string(),
        keep: keep.expect("checked above"),
        max_age_days: max_age_days.expect("checked above"),
    })
}

/// The summary of a checked backup: whole, its metadata, and the school's log against it.
fn summary_of(check: &BackupCheck, metadata: &MetadataVerdict, live: Option<String>) -> String {
    let mut parts = vec![tr!(
        "backup.whole",
        school = check.school_name,
        children = check.children
    )];
    if let Some(anchor) = &check.anchor {
        parts.push(tr!(
            "backup.log_last_entry",
            seq = anchor.seq,
            hash = anchor.short_hash()
        ));
    }
    parts.push(match metadata {
        MetadataVerdict::Matches(_) => tr!("backup.same_as_taken"),
        MetadataVerdict::Missing => tr!("backup.no_metadata"),
    });
    if let Some(problem) = live {
        parts.push(tr!("backup.log_warning", problem = problem));
    }
    parts.join(" ")
}

/// The backup page: the settings, the backups found in the folder, and what went wrong.
fn backup_view(open: &OpenDatabase) -> AppResult<BackupView> {
    let settings = open.db.backup().backup_settings()?;
    let mut problem = open.backup_problem.clone();
    let backups = match backups_in(Path::new(&settings.folder)) {
        _ if settings.folder.is_empty() => Vec::new(),
        Ok(found) => found.into_iter().map(file_view).collect(),
        Err(_) => {
            problem.get_or_insert_with(|| tr!("backup.folder_unreadable"));
            Vec::new()
        }
    };
    Ok(BackupView {
        folder: settings.folder,
        keep: settings.keep,
        max_age_days: settings.max_age_days,
        backups,
        problem,
    })
}

crate::use_case_handle! {
    /// Backups (*sikkerhedskopier*): the use cases, on the office's session.
    backup => BackupUseCases
}

impl BackupUseCases<'_> {
    /// The folder, the number kept, the age limit and the backups there.
    pub fn backups(&mut self) -> AppResult<BackupView> {
        let context = self
            .office
            .authorize(Action::MakeBackups, Subject::School)?;
        backup_view(context.open)
    }

    /// Saves the folder, how many backups to keep and for how long; the folder is also
    /// remembered beside the database, for the day the database is damaged.
    pub fn save_backup_settings(&mut self, input: BackupSettingsInput) -> AppResult<BackupView> {
        let context = self
            .office
            .authorize(Action::MakeBackups, Subject::School)?;
        let settings = parse_settings(&input)?;
        context.open.db.save_backup_settings(&settings)?;
        self.office
            .data_dir
            .remember_backup_folder(&settings.folder)?;
        backup_view(self.office.opened()?)
    }

    /// Takes a backup now into the chosen folder and drops those beyond the number
    /// kept or older than the age limit.
    pub fn back_up_now(&mut self) -> AppResult<BackupView> {
        let today = self
            .office
            .authorize(Action::MakeBackups, Subject::School)?
            .today;
        self.back_up(today)?;
        let open = self.office.opened()?;
        open.backup_problem = None;
        backup_view(open)
    }

    /// A backup into `folder` (the IT helper's copy), leaving the school's folder and
    /// its backups alone.
    pub fn back_up_into(&mut self, folder: &Path) -> AppResult<BackupFile> {
        let open = self
            .office
            .authorize(Action::MakeBackups, Subject::School)?
            .open;
        Ok(file_view(open.db.back_up_to(
            folder,
            &stamp(),
            &open.key,
        )?))
    }

    fn back_up(&mut self, today: NaiveDate) -> AppResult<PathBuf> {
        let open = self.office.opened()?;
        let settings = open.db.backup().backup_settings()?;
        if settings.folder.is_empty() {
            return Err(AppError::Refused(tr!("backup.no_folder")));
        }
        let folder = PathBuf::from(&settings.folder);
        // The names carry the second; one taken this very second (the day's first, at
        // start) makes this one wait for the next.
        let mut when = stamp();
        while folder
            .join(format!("{BACKUP_PREFIX}{when}{BACKUP_SUFFIX}"))
            .exists()
        {
            std::thread::sleep(std::time::Duration::from_millis(200));
            when = stamp();
        }
        let made = open.db.back_up_to(&folder, &when, &open.key)?;
        prune_backups(&folder, &settings, today)?;
        Ok(made)
    }

    /// At the first start of a day: a backup, if a folder is chosen and none was taken
    /// today; and the copies past their age go (backups, files kept aside by restores
    /// or damage). A failure (the USB stick is out) never stops the start; it is shown
    /// on the backup page.
    pub(crate) fn daily_backup(&mut self) -> AppResult<()> {
        let today = clock::today();
        let database = self.office.data_dir.database_path();
        let open = self.office.opened()?;
        let settings = open.db.backup().backup_settings()?;
        self.office
            .data_dir
            .remember_backup_folder(&settings.folder)?;
        if let Err(error) = prune_kept_aside(&database, settings.max_age_days, today) {
            tracing::warn!("old files kept aside could not be removed: {error}");
        }
        if settings.folder.is_empty() {
            return Ok(());
        }
        let day = today.format("%Y%m%d").to_string();
        let taken_today = backups_in(Path::new(&settings.folder))
            .unwrap_or_default()
            .first()
            .and_then(|p| p.file_name()?.to_str().map(str::to_string))
            .is_some_and(|name| name.trim_start_matches(BACKUP_PREFIX).starts_with(&day));
        // Of programs started at the same moment, one makes the day's backup.
        if taken_today || !self.office.data_dir.claim_daily_backup(today)? {
            return Ok(());
        }
        if let Err(error) = self.back_up(today) {
            self.office.data_dir.release_daily_backup(today);
            self.office.opened()?.backup_problem =
                Some(tr!("backup.automatic_failed", error = error));
        }
        Ok(())
    }

    /// Checks a file before it may replace the school's database: the file itself,
    /// its metadata (checksum and where its log ended), and the school's log against
    /// that end (entries cut off since show).
    pub fn check_backup_file(&mut self, path: &str) -> AppResult<BackupCheckView> {
        let open = self
            .office
            .authorize(Action::MakeBackups, Subject::School)?
            .open;
        let check = check_backup(Path::new(path), &open.key)?;
        let metadata = verify_metadata(Path::new(path), &check)?;
        let live = match &check.anchor {
            Some(anchor) => open
                .db
                .audit()
                .audit_matches_anchor(anchor, "sikkerhedskopien")?,
            None => None,
        };
        Ok(BackupCheckView {
            path: path.to_string(),
            summary: summary_of(&check, &metadata, live),
            school_name: check.school_name,
            children: check.children,
            anchor: check.anchor,
        })
    }

    /// R29: the headteacher replaces the school's database with a checked backup whose
    /// metadata matches it. The current file is kept aside beside it; the restored file
    /// records who restored and where the replaced log ended; everyone is logged out,
    /// and the program opens the restored file.
    pub fn restore_backup(&mut self, path: &str) -> AppResult<StartState> {
        let context = self
            .office
            .authorize(Action::RestoreBackup, Subject::School)?;
        let (user, open) = (context.user, context.open);
        let key = open.key.clone();
        let check = check_backup(Path::new(path), &key)?;
        verify_metadata(Path::new(path), &check)?;
        let replaced = open.db.audit().audit_anchor()?;
        // Another process reading the file would keep the old log beside the
        // restored file: refuse before anything is replaced.
        if !open.db.backup().checkpoint()? {
            return Err(StoreError::Busy.into());
        }
        let record = RestoreRecord {
            actor: Actor::user(user.id, &user.full_name),
            backup_file: file_name(path),
            replaced,
            totp_step: None,
        };
        self.office.open = None;
        self.office.user = None;
        self.restore_and_reopen(path, &key, &record)
    }

    /// Restores `path` over the closed school's file and opens the result; whatever
    /// happened, the program opens the school's file again.
    pub(crate) fn restore_and_reopen(
        &mut self,
        path: &str,
        key: &DatabaseKey,
        record: &RestoreRecord,
    ) -> AppResult<StartState> {
        let database = self.office.data_dir.database_path();
        let restored = restore(&database, Path::new(path), key, &stamp(), record);
        let reopened = self.office.open_with(key);
        restored?;
        reopened?;
        tracing::info!("a backup was restored");
        let due = self.office.privacy().retention_due_count(clock::today())?;
        self.office.notice = Some(match due {
            0 => tr!("backup.restored_nothing_to_delete"),
            n => tr!("backup.restored_delete_again", count = n),
        });
        self.office.start()
    }
}

/// A path's file name, for the record (never the folders, which may name people).
pub(crate) fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
