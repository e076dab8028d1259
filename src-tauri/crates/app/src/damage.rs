//! A damaged school file (*beskadiget database*): found at start before anything is
//! written, kept exactly as it was with a copy aside, and the newest backup that checks
//! out offered to the headteacher — who proves who she is against that backup's own
//! users, since the damaged file cannot be trusted to say.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};
use skolekontor_domain::login;
use skolekontor_store::backup::{
    backups_in, check_backup, verify_metadata, RestoreRecord, DAMAGED_COPY,
};
use skolekontor_store::users::user_in_file;
use skolekontor_store::{Actor, DatabaseKey, StoreError};
use ts_rs::TS;

use crate::backup::{file_name, made_text, stamp};
use crate::error::{AppError, AppResult};
use crate::office::{Office, StartState};
use crate::second_factor;
use crate::session::{password_matches, spend_like_a_password_check};
use skolekontor_domain::role::Role;
use skolekontor_domain::tr;
use skolekontor_store::error::Damage;

/// How many of the newest backups are tried before giving up on an offer.
const BACKUPS_TRIED: usize = 10;

/// A backup offered in place of a damaged file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupOffer {
    /// The file.
    pub path: String,
    /// `dd-mm-yyyy hh:mm:ss`.
    pub made: String,
    /// The school in it.
    pub school_name: String,
    /// How many children it has.
    #[ts(type = "number")]
    pub children: i64,
}

/// What the office knows while the school's file is damaged.
pub(crate) struct DamagedSchool {
    /// The school's key from the keyring (none when it could not be read).
    key: Option<DatabaseKey>,
    /// What start found, for the screen.
    pub(crate) state: StartState,
    /// Failed restore logins, counted here: the damaged file cannot keep the count.
    failures: u32,
    last_failure_ms: i64,
}

/// What the screen says about the damage.
fn reason_of(damage: Damage) -> String {
    match damage {
        Damage::Missing => tr!("damage.file_missing"),
        Damage::Empty => tr!("damage.file_empty"),
        other => tr!("damage.file_damaged", damage = other.described()),
    }
}

/// Copies the damaged file (and a write-ahead log beside it) aside, once per damage:
/// an earlier copy with the same content is kept instead of a new one.
fn copy_aside(database: &Path) -> AppResult<Option<PathBuf>> {
    let length = std::fs::metadata(database).map(|m| m.len()).unwrap_or(0);
    if length == 0 {
        return Ok(None);
    }
    let digest = sha256_of(database)?;
    let folder = database.parent().unwrap_or(Path::new("."));
    let prefix = format!(
        "{}.{DAMAGED_COPY}",
        database.file_name().unwrap_or_default().to_string_lossy()
    );
    for entry in std::fs::read_dir(folder)
        .map_err(StoreError::from)?
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix)
            && !name.ends_with("-wal")
            && sha256_of(&entry.path())? == digest
        {
            return Ok(Some(entry.path()));
        }
    }
    let stamp = stamp();
    let copy = (1..)
        .map(|n| match n {
            1 => database.with_extension(format!("db.{DAMAGED_COPY}{stamp}")),
            n => database.with_extension(format!("db.{DAMAGED_COPY}{stamp}-{n}")),
        })
        .find(|path| !path.exists())
        .expect("a free name");
    std::fs::copy(database, &copy).map_err(StoreError::from)?;
    let wal = PathBuf::from(format!("{}-wal", database.display()));
    if wal.exists() {
        std::fs::copy(&wal, format!("{}-wal", copy.display())).map_err(StoreError::from)?;
    }
    Ok(Some(copy))
}

fn sha256_of(path: &Path) -> AppResult<Vec<u8>> {
    let mut file = std::fs::File::open(path).map_err(StoreError::from)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(StoreError::from)?;
    Ok(hasher.finalize().to_vec())
}

/// The newest backup in `folder` that checks out with `key`, its metadata included.
fn newest_good_backup(folder: &Path, key: &DatabaseKey) -> Option<BackupOffer> {
    backups_in(folder)
        .ok()?
        .into_iter()
        .take(BACKUPS_TRIED)
        .find_map(|path| {
            let check = check_backup(&path, key).ok()?;
            verify_metadata(&path, &check).ok()?;
            Some(BackupOffer {
                path: path.display().to_string(),
                made: made_text(&path),
                school_name: check.school_name,
                children: check.children,
            })
        })
}

impl Office {
    /// Start found the school's file damaged (or gone beside its stored key): nothing
    /// is written to it; a copy goes aside, and the newest backup that checks out is
    /// offered.
    pub(crate) fn enter_damaged(
        &mut self,
        key: Option<DatabaseKey>,
        damage: Damage,
    ) -> AppResult<StartState> {
        tracing::warn!("the school's database file is damaged");
        let database = self.data_dir.database_path();
        let copy = if damage == Damage::Missing {
            None
        } else {
            copy_aside(&database)?
        };
        let backup = match (&key, self.data_dir.backup_folder()) {
            (Some(key), Some(folder)) => newest_good_backup(&folder, key),
            _ => None,
        };
        let state = StartState::Damaged {
            reason: reason_of(damage),
            copy_aside: copy.map(|p| p.display().to_string()),
            backup,
        };
        self.damaged = Some(DamagedSchool {
            key,
            state: state.clone(),
            failures: 0,
            last_failure_ms: 0,
        });
        Ok(state)
    }

    /// The headteacher restores a backup over the damaged file, proving who she is with
    /// her user name, password and one-time code *as the backup knows them*. The
    /// restored file records her and where the damaged file's log ended, if it could
    /// be read.
    pub fn restore_damaged(
        &mut self,
        backup: &str,
        username: &str,
        password: &str,
        code: &str,
    ) -> AppResult<StartState> {
        let now_ms = self.unix_millis() as i64;
        let now = self.unix_now();
        let damaged = self
            .damaged
            .as_mut()
            .ok_or(AppError::WrongState(tr!("damage.not_damaged")))?;
        let key = damaged
            .key
            .clone()
            .ok_or(AppError::WrongState(tr!("damage.key_unreadable")))?;
        let wait = login::wait_left_ms(damaged.failures, damaged.last_failure_ms, now_ms);
        if wait > 0 {
            return Err(AppError::TooManyTries(login::wait_text(wait)));
        }
        let path = Path::new(backup);
        let check = check_backup(path, &key)?;
        verify_metadata(path, &check)?;
        let found = user_in_file(path, &key, username.trim())?;
        let matches = match &found {
            Some(user) => password_matches(password, &user.password_hash) && user.active,
            None => spend_like_a_password_check(password),
        };
        let step = found
            .as_ref()
            .filter(|_| matches)
            .filter(|user| user.role == Role::Headteacher)
            .and_then(|user| {
                let secret = user.totp_secret.as_deref()?;
                second_factor::matching_step(secret, code, now)
                    .filter(|step| login::step_is_fresh(*step, user.totp_last_step))
            });
        let (Some(user), Some(step)) = (found, step) else {
            damaged.failures += 1;
            damaged.last_failure_ms = now_ms;
            tracing::info!("restore over a damaged file refused");
            return Err(AppError::Refused(tr!("damage.headteacher_only")));
        };
        let database = self.data_dir.database_path();
        let record = RestoreRecord {
            actor: Actor::user(user.id, &user.full_name),
            backup_file: file_name(backup),
            replaced: skolekontor_store::audit::anchor_in_file(&database, &key),
            totp_step: Some((user.id, step)),
        };
        self.damaged = None;
        self.backup().restore_and_reopen(backup, &key, &record)
    }
}
