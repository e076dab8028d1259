//! The first start: setting up the school (or the demo school), the recovery sheet,
//! a damaged file restored, and the way in with the recovery key.

use super::files::{print_pdf, save_pdf_as};
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::tr;
use skolekontor_app::setup::{SetupDone, SetupInput};
use skolekontor_app::StartState;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn start(state: State<'_, AppState>) -> Reply<StartState> {
    let state = reply(state.with(|o| o.start()));
    crate::log_first_screen();
    state
}

#[tauri::command]
pub async fn set_up(state: State<'_, AppState>, input: SetupInput) -> Reply<SetupDone> {
    reply(state.with(|o| o.set_up(input)))
}

#[tauri::command]
pub async fn set_up_demo(state: State<'_, AppState>) -> Reply<SetupDone> {
    reply(state.with(|o| o.set_up_demo()))
}

/// The recovery sheet's file name in the private print folder.
pub(super) const RECOVERY_SHEET: &str = "Skolekontor-gendannelsesnoegle.pdf";

/// Sends the recovery sheet to the printer the way every print goes: written to the
/// user's private print folder and opened in the system's PDF viewer. The copy there
/// holds the key, so it is deleted a minute later, once the viewer has read it (and
/// at the latest when the user confirms the key is kept safe).
#[tauri::command]
pub async fn print_recovery_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<()> {
    let pdf = reply(state.with(|o| o.recovery_sheet_pdf()))?;
    let path = print_pdf(&app, RECOVERY_SHEET, &pdf)?;
    crate::printing::remove_after(path.into(), crate::printing::VIEWER_GRACE);
    Ok(())
}

/// Saves the recovery sheet as a file where the user chooses — an explicit choice the
/// window asks about first, since a file is a copy of the key outside the safe.
/// Returns false when the user cancelled the dialog.
#[tauri::command]
pub async fn save_recovery_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<bool> {
    let pdf = reply(state.with(|o| o.recovery_sheet_pdf()))?;
    Ok(save_pdf_as(
        &app,
        &tr!("dialog.save_recovery_sheet"),
        RECOVERY_SHEET,
        &pdf,
    )?
    .is_some())
}

/// The key is kept safe: the program forgets it, and the sheet's copy in the print
/// folder goes.
#[tauri::command]
pub async fn confirm_recovery_key_saved(state: State<'_, AppState>) -> Reply<()> {
    crate::printing::remove_print(RECOVERY_SHEET);
    reply(state.with(|o| {
        o.confirm_recovery_key_saved();
        Ok(())
    }))
}

#[tauri::command]
pub async fn restore_damaged(
    state: State<'_, AppState>,
    backup: String,
    username: String,
    password: String,
    code: String,
) -> Reply<StartState> {
    reply(state.with(|o| o.restore_damaged(&backup, &username, &password, &code)))
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Reply<StartState> {
    reply(state.with(|o| o.unlock_with_recovery_key(&recovery_key)))
}
