//! A child's places over time: class and SFO changes, corrected dates.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::placement::{ClassChangeInput, SfoChangeInput};
use skolekontor_app::domain::placement_correction::DateCorrectionInput;
use skolekontor_app::placement::{ChangePreview, PlacementView};
use tauri::State;

#[tauri::command]
pub async fn placements(state: State<'_, AppState>, child_id: i64) -> Reply<PlacementView> {
    reply(state.with(|o| o.placement().placements(child_id)))
}

#[tauri::command]
pub async fn preview_class_change(
    state: State<'_, AppState>,
    input: ClassChangeInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.placement().preview_class_change(input)))
}

#[tauri::command]
pub async fn change_class(
    state: State<'_, AppState>,
    input: ClassChangeInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.placement().change_class(input)))
}

#[tauri::command]
pub async fn preview_sfo_change(
    state: State<'_, AppState>,
    input: SfoChangeInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.placement().preview_sfo_change(input)))
}

#[tauri::command]
pub async fn change_sfo(state: State<'_, AppState>, input: SfoChangeInput) -> Reply<ChangePreview> {
    reply(state.with(|o| o.placement().change_sfo(input)))
}

#[tauri::command]
pub async fn preview_date_correction(
    state: State<'_, AppState>,
    input: DateCorrectionInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.placement().preview_date_correction(input)))
}

#[tauri::command]
pub async fn correct_placement_date(
    state: State<'_, AppState>,
    input: DateCorrectionInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.placement().correct_placement_date(input)))
}
