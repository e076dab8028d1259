//! The school's data at rest: one SQLCipher-encrypted SQLite file per school, its
//! random 256-bit key in the OS keyring, the recovery key that opens it when the
//! keyring is gone, the migrations, and the repositories the use cases call.
//!
//! This layer must never decide business rules (that is `domain`'s job), never
//! check roles (that is `app`'s), and never write personal data to a log. A failed
//! open must never create, truncate or write the database file.
#![forbid(unsafe_code)]

rust_i18n::i18n!("locales", fallback = "da");
// The catalog is read by the macro, which cargo does not see; naming it here makes an
// edited text rebuild the crate.
const _: &str = include_str!("../locales/texts.toml");

pub mod absence;
pub mod admission;
pub mod audit;
pub mod backup;
pub mod billing;
pub mod bookkeeping;
pub mod class_fund;
pub mod consent;
pub mod data_dir;
pub mod data_request;
pub mod database;
pub mod documents;
pub mod error;
pub mod exam_certificate;
mod handle;
pub mod health;
pub mod key;
pub mod keyring;
pub mod leaving;
pub mod lists;
pub mod login;
pub mod mail;
mod migrations;
pub mod payer_account;
pub mod payer_credit;
pub mod personal_data;
pub mod placement;
pub mod recovery;
pub mod register;
pub mod retention;
pub mod school;
pub mod users;
pub mod work;

pub use audit::Actor;
pub use data_dir::DataDir;
pub use database::Database;
pub use error::StoreError;
pub use key::DatabaseKey;
pub use keyring::{os_keyring_or_unreachable, KeyVault, OsKeyring, UnreachableKeyring};
/// The schema version this program writes (its last migration).
pub use migrations::latest_version as latest_schema_version;
pub use work::Work;

pub(crate) use handle::concept_handles;
