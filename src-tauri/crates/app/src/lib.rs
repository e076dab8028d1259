//! Skolekontor's use cases: one method per thing a user does, each with its role
//! check, on top of the rules (`domain`), the encrypted store (`store`) and the
//! documents (`documents`). This is the only API the desktop shell and the CLI call.
//!
//! This layer must never know about Tauri, windows or terminals, and must never put
//! personal data into a log or an error message.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod clock;
pub mod demo;
pub mod error;
pub mod office;
pub mod register;
mod register_index;
pub mod session;
pub mod setup;

pub use error::{AppError, AppResult};
pub use office::{Office, StartState};
pub use skolekontor_domain as domain;
pub use skolekontor_store::{DataDir, OsKeyring};
