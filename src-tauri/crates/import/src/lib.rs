//! Import from the school's old system (issue 8): families, children, guardians and
//! placements from a CSV or Excel file in the format of `docs/import.md`.
//!
//! Reading is pure: bytes in, a checked [`ImportPlan`] out. Nothing is stored unless
//! the plan has no problem at all; the store writes it in one transaction.

#![forbid(unsafe_code)]

rust_i18n::i18n!("locales", fallback = "da");
// The catalog is read by the macro, which cargo does not see; naming it here makes an
// edited text rebuild the crate.
const _: &str = include_str!("../locales/texts.toml");

pub mod columns;
pub mod plan;
pub mod table;

use chrono::NaiveDate;
use thiserror::Error;

pub use plan::{ImportPlan, ImportProblem, KnownRecords, PlannedChild, PlannedGuardian};
pub use skolekontor_domain::register::ChildExtras;
use skolekontor_domain::tr;
pub use table::{read_named_table, read_table, Table};

/// Most rows a file may have; a school's whole register is a few hundred.
pub const MAX_ROWS: usize = 5_000;

/// Most columns a sheet may use; the import format has a few dozen.
pub const MAX_COLUMNS: usize = 200;

/// Largest file read, in bytes (a 5,000-row sheet is well under this).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Most bytes a workbook (a zip archive) may unpack to: its parts together. A
/// register's sheet of 5,000 rows unpacks to a few megabytes; a small file that
/// unpacks to gigabytes is built to exhaust memory.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;

/// Most text the table's cells may hold together, after shared strings and
/// repeated cells are written out (one 4 MB shared string used by 2,000 cells would
/// otherwise become 8 GB).
pub const MAX_TEXT_BYTES: usize = 40 * 1024 * 1024;

/// Most text one cell may hold: a name, an address or a note is far shorter.
pub const MAX_CELL_BYTES: usize = 10_000;

/// Why a file cannot be read at all (problems in rows are [`ImportProblem`]s).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// No header or no sheet.
    #[error("{}", tr!("import.empty"))]
    Empty,
    /// Neither a workbook nor text.
    #[error("{}", tr!("import.not_readable"))]
    NotReadable,
    /// Broken quoting in a CSV file.
    #[error("{}", tr!("import.bad_csv", line = .line))]
    BadCsv {
        /// The line the reader stopped at.
        line: u64,
    },
    /// More rows than [`MAX_ROWS`].
    #[error("{}", tr!("import.too_many_rows"))]
    TooManyRows,
    /// More bytes than [`MAX_BYTES`].
    #[error("{}", tr!("import.too_large"))]
    TooLarge,
    /// The sheet uses cells far beyond any export of a register.
    #[error("{}", tr!("import.too_wide", corner = .corner))]
    TooWide {
        /// The far corner, as a spreadsheet names it (`XFD1048576`).
        corner: String,
    },
    /// A workbook whose parts unpack to more than [`MAX_UNPACKED_BYTES`], or whose
    /// cells hold more than [`MAX_TEXT_BYTES`] of text.
    #[error("{}", tr!("import.expands_too_much"))]
    ExpandsTooMuch,
    /// A cell with more than [`MAX_CELL_BYTES`] of text.
    #[error("{}", tr!("import.cell_too_long", cell = .cell))]
    CellTooLong {
        /// The cell, as a spreadsheet names it (`B7`).
        cell: String,
    },
    /// Named as a spreadsheet (.xlsx, .xls, .ods) but not one.
    #[error("{}", tr!("import.not_a_spreadsheet", extension = .extension))]
    NotASpreadsheet {
        /// The name's ending, `.ods`.
        extension: String,
    },
}

/// Reads and checks a whole file; `file_name` (when known) says what kind of file it
/// claims to be.
pub fn plan_import(
    bytes: &[u8],
    file_name: Option<&str>,
    known: &KnownRecords,
    today: NaiveDate,
) -> Result<ImportPlan, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge);
    }
    let table = read_named_table(bytes, file_name)?;
    Ok(plan::plan_rows(&table, known, today))
}
