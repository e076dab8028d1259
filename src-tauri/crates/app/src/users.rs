//! Use cases of user administration (the headteacher's) and the school's settings.

use serde::{Deserialize, Serialize};
use skolekontor_domain::role::{Role, StaffScope};
use skolekontor_domain::school::SchoolSettings;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::users::{StoredUser, UserProfile};
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::register::Saved;
use crate::session::{hash_password, NewUserInput};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// A user as the administration screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    #[ts(type = "number")]
    pub id: i64,
    /// Brugernavn.
    pub username: String,
    /// Navn.
    pub full_name: String,
    /// Rolle.
    pub role: Role,
    /// Class or group (staff).
    pub scope: Option<StaffScope>,
    /// May log in.
    pub active: bool,
    /// Has set up the second factor.
    pub second_factor: bool,
}

impl From<StoredUser> for UserView {
    fn from(u: StoredUser) -> UserView {
        UserView {
            id: u.id,
            username: u.username,
            full_name: u.full_name,
            role: u.role,
            scope: u.scope,
            active: u.active,
            second_factor: u.totp_secret.is_some(),
        }
    }
}

/// A user's form: new (with user name and password) or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct UserInput {
    /// Name, user name and password (the last two only for a new user).
    pub person: NewUserInput,
    /// Rolle.
    pub role: Option<Role>,
    /// Class or group, for staff.
    pub scope: Option<StaffScope>,
    /// May log in.
    pub active: bool,
}

impl UserInput {
    fn profile(&self, errors: &mut ValidationErrors) -> Option<UserProfile> {
        let Some(role) = self.role else {
            errors.add("role", tr!("users.role_missing"));
            return None;
        };
        if role == Role::Staff && self.scope.is_none() {
            errors.add("scope", tr!("users.group_missing"));
        }
        let scope = if role == Role::Staff {
            self.scope
        } else {
            None
        };
        Some(UserProfile {
            full_name: self.person.full_name.trim().to_string(),
            role,
            scope,
            active: self.active,
        })
    }
}

crate::use_case_handle! {
    /// Users and the school's settings (*brugere, indstillinger*): the use cases, on the office's session.
    users => UserUseCases
}

impl UserUseCases<'_> {
    /// Every user.
    pub fn users(&mut self) -> AppResult<Vec<UserView>> {
        let context = self
            .office
            .authorize(Action::ManageUsers, Subject::School)?;
        Ok(context
            .open
            .db
            .users()
            .users()?
            .into_iter()
            .map(UserView::from)
            .collect())
    }

    /// Adds a user with a first password; they set up their second factor at first login.
    pub fn add_user(&mut self, input: UserInput) -> AppResult<Saved> {
        let context = self
            .office
            .authorize(Action::ManageUsers, Subject::School)?;
        let mut errors = ValidationErrors::default();
        input.person.validate("person.", &mut errors);
        let profile = input.profile(&mut errors);
        errors.clone().into_result()?;
        let profile = profile.ok_or(AppError::Validation(errors))?;
        let hash = hash_password(&input.person.password)?;
        let id = context
            .open
            .db
            .insert_user(input.person.username.trim(), &profile, &hash)?;
        Ok(Saved {
            id,
            warnings: Vec::new(),
        })
    }

    /// Changes name, role, class and whether the user may log in. A headteacher cannot
    /// take their own access away (the school would be locked out).
    pub fn update_user(&mut self, id: i64, input: UserInput) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageUsers, Subject::School)?;
        let me = &context.user;
        let mut errors = ValidationErrors::default();
        if input.person.full_name.trim().is_empty() {
            errors.add("person.fullName", tr!("common.required"));
        }
        let profile = input.profile(&mut errors);
        errors.clone().into_result()?;
        let profile = profile.ok_or(AppError::Validation(errors))?;
        if id == me.id && (!profile.active || profile.role != Role::Headteacher) {
            return Err(AppError::Refused(tr!("users.own_headteacher_access")));
        }
        context.open.db.update_user(id, &profile)?;
        Ok(())
    }

    /// Removes a user's second factor, so they set it up again at the next login
    /// (a lost phone).
    pub fn reset_second_factor(&mut self, id: i64) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageUsers, Subject::School)?;
        context.open.db.set_totp_secret(id, None)?;
        Ok(())
    }

    /// Gives a user a new password (a forgotten one).
    pub fn set_user_password(
        &mut self,
        id: i64,
        password: &str,
        password_repeat: &str,
    ) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageUsers, Subject::School)?;
        let mut errors = ValidationErrors::default();
        let check = NewUserInput {
            full_name: "-".into(),
            username: "bruger".into(),
            password: password.into(),
            password_repeat: password_repeat.into(),
        };
        check.validate("", &mut errors);
        errors.into_result()?;
        let hash = hash_password(password)?;
        context.open.db.set_password_hash(id, &hash)?;
        Ok(())
    }

    pub fn school_settings(&mut self) -> AppResult<SchoolSettings> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        Ok(context.open.db.school().school_settings()?)
    }

    /// Saves the school's settings; the idle lock applies from the next login.
    pub fn save_school_settings(&mut self, settings: SchoolSettings) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        settings.validate()?;
        context.open.db.save_school_settings(&settings)?;
        Ok(())
    }
}
