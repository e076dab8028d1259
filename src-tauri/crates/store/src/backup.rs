//! Backups (*sikkerhedskopier*): a copy of the open database, encrypted with the same
//! key, so the recovery key opens it on any PC; the check a backup must pass before it
//! may replace the school's file; and the restore that keeps the current file aside.

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;
use skolekontor_domain::audit::AuditEvent;

use crate::audit::append;
use crate::database::{apply_key, connect, Database};
use crate::error::{StoreError, StoreResult};
use crate::key::DatabaseKey;
use crate::migrations;

/// A backup's file name starts with this; the rest is the UTC time it was made.
pub const BACKUP_PREFIX: &str = "skolekontor-sikkerhedskopi-";
/// …and ends with this.
pub const BACKUP_SUFFIX: &str = ".db";

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCheck {
    /// The schema version in the file.
    pub schema_version: i64,
    /// The school's name.
    pub school_name: String,
    /// How many children are registered.
    pub children: i64,
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

/// Checks that `path` is a whole Skolekontor database this program can open with
/// `key`: every page's HMAC (`cipher_integrity_check`), SQLite's `integrity_check`,
/// a schema version not newer than this program's, and a school. Touches nothing.
pub fn check_backup(path: &Path, key: &DatabaseKey) -> StoreResult<BackupCheck> {
    if !path.is_file() {
        return Err(StoreError::Backup("Sikkerhedskopien findes ikke.".into()));
    }
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key).map_err(|error| match error {
        StoreError::WrongKey => StoreError::Backup(
            "Filen kan ikke åbnes med skolens nøgle, så den er ikke en sikkerhedskopi af denne skoles database. Intet er ændret.".into(),
        ),
        other => other,
    })?;
    let cipher_problems: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if !cipher_problems.is_empty() {
        return Err(StoreError::Backup(format!(
            "Sikkerhedskopien er beskadiget: {} sider stemmer ikke med deres kontrolsum. Intet er ændret; brug en anden sikkerhedskopi.",
            cipher_problems.len()
        )));
    }
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(StoreError::Backup(
            "Sikkerhedskopien er beskadiget: databasens egen kontrol fandt fejl. Intet er ændret; brug en anden sikkerhedskopi.".into(),
        ));
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
        .map_err(|_| StoreError::Backup("Filen er ikke en sikkerhedskopi fra Skolekontor (den har ingen skole). Intet er ændret.".into()))?;
    let children: i64 = conn.query_row("SELECT count(*) FROM child", [], |r| r.get(0))?;
    Ok(BackupCheck {
        schema_version,
        school_name,
        children,
    })
}

impl Database {
    /// The backup folder (empty: none chosen) and how many backups to keep.
    pub fn backup_settings(&self) -> StoreResult<(String, u32)> {
        Ok(self
            .conn()
            .query_row("SELECT backup_folder, backup_keep FROM school", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
    }

    /// Saves where backups go and how many are kept.
    pub fn save_backup_settings(&mut self, folder: &str, keep: u32) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        tx.execute(
            "UPDATE school SET backup_folder = ?1, backup_keep = ?2",
            rusqlite::params![folder, keep],
        )?;
        append(
            &tx,
            &actor,
            &AuditEvent::change("backup.settings", "school", 1)
                .with_fields(["backup_folder", "backup_keep"]),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Writes a backup into `folder` named by `stamp` (UTC, `20261123T195500Z`): the
    /// copy is made beside its final name, synced, checked with `key`, and only then
    /// given the name, so a full disk or a pulled USB stick leaves no half backup.
    pub fn back_up_to(
        &mut self,
        folder: &Path,
        stamp: &str,
        key: &DatabaseKey,
    ) -> StoreResult<PathBuf> {
        std::fs::create_dir_all(folder)?;
        let target = folder.join(format!("{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"));
        if target.exists() {
            return Err(StoreError::Backup(
                "Der findes allerede en sikkerhedskopi fra samme sekund. Vent et øjeblik, og prøv igen.".into(),
            ));
        }
        let partial = target.with_extension("db-ufaerdig");
        let _ = std::fs::remove_file(&partial);
        let made = self.export_to(&partial).and_then(|()| {
            std::fs::File::open(&partial)?.sync_all()?;
            check_backup(&partial, key)
        });
        if let Err(error) = made {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
        std::fs::rename(&partial, &target)?;
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        append(&tx, &actor, &AuditEvent::change("backup.made", "school", 1))?;
        tx.commit()?;
        Ok(target)
    }

    /// `sqlcipher_export` into a new file attached without a key, which SQLCipher keys
    /// with the main database's key; the schema version is copied by hand.
    fn export_to(&self, path: &Path) -> StoreResult<()> {
        let conn = self.conn();
        let name = path.to_str().ok_or_else(|| {
            StoreError::Backup(
                "Mappens navn kan ikke bruges til en sikkerhedskopi. Vælg en anden mappe.".into(),
            )
        })?;
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
}

/// Replaces the database at `database` with the checked backup at `backup`. The
/// current file (and its journal files) are moved aside to `…before-restore-<stamp>`
/// first; the backup is copied beside the final name, synced and renamed into place.
/// The database must be closed.
pub fn restore(
    database: &Path,
    backup: &Path,
    key: &DatabaseKey,
    stamp: &str,
) -> StoreResult<(BackupCheck, Option<PathBuf>)> {
    let check = check_backup(backup, key)?;
    let incoming = database.with_extension("restoring");
    std::fs::copy(backup, &incoming)?;
    std::fs::File::open(&incoming)?.sync_all()?;
    let aside = if database.exists() {
        let aside = database.with_extension(format!("db.before-restore-{stamp}"));
        std::fs::rename(database, &aside)?;
        for suffix in ["-wal", "-shm"] {
            let journal = PathBuf::from(format!("{}{suffix}", database.display()));
            if journal.exists() {
                std::fs::rename(
                    &journal,
                    PathBuf::from(format!("{}{suffix}", aside.display())),
                )?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, database)?;
    Ok((check, aside))
}

/// Deletes all but the `keep` newest backups in `folder`; returns how many went.
pub fn prune_backups(folder: &Path, keep: u32) -> StoreResult<usize> {
    let old: Vec<PathBuf> = backups_in(folder)?
        .into_iter()
        .skip(keep as usize)
        .collect();
    for path in &old {
        std::fs::remove_file(path)?;
    }
    Ok(old.len())
}
