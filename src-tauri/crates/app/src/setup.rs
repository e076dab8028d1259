//! First start (*opsætning*): the school, the headteacher, the key and the
//! recovery key — or the demo school in one click.

use serde::{Deserialize, Serialize};
use skolekontor_documents::{recovery_sheet, RecoverySheet};
use skolekontor_domain::role::Role;
use skolekontor_domain::school::SchoolInput;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::users::UserProfile;
use skolekontor_store::{recovery, DatabaseKey, StoreError};
use ts_rs::TS;

use crate::clock;
use crate::demo;
use crate::error::{AppError, AppResult};
use crate::office::LoginStep;
use crate::office::Office;
use crate::session::{hash_password, NewUserInput};
use skolekontor_domain::tr;

/// The set-up form.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct SetupInput {
    pub school: SchoolInput,
    /// The first user, the headteacher.
    pub headteacher: NewUserInput,
}

/// What set-up hands back: the recovery key (shown once) and the logged-in user.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SetupDone {
    /// The recovery key, `ABCD-EFGH-…`, to be written down or printed now.
    pub recovery_key: String,
    /// The headteacher's next login step: setting up the second factor (R29).
    pub login: LoginStep,
    /// For the demo school: the user name and password to log in with later.
    pub demo_login: Option<(String, String)>,
}

/// Demo school's headteacher login (shown on screen; the data is fictional).
pub const DEMO_USERNAME: &str = "skoleleder";
/// Demo school's headteacher password.
pub const DEMO_PASSWORD: &str = "demo-skole-2026";

impl Office {
    /// Sets up a new school: validates everything, makes a random key, keeps it in
    /// the keyring, and creates the database with the school and the headteacher.
    pub fn set_up(&mut self, input: SetupInput) -> AppResult<SetupDone> {
        self.create_school(input, None)
    }

    /// Sets up the fictional demo school (R-free playground) with its children.
    pub fn set_up_demo(&mut self) -> AppResult<SetupDone> {
        let demo = demo::generate(demo::DEMO_SEED, demo::DemoSize::SCHOOL, clock::today());
        let input = SetupInput {
            school: demo.school.clone(),
            headteacher: NewUserInput {
                full_name: "Birgitte Skoleleder".into(),
                username: DEMO_USERNAME.into(),
                password: DEMO_PASSWORD.into(),
                password_repeat: DEMO_PASSWORD.into(),
            },
        };
        let mut done = self.create_school(input, Some(demo))?;
        done.demo_login = Some((DEMO_USERNAME.into(), DEMO_PASSWORD.into()));
        Ok(done)
    }

    fn create_school(
        &mut self,
        input: SetupInput,
        demo: Option<demo::DemoSchool>,
    ) -> AppResult<SetupDone> {
        if self.data_dir.has_database() {
            return Err(StoreError::AlreadyExists.into());
        }
        let mut errors = ValidationErrors::default();
        let school = match input.school.validate() {
            Ok(school) => Some(school),
            Err(e) => {
                errors.errors.extend(e.prefixed("school.").errors);
                None
            }
        };
        input.headteacher.validate("headteacher.", &mut errors);
        errors.clone().into_result()?;
        let school = school.ok_or(AppError::Validation(errors))?;
        let password_hash = hash_password(&input.headteacher.password)?;
        let key = DatabaseKey::generate();
        let account = self.data_dir.assign_new_id()?;
        // The key goes into the keyring first: a database nobody can open is worse than none.
        self.vault.save(&account, &key)?;
        let headteacher = &input.headteacher;
        let today = clock::today();
        let created =
            skolekontor_store::Database::create_with(&self.data_dir.database_path(), &key, |db| {
                // The register starts in the school year of the program's day (R12).
                db.set_today(today);
                db.save_school(&school)?;
                let profile = UserProfile {
                    full_name: headteacher.full_name.trim().into(),
                    role: Role::Headteacher,
                    scope: None,
                    active: true,
                };
                db.insert_user(headteacher.username.trim(), &profile, &password_hash)?;
                crate::template::ensure_default_texts(db, today)?;
                crate::consent::ensure_default_consent_types(db)?;
                if let Some(demo) = &demo {
                    db.mark_demo()?;
                    demo::load(db, demo, today)?;
                    demo::load_users(db, &password_hash)?;
                    demo::load_admissions(db, today)?;
                    demo::load_billing(db, today)?;
                    demo::load_class_funds(db, today)?;
                }
                Ok(())
            });
        if let Err(error) = created {
            let _ = self.vault.delete(&account);
            return Err(error.into());
        }
        drop(created);
        self.open_with(&key)?;
        let login = self.log_in(&input.headteacher.username, &input.headteacher.password)?;
        let recovery_key = recovery::encode(&key).to_string();
        self.pending_recovery_key = Some(recovery::encode(&key));
        tracing::info!("school set up");
        Ok(SetupDone {
            recovery_key,
            login,
            demo_login: None,
        })
    }

    /// The recovery-key sheet as PDF; only between set-up and [`Office::confirm_recovery_key_saved`].
    pub fn recovery_sheet_pdf(&self) -> AppResult<Vec<u8>> {
        let key = self
            .pending_recovery_key
            .as_deref()
            .map(String::as_str)
            .ok_or(AppError::WrongState(tr!("setup.recovery_key_shown_once")))?;
        let school_name = self
            .open
            .as_ref()
            .map(|o| o.school_name.as_str())
            .unwrap_or_default();
        recovery_sheet(&RecoverySheet {
            school_name,
            recovery_key: key,
            created: clock::today(),
        })
        .map_err(|e| AppError::Document(e.to_string()))
    }

    /// The user has printed or written down the key: forget it.
    pub fn confirm_recovery_key_saved(&mut self) {
        self.pending_recovery_key = None;
    }
}
