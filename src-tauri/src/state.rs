//! The one office the window works on, behind a lock (the database connection is
//! used by one command at a time).

use std::sync::Mutex;

use skolekontor_app::{default_data_dir, os_keyring_or_unreachable, AppError, Office};

/// The managed state: the office (which also keeps the e-mails made and not yet sent,
/// so a logout of any kind drops them).
pub struct AppState {
    office: Mutex<Office>,
}

impl AppState {
    /// Wraps the office.
    pub fn new(office: Office) -> AppState {
        AppState {
            office: Mutex::new(office),
        }
    }

    /// Runs `work` with the office.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&mut Office) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self
            .office
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut guard)
    }
}

/// The office of the data folder, with keys in the OS keyring; a keyring that cannot
/// be reached still lets the window start and ask for the recovery key.
pub fn open_office() -> Office {
    let mut office = Office::new(default_data_dir(), os_keyring_or_unreachable());
    office.clock_from_test_environment();
    office
}
