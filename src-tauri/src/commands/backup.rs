//! Backups, their settings and check, restore, and a new database key.

use super::files::pick_file;
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::backup::{BackupCheckView, BackupSettingsInput, BackupView};
use skolekontor_app::domain::tr;
use skolekontor_app::StartState;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> Reply<BackupView> {
    reply(state.with(|o| o.backup().backups()))
}

#[tauri::command]
pub async fn save_backup_settings(
    state: State<'_, AppState>,
    input: BackupSettingsInput,
) -> Reply<BackupView> {
    reply(state.with(|o| o.backup().save_backup_settings(input)))
}

/// Asks for the backup folder (a USB stick, a network share); `None` when cancelled.
#[tauri::command]
pub async fn choose_backup_folder<R: Runtime>(app: AppHandle<R>) -> Reply<Option<String>> {
    let chosen = app
        .dialog()
        .file()
        .set_title(tr!("dialog.choose_backup_folder"))
        .blocking_pick_folder();
    Ok(chosen
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupView> {
    reply(state.with(|o| o.backup().back_up_now()))
}

/// Asks for a backup file to restore from; `None` when cancelled.
#[tauri::command]
pub async fn choose_backup_file<R: Runtime>(app: AppHandle<R>) -> Reply<Option<String>> {
    let chosen = pick_file(
        &app,
        &tr!("dialog.choose_backup"),
        Some((&tr!("dialog.backup_filter"), &["db"])),
    );
    Ok(chosen.map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn check_backup_file(state: State<'_, AppState>, path: String) -> Reply<BackupCheckView> {
    reply(state.with(|o| o.backup().check_backup_file(&path)))
}

#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Reply<StartState> {
    reply(state.with(|o| o.backup().restore_backup(&path)))
}

/// R29: a new database key; returns the new recovery key, shown once.
#[tauri::command]
pub async fn change_database_key(state: State<'_, AppState>) -> Reply<String> {
    reply(state.with(|o| o.change_database_key()))
}
