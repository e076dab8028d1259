//! Backups (*sikkerhedskopier*): a copy of the open database, encrypted with the same
//! key, so the recovery key opens it on any PC; its metadata beside it (what it holds,
//! its SHA-256 and where its audit log ends — the log's anchor outside the file); the
//! check a backup must pass before it may replace the school's file; the restore,
//! which renames the checked copy over the file so a crash leaves the old school or
//! the new, never none; and pruning by number and by age.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OpenFlags};
use sha2::{Digest, Sha256};
use skolekontor_domain::audit::{AuditAnchor, AuditEvent, RestoreSeen};

use crate::audit::{anchor_of, append, verify_chain, Actor};
use crate::database::{apply_key, check_file, connect, now_utc, Database};
use crate::error::{StoreError, StoreResult};
use crate::key::DatabaseKey;
use crate::migrations;
use skolekontor_domain::tr;

/// A backup's file name starts with this; the rest is the time it was made.
pub const BACKUP_PREFIX: &str = "skolekontor-sikkerhedskopi-";
/// …and ends with this.
pub const BACKUP_SUFFIX: &str = ".db";
/// Its metadata file has the same name with this ending instead.
pub const METADATA_SUFFIX: &str = ".json";
/// The school's file kept aside by a restore: `skolekontor.db.before-restore-<stamp>`.
pub const BEFORE_RESTORE: &str = "before-restore-";
/// A damaged file's copy kept aside at start: `skolekontor.db.beskadiget-<stamp>`.
pub const DAMAGED_COPY: &str = "beskadiget-";
/// The copy of the school's file taken before its schema is upgraded:
/// `skolekontor.db.before-upgrade-v16-<stamp>`.
pub const BEFORE_UPGRADE: &str = "before-upgrade-";

/// Where backups go, how many are kept and for how many days at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// The folder; empty when none is chosen.
    pub folder: String,
    /// How many backups are kept at most.
    pub keep: u32,
    /// How many days a backup (and a file kept aside by a restore) is kept at most:
    /// what a deletion leaves in the copies is gone after that (R26).
    pub max_age_days: u32,
}

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCheck {
    /// The schema version in the file.
    pub schema_version: i64,
    pub school_name: String,
    /// How many children are registered.
    pub children: i64,
    /// Where its audit log ends.
    pub anchor: Option<AuditAnchor>,
}

/// What the metadata beside a backup said, once compared with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataVerdict {
    /// The file is the one the metadata describes, its log ending where it did.
    Matches(AuditAnchor),
    /// No metadata beside the file (a backup from before they were written).
    Missing,
}

/// The backups in `folder`, newest first.
pub fn backups_in(folder: &Path) -> StoreResult<Vec<PathBuf>> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(BACKUP_PREFIX) && n.ends_with(BACKUP_SUFFIX))
        })
        .collect();
    // The names carry the time, so the newest sorts last.
    found.sort();
    found.reverse();
    Ok(found)
}

/// The metadata file of the backup at `backup`.
pub fn metadata_path(backup: &Path) -> PathBuf {
    backup.with_extension(METADATA_SUFFIX.trim_start_matches('.'))
}

/// Checks that `path` is a whole Skolekontor database this program can open with
/// `key`: every page's checksum, SQLite's `integrity_check`, a whole audit chain, a
/// schema version not newer than this program's, and a school. Touches nothing.
pub fn check_backup(path: &Path, key: &DatabaseKey) -> StoreResult<BackupCheck> {
    if !path.is_file() {
        return Err(StoreError::Backup(tr!("backup.not_found")));
    }
    check_file(path, key).map_err(|error| match error {
        StoreError::WrongKey => StoreError::Backup(tr!("backup.other_key")),
        StoreError::Damaged(damage) => {
            StoreError::Backup(tr!("backup.damaged", damage = damage.described()))
        }
        other => other,
    })?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(StoreError::Backup(tr!("backup.integrity")));
    }
    let schema_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if schema_version > migrations::latest_version() {
        return Err(StoreError::TooNew {
            found: schema_version,
            known: migrations::latest_version(),
        });
    }
    let school_name: String = conn
        .query_row("SELECT name FROM school", [], |r| r.get(0))
        .map_err(|_| StoreError::Backup(tr!("backup.no_school")))?;
    let children: i64 = conn.query_row("SELECT count(*) FROM child", [], |r| r.get(0))?;
    let chain = verify_chain(&conn)?;
    if let Some(problem) = chain.problem {
        return Err(StoreError::Backup(tr!(
            "backup.log_broken",
            problem = problem
        )));
    }
    Ok(BackupCheck {
        schema_version,
        school_name,
        children,
        anchor: anchor_of(&conn)?,
    })
}

/// Compares a checked backup with the metadata written beside it when it was made: the
/// file's SHA-256 and where its audit log ends must be the same, or the backup was
/// changed since (even by someone holding the key).
pub fn verify_metadata(path: &Path, check: &BackupCheck) -> StoreResult<MetadataVerdict> {
    let text = match std::fs::read_to_string(metadata_path(path)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(MetadataVerdict::Missing),
        Err(e) => return Err(e.into()),
    };
    let changed = |what: &str| StoreError::Backup(tr!("backup.changed", what = what));
    let metadata: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| changed(&tr!("backup.metadata_unreadable")))?;
    if metadata["fileSha256"].as_str() != Some(sha256_of(path)?.as_str()) {
        return Err(changed(&tr!("backup.checksum_differs")));
    }
    let noted = AuditAnchor {
        seq: metadata["auditLastSeq"].as_i64().unwrap_or(-1),
        hash: metadata["auditLastHash"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    };
    if check.anchor.as_ref() != Some(&noted) {
        return Err(changed(&tr!("backup.log_ends_elsewhere")));
    }
    Ok(MetadataVerdict::Matches(noted))
}

/// The anchors noted beside the backups in `folder`, newest first, with the file each
/// is from (read from the metadata alone; nothing is decrypted).
/// Each backup in `folder` with where its log ended and when it was made (UTC, from
/// its metadata).
pub fn anchors_in(folder: &Path) -> StoreResult<Vec<(PathBuf, AuditAnchor, String)>> {
    let mut anchors = Vec::new();
    for backup in backups_in(folder)? {
        let Ok(text) = std::fs::read_to_string(metadata_path(&backup)) else {
            continue;
        };
        let Ok(metadata) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if let (Some(seq), Some(hash)) = (
            metadata["auditLastSeq"].as_i64(),
            metadata["auditLastHash"].as_str(),
        ) {
            let hash = hash.to_string();
            let made = metadata["madeUtc"].as_str().unwrap_or_default().to_string();
            anchors.push((backup, AuditAnchor { seq, hash }, made));
        }
    }
    Ok(anchors)
}

fn sha256_of(path: &Path) -> StoreResult<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Makes the data on disk of `path` durable. Windows flushes only through a handle
/// that may write, so the file is opened for writing (and nothing is written).
fn sync_file(path: &Path) -> StoreResult<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()?;
    Ok(())
}

/// Makes a rename in `folder` durable (on Unix; Windows renames are durable once
/// the call returns).
fn sync_folder(folder: &Path) -> StoreResult<()> {
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

impl Database {
    /// Saves where backups go, how many are kept and for how long.
    pub fn save_backup_settings(&mut self, settings: &BackupSettings) -> StoreResult<()> {
        let (actor, today) = (self.actor().clone(), self.today());
        let tx = self.transaction()?;
        // The privacy notice states the age limit: a new one is a new notice (R28).
        tx.execute(
            "UPDATE school SET privacy_changed_on = ?2 WHERE backup_max_age_days IS NOT ?1",
            params![settings.max_age_days, today],
        )?;
        tx.execute(
            "UPDATE school SET backup_folder = ?1, backup_keep = ?2, backup_max_age_days = ?3",
            params![settings.folder, settings.keep, settings.max_age_days],
        )?;
        append(
            &tx,
            &actor,
            &AuditEvent::change("backup.settings", "school", 1).with_fields([
                "backup_folder",
                "backup_keep",
                "backup_max_age_days",
            ]),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Writes a backup into `folder` named by `stamp` (`20261123T195500`): the copy is
    /// made beside its final name, synced, checked with `key`, given its metadata (the
    /// file's SHA-256 and where its audit log ends), and only then its name, so a full
    /// disk or a pulled USB stick leaves no half backup.
    pub fn back_up_to(
        &mut self,
        folder: &Path,
        stamp: &str,
        key: &DatabaseKey,
    ) -> StoreResult<PathBuf> {
        std::fs::create_dir_all(folder)?;
        let target = folder.join(format!("{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"));
        if target.exists() {
            return Err(StoreError::Backup(tr!("backup.same_second")));
        }
        // A name of its own for the copy being made, so two programs backing up in
        // the same second never write into one file; dropped, it is removed.
        let partial = tempfile::Builder::new()
            .prefix(&format!(".{BACKUP_PREFIX}{stamp}-"))
            .suffix(".db-ufaerdig")
            .tempfile_in(folder)?
            .into_temp_path();
        let check = self.backup().export_to(&partial).and_then(|()| {
            sync_file(&partial)?;
            check_backup(&partial, key)
        })?;
        // The file takes its name only if no other program took it first.
        partial.persist_noclobber(&target).map_err(|error| {
            if error.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Backup(tr!("backup.same_second"))
            } else {
                error.error.into()
            }
        })?;
        if let Err(error) = write_metadata(&metadata_path(&target), &target, &check) {
            let _ = std::fs::remove_file(&target);
            return Err(error);
        }
        sync_folder(folder)?;
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        append(&tx, &actor, &AuditEvent::change("backup.made", "school", 1))?;
        tx.commit()?;
        Ok(target)
    }

    /// Notes that the retention plan was shown after the restores so far.
    pub fn mark_restore_reviewed(&mut self) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE restore_record SET retention_reviewed_at = ?1 WHERE retention_reviewed_at IS NULL",
            [now_utc()],
        )?;
        Ok(())
    }
}

crate::concept_handles! {
    /// Backups.
    backup => BackupQueries
}

impl BackupQueries<'_> {
    /// Where backups go, how many are kept and for how long.
    pub fn backup_settings(&self) -> StoreResult<BackupSettings> {
        Ok(self.db.conn().query_row(
            "SELECT backup_folder, backup_keep, backup_max_age_days FROM school",
            [],
            |r| {
                Ok(BackupSettings {
                    folder: r.get(0)?,
                    keep: r.get(1)?,
                    max_age_days: r.get(2)?,
                })
            },
        )?)
    }

    /// `sqlcipher_export` into a new file attached without a key, which SQLCipher keys
    /// with the main database's key; the schema version is copied by hand.
    fn export_to(&self, path: &Path) -> StoreResult<()> {
        export_copy(self.db.conn(), path)
    }

    /// Every restore made into this file, with where the log it replaced ended.
    pub fn restores(&self) -> StoreResult<Vec<RestoreSeen>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT restored_at, replaced_last_seq, replaced_last_hash FROM restore_record ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let (seq, hash): (Option<i64>, Option<String>) = (r.get(1)?, r.get(2)?);
            Ok(RestoreSeen {
                restored_at: r.get(0)?,
                replaced: seq.zip(hash).map(|(seq, hash)| AuditAnchor { seq, hash }),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a restore has happened whose retention plan nobody has looked at since.
    pub fn unreviewed_restore(&self) -> StoreResult<bool> {
        Ok(self.db.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM restore_record WHERE retention_reviewed_at IS NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Writes the write-ahead log into the file and empties it, so what was deleted
    /// is no longer in the log beside it either. False when another process (a second
    /// window, the command line) was reading and the log could not be emptied.
    pub fn checkpoint(&self) -> StoreResult<bool> {
        // One row: busy (1 when it could not finish), frames in the log, frames written.
        let (busy, in_log, written): (i64, i64, i64) =
            self.db
                .conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(busy == 0 && in_log == written)
    }
}

/// Copies the database open on `conn` into a new file at `path` with
/// `sqlcipher_export`, keyed with the same key, schema version included: a whole,
/// consistent copy whatever the write-ahead log holds.
pub(crate) fn export_copy(conn: &rusqlite::Connection, path: &Path) -> StoreResult<()> {
    let name = path
        .to_str()
        .ok_or_else(|| StoreError::Backup(tr!("backup.folder_name")))?;
    // The school's connection may not create files, so the empty file comes first.
    std::fs::File::create(path)?;
    conn.execute("ATTACH DATABASE ?1 AS backup", [name])?;
    let exported = (|| -> StoreResult<()> {
        conn.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA backup.user_version = {version};"))?;
        Ok(())
    })();
    conn.execute_batch("DETACH DATABASE backup;")?;
    exported
}

fn write_metadata(path: &Path, backup: &Path, check: &BackupCheck) -> StoreResult<()> {
    let metadata = serde_json::json!({
        "format": 1,
        "madeUtc": now_utc(),
        "school": check.school_name,
        "schemaVersion": check.schema_version,
        "children": check.children,
        "auditLastSeq": check.anchor.as_ref().map(|a| a.seq),
        "auditLastHash": check.anchor.as_ref().map(|a| a.hash.clone()),
        "fileSha256": sha256_of(backup)?,
    });
    let text = serde_json::to_string_pretty(&metadata).unwrap_or_default();
    crate::data_dir::write_atomically(path, text.as_bytes())?;
    Ok(())
}

/// Who restores, written into the restored file before it replaces the school's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreRecord {
    /// Who restored.
    pub actor: Actor,
    /// The backup's file name.
    pub backup_file: String,
    /// Where the replaced file's audit log ended, if it could be read.
    pub replaced: Option<AuditAnchor>,
    /// The one-time code's time step a restorer used (user id, step), taken in the
    /// restored file too, so the same code cannot log in again.
    pub totp_step: Option<(i64, u64)>,
}

/// Replaces the database at `database` with the checked backup at `backup`:
///
/// 1. the backup is copied beside the database, synced and checked again;
/// 2. `record` (who restored, and where the replaced file's log ended) is written
///    into that copy with its audit entry;
/// 3. the current file (and a write-ahead log beside it) is *copied* aside to
///    `…before-restore-<stamp>`;
/// 4. the copy is renamed over the database and the folder synced.
///
/// A crash at any point leaves either the old school or the restored one in place,
/// never none. The database must be closed.
pub fn restore(
    database: &Path,
    backup: &Path,
    key: &DatabaseKey,
    stamp: &str,
    record: &RestoreRecord,
) -> StoreResult<(BackupCheck, Option<PathBuf>)> {
    check_backup(backup, key)?;
    let folder = database.parent().unwrap_or(Path::new("."));
    let incoming = database.with_extension("restoring");
    remove_with_journals(&incoming)?;
    let prepared = (|| {
        std::fs::copy(backup, &incoming)?;
        sync_file(&incoming)?;
        let check = check_backup(&incoming, key)?;
        write_restore_record(&incoming, key, &check, record)?;
        sync_file(&incoming)?;
        Ok::<_, StoreError>(check)
    })();
    let check = match prepared {
        Ok(check) => check,
        Err(error) => {
            let _ = remove_with_journals(&incoming);
            return Err(error);
        }
    };
    let aside = if database.exists() {
        let aside = database.with_extension(format!("db.{BEFORE_RESTORE}{stamp}"));
        std::fs::copy(database, &aside)?;
        sync_file(&aside)?;
        for suffix in ["-wal", "-shm"] {
            let journal = journal_of(database, suffix);
            if journal.exists() {
                if suffix == "-wal" {
                    std::fs::copy(&journal, journal_of(&aside, suffix))?;
                }
                std::fs::remove_file(&journal)?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, database)?;
    sync_folder(folder)?;
    Ok((check, aside))
}

fn journal_of(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

fn remove_with_journals(path: &Path) -> StoreResult<()> {
    for file in [
        path.to_path_buf(),
        journal_of(path, "-wal"),
        journal_of(path, "-shm"),
    ] {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Writes the restore's record and audit entry into the copy about to be restored, in
/// one transaction, and leaves no write-ahead log beside it.
fn write_restore_record(
    incoming: &Path,
    key: &DatabaseKey,
    check: &BackupCheck,
    record: &RestoreRecord,
) -> StoreResult<()> {
    let mut conn = connect(incoming, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    apply_key(&conn, key)?;
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;")?;
    // A backup from an earlier version is brought up to today's schema first: the
    // record's table may be younger than the backup.
    crate::migrations::run(&mut conn)?;
    let tx = conn.transaction()?;
    let (backup_seq, backup_hash) = check
        .anchor
        .as_ref()
        .map_or((0, String::new()), |a| (a.seq, a.hash.clone()));
    tx.execute(
        "INSERT INTO restore_record (restored_at, restored_by, restored_by_name, backup_file,
             backup_last_seq, backup_last_hash, replaced_last_seq, replaced_last_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now_utc(),
            record.actor.user_id,
            record.actor.name,
            record.backup_file,
            backup_seq,
            backup_hash,
            record.replaced.as_ref().map(|a| a.seq),
            record.replaced.as_ref().map(|a| a.hash.clone()),
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some((user_id, step)) = record.totp_step {
        tx.execute(
            "UPDATE app_user SET totp_last_step = max(totp_last_step, ?2) WHERE id = ?1",
            params![user_id, i64::try_from(step).unwrap_or(i64::MAX)],
        )?;
    }
    append(
        &tx,
        &record.actor,
        &AuditEvent::change("backup.restored", "restore_record", id),
    )?;
    tx.commit()?;
    Ok(())
}

/// The stamp's time in a backup's or kept-aside file's name, if it has one.
fn stamp_of(name: &str) -> Option<NaiveDateTime> {
    let stamp: String = name
        .rsplit(['-', '.'])
        .find(|part| part.len() >= 15 && part.as_bytes()[8] == b'T')?
        .chars()
        .take(15)
        .collect();
    NaiveDateTime::parse_from_str(&stamp, "%Y%m%dT%H%M%S").ok()
}

/// Whether a file stamped `stamp` is older than `max_age_days` on `today`.
fn too_old(stamp: Option<NaiveDateTime>, today: NaiveDate, max_age_days: u32) -> bool {
    stamp.is_some_and(|at| (today - at.date()).num_days() > i64::from(max_age_days))
}

/// Deletes the backups in `folder` beyond the `keep` newest and those older than
/// `max_age_days` on `today` (with their metadata); returns how many went.
pub fn prune_backups(
    folder: &Path,
    settings: &BackupSettings,
    today: NaiveDate,
) -> StoreResult<usize> {
    let old: Vec<PathBuf> = backups_in(folder)?
        .into_iter()
        .enumerate()
        .filter(|(index, path)| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            *index >= settings.keep as usize
                || too_old(stamp_of(name), today, settings.max_age_days)
        })
        .map(|(_, path)| path)
        .collect();
    for path in &old {
        std::fs::remove_file(path)?;
        let _ = std::fs::remove_file(metadata_path(path));
    }
    Ok(old.len())
}

/// Deletes the school's files kept aside by restores and damage (`…before-restore-…`,
/// `…beskadiget-…`, with their journals) that are older than `max_age_days`: they hold
/// personal data like a backup and go by the same rule. Returns how many went.
pub fn prune_kept_aside(
    database: &Path,
    max_age_days: u32,
    today: NaiveDate,
) -> StoreResult<usize> {
    let Some(folder) = database.parent() else {
        return Ok(0);
    };
    let base = database
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let mut removed = 0;
    for entry in std::fs::read_dir(folder)?.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kept_aside = [BEFORE_RESTORE, DAMAGED_COPY, BEFORE_UPGRADE]
            .iter()
            .any(|kind| name.starts_with(&format!("{base}.{kind}")));
        if kept_aside && too_old(stamp_of(&name), today, max_age_days) {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_is_read_from_every_kind_of_name() {
        let at = NaiveDateTime::parse_from_str("20261123T201500", "%Y%m%dT%H%M%S").unwrap();
        for name in [
            "skolekontor-sikkerhedskopi-20261123T201500.db",
            "skolekontor.db.before-restore-20261123T201500",
            "skolekontor.db.before-restore-20261123T201500-wal",
            "skolekontor.db.beskadiget-20261123T201500",
        ] {
            assert_eq!(stamp_of(name), Some(at), "{name}");
        }
        assert_eq!(stamp_of("skolekontor.db"), None);
    }

    #[test]
    fn r26_a_copy_is_too_old_the_day_after_its_last_day() {
        let made = stamp_of("skolekontor-sikkerhedskopi-20260901T080000.db");
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert!(!too_old(made, day(30), 90), "day 90");
        assert!(too_old(
            made,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            90
        ));
        assert!(
            !too_old(None, day(30), 1),
            "a name without a stamp is left alone"
        );
    }
}
