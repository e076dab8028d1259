//! The IPC commands: each one locks the office, calls one use case and hands the
//! result (or an `ErrorReply { code, message, fields }`) to the UI.

use skolekontor_app::absence::{AbsenceView, AbsentToday, ChildAbsence, ClassAbsence};
use skolekontor_app::admission::{
    Application, Intake, IntakeQuery, TermsVersion, TermsVersionInput,
};
use skolekontor_app::audit_log::AuditRow;
use skolekontor_app::backups::{BackupCheckView, BackupSettingsInput, BackupView};
use skolekontor_app::billing::{
    BillingSetup, ChargePreview, ManualPaymentInput, PayerAccount, PayerStatement,
    PaymentImportReport, RunSummary,
};
use skolekontor_app::bookkeeping::{AccountInput, AccountRow, JournalFormat};
use skolekontor_app::class_fund::{
    CancelFundEntry, ClassDepositsInput, ClassFundSummary, ClassFundView,
};
use skolekontor_app::consents::{ChildConsents, ClassConsentInput, ClassConsentRow, ConsentList};
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::data_requests::{RequestAnswer, RequestView};
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::absence::AbsenceInput;
use skolekontor_app::domain::admission::{AdmissionInput, MeetingInput, WaitingInput};
use skolekontor_app::domain::audit::{AuditCheck, AuditFilter};
use skolekontor_app::domain::betalingsservice::Creditor;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::billing::journal::Journal;
use skolekontor_app::domain::billing::{
    BillingSettings, RateCorrection, RateInput, Subsidy, SubsidyInput,
};
use skolekontor_app::domain::class_fund::{ClassFundInput, FundEntryInput};
use skolekontor_app::domain::consent::{ConsentInput, ConsentType, ConsentTypeInput};
use skolekontor_app::domain::data_request::RequestInput;
use skolekontor_app::domain::exam_certificate::CertificateInput;
use skolekontor_app::domain::health::HealthInput;
use skolekontor_app::domain::leaving::municipal_count::SeptemberCount;
use skolekontor_app::domain::leaving::rollover::RolloverPlan;
use skolekontor_app::domain::leaving::withdrawal::WithdrawalInput;
use skolekontor_app::domain::lists::{ListRequest, ListTable};
use skolekontor_app::domain::mail::SmtpSettingsInput;
use skolekontor_app::domain::placement::{ClassChangeInput, SfoChangeInput};
use skolekontor_app::domain::placement_correction::DateCorrectionInput;
use skolekontor_app::domain::privacy::PrivacySettings;
use skolekontor_app::domain::register::{
    ChildDetail, ChildInput, ChildSummary, GuardianInput, GuardianLink,
};
use skolekontor_app::domain::school::{Division, SchoolSettings};
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_app::domain::Ore;
use skolekontor_app::error::ErrorReply;
use skolekontor_app::exam_certificates::CertificateView;
use skolekontor_app::health::HealthView;
use skolekontor_app::import::{ImportDone, ImportPreview};
use skolekontor_app::leaving::{ExpulsionInput, LeavingView, RolloverView, WithdrawalPreview};
use skolekontor_app::lists::ListFormat;
use skolekontor_app::mail::{ContractMailRequest, MailBatch, MailSettingsView, OutgoingMail};
use skolekontor_app::office::LoginStep;
use skolekontor_app::payer_change::PayerChangePreview;
use skolekontor_app::placement::{ChangePreview, PlacementView};
use skolekontor_app::register::{NewChild, NewGuardian, Saved, SearchResults};
use skolekontor_app::retention::RetentionPlanView;
use skolekontor_app::session::SessionUser;
use skolekontor_app::setup::{SetupDone, SetupInput};
use skolekontor_app::texts::{PrivacyView, TextVersion};
use skolekontor_app::today::TodayView;
use skolekontor_app::users::{UserInput, UserView};
use skolekontor_app::{AppError, StartState};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
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
        print_recovery_sheet,
        save_recovery_sheet,
        confirm_recovery_key_saved,
        restore_damaged,
        unlock_with_recovery_key,
        log_in,
        confirm_code,
        log_out,
        lock,
        unlock,
        search,
        list_children,
        child,
        add_child,
        update_child,
        set_child_archived,
        add_guardian,
        update_guardian,
        update_guardian_link,
        payer_change_preview,
        reveal_cpr,
        waiting_list,
        intake,
        register_on_waiting_list,
        mark_enrolment_fee_paid,
        offer_place,
        answer_offer,
        record_meeting,
        decide_admission,
        admit,
        withdraw_application,
        terms_versions,
        add_terms_version,
        set_class_capacity,
        users,
        add_user,
        update_user,
        reset_second_factor,
        set_user_password,
        school_settings,
        save_school_settings,
        audit_log,
        verify_audit_log,
        texts,
        text_versions,
        preview_text,
        save_text,
        privacy_settings,
        save_privacy_settings,
        set_school_logo,
        has_school_logo,
        preview_document,
        save_document,
        open_document,
        billing_setup,
        add_rate,
        correct_rate,
        save_billing_settings,
        subsidies,
        add_subsidy,
        end_subsidy,
        preview_charges,
        issue_charges,
        charge_runs,
        save_delivery_file,
        import_payment_file,
        add_manual_payment,
        add_correction,
        issue_credit_note,
        record_refund,
        payer_accounts,
        payer_statement,
        terminate_kindergarten_for_arrears,
        leaving,
        placements,
        preview_class_change,
        change_class,
        preview_sfo_change,
        change_sfo,
        preview_date_correction,
        correct_placement_date,
        customer_number,
        set_customer_number,
        preview_withdrawal,
        record_withdrawal,
        cancel_withdrawal,
        record_compensation,
        end_schooling,
        rollover_preview,
        run_rollover,
        defer_school_start,
        undo_school_start_deferral,
        september_count,
        save_september_count_csv,
        record_absence,
        child_absence,
        class_absence,
        leave_requests,
        decide_leave,
        health,
        save_data_export,
        data_requests,
        retention_plan,
        run_retention,
        register_data_request,
        extend_data_request,
        answer_data_request,
        add_health_note,
        delete_health_note,
        exam_certificates,
        record_exam_certificate,
        backups,
        save_backup_settings,
        choose_backup_folder,
        back_up_now,
        choose_backup_file,
        check_backup_file,
        restore_backup,
        change_database_key,
        consent_types,
        add_consent_type,
        set_consent_type_active,
        child_consents,
        record_consent,
        consent_list,
        class_consents,
        add_class_deposits,
        record_class_consents,
        list_table,
        today,
        absent_today,
        mail_settings,
        save_mail_settings,
        prepare_contract_mails,
        send_mails,
        class_addresses,
        save_list,
        open_list,
        chart_of_accounts,
        save_chart_of_accounts,
        journal,
        save_journal,
        class_funds,
        class_fund,
        save_class_fund,
        add_fund_entry,
        cancel_fund_entry,
        choose_import_file,
        save_import_template,
        preview_import,
        import_register,
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

/// The recovery sheet's file name in the private print folder.
const RECOVERY_SHEET: &str = "Skolekontor-gendannelsesnoegle.pdf";

/// Sends the recovery sheet to the printer the way every print goes: written to the
/// user's private print folder and opened in the system's PDF viewer; the copy there
/// is deleted when the user confirms the key is kept safe.
#[tauri::command]
async fn print_recovery_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<()> {
    let pdf = reply(state.with(|o| o.recovery_sheet_pdf()))?;
    let path = reply(
        crate::printing::write_print(RECOVERY_SHEET, &pdf).map_err(|e| AppError::Store(e.into())),
    )?;
    if let Err(error) = app.opener().open_path(path.to_string_lossy(), None::<&str>) {
        tracing::warn!(%error, "no PDF viewer opened");
    }
    Ok(())
}

/// Saves the recovery sheet as a file where the user chooses — an explicit choice the
/// window asks about first, since a file is a copy of the key outside the safe.
/// Returns false when the user cancelled the dialog.
#[tauri::command]
async fn save_recovery_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<bool> {
    let pdf = reply(state.with(|o| o.recovery_sheet_pdf()))?;
    Ok(save_pdf_as(&app, "Gem gendannelsesnøglen som PDF", RECOVERY_SHEET, &pdf)?.is_some())
}

/// In a build for tests only: a folder to save files in without the save dialog, for
/// the end-to-end tests, which cannot drive the system's file dialog.
fn test_save_dir() -> Option<std::path::PathBuf> {
    #[cfg(feature = "test-hooks")]
    return std::env::var_os("SKOLEKONTOR_SAVE_DIR").map(std::path::PathBuf::from);
    #[cfg(not(feature = "test-hooks"))]
    None
}

/// Asks where to save a file and writes it there; `None` when the user cancelled.
fn save_file_as<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
    bytes: &[u8],
) -> Reply<Option<std::path::PathBuf>> {
    let chosen = match test_save_dir() {
        Some(dir) => Some(dir.join(file_name)),
        None => app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter.0, filter.1)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = chosen else { return Ok(None) };
    reply(std::fs::write(&path, bytes).map_err(|e| AppError::Store(e.into())))?;
    Ok(Some(path))
}

/// Asks for one file to open; `None` when the user cancelled.
fn pick_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filter: Option<(&str, &[&str])>,
) -> Option<std::path::PathBuf> {
    let mut dialog = app.dialog().file().set_title(title);
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    dialog.blocking_pick_file().and_then(|p| p.into_path().ok())
}

/// Asks where to save a PDF and writes it there; `None` when the user cancelled.
fn save_pdf_as<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    pdf: &[u8],
) -> Reply<Option<std::path::PathBuf>> {
    save_file_as(app, title, file_name, ("PDF", &["pdf"]), pdf)
}

/// The key is kept safe: the program forgets it, and the sheet's copy in the print
/// folder goes.
#[tauri::command]
async fn confirm_recovery_key_saved(state: State<'_, AppState>) -> Reply<()> {
    crate::printing::remove_print(RECOVERY_SHEET);
    reply(state.with(|o| {
        o.confirm_recovery_key_saved();
        Ok(())
    }))
}

#[tauri::command]
async fn restore_damaged(
    state: State<'_, AppState>,
    backup: String,
    username: String,
    password: String,
    code: String,
) -> Reply<StartState> {
    reply(state.with(|o| o.restore_damaged(&backup, &username, &password, &code)))
}

#[tauri::command]
async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Reply<StartState> {
    reply(state.with(|o| o.unlock_with_recovery_key(&recovery_key)))
}

#[tauri::command]
async fn log_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Reply<LoginStep> {
    reply(state.with(|o| o.log_in(&username, &password)))
}

#[tauri::command]
async fn confirm_code(state: State<'_, AppState>, code: String) -> Reply<SessionUser> {
    reply(state.with(|o| o.confirm_code(&code)))
}

#[tauri::command]
async fn lock(state: State<'_, AppState>) -> Reply<()> {
    reply(state.with(|o| o.lock()))
}

#[tauri::command]
async fn unlock(state: State<'_, AppState>, password: String) -> Reply<SessionUser> {
    reply(state.with(|o| o.unlock(&password)))
}

#[tauri::command]
async fn log_out(state: State<'_, AppState>) -> Reply<()> {
    // The e-mails made for this user (contracts, addresses) are not the next user's.
    *state
        .mail_batch
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    reply(state.with(|o| {
        o.log_out();
        Ok(())
    }))
}

#[tauri::command]
async fn search(
    state: State<'_, AppState>,
    query: String,
    include_archived: bool,
) -> Reply<SearchResults> {
    reply(state.with(|o| o.search(&query, include_archived)))
}

#[tauri::command]
async fn list_children(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Reply<Vec<ChildSummary>> {
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
async fn add_guardian(
    state: State<'_, AppState>,
    child_id: i64,
    input: NewGuardian,
) -> Reply<Saved> {
    reply(state.with(|o| o.add_guardian(child_id, input)))
}

#[tauri::command]
async fn update_guardian(
    state: State<'_, AppState>,
    guardian_id: i64,
    input: GuardianInput,
) -> Reply<Saved> {
    reply(state.with(|o| o.update_guardian(guardian_id, input)))
}

#[tauri::command]
async fn payer_change_preview(
    state: State<'_, AppState>,
    child_id: i64,
) -> Reply<PayerChangePreview> {
    reply(state.with(|o| o.payer_change_preview(child_id)))
}

#[tauri::command]
async fn update_guardian_link(
    state: State<'_, AppState>,
    child_id: i64,
    guardian_id: i64,
    link: GuardianLink,
    move_open_balance: bool,
) -> Reply<()> {
    reply(state.with(|o| o.update_guardian_link(child_id, guardian_id, link, move_open_balance)))
}

#[tauri::command]
async fn reveal_cpr(state: State<'_, AppState>, id: i64) -> Reply<ChildDetail> {
    reply(state.with(|o| o.reveal_cpr(id)))
}

#[tauri::command]
async fn waiting_list(
    state: State<'_, AppState>,
    division: Option<Division>,
) -> Reply<Vec<Application>> {
    reply(state.with(|o| o.waiting_list(division)))
}

#[tauri::command]
async fn intake(state: State<'_, AppState>, query: IntakeQuery) -> Reply<Intake> {
    reply(state.with(|o| o.intake(query)))
}

#[tauri::command]
async fn register_on_waiting_list(state: State<'_, AppState>, input: WaitingInput) -> Reply<Saved> {
    reply(state.with(|o| o.register_on_waiting_list(input)))
}

#[tauri::command]
async fn mark_enrolment_fee_paid(
    state: State<'_, AppState>,
    child_id: i64,
    paid_on: String,
) -> Reply<()> {
    reply(state.with(|o| o.mark_enrolment_fee_paid(child_id, &paid_on)))
}

#[tauri::command]
async fn offer_place(state: State<'_, AppState>, entry_id: i64) -> Reply<()> {
    reply(state.with(|o| o.offer_place(entry_id)))
}

#[tauri::command]
async fn answer_offer(
    state: State<'_, AppState>,
    entry_id: i64,
    accepted: bool,
    answered_on: String,
) -> Reply<()> {
    reply(state.with(|o| o.answer_offer(entry_id, accepted, &answered_on)))
}

#[tauri::command]
async fn record_meeting(
    state: State<'_, AppState>,
    entry_id: i64,
    input: MeetingInput,
) -> Reply<()> {
    reply(state.with(|o| o.record_meeting(entry_id, input)))
}

#[tauri::command]
async fn decide_admission(
    state: State<'_, AppState>,
    entry_id: i64,
    approved: bool,
    reason: String,
) -> Reply<()> {
    reply(state.with(|o| o.decide_admission(entry_id, approved, &reason)))
}

#[tauri::command]
async fn admit(state: State<'_, AppState>, entry_id: i64, input: AdmissionInput) -> Reply<()> {
    reply(state.with(|o| o.admit(entry_id, input)))
}

#[tauri::command]
async fn withdraw_application(state: State<'_, AppState>, entry_id: i64) -> Reply<()> {
    reply(state.with(|o| o.withdraw_application(entry_id)))
}

#[tauri::command]
async fn terms_versions(state: State<'_, AppState>) -> Reply<Vec<TermsVersion>> {
    reply(state.with(|o| o.terms_versions()))
}

#[tauri::command]
async fn add_terms_version(state: State<'_, AppState>, input: TermsVersionInput) -> Reply<Saved> {
    reply(state.with(|o| o.add_terms_version(input)))
}

#[tauri::command]
async fn set_class_capacity(
    state: State<'_, AppState>,
    school_year: i32,
    grade: u8,
    capacity: u32,
) -> Reply<()> {
    reply(state.with(|o| o.set_class_capacity(school_year, grade, capacity)))
}

#[tauri::command]
async fn users(state: State<'_, AppState>) -> Reply<Vec<UserView>> {
    reply(state.with(|o| o.users()))
}

#[tauri::command]
async fn add_user(state: State<'_, AppState>, input: UserInput) -> Reply<Saved> {
    reply(state.with(|o| o.add_user(input)))
}

#[tauri::command]
async fn update_user(state: State<'_, AppState>, id: i64, input: UserInput) -> Reply<()> {
    reply(state.with(|o| o.update_user(id, input)))
}

#[tauri::command]
async fn reset_second_factor(state: State<'_, AppState>, id: i64) -> Reply<()> {
    reply(state.with(|o| o.reset_second_factor(id)))
}

#[tauri::command]
async fn set_user_password(
    state: State<'_, AppState>,
    id: i64,
    password: String,
    password_repeat: String,
) -> Reply<()> {
    reply(state.with(|o| o.set_user_password(id, &password, &password_repeat)))
}

#[tauri::command]
async fn school_settings(state: State<'_, AppState>) -> Reply<SchoolSettings> {
    reply(state.with(|o| o.school_settings()))
}

#[tauri::command]
async fn save_school_settings(state: State<'_, AppState>, settings: SchoolSettings) -> Reply<()> {
    reply(state.with(|o| o.save_school_settings(settings)))
}

#[tauri::command]
async fn audit_log(state: State<'_, AppState>, filter: AuditFilter) -> Reply<Vec<AuditRow>> {
    reply(state.with(|o| o.audit_log(filter)))
}

#[tauri::command]
async fn verify_audit_log(state: State<'_, AppState>) -> Reply<AuditCheck> {
    reply(state.with(|o| o.verify_audit_log()))
}

#[tauri::command]
async fn texts(state: State<'_, AppState>) -> Reply<Vec<TextVersion>> {
    reply(state.with(|o| o.texts()))
}

#[tauri::command]
async fn text_versions(state: State<'_, AppState>, kind: TemplateKind) -> Reply<Vec<TextVersion>> {
    reply(state.with(|o| o.text_versions(kind)))
}

#[tauri::command]
async fn preview_text(
    state: State<'_, AppState>,
    kind: TemplateKind,
    body: String,
) -> Reply<String> {
    reply(state.with(|o| o.preview_text(kind, &body)))
}

#[tauri::command]
async fn save_text(
    state: State<'_, AppState>,
    kind: TemplateKind,
    body: String,
) -> Reply<TextVersion> {
    reply(state.with(|o| o.save_text(kind, &body)))
}

#[tauri::command]
async fn privacy_settings(state: State<'_, AppState>) -> Reply<PrivacyView> {
    reply(state.with(|o| o.privacy_settings()))
}

#[tauri::command]
async fn save_privacy_settings(
    state: State<'_, AppState>,
    settings: PrivacySettings,
) -> Reply<PrivacyView> {
    reply(state.with(|o| o.save_privacy_settings(settings)))
}

#[tauri::command]
async fn set_school_logo(state: State<'_, AppState>, logo: Option<Vec<u8>>) -> Reply<()> {
    reply(state.with(|o| o.set_school_logo(logo)))
}

#[tauri::command]
async fn has_school_logo(state: State<'_, AppState>) -> Reply<bool> {
    reply(state.with(|o| o.has_school_logo()))
}

/// The PDF's bytes for the preview inside the window (an ArrayBuffer in the UI).
#[tauri::command]
async fn preview_document(
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> Reply<tauri::ipc::Response> {
    let printed = reply(state.with(|o| o.document(request)))?;
    Ok(tauri::ipc::Response::new(printed.bytes))
}

/// Asks where to save the PDF and saves it. Returns false when the user cancelled.
#[tauri::command]
async fn save_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> Reply<bool> {
    let printed = reply(state.with(|o| o.document(request)))?;
    let title = format!("Gem {} som PDF", printed.title);
    Ok(save_pdf_as(&app, &title, &printed.file_name, &printed.bytes)?.is_some())
}

/// Writes the PDF to the private print folder and opens it in the system's PDF
/// viewer, to print from there. Returns the file's path.
#[tauri::command]
async fn open_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> Reply<String> {
    let printed = reply(state.with(|o| o.document(request)))?;
    let path = reply(
        crate::printing::write_print(&printed.file_name, &printed.bytes)
            .map_err(|e| AppError::Store(e.into())),
    )?;
    let shown = path.to_string_lossy().to_string();
    if let Err(error) = app.opener().open_path(&shown, None::<&str>) {
        tracing::warn!(%error, "no PDF viewer opened");
    }
    Ok(shown)
}

#[tauri::command]
async fn billing_setup(state: State<'_, AppState>) -> Reply<BillingSetup> {
    reply(state.with(|o| o.billing_setup()))
}

#[tauri::command]
async fn add_rate(state: State<'_, AppState>, input: RateInput) -> Reply<()> {
    reply(state.with(|o| o.add_rate(input)))
}

#[tauri::command]
async fn correct_rate(state: State<'_, AppState>, input: RateCorrection) -> Reply<()> {
    reply(state.with(|o| o.correct_rate(input)))
}

#[tauri::command]
async fn save_billing_settings(
    state: State<'_, AppState>,
    settings: BillingSettings,
    creditor: Creditor,
) -> Reply<()> {
    reply(state.with(|o| o.save_billing_settings(settings, creditor)))
}

#[tauri::command]
async fn subsidies(state: State<'_, AppState>, child_id: i64) -> Reply<Vec<Subsidy>> {
    reply(state.with(|o| o.subsidies(child_id)))
}

#[tauri::command]
async fn add_subsidy(state: State<'_, AppState>, input: SubsidyInput) -> Reply<i64> {
    reply(state.with(|o| o.add_subsidy(input)))
}

#[tauri::command]
async fn end_subsidy(state: State<'_, AppState>, id: i64, to: String) -> Reply<()> {
    reply(state.with(|o| o.end_subsidy(id, &to)))
}

#[tauri::command]
async fn preview_charges(state: State<'_, AppState>, month: String) -> Reply<ChargePreview> {
    reply(state.with(|o| o.preview_charges(&month)))
}

#[tauri::command]
async fn issue_charges(state: State<'_, AppState>, month: String) -> Reply<ChargePreview> {
    reply(state.with(|o| o.issue_charges(&month)))
}

#[tauri::command]
async fn charge_runs(state: State<'_, AppState>) -> Reply<Vec<RunSummary>> {
    reply(state.with(|o| o.charge_runs()))
}

/// Asks where to save the run's checked 0601 file. False when the user cancelled.
#[tauri::command]
async fn save_delivery_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    run_id: i64,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.delivery_file(run_id)))?;
    Ok(save_file_as(
        &app,
        "Gem Betalingsservice-filen",
        &file.file_name,
        ("Betalingsservice", &["txt", "lst"]),
        &file.bytes,
    )?
    .is_some())
}

/// Asks for a 0602 file from the bank and reads it; `None` when the user cancelled.
#[tauri::command]
async fn import_payment_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<PaymentImportReport>> {
    let Some(path) = pick_file(
        &app,
        "Vælg betalingsfilen fra Betalingsservice (0602)",
        None,
    ) else {
        return Ok(None);
    };
    let bytes = reply(std::fs::read(&path).map_err(|e| AppError::Store(e.into())))?;
    reply(state.with(|o| o.import_payments(&bytes))).map(Some)
}

#[tauri::command]
async fn add_manual_payment(state: State<'_, AppState>, input: ManualPaymentInput) -> Reply<()> {
    reply(state.with(|o| o.add_manual_payment(input)))
}

#[tauri::command]
async fn issue_credit_note(state: State<'_, AppState>, input: CreditNoteInput) -> Reply<i64> {
    reply(state.with(|o| o.issue_credit_note(input)))
}

#[tauri::command]
async fn record_refund(state: State<'_, AppState>, input: RefundInput) -> Reply<i64> {
    reply(state.with(|o| o.record_refund(input)))
}

#[tauri::command]
async fn add_correction(
    state: State<'_, AppState>,
    payer_id: i64,
    text: String,
    amount: Ore,
) -> Reply<()> {
    reply(state.with(|o| o.add_correction(payer_id, &text, amount)))
}

#[tauri::command]
async fn payer_accounts(
    state: State<'_, AppState>,
    overdue_only: bool,
) -> Reply<Vec<PayerAccount>> {
    reply(state.with(|o| o.payer_accounts(overdue_only)))
}

#[tauri::command]
async fn payer_statement(state: State<'_, AppState>, payer_id: i64) -> Reply<PayerStatement> {
    reply(state.with(|o| o.payer_statement(payer_id)))
}

#[tauri::command]
async fn terminate_kindergarten_for_arrears(
    state: State<'_, AppState>,
    child_id: i64,
    immediate: bool,
) -> Reply<String> {
    reply(state.with(|o| o.terminate_kindergarten_for_arrears(child_id, immediate)))
}

#[tauri::command]
async fn leaving(state: State<'_, AppState>, child_id: i64) -> Reply<LeavingView> {
    reply(state.with(|o| o.leaving(child_id)))
}

#[tauri::command]
async fn placements(state: State<'_, AppState>, child_id: i64) -> Reply<PlacementView> {
    reply(state.with(|o| o.placements(child_id)))
}

#[tauri::command]
async fn preview_class_change(
    state: State<'_, AppState>,
    input: ClassChangeInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.preview_class_change(input)))
}

#[tauri::command]
async fn change_class(state: State<'_, AppState>, input: ClassChangeInput) -> Reply<ChangePreview> {
    reply(state.with(|o| o.change_class(input)))
}

#[tauri::command]
async fn preview_sfo_change(
    state: State<'_, AppState>,
    input: SfoChangeInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.preview_sfo_change(input)))
}

#[tauri::command]
async fn change_sfo(state: State<'_, AppState>, input: SfoChangeInput) -> Reply<ChangePreview> {
    reply(state.with(|o| o.change_sfo(input)))
}

#[tauri::command]
async fn preview_date_correction(
    state: State<'_, AppState>,
    input: DateCorrectionInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.preview_date_correction(input)))
}

#[tauri::command]
async fn correct_placement_date(
    state: State<'_, AppState>,
    input: DateCorrectionInput,
) -> Reply<ChangePreview> {
    reply(state.with(|o| o.correct_placement_date(input)))
}

#[tauri::command]
async fn customer_number(state: State<'_, AppState>, guardian_id: i64) -> Reply<Option<String>> {
    reply(state.with(|o| o.customer_number(guardian_id)))
}

#[tauri::command]
async fn set_customer_number(
    state: State<'_, AppState>,
    guardian_id: i64,
    number: String,
) -> Reply<String> {
    reply(state.with(|o| o.set_customer_number(guardian_id, &number)))
}

#[tauri::command]
async fn preview_withdrawal(
    state: State<'_, AppState>,
    input: WithdrawalInput,
) -> Reply<WithdrawalPreview> {
    reply(state.with(|o| o.preview_withdrawal(input)))
}

#[tauri::command]
async fn record_withdrawal(
    state: State<'_, AppState>,
    input: WithdrawalInput,
) -> Reply<WithdrawalPreview> {
    reply(state.with(|o| o.record_withdrawal(input)))
}

#[tauri::command]
async fn cancel_withdrawal(state: State<'_, AppState>, withdrawal_id: i64) -> Reply<()> {
    reply(state.with(|o| o.cancel_withdrawal(withdrawal_id)))
}

#[tauri::command]
async fn record_compensation(state: State<'_, AppState>, withdrawal_id: i64) -> Reply<()> {
    reply(state.with(|o| o.record_compensation(withdrawal_id)))
}

#[tauri::command]
async fn end_schooling(state: State<'_, AppState>, input: ExpulsionInput) -> Reply<String> {
    reply(state.with(|o| o.end_schooling(input)))
}

#[tauri::command]
async fn rollover_preview(state: State<'_, AppState>) -> Reply<RolloverView> {
    reply(state.with(|o| o.rollover_preview()))
}

#[tauri::command]
async fn run_rollover(state: State<'_, AppState>, year: i32) -> Reply<RolloverPlan> {
    reply(state.with(|o| o.run_rollover(year)))
}

#[tauri::command]
async fn september_count(state: State<'_, AppState>, year: i32) -> Reply<SeptemberCount> {
    reply(state.with(|o| o.september_count(year)))
}

/// Saves the 5 September count as CSV (full CPR numbers); false when cancelled.
#[tauri::command]
async fn save_september_count_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    year: i32,
) -> Reply<bool> {
    let bytes = reply(state.with(|o| o.september_count_csv(year)))?;
    let name = skolekontor_app::Office::september_count_file_name(year);
    Ok(save_file_as(&app, "Gem indberetningen", &name, ("CSV", &["csv"]), &bytes)?.is_some())
}

#[tauri::command]
async fn record_absence(state: State<'_, AppState>, input: AbsenceInput) -> Reply<AbsenceView> {
    reply(state.with(|o| o.record_absence(input)))
}

#[tauri::command]
async fn child_absence(state: State<'_, AppState>, child_id: i64) -> Reply<ChildAbsence> {
    reply(state.with(|o| o.child_absence(child_id)))
}

#[tauri::command]
async fn class_absence(state: State<'_, AppState>, grade: u8) -> Reply<ClassAbsence> {
    reply(state.with(|o| o.class_absence(grade)))
}

#[tauri::command]
async fn leave_requests(state: State<'_, AppState>) -> Reply<Vec<AbsenceView>> {
    reply(state.with(|o| o.leave_requests()))
}

#[tauri::command]
async fn decide_leave(
    state: State<'_, AppState>,
    absence_id: i64,
    approve: bool,
) -> Reply<AbsenceView> {
    reply(state.with(|o| o.decide_leave(absence_id, approve)))
}

#[tauri::command]
async fn class_funds(state: State<'_, AppState>) -> Reply<Vec<ClassFundSummary>> {
    reply(state.with(|o| o.class_funds()))
}

#[tauri::command]
async fn class_fund(state: State<'_, AppState>, cohort: i32) -> Reply<ClassFundView> {
    reply(state.with(|o| o.class_fund(cohort)))
}

#[tauri::command]
async fn save_class_fund(
    state: State<'_, AppState>,
    input: ClassFundInput,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.save_class_fund(input)))
}

#[tauri::command]
async fn add_fund_entry(state: State<'_, AppState>, input: FundEntryInput) -> Reply<ClassFundView> {
    reply(state.with(|o| o.add_fund_entry(input)))
}

#[tauri::command]
async fn cancel_fund_entry(
    state: State<'_, AppState>,
    input: CancelFundEntry,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.cancel_fund_entry(input)))
}

#[tauri::command]
async fn defer_school_start(state: State<'_, AppState>, child_id: i64) -> Reply<RolloverView> {
    reply(state.with(|o| o.defer_school_start(child_id)))
}

#[tauri::command]
async fn undo_school_start_deferral(
    state: State<'_, AppState>,
    child_id: i64,
) -> Reply<RolloverView> {
    reply(state.with(|o| o.undo_school_start_deferral(child_id)))
}

#[tauri::command]
async fn consent_types(state: State<'_, AppState>) -> Reply<Vec<ConsentType>> {
    reply(state.with(|o| o.consent_types()))
}

#[tauri::command]
async fn add_consent_type(
    state: State<'_, AppState>,
    input: ConsentTypeInput,
) -> Reply<Vec<ConsentType>> {
    reply(state.with(|o| o.add_consent_type(input)))
}

#[tauri::command]
async fn set_consent_type_active(
    state: State<'_, AppState>,
    type_id: i64,
    active: bool,
) -> Reply<Vec<ConsentType>> {
    reply(state.with(|o| o.set_consent_type_active(type_id, active)))
}

#[tauri::command]
async fn child_consents(state: State<'_, AppState>, child_id: i64) -> Reply<ChildConsents> {
    reply(state.with(|o| o.child_consents(child_id)))
}

#[tauri::command]
async fn record_consent(state: State<'_, AppState>, input: ConsentInput) -> Reply<ChildConsents> {
    reply(state.with(|o| o.record_consent(input)))
}

#[tauri::command]
async fn consent_list(state: State<'_, AppState>, type_id: i64) -> Reply<ConsentList> {
    reply(state.with(|o| o.consent_list(type_id)))
}

#[tauri::command]
async fn mail_settings(state: State<'_, AppState>) -> Reply<MailSettingsView> {
    reply(state.with(|o| o.mail_settings()))
}

#[tauri::command]
async fn save_mail_settings(
    state: State<'_, AppState>,
    input: SmtpSettingsInput,
) -> Reply<MailSettingsView> {
    reply(state.with(|o| o.save_mail_settings(input)))
}

/// Makes every family's contract e-mail (a grade's, or the school's) and keeps them
/// for `send_mails`; returns them for the preview of the recipients.
#[tauri::command]
async fn prepare_contract_mails(
    state: State<'_, AppState>,
    request: ContractMailRequest,
) -> Reply<MailBatch> {
    let batch = reply(state.with(|o| o.contract_mails(request)))?;
    *state
        .mail_batch
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(batch.clone());
    Ok(batch)
}

/// Sends the prepared e-mails numbered `numbers` (all when empty) on a thread of its
/// own: the window and the other commands go on meanwhile. Each result comes as a
/// `mail-result` event, then `mail-done`; the sent ones are logged.
#[tauri::command]
async fn send_mails<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    numbers: Vec<u32>,
) -> Reply<u32> {
    let mailer = reply(state.with(|o| o.mailer()))?;
    let mails: Vec<OutgoingMail> = state
        .mail_batch
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .as_ref()
        .map(|b| {
            b.mails
                .iter()
                .filter(|m| numbers.is_empty() || numbers.contains(&m.number))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
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
                if let Err(error) = state.with(|o| o.record_sent(&mail)) {
                    tracing::warn!(%error, "a sent e-mail was not logged");
                }
            }
            let _ = app.emit("mail-result", &result);
        });
        let _ = app.emit("mail-done", sent);
    });
    Ok(count)
}

#[tauri::command]
async fn class_addresses(state: State<'_, AppState>, grade: u8) -> Reply<Vec<String>> {
    reply(state.with(|o| o.class_addresses(grade)))
}

#[tauri::command]
async fn absent_today(state: State<'_, AppState>) -> Reply<Vec<AbsentToday>> {
    reply(state.with(|o| o.absent_today()))
}

#[tauri::command]
async fn today(state: State<'_, AppState>) -> Reply<TodayView> {
    reply(state.with(|o| o.today()))
}

#[tauri::command]
async fn add_class_deposits(
    state: State<'_, AppState>,
    input: ClassDepositsInput,
) -> Reply<ClassFundView> {
    reply(state.with(|o| o.add_class_deposits(input)))
}

#[tauri::command]
async fn class_consents(
    state: State<'_, AppState>,
    grade: u8,
    type_id: i64,
) -> Reply<Vec<ClassConsentRow>> {
    reply(state.with(|o| o.class_consents(grade, type_id)))
}

#[tauri::command]
async fn record_class_consents(
    state: State<'_, AppState>,
    input: ClassConsentInput,
) -> Reply<usize> {
    reply(state.with(|o| o.record_class_consents(input)))
}

#[tauri::command]
async fn list_table(state: State<'_, AppState>, request: ListRequest) -> Reply<ListTable> {
    reply(state.with(|o| o.list_table(request)))
}

/// Saves a list as PDF, .xlsx or CSV where the user chooses; false when cancelled.
#[tauri::command]
async fn save_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ListRequest,
    format: ListFormat,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.list_file(request, format)))?;
    let filter: (&str, &[&str]) = match format {
        ListFormat::Pdf => ("PDF", &["pdf"]),
        ListFormat::Xlsx => ("Excel", &["xlsx"]),
        ListFormat::Csv => ("CSV (semikolon)", &["csv"]),
    };
    Ok(save_file_as(&app, "Gem listen", &file.file_name, filter, &file.bytes)?.is_some())
}

#[tauri::command]
async fn chart_of_accounts(state: State<'_, AppState>) -> Reply<Vec<AccountRow>> {
    reply(state.with(|o| o.chart_of_accounts()))
}

#[tauri::command]
async fn save_chart_of_accounts(
    state: State<'_, AppState>,
    rows: Vec<AccountInput>,
) -> Reply<Vec<AccountRow>> {
    reply(state.with(|o| {
        o.save_chart_of_accounts(rows)?;
        o.chart_of_accounts()
    }))
}

#[tauri::command]
async fn journal(state: State<'_, AppState>, month: String, first_voucher: u32) -> Reply<Journal> {
    reply(state.with(|o| o.journal(&month, first_voucher)))
}

/// Saves a month's journal as CSV for e-conomic or Dinero, or as PDF; false when cancelled.
#[tauri::command]
async fn save_journal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    month: String,
    first_voucher: u32,
    format: JournalFormat,
) -> Reply<bool> {
    let file = reply(state.with(|o| o.journal_file(&month, first_voucher, format)))?;
    let filter: (&str, &[&str]) = match format {
        JournalFormat::Pdf => ("PDF", &["pdf"]),
        JournalFormat::Economic | JournalFormat::Dinero => ("CSV (semikolon)", &["csv"]),
    };
    Ok(save_file_as(
        &app,
        "Gem posteringsjournalen",
        &file.file_name,
        filter,
        &file.bytes,
    )?
    .is_some())
}

/// Writes a list's PDF to the private print folder and opens it to print.
#[tauri::command]
async fn open_list<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ListRequest,
) -> Reply<String> {
    let file = reply(state.with(|o| o.list_file(request, ListFormat::Pdf)))?;
    let path = reply(
        crate::printing::write_print(&file.file_name, &file.bytes)
            .map_err(|e| AppError::Store(e.into())),
    )?;
    let shown = path.to_string_lossy().to_string();
    if let Err(error) = app.opener().open_path(&shown, None::<&str>) {
        tracing::warn!(%error, "no PDF viewer opened");
    }
    Ok(shown)
}

#[tauri::command]
async fn health(state: State<'_, AppState>, child_id: i64) -> Reply<HealthView> {
    reply(state.with(|o| o.health(child_id)))
}

#[tauri::command]
async fn add_health_note(state: State<'_, AppState>, input: HealthInput) -> Reply<HealthView> {
    reply(state.with(|o| o.add_health_note(input)))
}

#[tauri::command]
async fn delete_health_note(state: State<'_, AppState>, note_id: i64) -> Reply<HealthView> {
    reply(state.with(|o| o.delete_health_note(note_id)))
}

#[tauri::command]
async fn exam_certificates(
    state: State<'_, AppState>,
    child_id: i64,
) -> Reply<Vec<CertificateView>> {
    reply(state.with(|o| o.exam_certificates(child_id)))
}

#[tauri::command]
async fn record_exam_certificate(
    state: State<'_, AppState>,
    input: CertificateInput,
) -> Reply<Vec<CertificateView>> {
    reply(state.with(|o| o.record_exam_certificate(input)))
}

#[tauri::command]
async fn backups(state: State<'_, AppState>) -> Reply<BackupView> {
    reply(state.with(|o| o.backups()))
}

#[tauri::command]
async fn save_backup_settings(
    state: State<'_, AppState>,
    input: BackupSettingsInput,
) -> Reply<BackupView> {
    reply(state.with(|o| o.save_backup_settings(input)))
}

/// Asks for the backup folder (a USB stick, a network share); `None` when cancelled.
#[tauri::command]
async fn choose_backup_folder<R: Runtime>(app: AppHandle<R>) -> Reply<Option<String>> {
    let chosen = app
        .dialog()
        .file()
        .set_title("Vælg mappen til sikkerhedskopier")
        .blocking_pick_folder();
    Ok(chosen
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[tauri::command]
async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupView> {
    reply(state.with(|o| o.back_up_now()))
}

/// Asks for a backup file to restore from; `None` when cancelled.
#[tauri::command]
async fn choose_backup_file<R: Runtime>(app: AppHandle<R>) -> Reply<Option<String>> {
    let chosen = pick_file(
        &app,
        "Vælg sikkerhedskopien",
        Some(("Sikkerhedskopi", &["db"])),
    );
    Ok(chosen.map(|p| p.display().to_string()))
}

#[tauri::command]
async fn check_backup_file(state: State<'_, AppState>, path: String) -> Reply<BackupCheckView> {
    reply(state.with(|o| o.check_backup_file(&path)))
}

#[tauri::command]
async fn restore_backup(state: State<'_, AppState>, path: String) -> Reply<StartState> {
    reply(state.with(|o| o.restore_backup(&path)))
}

/// Asks for the old system's export; `None` when cancelled.
#[tauri::command]
async fn choose_import_file<R: Runtime>(app: AppHandle<R>) -> Reply<Option<String>> {
    let filter: (&str, &[&str]) = ("CSV eller Excel", &["csv", "txt", "xlsx", "xls", "ods"]);
    let chosen = pick_file(&app, "Vælg filen fra det gamle system", Some(filter));
    Ok(chosen.map(|p| p.display().to_string()))
}

/// Saves an import file to fill in (every header and a fictional example row).
#[tauri::command]
async fn save_import_template<R: Runtime>(app: AppHandle<R>) -> Reply<bool> {
    let template = skolekontor_app::import::template_csv();
    Ok(save_file_as(
        &app,
        "Gem skabelonen til indlæsning",
        "Skolekontor-importskabelon.csv",
        ("CSV", &["csv"]),
        &template,
    )?
    .is_some())
}

#[tauri::command]
async fn preview_import(state: State<'_, AppState>, path: String) -> Reply<ImportPreview> {
    reply(state.with(|o| o.preview_import(&path)))
}

#[tauri::command]
async fn import_register(
    state: State<'_, AppState>,
    path: String,
    fingerprint: String,
) -> Reply<ImportDone> {
    reply(state.with(|o| o.import_register(&path, &fingerprint)))
}

/// R29: a new database key; returns the new recovery key, shown once.
#[tauri::command]
async fn change_database_key(state: State<'_, AppState>) -> Reply<String> {
    reply(state.with(|o| o.change_database_key()))
}

/// R27: the portability export as JSON or CSV, saved where the user chooses.
#[tauri::command]
async fn save_data_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    subject: DataSubject,
    format: String,
) -> Reply<bool> {
    let csv = format == "csv";
    let bytes = reply(state.with(|o| {
        if csv {
            o.data_export_csv(subject)
        } else {
            o.data_export_json(subject)
        }
    }))?;
    let extension = if csv { "csv" } else { "json" };
    let name = skolekontor_app::Office::data_export_file_name(subject, extension);
    let filter = if csv {
        ("CSV", &["csv"][..])
    } else {
        ("JSON", &["json"][..])
    };
    Ok(save_file_as(&app, "Gem dataudtrækket", &name, filter, &bytes)?.is_some())
}

#[tauri::command]
async fn data_requests(state: State<'_, AppState>) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.data_requests()))
}

#[tauri::command]
async fn register_data_request(
    state: State<'_, AppState>,
    input: RequestInput,
) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.register_data_request(input)))
}

#[tauri::command]
async fn extend_data_request(
    state: State<'_, AppState>,
    answer: RequestAnswer,
) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.extend_data_request(answer)))
}

#[tauri::command]
async fn answer_data_request(
    state: State<'_, AppState>,
    answer: RequestAnswer,
) -> Reply<Vec<RequestView>> {
    reply(state.with(|o| o.answer_data_request(answer)))
}

#[tauri::command]
async fn retention_plan(state: State<'_, AppState>) -> Reply<RetentionPlanView> {
    reply(state.with(|o| o.retention_plan()))
}

#[tauri::command]
async fn run_retention(state: State<'_, AppState>, token: String) -> Reply<String> {
    reply(state.with(|o| o.run_retention(&token)))
}
