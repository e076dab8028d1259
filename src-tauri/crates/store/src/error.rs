//! Store errors, each with a Danish message a secretary can act on. No message
//! carries personal data or key material.

use thiserror::Error;

/// What went wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The key does not open the file (wrong key, or not a Skolekontor database).
    #[error("Databasen kunne ikke åbnes med den nøgle, der blev brugt. Filen er ikke ændret. Brug gendannelsesnøglen, eller kontakt skolens IT-hjælper.")]
    WrongKey,
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
    #[error("Filen kunne ikke læses eller skrives: {0}")]
    Io(#[from] std::io::Error),
    /// Any other database failure.
    #[error("Databasefejl: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::WrongKey,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => match error {
                rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
                other => StoreError::Sqlite(other),
            },
        }
    }
}

/// Short for results in this crate.
pub type StoreResult<T> = Result<T, StoreError>;
