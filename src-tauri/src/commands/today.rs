//! The start page.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::today::TodayView;
use tauri::State;

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> Reply<TodayView> {
    reply(state.with(|o| o.start_page().today()))
}
