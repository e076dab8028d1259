//! Class funds: their terms, entries and deposits for a whole class.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::class_fund::{
    CancelFundEntry, ClassDepositsInput, ClassFundSummary, ClassFundView,
};
use skolekontor_app::domain::class_fund::{ClassFundInput, FundEntryInput};
use tauri::State;

#[tauri::command]
pub async fn class_funds(state: State<'_, AppState>) -> Reply<Vec<ClassFundSummary>> {
    reply(state.with(|o| o.class_fund().class_funds()))
}

#[tauri::command]
pub async fn class_fund(state: State<'_, AppState>, cohort: i32) -> Reply<ClassFundView> {
    reply(state.with(|o| o.class_fund().class_fund(cohort)))
}

#[tauri::command]
pub async fn save_class_fund(
    state: State<'_, AppState>,
    input: ClassFundInput,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.class_fund().save_class_fund(input)))
}

#[tauri::command]
pub async fn add_fund_entry(
    state: State<'_, AppState>,
    input: FundEntryInput,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.class_fund().add_fund_entry(input)))
}

#[tauri::command]
pub async fn cancel_fund_entry(
    state: State<'_, AppState>,
    input: CancelFundEntry,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.class_fund().cancel_fund_entry(input)))
}

#[tauri::command]
pub async fn add_class_deposits(
    state: State<'_, AppState>,
    input: ClassDepositsInput,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.class_fund().add_class_deposits(input)))
}
