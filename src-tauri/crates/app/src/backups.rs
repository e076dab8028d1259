//! Use cases of backups (*sikkerhedskopier*): the folder and how many to keep, a backup
//! on demand and once a day at the first start, the check of a file, and the restore
//! that only the headteacher may run.

use std::path::{Path, PathBuf};

use chrono_tz::Europe::Copenhagen;
use serde::{Deserialize, Serialize};
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::backup::{
    backups_in, check_backup, prune_backups, restore, BACKUP_PREFIX, BACKUP_SUFFIX,
};
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::office::{Office, StartState};

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
    /// "Sikkerhedskopien er hel: …".
    pub summary: String,
}

/// The program's day and the time now in Copenhagen: `20261123T201500`.
fn stamp() -> String {
    let now = chrono::Utc::now().with_timezone(&Copenhagen);
    format!(
        "{}T{}",
        clock::today().format("%Y%m%d"),
        now.format("%H%M%S")
    )
}

fn made_text(path: &Path) -> String {
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

fn parse_settings(input: &BackupSettingsInput) -> Result<(String, u32), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let folder = input.folder.trim();
    if !folder.is_empty() && !Path::new(folder).is_absolute() {
        errors.add(
            "folder",
            "Vælg mappen med knappen, eller skriv den fulde sti.",
        );
    }
    let keep = input
        .keep
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=365).contains(n));
    if keep.is_none() {
        errors.add("keep", "Skriv et tal fra 1 til 365.");
    }
    errors.into_result()?;
    Ok((folder.to_string(), keep.expect("checked above")))
}

impl Office {
    /// The folder, the number kept and the backups there.
    pub fn backups(&mut self) -> AppResult<BackupView> {
        self.user()?.require(Action::MakeBackups)?;
        let open = self.opened()?;
        let (folder, keep) = open.db.backup_settings()?;
        let mut problem = open.backup_problem.clone();
        let backups = match backups_in(Path::new(&folder)) {
            _ if folder.is_empty() => Vec::new(),
            Ok(found) => found.into_iter().map(file_view).collect(),
            Err(_) => {
                problem.get_or_insert_with(|| {
                    "Mappen til sikkerhedskopier kan ikke læses. Sæt USB-stikket i, eller vælg en anden mappe.".into()
                });
                Vec::new()
            }
        };
        Ok(BackupView {
            folder,
            keep,
            backups,
            problem,
        })
    }

    /// Saves the folder and how many backups to keep.
    pub fn save_backup_settings(&mut self, input: BackupSettingsInput) -> AppResult<BackupView> {
        self.user()?.require(Action::MakeBackups)?;
        let (folder, keep) = parse_settings(&input)?;
        self.opened()?.db.save_backup_settings(&folder, keep)?;
        self.backups()
    }

    /// Takes a backup now into the chosen folder and drops the oldest beyond the number kept.
    pub fn back_up_now(&mut self) -> AppResult<BackupView> {
        self.user()?.require(Action::MakeBackups)?;
        self.back_up()?;
        self.opened()?.backup_problem = None;
        self.backups()
    }

    /// A backup into `folder` (the IT helper's copy), leaving the school's folder and
    /// its backups alone.
    pub fn back_up_into(&mut self, folder: &Path) -> AppResult<BackupFile> {
        self.user()?.require(Action::MakeBackups)?;
        let open = self.opened()?;
        Ok(file_view(open.db.back_up_to(
            folder,
            &stamp(),
            &open.key,
        )?))
    }

    fn back_up(&mut self) -> AppResult<PathBuf> {
        let open = self.opened()?;
        let (folder, keep) = open.db.backup_settings()?;
        if folder.is_empty() {
            return Err(AppError::Refused(
                "Vælg først, hvor sikkerhedskopierne skal ligge (fx et USB-stik eller et netværksdrev).".into(),
            ));
        }
        let folder = PathBuf::from(folder);
        let made = open.db.back_up_to(&folder, &stamp(), &open.key)?;
        prune_backups(&folder, keep)?;
        Ok(made)
    }

    /// At the first start of a day: a backup, if a folder is chosen and none was taken
    /// today. A failure (the USB stick is out) never stops the start; it is shown on
    /// the backup page.
    pub(crate) fn daily_backup(&mut self) -> AppResult<()> {
        let open = self.opened()?;
        let (folder, _) = open.db.backup_settings()?;
        if folder.is_empty() {
            return Ok(());
        }
        let today = clock::today().format("%Y%m%d").to_string();
        let taken_today = backups_in(Path::new(&folder))
            .unwrap_or_default()
            .first()
            .and_then(|p| p.file_name()?.to_str().map(str::to_string))
            .is_some_and(|name| name.trim_start_matches(BACKUP_PREFIX).starts_with(&today));
        if taken_today {
            return Ok(());
        }
        if let Err(error) = self.back_up() {
            self.opened()?.backup_problem = Some(format!(
                "Dagens automatiske sikkerhedskopi blev ikke taget: {error}"
            ));
        }
        Ok(())
    }

    /// Checks a file before it may replace the school's database.
    pub fn check_backup_file(&mut self, path: &str) -> AppResult<BackupCheckView> {
        self.user()?.require(Action::MakeBackups)?;
        let open = self.opened()?;
        let check = check_backup(Path::new(path), &open.key)?;
        Ok(BackupCheckView {
            path: path.to_string(),
            summary: format!(
                "Sikkerhedskopien er hel: {}, {} børn.",
                check.school_name, check.children
            ),
            school_name: check.school_name,
            children: check.children,
        })
    }

    /// R29: the headteacher replaces the school's database with a checked backup. The
    /// current file is kept aside beside it; everyone is logged out, and the program
    /// opens the restored file.
    pub fn restore_backup(&mut self, path: &str) -> AppResult<StartState> {
        self.user()?.require(Action::RestoreBackup)?;
        let key = self.opened()?.key.clone();
        check_backup(Path::new(path), &key)?;
        let database = self.data_dir.database_path();
        self.open = None;
        self.user = None;
        let restored = restore(&database, Path::new(path), &key, &stamp());
        // Whatever happened, the program opens the school's file again.
        let reopened = self.open_with(&key);
        restored?;
        reopened?;
        self.opened()?
            .db
            .record(&skolekontor_domain::audit::AuditEvent::change(
                "backup.restored",
                "school",
                1,
            ))?;
        self.start()
    }
}
