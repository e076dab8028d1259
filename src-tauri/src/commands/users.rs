//! The staff's user accounts, their passwords and second factor.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::register::Saved;
use skolekontor_app::users::{UserInput, UserView};
use tauri::State;

#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Reply<Vec<UserView>> {
    reply(state.with(|o| o.users().users()))
}

#[tauri::command]
pub async fn add_user(state: State<'_, AppState>, input: UserInput) -> Reply<Saved> {
    reply(state.with(|o| o.users().add_user(input)))
}

#[tauri::command]
pub async fn update_user(state: State<'_, AppState>, id: i64, input: UserInput) -> Reply<()> {
    reply(state.with(|o| o.users().update_user(id, input)))
}

#[tauri::command]
pub async fn reset_second_factor(state: State<'_, AppState>, id: i64) -> Reply<()> {
    reply(state.with(|o| o.users().reset_second_factor(id)))
}

#[tauri::command]
pub async fn set_user_password(
    state: State<'_, AppState>,
    id: i64,
    password: String,
    password_repeat: String,
) -> Reply<()> {
    reply(state.with(|o| o.users().set_user_password(id, &password, &password_repeat)))
}
