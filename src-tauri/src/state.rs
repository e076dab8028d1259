//! The one office the window works on, behind a lock (the database connection is
//! used by one command at a time).

use std::sync::Mutex;

use skolekontor_app::{default_data_dir, AppError, Office, OsKeyring};

/// The managed state: the office, or why it could not be made.
pub struct AppState {
    office: Mutex<Result<Office, String>>,
}

impl AppState {
    /// Wraps the office (or the reason there is none).
    pub fn new(office: Result<Office, String>) -> AppState {
        AppState {
            office: Mutex::new(office),
        }
    }

    /// Runs `work` with the office; a missing keyring becomes a Danish error.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&mut Office) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self
            .office
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(office) => work(office),
            Err(reason) => Err(AppError::Input(reason.clone())),
        }
    }
}

/// The office of the data folder, with keys in the OS keyring.
pub fn open_office() -> Result<Office, String> {
    let keyring = OsKeyring::connect().map_err(|e| e.to_string())?;
    Ok(Office::new(default_data_dir(), Box::new(keyring)))
}
