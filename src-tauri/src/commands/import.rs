//! Importing a register from another system's file.

use super::files::{pick_file, save_file_as};
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::tr;
use skolekontor_app::import::{ImportDone, ImportPreview};
use tauri::{AppHandle, Runtime, State};

/// Asks for the old system's export; `None` when cancelled.
#[tauri::command]
pub async fn choose_import_file<R: Runtime>(app: AppHandle<R>) -> Reply<Option<String>> {
    let kinds = tr!("dialog.import_filter");
    let filter: (&str, &[&str]) = (&kinds, &["csv", "txt", "xlsx", "xls", "ods"]);
    let chosen = pick_file(&app, &tr!("dialog.choose_import"), Some(filter));
    Ok(chosen.map(|p| p.display().to_string()))
}

/// Saves an import file to fill in (every header and a fictional example row).
#[tauri::command]
pub async fn save_import_template<R: Runtime>(app: AppHandle<R>) -> Reply<bool> {
    let template = skolekontor_app::import::template_csv();
    Ok(save_file_as(
        &app,
        &tr!("dialog.save_import_template"),
        "Skolekontor-importskabelon.csv",
        ("CSV", &["csv"]),
        &template,
    )?
    .is_some())
}

#[tauri::command]
pub async fn preview_import(state: State<'_, AppState>, path: String) -> Reply<ImportPreview> {
    reply(state.with(|o| o.import().preview_import(&path)))
}

#[tauri::command]
pub async fn import_register(
    state: State<'_, AppState>,
    path: String,
    fingerprint: String,
) -> Reply<ImportDone> {
    reply(state.with(|o| o.import().import_register(&path, &fingerprint)))
}
