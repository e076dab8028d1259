//! Who pays: the Betalingsservice customer number and a payer change's preview.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::payer_change::PayerChangePreview;
use tauri::State;

#[tauri::command]
pub async fn payer_change_preview(
    state: State<'_, AppState>,
    child_id: i64,
) -> Reply<PayerChangePreview> {
    reply(state.with(|o| o.billing().payer_change_preview(child_id)))
}

#[tauri::command]
pub async fn customer_number(
    state: State<'_, AppState>,
    guardian_id: i64,
) -> Reply<Option<String>> {
    reply(state.with(|o| o.billing().customer_number(guardian_id)))
}

#[tauri::command]
pub async fn set_customer_number(
    state: State<'_, AppState>,
    guardian_id: i64,
    number: String,
) -> Reply<String> {
    reply(state.with(|o| o.billing().set_customer_number(guardian_id, &number)))
}
