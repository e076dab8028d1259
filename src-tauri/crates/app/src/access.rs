//! What each role may do (R24). One table, checked by every use case; the UI asks
//! the same table so it can hide what a user may not do. Nothing outside this table
//! decides access. Staff are further limited to their own class or group
//! ([`crate::session::SessionUser::may_see`]).

use serde::Serialize;
use skolekontor_domain::role::Role;
use skolekontor_domain::tr;
use ts_rs::TS;

/// Something a use case does that needs permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Look children and guardians up.
    ViewRegister,
    /// Add, change and archive children and guardians.
    EditRegister,
    /// See full CPR numbers (each look is logged).
    ViewFullCpr,
    /// See the waiting list and applications.
    ViewWaitingList,
    /// Register on the waiting list, offer places, record answers and meetings, admit.
    EditWaitingList,
    /// Approve or reject an admission (R4): the headteacher only.
    ApproveAdmission,
    /// Approve a class change after the meeting (R4): the headteacher only.
    ApproveClassChange,
    /// Add versions of the terms (R6).
    ManageTerms,
    /// Add and change users, reset their second factor.
    ManageUsers,
    /// Change the school's settings (second factor for all, idle lock, class sizes).
    ManageSettings,
    /// Read and verify the audit log.
    ViewAuditLog,
    /// Edit the school's texts: contracts, terms, forms, the privacy notice.
    EditTexts,
    /// Print contracts, forms, terms and the privacy notice.
    PrintDocuments,
    /// See rates, charges, payments and arrears.
    ViewBilling,
    /// Add rates and subsidies, issue charges, read payments, send reminders.
    ManageBilling,
    /// End a pupil's schooling for serious breach (R15): the headteacher only.
    EndSchooling,
    /// Run the school-year rollover and the 5 September count (R12, R36).
    ManageSchoolYear,
    /// Record reported sickness and leave requests (R16).
    RecordAbsence,
    /// Keep the class funds' terms and ledgers for the classes (R17–R20).
    ManageClassFunds,
    /// See a child's health information (R22): every look is logged; staff only for
    /// their own class or group.
    ViewHealth,
    /// Register and answer requests from data subjects (R27, R31).
    HandleDataRequests,
    /// Approve and run the retention plan (R26): the headteacher only.
    ApproveRetention,
    /// Choose the backup folder and take backups.
    MakeBackups,
    /// Replace the school's database with a backup.
    RestoreBackup,
    /// Re-encrypt the database with a new key and print a new recovery sheet.
    ChangeDatabaseKey,
}

impl Action {
    /// All actions, for the table test and for the UI.
    pub const ALL: [Action; 25] = [
        Action::ViewRegister,
        Action::EditRegister,
        Action::ViewFullCpr,
        Action::ViewWaitingList,
        Action::EditWaitingList,
        Action::ApproveAdmission,
        Action::ApproveClassChange,
        Action::ManageTerms,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ViewAuditLog,
        Action::EditTexts,
        Action::PrintDocuments,
        Action::ViewBilling,
        Action::ManageBilling,
        Action::EndSchooling,
        Action::ManageSchoolYear,
        Action::RecordAbsence,
        Action::ManageClassFunds,
        Action::ViewHealth,
        Action::HandleDataRequests,
        Action::ApproveRetention,
        Action::MakeBackups,
        Action::RestoreBackup,
        Action::ChangeDatabaseKey,
    ];

    /// What the action is, for the refusal message ("… adgang til at …").
    pub fn described(self) -> String {
        match self {
            Action::ViewRegister => tr!("action.view_register"),
            Action::EditRegister => tr!("action.edit_register"),
            Action::ViewFullCpr => tr!("action.view_full_cpr"),
            Action::ViewWaitingList => tr!("action.view_waiting_list"),
            Action::EditWaitingList => tr!("action.edit_waiting_list"),
            Action::ApproveAdmission => tr!("action.approve_admission"),
            Action::ApproveClassChange => tr!("action.approve_class_change"),
            Action::ManageTerms => tr!("action.manage_terms"),
            Action::ManageUsers => tr!("action.manage_users"),
            Action::ManageSettings => tr!("action.manage_settings"),
            Action::ViewAuditLog => tr!("action.view_audit_log"),
            Action::EditTexts => tr!("action.edit_texts"),
            Action::PrintDocuments => tr!("action.print_documents"),
            Action::ViewBilling => tr!("action.view_billing"),
            Action::ManageBilling => tr!("action.manage_billing"),
            Action::EndSchooling => tr!("action.end_schooling"),
            Action::ManageSchoolYear => tr!("action.manage_school_year"),
            Action::RecordAbsence => tr!("action.record_absence"),
            Action::ManageClassFunds => tr!("action.manage_class_funds"),
            Action::ViewHealth => tr!("action.view_health"),
            Action::HandleDataRequests => tr!("action.handle_data_requests"),
            Action::ApproveRetention => tr!("action.approve_retention"),
            Action::MakeBackups => tr!("action.make_backups"),
            Action::RestoreBackup => tr!("action.restore_backup"),
            Action::ChangeDatabaseKey => tr!("action.change_database_key"),
        }
    }
}

/// The role's name in the current language ("Sekretær").
pub fn role_name(role: Role) -> String {
    match role {
        Role::Headteacher => tr!("role.headteacher"),
        Role::Secretary => tr!("role.secretary"),
        Role::Staff => tr!("role.staff"),
    }
}

/// The table: may `role` do `action`?
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Headteacher => true,
        Role::Secretary => matches!(
            action,
            ViewRegister
                | EditRegister
                | ViewFullCpr
                | ViewWaitingList
                | EditWaitingList
                | ManageTerms
                | EditTexts
                | PrintDocuments
                | ViewBilling
                | ManageBilling
                | ManageSchoolYear
                | RecordAbsence
                | ManageClassFunds
                | ViewHealth
                | HandleDataRequests
                | MakeBackups
        ),
        Role::Staff => matches!(action, ViewRegister | ViewHealth),
    }
}

/// R29: a role that can read sensitive data needs a second factor.
pub fn needs_second_factor(role: Role, required_for_all: bool) -> bool {
    required_for_all || allowed(role, Action::ViewFullCpr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r24_the_headteacher_may_do_everything_and_staff_only_look() {
        for action in Action::ALL {
            assert!(allowed(Role::Headteacher, action));
        }
        assert!(allowed(Role::Staff, Action::ViewRegister));
        assert!(!allowed(Role::Staff, Action::EditRegister));
        assert!(!allowed(Role::Staff, Action::ViewFullCpr));
        assert!(allowed(Role::Secretary, Action::EditRegister));
    }

    #[test]
    fn r4_only_the_headteacher_approves_admissions() {
        assert!(allowed(Role::Headteacher, Action::ApproveAdmission));
        assert!(!allowed(Role::Secretary, Action::ApproveAdmission));
        assert!(!allowed(Role::Staff, Action::ApproveAdmission));
        assert!(allowed(Role::Headteacher, Action::ApproveClassChange));
        assert!(!allowed(Role::Secretary, Action::ApproveClassChange));
    }

    #[test]
    fn r15_only_the_headteacher_ends_a_schooling() {
        assert!(allowed(Role::Headteacher, Action::EndSchooling));
        assert!(!allowed(Role::Secretary, Action::EndSchooling));
        assert!(!allowed(Role::Staff, Action::EndSchooling));
    }

    #[test]
    fn r29_roles_reading_sensitive_data_need_a_second_factor() {
        assert!(needs_second_factor(Role::Headteacher, false));
        assert!(needs_second_factor(Role::Secretary, false));
        assert!(!needs_second_factor(Role::Staff, false));
        assert!(needs_second_factor(Role::Staff, true));
    }
}
