//! Withdrawal, expulsion, the year's rollover, deferred school start and the
//! September count.

use super::files::save_file_as;
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::leaving::municipal_count::SeptemberCount;
use skolekontor_app::domain::leaving::rollover::RolloverPlan;
use skolekontor_app::domain::leaving::withdrawal::WithdrawalInput;
use skolekontor_app::domain::tr;
use skolekontor_app::leaving::{ExpulsionInput, LeavingView, RolloverView, WithdrawalPreview};
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn leaving(state: State<'_, AppState>, child_id: i64) -> Reply<LeavingView> {
    reply(state.with(|o| o.leaving().leaving(child_id)))
}

#[tauri::command]
pub async fn preview_withdrawal(
    state: State<'_, AppState>,
    input: WithdrawalInput,
) -> Reply<WithdrawalPreview> {
    reply(state.with(|o| o.leaving().preview_withdrawal(input)))
}

#[tauri::command]
pub async fn record_withdrawal(
    state: State<'_, AppState>,
    input: WithdrawalInput,
) -> Reply<WithdrawalPreview> {
    reply(state.with(|o| o.leaving().record_withdrawal(input)))
}

#[tauri::command]
pub async fn cancel_withdrawal(state: State<'_, AppState>, withdrawal_id: i64) -> Reply<()> {
    reply(state.with(|o| o.leaving().cancel_withdrawal(withdrawal_id)))
}

#[tauri::command]
pub async fn record_compensation(state: State<'_, AppState>, withdrawal_id: i64) -> Reply<()> {
    reply(state.with(|o| o.leaving().record_compensation(withdrawal_id)))
}

#[tauri::command]
pub async fn end_schooling(state: State<'_, AppState>, input: ExpulsionInput) -> Reply<String> {
    reply(state.with(|o| o.leaving().end_schooling(input)))
}

#[tauri::command]
pub async fn rollover_preview(state: State<'_, AppState>) -> Reply<RolloverView> {
    reply(state.with(|o| o.leaving().rollover_preview()))
}

#[tauri::command]
pub async fn run_rollover(state: State<'_, AppState>, year: i32) -> Reply<RolloverPlan> {
    reply(state.with(|o| o.leaving().run_rollover(year)))
}

#[tauri::command]
pub async fn september_count(state: State<'_, AppState>, year: i32) -> Reply<SeptemberCount> {
    reply(state.with(|o| o.leaving().september_count(year)))
}

/// Saves the 5 September count as CSV (full CPR numbers); false when cancelled.
#[tauri::command]
pub async fn save_september_count_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<bool> {
    let bytes = reply(state.with(|o| o.leaving().september_count_csv(year)))?;
    let name = skolekontor_app::leaving::september_count_file_name(year);
    Ok(save_file_as(
        &app,
        &tr!("dialog.save_count"),
        &name,
        ("CSV", &["csv"]),
        &bytes,
    )?
    .is_some())
}

#[tauri::command]
pub async fn defer_school_start(state: State<'_, AppState>, child_id: i64) -> Reply<RolloverView> {
    reply(state.with(|o| o.leaving().defer_school_start(child_id)))
}

#[tauri::command]
pub async fn undo_school_start_deferral(
    state: State<'_, AppState>,
    child_id: i64,
) -> Reply<RolloverView> {
    reply(state.with(|o| o.leaving().undo_school_start_deferral(child_id)))
}
