//! Opening and creating the encrypted database.
//!
//! The key is checked on a read-only connection first, so a wrong key can never
//! write to (or create) the file; only then is the file opened for writing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::audit::Actor;
use crate::error::{Damage, StoreError, StoreResult};
use crate::key::DatabaseKey;
use crate::migrations;

/// An open, unlocked, migrated database.
pub struct Database {
    conn: Connection,
    path: PathBuf,
    /// Who the audit log names for the changes made through this handle.
    actor: Actor,
    /// The program's day, set by the app (the store never decides what day it is);
    /// "current" placements are those running on it.
    today: chrono::NaiveDate,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish()
    }
}

/// Opens a connection once SQLCipher is fully initialised.
///
/// SQLite runs SQLCipher's set-up (`SQLITE_EXTRA_INIT`) *after* it has marked itself
/// initialised, so a second thread opening its first connection at the same moment
/// could key it before SQLCipher was ready and get "An error occurred with PRAGMA
/// key". Initialising once, on one thread, before any connection closes that window.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> StoreResult<Connection> {
    // The first connection initialises SQLite and SQLCipher on this thread while any
    // other thread waits here. It is in memory, so it touches no file; should it fail,
    // the real open below fails too and reports why.
    static SQLCIPHER_READY: std::sync::Once = std::sync::Once::new();
    SQLCIPHER_READY.call_once(|| drop(Connection::open_in_memory()));
    Ok(Connection::open_with_flags(path, flags)?)
}

/// Keys a fresh connection: SQLCipher's log off (no place for key events) and its
/// memory security on (what it allocates is wiped when freed), then the key.
fn key_connection(conn: &Connection, key: &DatabaseKey) -> StoreResult<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = ON;")?;
    conn.execute_batch(&key.pragma())?;
    Ok(())
}

pub(crate) fn apply_key(conn: &Connection, key: &DatabaseKey) -> StoreResult<()> {
    key_connection(conn, key)?;
    // The first read is where a wrong key shows (SQLITE_NOTADB).
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

/// Checks a database file with `key` before anything reads its schema or writes to
/// it, on a read-only connection: every page's checksum (SQLCipher's
/// `cipher_integrity_check`), then the schema and SQLite's `quick_check`. Damage is
/// told apart from a wrong key: a key that fits no page at all is wrong (or the
/// file's first bytes are gone); one that fits some pages is right, and the rest are
/// damaged. The file is never changed.
pub fn check_file(path: &Path, key: &DatabaseKey) -> StoreResult<()> {
    let length = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::Missing),
        Err(e) => return Err(e.into()),
    };
    if length == 0 {
        return Err(StoreError::Damaged(Damage::Empty));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = connect(path, flags)?;
    key_connection(&conn, key)?;
    let failures = page_failures(&conn)?;
    let pages = usize::try_from(length.div_ceil(PAGE_SIZE)).unwrap_or(usize::MAX);
    let cut_short = failures.iter().any(|f| f.contains("invalid size"));
    let failed = failures.len() - usize::from(cut_short);
    if failed > 0 && failed >= pages - usize::from(cut_short) {
        return Err(StoreError::WrongKey);
    }
    if failed > 0 {
        return Err(StoreError::Damaged(Damage::Pages { failed, of: pages }));
    }
    if cut_short {
        return Err(StoreError::Damaged(Damage::CutShort));
    }
    let sound = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .and_then(|_| conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)));
    match sound {
        Ok(verdict) if verdict == "ok" => Ok(()),
        Ok(_) => Err(StoreError::Damaged(Damage::Structure)),
        Err(e) => match StoreError::from(e) {
            // Every page's checksum held, so the key is right: the content is broken.
            StoreError::WrongKey => Err(StoreError::Damaged(Damage::Structure)),
            other => Err(other),
        },
    }
}

/// SQLCipher's page size (the default the program creates files with).
const PAGE_SIZE: u64 = 4096;

/// The pages whose checksum fails, as SQLCipher words them (kept internal).
fn page_failures(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How long a connection waits for another program's lock before it says the file is
/// busy. Twelve programs started at once on a busy machine, one of them making the
/// day's backup (whose checkpoint holds the writers' lock while it waits for readers),
/// waited longer than five seconds: a start must wait, not fail.
const BUSY_TIMEOUT_MS: u32 = 20_000;

fn configure(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"
    ))?;
    Ok(())
}

/// Before a file from an earlier version is upgraded, a whole copy of it is kept
/// beside it (`skolekontor.db.before-upgrade-v16-<stamp>`, pruned by the backups' age
/// limit), so the school's data as the earlier version left it is never lost.
fn copy_before_upgrade(conn: &Connection, path: &Path) -> StoreResult<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 || version >= migrations::latest_version() {
        return Ok(());
    }
    let stamp = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Copenhagen)
        .format("%Y%m%dT%H%M%S");
    let copy = path.with_extension(format!(
        "db.{}v{version}-{stamp}",
        crate::backup::BEFORE_UPGRADE
    ));
    crate::backup::export_copy(conn, &copy)?;
    tracing::info!(version, "a copy was kept before the upgrade");
    Ok(())
}

impl Database {
    /// Opens an existing database after [`check_file`]: a wrong key fails with
    /// [`StoreError::WrongKey`], damage with [`StoreError::Damaged`], and either leaves
    /// the file exactly as it was.
    pub fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Database> {
        check_file(path, key)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = connect(path, flags)?;
        apply_key(&conn, key)?;
        configure(&conn)?;
        copy_before_upgrade(&conn, path)?;
        migrations::run(&mut conn)?;
        Ok(Database {
            conn,
            path: path.to_path_buf(),
            actor: Actor::system(),
            today: local_today(),
        })
    }

    /// Creates a new, empty database at `path`.
    pub fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Database> {
        Self::create_with(path, key, |_| Ok(()))
    }

    /// Creates a new database at `path` and fills it with `init`. It is built beside
    /// the final name and moved into place only when `init` succeeded, so a failed
    /// or interrupted set-up leaves no half-made database behind.
    pub fn create_with(
        path: &Path,
        key: &DatabaseKey,
        init: impl FnOnce(&mut Database) -> StoreResult<()>,
    ) -> StoreResult<Database> {
        if path.exists() {
            return Err(StoreError::AlreadyExists);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let building = path.with_extension("creating");
        for leftover in [
            building.clone(),
            building.with_extension("creating-wal"),
            building.with_extension("creating-shm"),
        ] {
            let _ = std::fs::remove_file(leftover);
        }
        let built = (|| {
            let mut conn = connect(&building, OpenFlags::default())?;
            apply_key(&conn, key)?;
            // Build in rollback-journal mode so the whole database is one file when moved.
            conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;")?;
            migrations::run(&mut conn)?;
            let mut db = Database {
                conn,
                path: building.clone(),
                actor: Actor::system(),
                today: local_today(),
            };
            init(&mut db)
        })();
        if let Err(error) = built {
            let _ = std::fs::remove_file(&building);
            return Err(error);
        }
        std::fs::rename(&building, path)?;
        Self::open(path, key)
    }

    /// Re-encrypts the whole file with `new` (*nøgleskift*). SQLCipher rewrites every
    /// page in one transaction, so an interruption leaves the file under the old key;
    /// the journal is switched from WAL for the rewrite and back after it.
    pub fn rekey(&mut self, new: &DatabaseKey) -> StoreResult<()> {
        self.conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
        let rekeyed = self.conn.execute_batch(&new.rekey_pragma());
        self.conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        rekeyed?;
        let actor = self.actor.clone();
        let tx = self.conn.transaction()?;
        crate::audit::append(
            &tx,
            &actor,
            &skolekontor_domain::audit::AuditEvent::change("database.rekey", "school", 1),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Names `actor` in the audit entries of every later change (set at login).
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// Sets the program's day (the app's clock, which tests and demos may move).
    pub fn set_today(&mut self, today: chrono::NaiveDate) {
        self.today = today;
    }

    /// The program's day.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
    }

    /// Who changes are currently written as.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The connection, for the repositories of this crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A transaction, for the repositories of this crate.
    pub(crate) fn transaction(&mut self) -> StoreResult<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction()?)
    }

    /// A transaction that holds the file's write lock from its first statement, for a
    /// read that decides a write which another process must not make in between.
    pub(crate) fn immediate_transaction(&mut self) -> StoreResult<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }
}

/// The school's day in Copenhagen, whatever the machine's time zone: the default
/// until the app sets the program's day (`set_today`), which it does on every use.
fn local_today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Copenhagen)
        .date_naive()
}

/// The current time as stored: UTC, RFC 3339.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlcipher_wipes_the_memory_it_frees_on_every_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("skolekontor.db");
        let key = DatabaseKey::generate();
        let db = Database::create(&path, &key).unwrap();
        let on: String = db
            .conn()
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, "1");
    }
}
