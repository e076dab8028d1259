//! Lists of children as tables, PDF, .xlsx and CSV.

use super::files::save_file_as;
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::lists::{ListRequest, ListTable};
use skolekontor_app::lists::ListFormat;
use skolekontor_app::AppError;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

#[tauri::command]
pub async fn list_table(state: State<'_, AppState>, request: ListRequest) -> Reply<ListTable> {
    reply(state.with(|o| o.list_table(request)))
}

/// Saves a list as PDF, .xlsx or CSV where the user chooses; false when cancelled.
#[tauri::command]
pub async fn save_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ListRequest,
    format: ListFormat,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.list_file(request, format)))?;
    let filter: (&str, &[&str]) = match format {
        ListFormat::Pdf => ("PDF", &["pdf"]),
        ListFormat::Xlsx => ("Excel", &["xlsx"]),
        ListFormat::Csv => ("CSV (semikolon)", &["csv"]),
    };
    Ok(save_file_as(&app, "Gem listen", &file.file_name, filter, &file.bytes)?.is_some())
}

/// Writes a list's PDF to the private print folder and opens it to print.
#[tauri::command]
pub async fn open_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ListRequest,
) -> Reply<String> {
    let file = reply(state.with(|o| o.list_file(request, ListFormat::Pdf)))?;
    let path = reply(
        crate::printing::write_print(&file.file_name, &file.bytes)
            .map_err(|e| AppError::Store(e.into())),
    )?;
    let shown = path.to_string_lossy().to_string();
    if let Err(error) = app.opener().open_path(&shown, None::<&str>) {
        tracing::warn!(%error, "no PDF viewer opened");
    }
    Ok(shown)
}
