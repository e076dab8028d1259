//! Opening and creating the encrypted database.
//!
//! The key is checked on a read-only connection first, so a wrong key can never
//! write to (or create) the file; only then is the file opened for writing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::audit::Actor;
use crate::error::{StoreError, StoreResult};
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

pub(crate) fn apply_key(conn: &Connection, key: &DatabaseKey) -> StoreResult<()> {
    // SQLCipher would otherwise log to stderr, and its log is no place for key events.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&key.pragma())?;
    // The first read is where a wrong key shows (SQLITE_NOTADB).
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

fn configure(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    Ok(())
}

impl Database {
    /// Opens an existing database. A wrong key fails with [`StoreError::WrongKey`] and
    /// leaves the file exactly as it was.
    pub fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Database> {
        if !path.exists() {
            return Err(StoreError::Missing);
        }
        Self::verify_key(path, key)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = connect(path, flags)?;
        apply_key(&conn, key)?;
        configure(&conn)?;
        migrations::run(&mut conn)?;
        Ok(Database {
            conn,
            path: path.to_path_buf(),
            actor: Actor::system(),
            today: local_today(),
        })
    }

    /// Checks that `key` opens the file, touching nothing.
    pub fn verify_key(path: &Path, key: &DatabaseKey) -> StoreResult<()> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(path, flags)?;
        apply_key(&conn, key)
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
}

/// The machine's local day: the default until the app sets the program's day.
fn local_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The current time as stored: UTC, RFC 3339.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
