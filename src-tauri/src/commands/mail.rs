//! E-mail to parents: the school's SMTP settings, the batch and its sending.

use super::{reply, Reply};
use crate::state::AppState;
use skolekontor_app::domain::mail::SmtpSettingsInput;
use skolekontor_app::mail::{ContractMailRequest, MailBatch, MailSettingsView, OutgoingMail};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

#[tauri::command]
pub async fn mail_settings(state: State<'_, AppState>) -> Reply<MailSettingsView> {
    reply(state.with(|o| o.mail().mail_settings()))
}

#[tauri::command]
pub async fn save_mail_settings(
    state: State<'_, AppState>,
    input: SmtpSettingsInput,
) -> Reply<MailSettingsView> {
    reply(state.with(|o| o.mail().save_mail_settings(input)))
}

/// Makes every family's contract e-mail (a grade's, or the school's) and keeps them
/// for `send_mails`; returns them for the preview of the recipients.
#[tauri::command]
pub async fn prepare_contract_mails(
    state: State<'_, AppState>,
    request: ContractMailRequest,
) -> Reply<MailBatch> {
    reply(state.with(|o| o.mail().contract_mails(request)))
}

/// Sends the prepared e-mails numbered `numbers` (all when empty) that were not taken
/// for sending before, on a thread of its own: the window and the other commands go on
/// meanwhile; a failed one is given back, to be sent again on purpose. Each result comes as a
/// `mail-result` event, then `mail-done`; the sent ones are logged.
#[tauri::command]
pub async fn send_mails<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    numbers: Vec<u32>,
) -> Reply<u32> {
    let mailer = reply(state.with(|o| o.mail().mailer()))?;
    let mails = reply(state.with(|o| o.mail().take_for_sending(&numbers)))?;
    let count = mails.len() as u32;
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let mut sent = 0u32;
        mailer.send_all(&mails, |result| {
            // Logged as it goes: a crash mid-batch leaves no sent e-mail unlogged.
            if result.error.is_none() {
                sent += 1;
                let mail: Vec<&OutgoingMail> =
                    mails.iter().filter(|m| m.number == result.number).collect();
                if let Err(error) = state.with(|o| o.mail().record_sent(&mail)) {
                    tracing::warn!(%error, "a sent e-mail was not logged");
                }
            } else if let Err(error) = state.with(|o| o.mail().give_back(&[result.number])) {
                tracing::warn!(%error, "a failed e-mail could not be offered again");
            }
            let _ = app.emit("mail-result", &result);
        });
        let _ = app.emit("mail-done", sent);
    });
    Ok(count)
}

#[tauri::command]
pub async fn class_addresses(state: State<'_, AppState>, grade: u8) -> Reply<Vec<String>> {
    reply(state.with(|o| o.mail().class_addresses(grade)))
}
