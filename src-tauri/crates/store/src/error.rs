//! Store errors, each with a Danish message a secretary can act on. No message
//! carries personal data or key material, and none passes on the English text of
//! SQLite or the operating system: those become a Danish sentence by their code.

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
    /// What was found, in Danish.
    pub fn danish(self) -> String {
        match self {
            Damage::Empty => "filen er tom (0 byte)".into(),
            Damage::Missing => "filen mangler i datamappen".into(),
            Damage::Pages { failed: 1, of } => {
                format!("1 af filens {of} sider stemmer ikke med sin kontrolsum")
            }
            Damage::Pages { failed, of } => {
                format!("{failed} af filens {of} sider stemmer ikke med deres kontrolsum")
            }
            Damage::CutShort => "filens sidste del er skåret af".into(),
            Damage::Structure => "databasen i filen hænger ikke sammen (fx afkortet)".into(),
        }
    }
}

/// What went wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The key does not open the file (wrong key, or not a Skolekontor database).
    #[error("Databasen kunne ikke åbnes med den nøgle, der blev brugt. Filen er ikke ændret. Brug gendannelsesnøglen, eller kontakt skolens IT-hjælper.")]
    WrongKey,
    /// The file is damaged; the key is right (or cannot be told apart from damage).
    #[error("Databasefilen er beskadiget: {}. Filen er ikke ændret.", .0.danish())]
    Damaged(Damage),
    /// No database file in the data folder.
    #[error("Der er ingen database i datamappen endnu.")]
    Missing,
    /// Set-up was asked for where a database already exists.
    #[error("Der findes allerede en database i datamappen; den bliver ikke overskrevet.")]
    AlreadyExists,
    /// The file was made by a newer version of the program.
    #[error("Databasen er lavet af en nyere version af Skolekontor (version {found}, dette program kender {known}). Opdatér programmet.")]
    TooNew {
        /// Schema version in the file.
        found: i64,
        /// Highest version this build knows.
        known: i64,
    },
    /// The disk (or the folder's quota) is full; nothing was saved.
    #[error("Disken er fuld, så intet blev gemt. Frigør plads, og prøv igen.")]
    DiskFull,
    /// Another program (or another Skolekontor) holds the database.
    #[error("Databasen er optaget af et andet program (måske Skolekontor i et andet vindue eller på kommandolinjen). Vent lidt, og prøv igen; intet er gemt.")]
    Busy,
    /// The OS credential store could not be used.
    #[error("Systemets nøglering kunne ikke bruges ({0}). Log ind på computeren igen, eller brug gendannelsesnøglen.")]
    Keyring(String),
    /// The typed recovery key is malformed or has a typo.
    #[error("{0}")]
    RecoveryKey(&'static str),
    /// A backup could not be made, or a file is not a backup that may be restored.
    #[error("{0}")]
    Backup(String),
    /// A row that should exist does not.
    #[error("Det, du ledte efter, findes ikke (længere).")]
    NotFound,
    /// A unique value (CPR number, user name) is already used.
    #[error("{0}")]
    Duplicate(&'static str),
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
        return "Filen bruges af et andet program. Luk det, og prøv igen; intet er gemt.".into();
    }
    match error.kind() {
        K::NotFound => "Filen eller mappen findes ikke. Kontrollér stien, eller sæt USB-stikket i.".into(),
        K::PermissionDenied => "Skolekontor har ikke lov til at læse eller skrive filen eller mappen. Kontrollér rettighederne, eller spørg skolens IT-hjælper.".into(),
        K::ReadOnlyFilesystem => "Disken eller mappen er skrivebeskyttet, så intet kunne gemmes.".into(),
        K::AlreadyExists => "Der findes allerede en fil med det navn; den bliver ikke overskrevet.".into(),
        K::InvalidData | K::UnexpectedEof => "Filen kunne ikke læses: den er ufuldstændig eller i et andet format.".into(),
        K::IsADirectory | K::NotADirectory | K::InvalidFilename | K::InvalidInput => {
            "Stien peger ikke på en fil, der kan bruges. Vælg en anden fil eller mappe.".into()
        }
        _ => match error.raw_os_error() {
            Some(code) => format!("Filen kunne ikke læses eller skrives (systemets fejlkode {code}). Prøv igen, eller spørg skolens IT-hjælper."),
            None => "Filen kunne ikke læses eller skrives. Prøv igen, eller spørg skolens IT-hjælper.".into(),
        },
    }
}

/// SQLite's error as a Danish sentence, by its code (never its English text).
pub fn sqlite_message(error: &rusqlite::Error) -> String {
    use rusqlite::ffi::ErrorCode as C;
    let Some(code) = error.sqlite_error_code() else {
        return "Der opstod en intern fejl i databasen; intet er gemt. Kontakt skolens IT-hjælper."
            .into();
    };
    match code {
        C::ReadOnly => "Databasen kan kun læses lige nu (filen eller mappen er skrivebeskyttet); intet er gemt.".into(),
        C::CannotOpen => "Databasefilen kunne ikke åbnes. Kontrollér, at mappen findes, og at Skolekontor må skrive i den.".into(),
        C::SystemIoFailure => "Disken kunne ikke læses eller skrives; intet er gemt. Kontrollér disken eller USB-stikket.".into(),
        C::PermissionDenied => "Skolekontor har ikke lov til at bruge databasefilen. Spørg skolens IT-hjælper.".into(),
        C::ConstraintViolation => "Ændringen blev afvist af databasens regler; intet er gemt.".into(),
        C::OutOfMemory => "Computeren har ikke hukommelse nok lige nu; intet er gemt. Luk andre programmer, og prøv igen.".into(),
        C::TooBig => "Oplysningen er for stor til at blive gemt.".into(),
        other => {
            let number = error.sqlite_error().map_or(0, |e| e.extended_code);
            tracing::warn!(?other, number, "database error");
            format!("Databasen meldte en fejl (kode {number}); intet er gemt. Kontakt skolens IT-hjælper.")
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
