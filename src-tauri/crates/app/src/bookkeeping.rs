//! Use cases of the bookkeeping journal: the school's chart of accounts (one account
//! per posting item, every SFO module its own), a month's journal on the screen, and
//! the same journal as CSV for e-conomic or Dinero or as PDF. Every journal written
//! to a file is in the audit log.

use serde::{Deserialize, Serialize};
use skolekontor_documents::journal::{journal_csv, journal_pdf, JournalCsv};
use skolekontor_domain::audit::{AuditEvent, AuditKind};
use skolekontor_domain::billing::journal::{self, ChartOfAccounts, Journal, PostingItem};
use skolekontor_domain::billing::ChargeMonth;
use ts_rs::TS;

use crate::access::Action;
use crate::documents::{document_error, export_file_name, PrintRun};
use crate::error::{AppError, AppResult};
use crate::lists::ListFile;
use crate::use_case::Subject;
use skolekontor_domain::tr;
use skolekontor_store::Database;

/// One line of the chart of accounts on the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AccountRow {
    /// The item's key (sent back when saving).
    pub code: String,
    /// What is posted to it, in the reader's language.
    pub name: String,
    /// The group's code: `income`, `reductions`, `money` or `balance`.
    pub group: String,
    /// The account number; empty when not set.
    pub account: String,
}

/// An account number typed for an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AccountInput {
    /// [`AccountRow::code`].
    pub code: String,
    /// 1–9 digits, or empty to unset.
    pub account: String,
}

/// The file a journal is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum JournalFormat {
    /// CSV for e-conomic's cash-book import.
    Economic,
    /// CSV for Dinero's cash-book import.
    Dinero,
    /// The printed journal.
    Pdf,
}

impl JournalFormat {
    fn program_and_extension(self) -> (&'static str, &'static str) {
        match self {
            JournalFormat::Economic => ("e-conomic", "csv"),
            JournalFormat::Dinero => ("Dinero", "csv"),
            JournalFormat::Pdf => ("", "pdf"),
        }
    }
}

fn month_of(text: &str) -> AppResult<ChargeMonth> {
    ChargeMonth::parse(text).ok_or_else(|| AppError::Input(tr!("bookkeeping.month_missing")))
}

crate::use_case_handle! {
    /// The bookkeeping journal (*posteringsjournal*): the use cases, on the office's session.
    bookkeeping => BookkeepingUseCases
}

impl BookkeepingUseCases<'_> {
    /// The chart of accounts: the fixed items, then one per SFO module.
    pub fn chart_of_accounts(&mut self) -> AppResult<Vec<AccountRow>> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        let db = &context.open.db;
        let chart = db.bookkeeping().chart_of_accounts()?;
        let modules = db.bookkeeping().sfo_modules_for_accounts()?;
        let mut items: Vec<PostingItem> = PostingItem::FIXED.to_vec();
        // The modules go right after SFO without a module, with the other rates.
        let at = 2;
        for (i, module) in modules.into_iter().enumerate() {
            items.insert(at + i, PostingItem::SfoRate(module));
        }
        Ok(items
            .into_iter()
            .map(|item| AccountRow {
                account: chart.account(&item).unwrap_or_default().to_string(),
                code: item.code(),
                name: item.shown(),
                group: item.group().to_string(),
            })
            .collect())
    }

    /// Saves the account numbers typed; errors are keyed `accounts.<code>`.
    pub fn save_chart_of_accounts(&mut self, rows: Vec<AccountInput>) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let chart = ChartOfAccounts {
            accounts: rows
                .into_iter()
                .map(|row| (row.code, row.account.trim().to_string()))
                .collect(),
        };
        chart.validate().map_err(|e| e.prefixed("accounts."))?;
        let work = context.open.db.begin()?;
        work.bookkeeping().save_chart_of_accounts(&chart)?;
        work.commit()?;
        Ok(())
    }

    /// The journal of `month` (`yyyy-mm`), vouchers numbered from `first_voucher`.
    pub fn journal(&mut self, month: &str, first_voucher: u32) -> AppResult<Journal> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        journal_of(&context.open.db, month, first_voucher, Reader::Screen)
    }

    /// The journal of `month` as a file, logged.
    pub fn journal_file(
        &mut self,
        month: &str,
        first_voucher: u32,
        format: JournalFormat,
    ) -> AppResult<ListFile> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        let db = &mut context.open.db;
        // The files go to the bookkeeping and stay Danish whatever the window shows.
        let journal = journal_of(db, month, first_voucher, Reader::Bookkeeping)?;
        let bytes = match format {
            JournalFormat::Economic => journal_csv(&journal, JournalCsv::Economic),
            JournalFormat::Dinero => journal_csv(&journal, JournalCsv::Dinero),
            JournalFormat::Pdf => {
                let run = PrintRun::new(db, context.today)?;
                let title = format!("Posteringsjournal {}", journal.month.danish());
                let mut doc = run.builder(&title)?;
                journal_pdf(&mut doc, &journal);
                Ok(doc.finish())
            }
        }
        .map_err(document_error)?;
        db.record(&AuditEvent {
            kind: AuditKind::Change,
            action: "journal.export",
            record_type: "charge_run",
            record_id: None,
            child_id: None,
            fields: vec![format!("month={}", journal.month.key())],
        })?;
        let (program, extension) = format.program_and_extension();
        let title = format!("Posteringsjournal {} {program}", journal.month.danish());
        Ok(ListFile {
            file_name: export_file_name(&title, None, context.today, extension),
            bytes,
        })
    }
}

/// Who reads a journal's texts.
#[derive(Clone, Copy)]
enum Reader {
    /// The window, in its language.
    Screen,
    /// The school's bookkeeping: Danish.
    Bookkeeping,
}

/// The journal of `month` (`yyyy-mm`) as the store's facts and the chart make it.
fn journal_of(
    db: &Database,
    month: &str,
    first_voucher: u32,
    reader: Reader,
) -> AppResult<Journal> {
    let month = month_of(month)?;
    let facts = db.bookkeeping().journal_facts(month)?;
    let chart = db.bookkeeping().chart_of_accounts()?;
    let make = || journal::journal(month, &facts, &chart, first_voucher.max(1));
    let made = match reader {
        Reader::Screen => make(),
        Reader::Bookkeeping => skolekontor_domain::language::in_danish(make),
    };
    // The refusal is worded here, outside `in_danish`, in the window's language.
    made.map_err(|e| AppError::Refused(e.to_string()))
}
