//! Consent types and each child's consents, one by one or for a whole class.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::consent::{ChildConsents, ClassConsentInput, ClassConsentRow, ConsentList};
use skolekontor_app::domain::consent::{ConsentInput, ConsentType, ConsentTypeInput};
use tauri::State;

#[tauri::command]
pub async fn consent_types(state: State<'_, AppState>) -> Reply<Vec<ConsentType>> {
    reply(state.with(|o| o.consent().consent_types()))
}

#[tauri::command]
pub async fn add_consent_type(
    state: State<'_, AppState>,
    input: ConsentTypeInput,
) -> Reply<Vec<ConsentType>> {
    reply(state.with(|o| o.consent().add_consent_type(input)))
}

#[tauri::command]
pub async fn set_consent_type_active(
    state: State<'_, AppState>,
    type_id: i64,
    active: bool,
) -> Reply<Vec<ConsentType>> {
    reply(state.with(|o| o.consent().set_consent_type_active(type_id, active)))
}

#[tauri::command]
pub async fn child_consents(state: State<'_, AppState>, child_id: i64) -> Reply<ChildConsents> {
    reply(state.with(|o| o.consent().child_consents(child_id)))
}

#[tauri::command]
pub async fn record_consent(
    state: State<'_, AppState>,
    input: ConsentInput,
) -> Reply<ChildConsents> {
    reply(state.with(|o| o.consent().record_consent(input)))
}

#[tauri::command]
pub async fn consent_list(state: State<'_, AppState>, type_id: i64) -> Reply<ConsentList> {
    reply(state.with(|o| o.consent().consent_list(type_id)))
}

#[tauri::command]
pub async fn class_consents(
    state: State<'_, AppState>,
    grade: u8,
    type_id: i64,
) -> Reply<Vec<ClassConsentRow>> {
    reply(state.with(|o| o.consent().class_consents(grade, type_id)))
}

#[tauri::command]
pub async fn record_class_consents(
    state: State<'_, AppState>,
    input: ClassConsentInput,
) -> Reply<usize> {
    reply(state.with(|o| o.consent().record_class_consents(input)))
}
