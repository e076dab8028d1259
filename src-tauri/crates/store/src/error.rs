//! Store errors, each with a Danish message a secretary can act on. No message
//! carries personal data or key material, and none passes on the English text of
//! SQLite or the operating system: those become a Danish sentence by their code.

use skolekontor_domain::tr;
use thiserror::Error;

/// What is wrong with a damaged database file (or backup).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The file is empty (0 bytes).
    Empty,
    /// The file is gone, though the school's key is stored.
    Missing,
    /// Pages whose checksum fails, of all pages in the file.
    Pages {
        /// Pages that fail.
        failed: usize,
        /// Pages in the file.
        of: usize,
    },
    /// The last page is cut short.
    CutShort,
    /// Every page checks out, but the database inside is broken (e.g. cut off
    /// at a page boundary).
    Structure,
}

impl Damage {
    /// What was found, in the chosen language.
    pub fn described(self) -> String {
        match self {
            Damage::Empty => tr!("damage.empty"),
            Damage::Missing => tr!("damage.missing"),
            Damage::Pages { failed: 1, of } => {
                tr!("damage.one_page", of = of)
            }
            Damage::Pages { failed, of } => {
                tr!("damage.pages", failed = failed, of = of)
            }
            Damage::CutShort => tr!("damage.cut_short"),
            Damage::Structure => tr!("damage.structure"),
        }
    }
}

/// What went wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The key does not open the file (wrong key, or not a Skolekontor database).
    #[error("{}", tr!("store.wrong_key"))]
    WrongKey,
    /// The file is damaged; the key is right (or cannot be told apart from damage).
    #[error("{}", tr!("store.damaged", damage = .0.described()))]
    Damaged(Damage),
    /// No database file in the data folder.
    #[error("{}", tr!("store.missing"))]
    Missing,
    /// Set-up was asked for where a database already exists.
    #[error("{}", tr!("store.already_exists"))]
    AlreadyExists,
    /// Upgrading the file's schema failed; the file is as it was.
    #[error("{}", tr!("store.upgrade_failed", from = .from, to = .to))]
    UpgradeFailed {
        /// Schema version in the file.
        from: i64,
        /// The version the upgrade was to reach.
        to: i64,
    },
    /// The file was made by a newer version of the program.
    #[error("{}", tr!("store.too_new", found = .found, known = .known))]
    TooNew {
        /// Schema version in the file.
        found: i64,
        /// Highest version this build knows.
        known: i64,
    },
    /// The disk (or the folder's quota) is full; nothing was saved.
    #[error("{}", tr!("store.disk_full"))]
    DiskFull,
    /// Another program (or another Skolekontor) holds the database.
    #[error("{}", tr!("store.busy"))]
    Busy,
    /// The OS credential store could not be used.
    #[error("{}", tr!("store.keyring", reason = .0))]
    Keyring(String),
    /// The typed recovery key is malformed or has a typo.
    #[error("{0}")]
    RecoveryKey(String),
    /// A backup could not be made, or a file is not a backup that may be restored.
    #[error("{0}")]
    Backup(String),
    /// A row that should exist does not.
    #[error("{}", tr!("store.not_found"))]
    NotFound,
    /// A unique value (CPR number, user name) is already used.
    #[error("{0}")]
    Duplicate(String),
    /// A file could not be read or written.
    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),
    /// Any other database failure.
    #[error("{}", sqlite_message(.0))]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::WrongKey,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(Damage::Structure),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => match error {
                rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
                other => StoreError::Sqlite(other),
            },
        }
    }
}

/// The operating system's error as a Danish sentence, by its kind or number.
pub fn io_message(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // ENOSPC and EDQUOT on Unix; ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    let full = matches!(error.raw_os_error(), Some(28 | 122)) && cfg!(unix)
        || matches!(error.raw_os_error(), Some(39 | 112)) && cfg!(windows)
        || error.kind() == K::StorageFull
        || error.kind() == K::QuotaExceeded;
    // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: another program has it open.
    let in_use = matches!(error.raw_os_error(), Some(32 | 33)) && cfg!(windows)
        || error.kind() == K::ResourceBusy
        || error.kind() == K::WouldBlock;
    if full {
        return StoreError::DiskFull.to_string();
    }
    if in_use {
        return tr!("io.in_use");
    }
    match error.kind() {
        K::NotFound => tr!("io.not_found"),
        K::PermissionDenied => tr!("io.permission"),
        K::ReadOnlyFilesystem => tr!("io.read_only"),
        K::AlreadyExists => tr!("io.exists"),
        K::InvalidData | K::UnexpectedEof => tr!("io.invalid_data"),
        K::IsADirectory | K::NotADirectory | K::InvalidFilename | K::InvalidInput => {
            tr!("io.bad_path")
        }
        _ => match error.raw_os_error() {
            Some(code) => tr!("io.os_code", code = code),
            None => tr!("io.other"),
        },
    }
}

/// SQLite's error as a Danish sentence, by its code (never its English text).
pub fn sqlite_message(error: &rusqlite::Error) -> String {
    use rusqlite::ffi::ErrorCode as C;
    let Some(code) = error.sqlite_error_code() else {
        return tr!("sqlite.internal").into();
    };
    match code {
        C::ReadOnly => tr!("sqlite.read_only"),
        C::CannotOpen => tr!("sqlite.cannot_open"),
        C::SystemIoFailure => tr!("sqlite.io"),
        C::PermissionDenied => tr!("sqlite.permission"),
        C::ConstraintViolation => tr!("sqlite.constraint"),
        C::OutOfMemory => tr!("sqlite.memory"),
        C::TooBig => tr!("sqlite.too_big"),
        other => {
            let number = error.sqlite_error().map_or(0, |e| e.extended_code);
            tracing::warn!(?other, number, "database error");
            tr!("sqlite.code", code = number)
        }
    }
}

/// Short for results in this crate.
pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Words SQLite and the OS use; none may reach a user.
    const ENGLISH: &[&str] = &[
        "database is",
        "not a database",
        "disk image",
        "malformed",
        "locked",
        "No such",
        "denied",
        "space",
        "error",
        "os error",
    ];

    fn danish_only(message: &str) {
        for word in ENGLISH {
            assert!(!message.contains(word), "English '{word}' in: {message}");
        }
    }

    #[test]
    fn os_errors_are_told_in_danish_by_their_kind() {
        use std::io::{Error, ErrorKind};
        // The system's own code for a full disk: ENOSPC, or ERROR_DISK_FULL on Windows.
        let disk_full = if cfg!(windows) { 112 } else { 28 };
        for error in [
            Error::from(ErrorKind::NotFound),
            Error::from(ErrorKind::PermissionDenied),
            Error::from(ErrorKind::StorageFull),
            Error::from(ErrorKind::ResourceBusy),
            Error::from(ErrorKind::ReadOnlyFilesystem),
            Error::from_raw_os_error(disk_full),
            Error::from_raw_os_error(5),
            Error::other("something odd"),
        ] {
            danish_only(&StoreError::Io(error).to_string());
        }
        assert!(StoreError::Io(Error::from_raw_os_error(disk_full))
            .to_string()
            .starts_with("Disken er fuld"));
    }

    #[test]
    fn sqlite_errors_are_told_in_danish_by_their_code() {
        use rusqlite::ffi;
        for code in [
            ffi::SQLITE_BUSY,
            ffi::SQLITE_LOCKED,
            ffi::SQLITE_READONLY,
            ffi::SQLITE_IOERR,
            ffi::SQLITE_CORRUPT,
            ffi::SQLITE_FULL,
            ffi::SQLITE_CANTOPEN,
            ffi::SQLITE_CONSTRAINT,
            ffi::SQLITE_PROTOCOL,
        ] {
            let error = rusqlite::Error::SqliteFailure(
                ffi::Error::new(code),
                Some("database disk image is malformed".into()),
            );
            danish_only(&StoreError::from(error).to_string());
        }
        danish_only(&StoreError::from(rusqlite::Error::InvalidQuery).to_string());
    }
}
