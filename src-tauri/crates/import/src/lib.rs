//! Import from the school's old system (issue 8): families, children, guardians and
//! placements from a CSV or Excel file in the format of `docs/import.md`.
//!
//! Reading is pure: bytes in, a checked [`ImportPlan`] out. Nothing is stored unless
//! the plan has no problem at all; the store writes it in one transaction.

#![forbid(unsafe_code)]

pub mod columns;
pub mod plan;
pub mod table;

use chrono::NaiveDate;
use thiserror::Error;

pub use plan::{ImportPlan, ImportProblem, KnownRecords, PlannedChild, PlannedGuardian};
pub use skolekontor_domain::register::ChildExtras;
pub use table::{read_named_table, read_table, Table};

/// Most rows a file may have; a school's whole register is a few hundred.
pub const MAX_ROWS: usize = 5_000;

/// Most columns a sheet may use; the import format has a few dozen.
pub const MAX_COLUMNS: usize = 200;

/// Largest file read, in bytes (a 5,000-row sheet is well under this).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Why a file cannot be read at all (problems in rows are [`ImportProblem`]s).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// No header or no sheet.
    #[error("Filen er tom, eller dens første ark har ingen overskrifter.")]
    Empty,
    /// Neither a workbook nor text.
    #[error(
        "Filen kan ikke læses som CSV eller Excel. Gem den som .xlsx eller .csv, og prøv igen."
    )]
    NotReadable,
    /// Broken quoting in a CSV file.
    #[error("CSV-filen kan ikke læses omkring linje {line}. Kontrollér anførselstegnene dér.")]
    BadCsv {
        /// The line the reader stopped at.
        line: u64,
    },
    /// More rows than [`MAX_ROWS`].
    #[error("Filen har mere end 5.000 rækker. Del den op i flere filer.")]
    TooManyRows,
    /// More bytes than [`MAX_BYTES`].
    #[error("Filen er større end 20 MB og er nok ikke en eksport af registret.")]
    TooLarge,
    /// The sheet uses cells far beyond any export of a register.
    #[error("Arket bruger celler helt ud til {corner}. En eksport af registret har højst 5.000 rækker og 200 kolonner. Slet de tomme celler langt nede eller til højre (eller kopiér data over i et nyt ark), og prøv igen.")]
    TooWide {
        /// The far corner, as a spreadsheet names it (`XFD1048576`).
        corner: String,
    },
    /// Named as a spreadsheet (.xlsx, .xls, .ods) but not one.
    #[error("Filen hedder {extension}, men den er ikke et regneark (den kan være beskadiget eller omdøbt). Gem den igen fra regnearket som .xlsx eller .csv, og prøv igen.")]
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
