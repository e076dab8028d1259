//! Children and guardians: search, the child's page and its changes.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::register::{
    ChildDetail, ChildInput, ChildSummary, GuardianInput, GuardianLink,
};
use skolekontor_app::register::{NewChild, NewGuardian, Saved, SearchResults};
use tauri::State;

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    include_archived: bool,
) -> Reply<SearchResults> {
    reply(state.with(|o| o.register().search(&query, include_archived)))
}

#[tauri::command]
pub async fn list_children(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Reply<Vec<ChildSummary>> {
    reply(state.with(|o| o.register().list_children(include_archived)))
}

#[tauri::command]
pub async fn child(state: State<'_, AppState>, id: i64) -> Reply<ChildDetail> {
    reply(state.with(|o| o.register().child(id)))
}

#[tauri::command]
pub async fn add_child(state: State<'_, AppState>, input: NewChild) -> Reply<Saved> {
    reply(state.with(|o| o.register().add_child(input)))
}

#[tauri::command]
pub async fn update_child(state: State<'_, AppState>, id: i64, input: ChildInput) -> Reply<Saved> {
    reply(state.with(|o| o.register().update_child(id, input)))
}

#[tauri::command]
pub async fn set_child_archived(state: State<'_, AppState>, id: i64, archived: bool) -> Reply<()> {
    reply(state.with(|o| o.register().set_child_archived(id, archived)))
}

#[tauri::command]
pub async fn add_guardian(
    state: State<'_, AppState>,
    child_id: i64,
    input: NewGuardian,
) -> Reply<Saved> {
    reply(state.with(|o| o.register().add_guardian(child_id, input)))
}

#[tauri::command]
pub async fn update_guardian(
    state: State<'_, AppState>,
    guardian_id: i64,
    input: GuardianInput,
) -> Reply<Saved> {
    reply(state.with(|o| o.register().update_guardian(guardian_id, input)))
}

#[tauri::command]
pub async fn update_guardian_link(
    state: State<'_, AppState>,
    child_id: i64,
    guardian_id: i64,
    link: GuardianLink,
    move_open_balance: bool,
) -> Reply<()> {
    reply(state.with(|o| {
        o.register()
            .update_guardian_link(child_id, guardian_id, link, move_open_balance)
    }))
}

#[tauri::command]
pub async fn reveal_cpr(state: State<'_, AppState>, id: i64) -> Reply<ChildDetail> {
    reply(state.with(|o| o.register().reveal_cpr(id)))
}
