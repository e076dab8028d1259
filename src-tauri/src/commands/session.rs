//! Logging in with password and one-time code, locking and logging out.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::office::LoginStep;
use skolekontor_app::session::SessionUser;
use tauri::State;

#[tauri::command]
pub async fn log_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Reply<LoginStep> {
    reply(state.with(|o| o.log_in(&username, &password)))
}

#[tauri::command]
pub async fn confirm_code(state: State<'_, AppState>, code: String) -> Reply<SessionUser> {
    reply(state.with(|o| o.confirm_code(&code)))
}

/// Locks the session: `by_user` when the user chose "Lås", not after the idle minutes.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>, by_user: bool) -> Reply<()> {
    reply(state.with(|o| o.lock(by_user)))
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, password: String) -> Reply<SessionUser> {
    reply(state.with(|o| o.unlock(&password)))
}

#[tauri::command]
pub async fn log_out(state: State<'_, AppState>) -> Reply<()> {
    reply(state.with(|o| {
        o.log_out();
        Ok(())
    }))
}
