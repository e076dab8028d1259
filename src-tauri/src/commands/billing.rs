//! Rates, subsidies, the monthly charge run, the bank's files, payments, credit
//! notes and refunds, payer accounts.

use super::files::{pick_file, save_file_as};
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::billing::{
    BillingSetup, ChargePreview, ManualPaymentInput, PayerAccount, PayerStatement,
    PaymentImportReport, RunSummary,
};
use skolekontor_app::domain::betalingsservice::Creditor;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::billing::{
    BillingSettings, RateCorrection, RateInput, Subsidy, SubsidyInput,
};
use skolekontor_app::domain::tr;
use skolekontor_app::domain::Ore;
use skolekontor_app::AppError;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn billing_setup(state: State<'_, AppState>) -> Reply<BillingSetup> {
    reply(state.with(|o| o.billing().billing_setup()))
}

#[tauri::command]
pub async fn add_rate(state: State<'_, AppState>, input: RateInput) -> Reply<()> {
    reply(state.with(|o| o.billing().add_rate(input)))
}

#[tauri::command]
pub async fn correct_rate(state: State<'_, AppState>, input: RateCorrection) -> Reply<()> {
    reply(state.with(|o| o.billing().correct_rate(input)))
}

#[tauri::command]
pub async fn save_billing_settings(
    state: State<'_, AppState>,
    settings: BillingSettings,
    creditor: Creditor,
) -> Reply<()> {
    reply(state.with(|o| o.billing().save_billing_settings(settings, creditor)))
}

#[tauri::command]
pub async fn subsidies(state: State<'_, AppState>, child_id: i64) -> Reply<Vec<Subsidy>> {
    reply(state.with(|o| o.billing().subsidies(child_id)))
}

#[tauri::command]
pub async fn add_subsidy(state: State<'_, AppState>, input: SubsidyInput) -> Reply<i64> {
    reply(state.with(|o| o.billing().add_subsidy(input)))
}

#[tauri::command]
pub async fn end_subsidy(state: State<'_, AppState>, id: i64, to: String) -> Reply<()> {
    reply(state.with(|o| o.billing().end_subsidy(id, &to)))
}

#[tauri::command]
pub async fn preview_charges(state: State<'_, AppState>, month: String) -> Reply<ChargePreview> {
    reply(state.with(|o| o.billing().preview_charges(&month)))
}

#[tauri::command]
pub async fn issue_charges(state: State<'_, AppState>, month: String) -> Reply<ChargePreview> {
    reply(state.with(|o| o.billing().issue_charges(&month)))
}

#[tauri::command]
pub async fn charge_runs(state: State<'_, AppState>) -> Reply<Vec<RunSummary>> {
    reply(state.with(|o| o.billing().charge_runs()))
}

/// Asks where to save the run's checked 0601 file. False when the user cancelled.
#[tauri::command]
pub async fn save_delivery_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    run_id: i64,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.billing().delivery_file(run_id)))?;
    Ok(save_file_as(
        &app,
        &tr!("dialog.save_0601"),
        &file.file_name,
        ("Betalingsservice", &["txt", "lst"]),
        &file.bytes,
    )?
    .is_some())
}

/// Asks for a 0602 file from the bank and reads it; `None` when the user cancelled.
#[tauri::command]
pub async fn import_payment_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<PaymentImportReport>> {
    let Some(path) = pick_file(&app, &tr!("dialog.choose_0602"), None) else {
        return Ok(None);
    };
    let bytes = reply(std::fs::read(&path).map_err(|e| AppError::Store(e.into())))?;
    reply(state.with(|o| o.billing().import_payments(&bytes))).map(Some)
}

#[tauri::command]
pub async fn add_manual_payment(
    state: State<'_, AppState>,
    input: ManualPaymentInput,
) -> Reply<()> {
    reply(state.with(|o| o.billing().add_manual_payment(input)))
}

#[tauri::command]
pub async fn issue_credit_note(state: State<'_, AppState>, input: CreditNoteInput) -> Reply<i64> {
    reply(state.with(|o| o.billing().issue_credit_note(input)))
}

#[tauri::command]
pub async fn record_refund(state: State<'_, AppState>, input: RefundInput) -> Reply<i64> {
    reply(state.with(|o| o.billing().record_refund(input)))
}

#[tauri::command]
pub async fn add_correction(
    state: State<'_, AppState>,
    payer_id: i64,
    text: String,
    amount: Ore,
) -> Reply<()> {
    reply(state.with(|o| o.billing().add_correction(payer_id, &text, amount)))
}

#[tauri::command]
pub async fn payer_accounts(
    state: State<'_, AppState>,
    overdue_only: bool,
) -> Reply<Vec<PayerAccount>> {
    reply(state.with(|o| o.billing().payer_accounts(overdue_only)))
}

#[tauri::command]
pub async fn payer_statement(state: State<'_, AppState>, payer_id: i64) -> Reply<PayerStatement> {
    reply(state.with(|o| o.billing().payer_statement(payer_id)))
}

#[tauri::command]
pub async fn terminate_kindergarten_for_arrears(
    state: State<'_, AppState>,
    child_id: i64,
    immediate: bool,
) -> Reply<String> {
    reply(state.with(|o| {
        o.billing()
            .terminate_kindergarten_for_arrears(child_id, immediate)
    }))
}
