//! Lists of children as tables, PDF, .xlsx and CSV.

use super::files::{print_pdf, save_file_as};
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::lists::{ListRequest, ListTable};
use skolekontor_app::domain::tr;
use skolekontor_app::lists::ListFormat;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn list_table(state: State<'_, AppState>, request: ListRequest) -> Reply<ListTable> {
    reply(state.with(|o| o.lists().list_table(request)))
}

/// Saves a list as PDF, .xlsx or CSV where the user chooses; false when cancelled.
#[tauri::command]
pub async fn save_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ListRequest,
    format: ListFormat,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.lists().list_file(request, format)))?;
    let filter: (&str, &[&str]) = match format {
        ListFormat::Pdf => ("PDF", &["pdf"]),
        ListFormat::Xlsx => ("Excel", &["xlsx"]),
        ListFormat::Csv => ("CSV (semikolon)", &["csv"]),
    };
    Ok(save_file_as(
        &app,
        &tr!("dialog.save_list"),
        &file.file_name,
        filter,
        &file.bytes,
    )?
    .is_some())
}

/// Writes a list's PDF to the private print folder and opens it to print.
#[tauri::command]
pub async fn open_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ListRequest,
) -> Reply<String> {
    let file = reply(state.with(|o| o.lists().list_file(request, ListFormat::Pdf)))?;
    print_pdf(&app, &file.file_name, &file.bytes)
}
