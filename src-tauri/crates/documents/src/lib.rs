//! Skolekontor's PDF documents, laid out by our own small layout module on printpdf
//! operations and real font metrics (printpdf's HTML path breaks tables across
//! pages badly, so it is not used), from the school's Markdown texts.
//!
//! This layer turns data it is given into PDF bytes (and the lists into .xlsx and
//! CSV bytes). It must never read the
//! database, decide business rules, or write files.
#![forbid(unsafe_code)]

rust_i18n::i18n!("locales", fallback = "da");
// The catalog is read by the macro, which cargo does not see; naming it here makes an
// edited text rebuild the crate.
const _: &str = include_str!("../locales/texts.toml");

use skolekontor_domain::tr;

pub mod access_report;
pub mod admission_letters;
pub mod arrears_letters;
pub mod class_fund_statement;
pub mod consent_list;
pub mod contracts;
pub mod credit_letters;
pub mod csv_file;
mod fonts;
pub mod journal;
pub mod layout;
mod letters;
pub mod lists;
pub mod markdown;
pub mod municipal_report;
pub mod privacy_notice;
pub mod recovery_sheet;
pub mod spreadsheet;
pub mod template;
pub mod withdrawal_letter;

pub use fonts::Face;
pub use recovery_sheet::{recovery_sheet, RecoverySheet};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A vendored font could not be read (a broken build).
    #[error("{}", tr!("documents.font_unreadable", font = .0))]
    Font(&'static str),
    /// The school's logo cannot be used.
    #[error("{0}")]
    Logo(String),
    /// The school's text cannot be filled in.
    #[error("{}", tr!("documents.template_unusable", reason = .0))]
    Template(String),
    /// The spreadsheet writer failed (a broken build or a full disk).
    #[error("{}", tr!("documents.spreadsheet_failed", reason = .0))]
    Spreadsheet(String),
}
