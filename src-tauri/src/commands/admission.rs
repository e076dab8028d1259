//! The waiting list, offers, admission meetings and decisions, terms and capacity.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::admission::{
    Application, Intake, IntakeQuery, TermsVersion, TermsVersionInput,
};
use skolekontor_app::domain::admission::{AdmissionInput, MeetingInput, WaitingInput};
use skolekontor_app::domain::school::Division;
use skolekontor_app::register::Saved;
use tauri::State;

#[tauri::command]
pub async fn waiting_list(
    state: State<'_, AppState>,
    division: Option<Division>,
) -> Reply<Vec<Application>> {
    reply(state.with(|o| o.admission().waiting_list(division)))
}

#[tauri::command]
pub async fn intake(state: State<'_, AppState>, query: IntakeQuery) -> Reply<Intake> {
    reply(state.with(|o| o.admission().intake(query)))
}

#[tauri::command]
pub async fn register_on_waiting_list(
    state: State<'_, AppState>,
    input: WaitingInput,
) -> Reply<Saved> {
    reply(state.with(|o| o.admission().register_on_waiting_list(input)))
}

#[tauri::command]
pub async fn mark_enrolment_fee_paid(
    state: State<'_, AppState>,
    child_id: i64,
    paid_on: String,
) -> Reply<()> {
    reply(state.with(|o| o.admission().mark_enrolment_fee_paid(child_id, &paid_on)))
}

#[tauri::command]
pub async fn offer_place(state: State<'_, AppState>, entry_id: i64) -> Reply<()> {
    reply(state.with(|o| o.admission().offer_place(entry_id)))
}

#[tauri::command]
pub async fn answer_offer(
    state: State<'_, AppState>,
    entry_id: i64,
    accepted: bool,
    answered_on: String,
) -> Reply<()> {
    reply(state.with(|o| o.admission().answer_offer(entry_id, accepted, &answered_on)))
}

#[tauri::command]
pub async fn record_meeting(
    state: State<'_, AppState>,
    entry_id: i64,
    input: MeetingInput,
) -> Reply<()> {
    reply(state.with(|o| o.admission().record_meeting(entry_id, input)))
}

#[tauri::command]
pub async fn decide_admission(
    state: State<'_, AppState>,
    entry_id: i64,
    approved: bool,
    reason: String,
) -> Reply<()> {
    reply(state.with(|o| o.admission().decide_admission(entry_id, approved, &reason)))
}

#[tauri::command]
pub async fn admit(state: State<'_, AppState>, entry_id: i64, input: AdmissionInput) -> Reply<()> {
    reply(state.with(|o| o.admission().admit(entry_id, input)))
}

#[tauri::command]
pub async fn withdraw_application(state: State<'_, AppState>, entry_id: i64) -> Reply<()> {
    reply(state.with(|o| o.admission().withdraw_application(entry_id)))
}

#[tauri::command]
pub async fn terms_versions(state: State<'_, AppState>) -> Reply<Vec<TermsVersion>> {
    reply(state.with(|o| o.admission().terms_versions()))
}

#[tauri::command]
pub async fn add_terms_version(
    state: State<'_, AppState>,
    input: TermsVersionInput,
) -> Reply<Saved> {
    reply(state.with(|o| o.admission().add_terms_version(input)))
}

#[tauri::command]
pub async fn set_class_capacity(
    state: State<'_, AppState>,
    school_year: i32,
    grade: u8,
    capacity: u32,
) -> Reply<()> {
    reply(state.with(|o| {
        o.admission()
            .set_class_capacity(school_year, grade, capacity)
    }))
}
