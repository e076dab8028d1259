//! Health notes on a child.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::health::HealthInput;
use skolekontor_app::health::HealthView;
use tauri::State;

#[tauri::command]
pub async fn health(state: State<'_, AppState>, child_id: i64) -> Reply<HealthView> {
    reply(state.with(|o| o.health().health(child_id)))
}

#[tauri::command]
pub async fn add_health_note(state: State<'_, AppState>, input: HealthInput) -> Reply<HealthView> {
    reply(state.with(|o| o.health().add_health_note(input)))
}

#[tauri::command]
pub async fn delete_health_note(state: State<'_, AppState>, note_id: i64) -> Reply<HealthView> {
    reply(state.with(|o| o.health().delete_health_note(note_id)))
}
