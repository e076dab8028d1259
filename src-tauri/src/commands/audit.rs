//! The audit log and the check of its chain.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::audit::AuditRow;
use skolekontor_app::domain::audit::{AuditCheck, AuditFilter};
use tauri::State;

#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, filter: AuditFilter) -> Reply<Vec<AuditRow>> {
    reply(state.with(|o| o.audit().audit_log(filter)))
}

#[tauri::command]
pub async fn verify_audit_log(state: State<'_, AppState>) -> Reply<AuditCheck> {
    reply(state.with(|o| o.audit().verify_audit_log()))
}
