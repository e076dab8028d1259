//! Documents as PDF: preview, save and open; exam certificates.

use super::files::{print_pdf, save_pdf_as};
use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::exam_certificate::CertificateInput;
use skolekontor_app::domain::tr;
use skolekontor_app::exam_certificates::CertificateView;
use tauri::{AppHandle, Runtime, State};

/// The PDF's bytes for the preview inside the window (an ArrayBuffer in the UI).
#[tauri::command]
pub async fn preview_document(
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> Reply<tauri::ipc::Response> {
    let printed = reply(state.with(|o| o.documents().document(request)))?;
    Ok(tauri::ipc::Response::new(printed.bytes))
}

/// Asks where to save the PDF and saves it. Returns false when the user cancelled.
#[tauri::command]
pub async fn save_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> Reply<bool> {
    let printed = reply(state.with(|o| o.documents().document(request)))?;
    let title = tr!("dialog.save_document", title = printed.title);
    Ok(save_pdf_as(&app, &title, &printed.file_name, &printed.bytes)?.is_some())
}

/// Writes the PDF to the private print folder and opens it in the system's PDF
/// viewer, to print from there. Returns the file's path.
#[tauri::command]
pub async fn open_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> Reply<String> {
    let printed = reply(state.with(|o| o.documents().document(request)))?;
    print_pdf(&app, &printed.file_name, &printed.bytes)
}

#[tauri::command]
pub async fn exam_certificates(
    state: State<'_, AppState>,
    child_id: i64,
) -> Reply<Vec<CertificateView>> {
    reply(state.with(|o| o.exam_certificates().exam_certificates(child_id)))
}

#[tauri::command]
pub async fn record_exam_certificate(
    state: State<'_, AppState>,
    input: CertificateInput,
) -> Reply<Vec<CertificateView>> {
    reply(state.with(|o| o.exam_certificates().record_exam_certificate(input)))
}
