//! What each role may do (R24). One table, checked by every use case; the UI asks
//! the same table so it can hide what a user may not do. The admissions issue
//! widens it; nothing outside this table decides access.

use serde::Serialize;
use skolekontor_domain::role::Role;
use ts_rs::TS;

/// Something a use case does that needs permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Look children and guardians up.
    ViewRegister,
    /// Add, change and archive children and guardians.
    EditRegister,
    /// See full CPR numbers.
    ViewFullCpr,
}

impl Action {
    /// All actions, for the table test and for the UI.
    pub const ALL: [Action; 3] = [Action::ViewRegister, Action::EditRegister, Action::ViewFullCpr];

    /// What the action is in Danish, for the refusal message ("… adgang til at …").
    pub fn danish(self) -> &'static str {
        match self {
            Action::ViewRegister => "se registeret",
            Action::EditRegister => "ændre i registeret",
            Action::ViewFullCpr => "se fulde CPR-numre",
        }
    }
}

/// The table: may `role` do `action`?
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Headteacher => true,
        Role::Secretary => matches!(action, ViewRegister | EditRegister | ViewFullCpr),
        Role::Staff => matches!(action, ViewRegister),
    }
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
}
