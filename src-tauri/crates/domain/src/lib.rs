//! The rules of a Danish friskole office (R1–R36 in `shared/DOMAIN.md`) as pure
//! functions and plain types.
//!
//! This layer must never do I/O: no database, no files, no clock (the caller passes
//! `today`), no network, no Tauri. Everything here is deterministic and testable on
//! its own, which is why the store, the documents and the app may all lean on it.
#![forbid(unsafe_code)]

rust_i18n::i18n!("locales", fallback = "da");
// The catalog is read by the macro, which cargo does not see; naming it here makes an
// edited text rebuild the crate.
const _: &str = include_str!("../locales/texts.toml");
// No `missing_docs`: a doc comment says what the item's name does not (the rule,
// the unit, the format, the edge case); one that only repeats the name is noise.

pub mod absence;
pub mod address_protection;
pub mod admission;
pub mod audit;
pub mod bank_calendar;
pub mod betalingsservice;
pub mod billing;
pub mod class_fund;
pub mod consent;
pub mod contact;
pub mod cpr;
pub mod data_request;
pub mod dates;
pub mod exam_certificate;
pub mod health;
pub mod language;
pub mod leaving;
pub mod lists;
pub mod login;
pub mod mail;
pub mod money;
pub mod personal_data;
pub mod placement;
pub mod placement_correction;
pub mod privacy;
pub mod register;
pub mod retention;
pub mod role;
pub mod school;
pub mod search;
pub mod template;
pub mod text;
pub mod validation;

pub use cpr::{Cpr, CprError, Gender};
pub use money::Ore;
pub use validation::{FieldError, ValidationErrors};
