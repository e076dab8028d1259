//! The school's own details and its logo.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::school::SchoolSettings;
use tauri::State;

#[tauri::command]
pub async fn school_settings(state: State<'_, AppState>) -> Reply<SchoolSettings> {
    reply(state.with(|o| o.users().school_settings()))
}

#[tauri::command]
pub async fn save_school_settings(
    state: State<'_, AppState>,
    settings: SchoolSettings,
) -> Reply<()> {
    reply(state.with(|o| o.users().save_school_settings(settings)))
}

#[tauri::command]
pub async fn set_school_logo(state: State<'_, AppState>, logo: Option<Vec<u8>>) -> Reply<()> {
    reply(state.with(|o| o.template().set_school_logo(logo)))
}

#[tauri::command]
pub async fn has_school_logo(state: State<'_, AppState>) -> Reply<bool> {
    reply(state.with(|o| o.template().has_school_logo()))
}
