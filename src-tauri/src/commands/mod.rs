//! The IPC commands: each one locks the office, calls one use case and hands the
//! result (or an `ErrorReply { code, message, fields }`) to the UI.
//!
//! One module per part of the school's work, named as the use cases' module in the
//! app crate where there is one. `ui/src/lib/api.commands.test.ts` checks the
//! handler list, these functions and the UI's client against each other.

mod absence;
mod admission;
mod audit;
mod backup;
mod billing;
mod bookkeeping;
mod class_fund;
mod consent;
mod documents;
mod files;
mod health;
mod import;
mod language;
mod leaving;
mod lists;
mod mail;
mod payer;
mod placement;
mod privacy;
mod register;
mod school;
mod session;
mod setup;
mod template;
mod today;
mod users;

use skolekontor_app::error::ErrorReply;
use skolekontor_app::AppError;
use tauri::Runtime;

type Reply<T> = Result<T, ErrorReply>;

pub(crate) fn reply<T>(result: Result<T, AppError>) -> Reply<T> {
    result.map_err(|e| e.reply())
}

/// Every command, for the builder.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        setup::start,
        language::set_language,
        setup::set_up,
        setup::set_up_demo,
        setup::print_recovery_sheet,
        setup::save_recovery_sheet,
        setup::confirm_recovery_key_saved,
        setup::restore_damaged,
        setup::unlock_with_recovery_key,
        session::log_in,
        session::confirm_code,
        session::lock,
        session::unlock,
        session::log_out,
        register::search,
        register::list_children,
        register::child,
        register::add_child,
        register::update_child,
        register::set_child_archived,
        register::add_guardian,
        register::update_guardian,
        register::update_guardian_link,
        register::reveal_cpr,
        payer::payer_change_preview,
        payer::customer_number,
        payer::set_customer_number,
        admission::waiting_list,
        admission::intake,
        admission::register_on_waiting_list,
        admission::mark_enrolment_fee_paid,
        admission::offer_place,
        admission::answer_offer,
        admission::record_meeting,
        admission::decide_admission,
        admission::admit,
        admission::withdraw_application,
        admission::terms_versions,
        admission::add_terms_version,
        admission::set_class_capacity,
        users::users,
        users::add_user,
        users::update_user,
        users::reset_second_factor,
        users::set_user_password,
        school::school_settings,
        school::save_school_settings,
        school::set_school_logo,
        school::has_school_logo,
        audit::audit_log,
        audit::verify_audit_log,
        template::texts,
        template::text_versions,
        template::preview_text,
        template::save_text,
        template::privacy_settings,
        template::save_privacy_settings,
        documents::preview_document,
        documents::save_document,
        documents::open_document,
        documents::exam_certificates,
        documents::record_exam_certificate,
        billing::billing_setup,
        billing::add_rate,
        billing::correct_rate,
        billing::save_billing_settings,
        billing::subsidies,
        billing::add_subsidy,
        billing::end_subsidy,
        billing::preview_charges,
        billing::issue_charges,
        billing::charge_runs,
        billing::save_delivery_file,
        billing::import_payment_file,
        billing::add_manual_payment,
        billing::issue_credit_note,
        billing::record_refund,
        billing::add_correction,
        billing::payer_accounts,
        billing::payer_statement,
        billing::terminate_kindergarten_for_arrears,
        bookkeeping::chart_of_accounts,
        bookkeeping::save_chart_of_accounts,
        bookkeeping::journal,
        bookkeeping::save_journal,
        placement::placements,
        placement::preview_class_change,
        placement::change_class,
        placement::preview_sfo_change,
        placement::change_sfo,
        placement::preview_date_correction,
        placement::correct_placement_date,
        leaving::leaving,
        leaving::preview_withdrawal,
        leaving::record_withdrawal,
        leaving::cancel_withdrawal,
        leaving::record_compensation,
        leaving::end_schooling,
        leaving::rollover_preview,
        leaving::run_rollover,
        leaving::september_count,
        leaving::save_september_count_csv,
        leaving::defer_school_start,
        leaving::undo_school_start_deferral,
        absence::record_absence,
        absence::child_absence,
        absence::class_absence,
        absence::leave_requests,
        absence::decide_leave,
        absence::absent_today,
        class_fund::class_funds,
        class_fund::class_fund,
        class_fund::save_class_fund,
        class_fund::add_fund_entry,
        class_fund::cancel_fund_entry,
        class_fund::add_class_deposits,
        consent::consent_types,
        consent::add_consent_type,
        consent::set_consent_type_active,
        consent::child_consents,
        consent::record_consent,
        consent::consent_list,
        consent::class_consents,
        consent::record_class_consents,
        mail::mail_settings,
        mail::save_mail_settings,
        mail::prepare_contract_mails,
        mail::send_mails,
        mail::class_addresses,
        today::today,
        lists::list_table,
        lists::save_list,
        lists::open_list,
        health::health,
        health::add_health_note,
        health::delete_health_note,
        backup::backups,
        backup::save_backup_settings,
        backup::choose_backup_folder,
        backup::back_up_now,
        backup::choose_backup_file,
        backup::check_backup_file,
        backup::restore_backup,
        backup::change_database_key,
        import::choose_import_file,
        import::save_import_template,
        import::preview_import,
        import::import_register,
        privacy::save_data_export,
        privacy::data_requests,
        privacy::register_data_request,
        privacy::extend_data_request,
        privacy::answer_data_request,
        privacy::retention_plan,
        privacy::run_retention,
    ]
}
