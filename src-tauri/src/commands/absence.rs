//! Absence and leave requests, by child, by class and for the whole school today.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::absence::{AbsenceView, AbsentToday, ChildAbsence, ClassAbsence};
use skolekontor_app::domain::absence::AbsenceInput;
use tauri::State;

#[tauri::command]
pub async fn record_absence(state: State<'_, AppState>, input: AbsenceInput) -> Reply<AbsenceView> {
    reply(state.with(|o| o.absence().record_absence(input)))
}

#[tauri::command]
pub async fn child_absence(state: State<'_, AppState>, child_id: i64) -> Reply<ChildAbsence> {
    reply(state.with(|o| o.absence().child_absence(child_id)))
}

#[tauri::command]
pub async fn class_absence(state: State<'_, AppState>, grade: u8) -> Reply<ClassAbsence> {
    reply(state.with(|o| o.absence().class_absence(grade)))
}

#[tauri::command]
pub async fn leave_requests(state: State<'_, AppState>) -> Reply<Vec<AbsenceView>> {
    reply(state.with(|o| o.absence().leave_requests()))
}

#[tauri::command]
pub async fn decide_leave(
    state: State<'_, AppState>,
    absence_id: i64,
    approve: bool,
) -> Reply<AbsenceView> {
    reply(state.with(|o| o.absence().decide_leave(absence_id, approve)))
}

#[tauri::command]
pub async fn absent_today(state: State<'_, AppState>) -> Reply<Vec<AbsentToday>> {
    reply(state.with(|o| o.absence().absent_today()))
}
