//! The chart of accounts and the posting journal for the bookkeeping.

use super::files::save_file_as;
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::bookkeeping::{AccountInput, AccountRow, JournalFormat};
use skolekontor_app::domain::billing::journal::Journal;
use skolekontor_app::domain::tr;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn chart_of_accounts(state: State<'_, AppState>) -> Reply<Vec<AccountRow>> {
    reply(state.with(|o| o.bookkeeping().chart_of_accounts()))
}

#[tauri::command]
pub async fn save_chart_of_accounts(
    state: State<'_, AppState>,
    rows: Vec<AccountInput>,
) -> Reply<Vec<AccountRow>> {
    reply(state.with(|o| {
        o.bookkeeping().save_chart_of_accounts(rows)?;
        o.bookkeeping().chart_of_accounts()
    }))
}

#[tauri::command]
pub async fn journal(
    state: State<'_, AppState>,
    month: String,
    first_voucher: u32,
) -> Reply<Journal> {
    reply(state.with(|o| o.bookkeeping().journal(&month, first_voucher)))
}

/// Saves a month's journal as CSV for e-conomic or Dinero, or as PDF; false when cancelled.
#[tauri::command]
pub async fn save_journal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    month: String,
    first_voucher: u32,
    format: JournalFormat,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.bookkeeping().journal_file(&month, first_voucher, format)))?;
    let filter: (&str, &[&str]) = match format {
        JournalFormat::Pdf => ("PDF", &["pdf"]),
        JournalFormat::Economic | JournalFormat::Dinero => ("CSV (semikolon)", &["csv"]),
    };
    Ok(save_file_as(
        &app,
        &tr!("dialog.save_journal"),
        &file.file_name,
        filter,
        &file.bytes,
    )?
    .is_some())
}
