//! The school's editable texts (contracts, letters, terms) and the privacy notice.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::privacy::PrivacySettings;
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_app::template::{PrivacyView, TextVersion};
use tauri::State;

#[tauri::command]
pub async fn texts(state: State<'_, AppState>) -> Reply<Vec<TextVersion>> {
    reply(state.with(|o| o.template().texts()))
}

#[tauri::command]
pub async fn text_versions(
    state: State<'_, AppState>,
    kind: TemplateKind,
) -> Reply<Vec<TextVersion>> {
    reply(state.with(|o| o.template().text_versions(kind)))
}

#[tauri::command]
pub async fn preview_text(
    state: State<'_, AppState>,
    kind: TemplateKind,
    body: String,
) -> Reply<String> {
    reply(state.with(|o| o.template().preview_text(kind, &body)))
}

#[tauri::command]
pub async fn save_text(
    state: State<'_, AppState>,
    kind: TemplateKind,
    body: String,
) -> Reply<TextVersion> {
    reply(state.with(|o| o.template().save_text(kind, &body)))
}

#[tauri::command]
pub async fn privacy_settings(state: State<'_, AppState>) -> Reply<PrivacyView> {
    reply(state.with(|o| o.template().privacy_settings()))
}

#[tauri::command]
pub async fn save_privacy_settings(
    state: State<'_, AppState>,
    settings: PrivacySettings,
) -> Reply<PrivacyView> {
    reply(state.with(|o| o.template().save_privacy_settings(settings)))
}
