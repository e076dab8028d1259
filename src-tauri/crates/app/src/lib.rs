//! Skolekontor's use cases: one method per thing a user does, each with its role
//! check, on top of the rules (`domain`), the encrypted store (`store`) and the
//! documents (`documents`). This is the only API the desktop shell and the CLI call.
//!
//! This layer must never know about Tauri, windows or terminals, and must never put
//! personal data into a log or an error message.
#![forbid(unsafe_code)]

rust_i18n::i18n!("locales", fallback = "da");
// The catalog is read by the macro, which cargo does not see; naming it here makes an
// edited text rebuild the crate.
const _: &str = include_str!("../locales/texts.toml");
// No `missing_docs`: a doc comment says what the item's name does not (the rule,
// the unit, the format, the edge case); one that only repeats the name is noise.

pub mod absence;
pub mod access;
pub mod admission;
pub mod audit;
pub mod backup;
pub mod billing;
pub mod bookkeeping;
pub mod class_fund;
pub mod clock;
pub mod consent;
pub mod crash_point;
pub mod damage;
pub mod data_access;
pub mod data_request;
pub mod demo;
pub mod documents;
pub mod error;
pub mod exam_certificates;
mod handle;
pub mod health;
pub mod import;
pub mod key_change;
pub mod leaving;
pub mod lists;
pub mod mail;
pub mod office;
pub mod payer;
pub mod payer_change;
pub mod payer_credit;
pub mod placement;
pub mod placement_correction;
mod reconciliation;
pub mod register;
pub mod register_index;
pub mod retention;
pub mod second_factor;
pub mod session;
pub mod setup;
pub mod template;
#[cfg(feature = "test-hooks")]
pub mod test_smtp;
pub mod today;
pub(crate) mod use_case;
pub mod users;

pub use error::{AppError, AppResult};

/// The app's identifier; also the name of its folder in the OS's app-data folder.
pub const APP_IDENTIFIER: &str = "dk.skolekontor.app";

/// The data folder: `SKOLEKONTOR_DATA_DIR` if set, else the OS's app-data folder
/// (`~/.local/share/dk.skolekontor.app` on Linux) — the same for the app and the CLI.
pub fn default_data_dir() -> DataDir {
    let fallback = dirs::data_dir()
        .unwrap_or_else(|| std::path::PathBuf::from("."))
        .join(APP_IDENTIFIER);
    DataDir::from_env_or(fallback)
}
pub use office::{Office, StartState};
pub use skolekontor_domain as domain;
pub use skolekontor_domain::language;
pub use skolekontor_store::{os_keyring_or_unreachable, DataDir, OsKeyring};

pub(crate) use handle::use_case_handle;
