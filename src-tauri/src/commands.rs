//! The IPC commands: each one locks the office, calls one use case and hands the
//! result (or an `ErrorReply { code, message, fields }`) to the UI.

use skolekontor_app::domain::register::{ChildDetail, ChildInput, ChildSummary, GuardianInput, GuardianLink};
use skolekontor_app::error::ErrorReply;
use skolekontor_app::register::{NewChild, NewGuardian, Saved, SearchResults};
use skolekontor_app::session::SessionUser;
use skolekontor_app::setup::{SetupDone, SetupInput};
use skolekontor_app::{AppError, StartState};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::AppState;

type Reply<T> = Result<T, ErrorReply>;

fn reply<T>(result: Result<T, AppError>) -> Reply<T> {
    result.map_err(|e| e.reply())
}

/// Every command, for the builder.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        start,
        set_up,
        set_up_demo,
        save_recovery_sheet,
        confirm_recovery_key_saved,
        unlock_with_recovery_key,
        log_in,
        log_out,
        search,
        list_children,
        child,
        add_child,
        update_child,
        set_child_archived,
        add_guardian,
        update_guardian,
        update_guardian_link,
    ]
}

#[tauri::command]
async fn start(state: State<'_, AppState>) -> Reply<StartState> {
    reply(state.with(|o| o.start()))
}

#[tauri::command]
async fn set_up(state: State<'_, AppState>, input: SetupInput) -> Reply<SetupDone> {
    reply(state.with(|o| o.set_up(input)))
}

#[tauri::command]
async fn set_up_demo(state: State<'_, AppState>) -> Reply<SetupDone> {
    reply(state.with(|o| o.set_up_demo()))
}

/// Asks where to save the recovery sheet, saves it, and opens it for printing.
/// Returns false when the user cancelled the dialog.
#[tauri::command]
async fn save_recovery_sheet<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Reply<bool> {
    let pdf = reply(state.with(|o| o.recovery_sheet_pdf()))?;
    let chosen = app
        .dialog()
        .file()
        .set_title("Gem gendannelsesnøglen som PDF")
        .set_file_name("Skolekontor-gendannelsesnoegle.pdf")
        .add_filter("PDF", &["pdf"])
        .blocking_save_file();
    let Some(path) = chosen.and_then(|p| p.into_path().ok()) else { return Ok(false) };
    reply(std::fs::write(&path, pdf).map_err(|e| AppError::Store(e.into())))?;
    let _ = app.opener().open_path(path.to_string_lossy(), None::<&str>);
    Ok(true)
}

#[tauri::command]
async fn confirm_recovery_key_saved(state: State<'_, AppState>) -> Reply<()> {
    reply(state.with(|o| {
        o.confirm_recovery_key_saved();
        Ok(())
    }))
}

#[tauri::command]
async fn unlock_with_recovery_key(state: State<'_, AppState>, recovery_key: String) -> Reply<StartState> {
    reply(state.with(|o| o.unlock_with_recovery_key(&recovery_key)))
}

#[tauri::command]
async fn log_in(state: State<'_, AppState>, username: String, password: String) -> Reply<SessionUser> {
    reply(state.with(|o| o.log_in(&username, &password)))
}

#[tauri::command]
async fn log_out(state: State<'_, AppState>) -> Reply<()> {
    reply(state.with(|o| {
        o.log_out();
        Ok(())
    }))
}

#[tauri::command]
async fn search(state: State<'_, AppState>, query: String, include_archived: bool) -> Reply<SearchResults> {
    reply(state.with(|o| o.search(&query, include_archived)))
}

#[tauri::command]
async fn list_children(state: State<'_, AppState>, include_archived: bool) -> Reply<Vec<ChildSummary>> {
    reply(state.with(|o| o.list_children(include_archived)))
}

#[tauri::command]
async fn child(state: State<'_, AppState>, id: i64) -> Reply<ChildDetail> {
    reply(state.with(|o| o.child(id)))
}

#[tauri::command]
async fn add_child(state: State<'_, AppState>, input: NewChild) -> Reply<Saved> {
    reply(state.with(|o| o.add_child(input)))
}

#[tauri::command]
async fn update_child(state: State<'_, AppState>, id: i64, input: ChildInput) -> Reply<Saved> {
    reply(state.with(|o| o.update_child(id, input)))
}

#[tauri::command]
async fn set_child_archived(state: State<'_, AppState>, id: i64, archived: bool) -> Reply<()> {
    reply(state.with(|o| o.set_child_archived(id, archived)))
}

#[tauri::command]
async fn add_guardian(state: State<'_, AppState>, child_id: i64, input: NewGuardian) -> Reply<Saved> {
    reply(state.with(|o| o.add_guardian(child_id, input)))
}

#[tauri::command]
async fn update_guardian(state: State<'_, AppState>, guardian_id: i64, input: GuardianInput) -> Reply<Saved> {
    reply(state.with(|o| o.update_guardian(guardian_id, input)))
}

#[tauri::command]
async fn update_guardian_link(state: State<'_, AppState>, child_id: i64, guardian_id: i64, link: GuardianLink) -> Reply<()> {
    reply(state.with(|o| o.update_guardian_link(child_id, guardian_id, link)))
}
