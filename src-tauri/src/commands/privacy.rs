//! The data subject's rights: the data export, data requests, and the retention plan.

use super::files::save_file_as;
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::data_request::{RequestAnswer, RequestView};
use skolekontor_app::domain::data_request::RequestInput;
use skolekontor_app::domain::tr;
use skolekontor_app::retention::RetentionPlanView;
use tauri::{AppHandle, Runtime, State};

/// R27: the portability export as JSON or CSV, saved where the user chooses.
#[tauri::command]
pub async fn save_data_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    subject: DataSubject,
    format: String,
) -> Reply<bool> {
    let csv = format == "csv";
    let bytes = reply(state.with(|o| {
        if csv {
            o.privacy().data_export_csv(subject)
        } else {
            o.privacy().data_export_json(subject)
        }
    }))?;
    let extension = if csv { "csv" } else { "json" };
    let name = skolekontor_app::data_access::data_export_file_name(subject, extension);
    let filter = if csv {
        ("CSV", &["csv"][..])
    } else {
        ("JSON", &["json"][..])
    };
    Ok(save_file_as(&app, &tr!("dialog.save_export"), &name, filter, &bytes)?.is_some())
}

#[tauri::command]
pub async fn data_requests(state: State<'_, AppState>) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.privacy().data_requests()))
}

#[tauri::command]
pub async fn register_data_request(
    state: State<'_, AppState>,
    input: RequestInput,
) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.privacy().register_data_request(input)))
}

#[tauri::command]
pub async fn extend_data_request(
    state: State<'_, AppState>,
    answer: RequestAnswer,
) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.privacy().extend_data_request(answer)))
}

#[tauri::command]
pub async fn answer_data_request(
    state: State<'_, AppState>,
    answer: RequestAnswer,
) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.privacy().answer_data_request(answer)))
}

#[tauri::command]
pub async fn retention_plan(state: State<'_, AppState>) -> Reply<RetentionPlanView> {
    reply(state.with(|o| o.privacy().retention_plan()))
}

#[tauri::command]
pub async fn run_retention(state: State<'_, AppState>, token: String) -> Reply<String> {
    reply(state.with(|o| o.privacy().run_retention(&token)))
}
