//! The office: one school's data folder, its key in the keyring, the open
//! database and who is logged in. Every use case is a method on [`Office`].

use std::time::Instant;

use serde::Serialize;
use skolekontor_domain::audit::AuditEvent;
use skolekontor_store::users::StoredUser;
use skolekontor_store::{recovery, Actor, DataDir, Database, DatabaseKey, KeyVault, StoreError};
use ts_rs::TS;

use crate::access::needs_second_factor;
use crate::error::{AppError, AppResult};
use crate::register_index::RegisterIndex;
use crate::second_factor::{self, SecondFactorSetup};
use crate::session::{idle_expired, password_matches, SessionUser};

/// Where the program stands when a window opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum StartState {
    /// No database here yet: show the set-up screen.
    NeedsSetup,
    /// The database is open: show the login screen.
    NeedsLogin {
        /// Shown on the login screen.
        school_name: String,
    },
    /// The keyring has no (working) key: ask for the recovery key.
    NeedsRecoveryKey {
        /// Why, in Danish.
        reason: String,
    },
    /// Someone is logged in.
    LoggedIn {
        /// The school's name.
        school_name: String,
        /// The user.
        user: SessionUser,
    },
    /// Locked after idle time: the same user's password opens it again.
    Locked {
        /// The school's name.
        school_name: String,
        /// The user.
        user: SessionUser,
    },
}

/// What follows a correct password.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum LoginStep {
    /// Logged in.
    LoggedIn {
        /// The user.
        user: SessionUser,
    },
    /// Type the code from the authenticator app.
    NeedsCode,
    /// Set up the second factor now: scan the QR code, then type the first code.
    NeedsSecondFactorSetup {
        /// QR code and secret.
        setup: SecondFactorSetup,
    },
}

/// A login waiting for its second factor.
pub(crate) struct PendingLogin {
    user: StoredUser,
    /// The secret to check against; new (not yet stored) when `setting_up`.
    secret: String,
    setting_up: bool,
}

/// The open database with what is kept in memory beside it.
pub(crate) struct OpenDatabase {
    pub(crate) db: Database,
    pub(crate) index: RegisterIndex,
    pub(crate) school_name: String,
    /// For backups, which must be checked with it (wiped from memory on close).
    pub(crate) key: DatabaseKey,
    /// Why the automatic backup at start failed, if it did.
    pub(crate) backup_problem: Option<String>,
}

/// One school's office.
pub struct Office {
    pub(crate) data_dir: DataDir,
    pub(crate) vault: Box<dyn KeyVault>,
    pub(crate) open: Option<OpenDatabase>,
    pub(crate) user: Option<SessionUser>,
    /// The recovery key text, held only between set-up and the user's confirmation.
    pub(crate) pending_recovery_key: Option<String>,
    pub(crate) pending_login: Option<PendingLogin>,
    pub(crate) locked: bool,
    pub(crate) last_activity: Instant,
}

impl Office {
    /// An office for `data_dir` with keys kept in `vault` (the OS keyring in the app).
    pub fn new(data_dir: DataDir, vault: Box<dyn KeyVault>) -> Office {
        Office {
            data_dir,
            vault,
            open: None,
            user: None,
            pending_recovery_key: None,
            pending_login: None,
            locked: false,
            last_activity: Instant::now(),
        }
    }

    /// The data folder.
    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    /// Opens the database with the keyring's key if it can, and says what comes next.
    pub fn start(&mut self) -> AppResult<StartState> {
        if let Some(open) = &self.open {
            let school_name = open.school_name.clone();
            let locked = self.locked
                || self.user.as_ref().is_some_and(|u| {
                    idle_expired(self.last_activity, Instant::now(), u.idle_lock_minutes)
                });
            self.locked = locked && self.user.is_some();
            return Ok(match &self.user {
                Some(user) if self.locked => StartState::Locked {
                    school_name,
                    user: user.clone(),
                },
                Some(user) => StartState::LoggedIn {
                    school_name,
                    user: user.clone(),
                },
                None => StartState::NeedsLogin { school_name },
            });
        }
        if !self.data_dir.has_database() {
            return Ok(StartState::NeedsSetup);
        }
        let Some(account) = self.data_dir.keyring_account()? else {
            return Ok(needs_recovery(
                "Databasens id-fil mangler i datamappen, så nøglen kan ikke findes i nøgleringen.",
            ));
        };
        let key = match self.vault.load(&account) {
            Ok(Some(key)) => key,
            Ok(None) => {
                return Ok(needs_recovery(
                    "Nøglen til skolens database findes ikke i denne computers nøglering.",
                ))
            }
            Err(error) => return Ok(needs_recovery(&error.to_string())),
        };
        match self.open_with(&key) {
            Ok(()) => self.start(),
            Err(AppError::Store(StoreError::WrongKey)) if self.finish_key_change(&account)? => {
                self.start()
            }
            Err(AppError::Store(StoreError::WrongKey)) => Ok(needs_recovery(
                "Nøglen i nøgleringen passer ikke til databasen.",
            )),
            Err(other) => Err(other),
        }
    }

    pub(crate) fn open_with(&mut self, key: &DatabaseKey) -> AppResult<()> {
        let mut db = Database::open(&self.data_dir.database_path(), key)?;
        db.set_today(crate::clock::today());
        if db.school()?.is_some() {
            crate::texts::ensure_default_texts(&mut db, crate::clock::today())?;
            crate::consents::ensure_default_consent_types(&mut db)?;
        }
        let school = db.school()?;
        let school_name = school.as_ref().map(|s| s.name.clone()).unwrap_or_default();
        let index = RegisterIndex::build(&db)?;
        self.open = Some(OpenDatabase {
            db,
            index,
            school_name,
            key: key.clone(),
            backup_problem: None,
        });
        if school.is_some() {
            self.daily_backup()?;
        }
        Ok(())
    }

    /// Opens the database with the typed recovery key and puts the key back in the
    /// keyring, so the next start needs no recovery key.
    pub fn unlock_with_recovery_key(&mut self, typed: &str) -> AppResult<StartState> {
        if !self.data_dir.has_database() {
            return Err(AppError::WrongState("Der er ingen database at åbne."));
        }
        let key = recovery::decode(typed)?;
        self.open_with(&key)?;
        let account = match self.data_dir.keyring_account()? {
            Some(account) => account,
            None => self.data_dir.assign_new_id()?,
        };
        self.vault.save(&account, &key)?;
        tracing::info!("database unlocked with the recovery key; key stored in the keyring again");
        self.start()
    }

    /// Checks the password; an unknown user and a wrong password get the same answer.
    /// Users who can read sensitive data (or everyone, if the school says so) go on to
    /// the second factor (R29), setting it up on their first login.
    pub fn log_in(&mut self, username: &str, password: &str) -> AppResult<LoginStep> {
        self.pending_login = None;
        let open = self.open.as_ref().ok_or(AppError::NotOpen)?;
        let user = match open.db.user_by_name(username.trim())? {
            Some(u) if u.active && password_matches(password, &u.password_hash) => u,
            _ => {
                tracing::info!("login refused");
                return Err(AppError::WrongPassword);
            }
        };
        let settings = open.db.school_settings()?;
        if let Some(secret) = user.totp_secret.clone() {
            self.pending_login = Some(PendingLogin {
                user,
                secret,
                setting_up: false,
            });
            return Ok(LoginStep::NeedsCode);
        }
        if needs_second_factor(user.role, settings.require_totp_for_all) {
            let secret = second_factor::new_secret();
            let setup = second_factor::setup_for(&secret, &user.username)?;
            self.pending_login = Some(PendingLogin {
                user,
                secret,
                setting_up: true,
            });
            return Ok(LoginStep::NeedsSecondFactorSetup { setup });
        }
        Ok(LoginStep::LoggedIn {
            user: self.finish_login(user, false)?,
        })
    }

    /// Checks the one-time code of a login waiting for it (and stores a new secret
    /// once its first code matched).
    pub fn confirm_code(&mut self, code: &str) -> AppResult<SessionUser> {
        let pending = self.pending_login.as_ref().ok_or(AppError::WrongState(
            "Log ind med brugernavn og adgangskode først.",
        ))?;
        if !second_factor::code_matches(&pending.secret, code) {
            tracing::info!("one-time code refused");
            return Err(AppError::WrongCode);
        }
        let PendingLogin {
            user,
            secret,
            setting_up,
        } = self.pending_login.take().expect("checked above");
        let db = &mut self.opened()?.db;
        db.set_actor(Actor::user(user.id, &user.full_name));
        if setting_up {
            db.set_totp_secret(user.id, Some(&secret))?;
        }
        self.finish_login(user, true)
    }

    fn finish_login(&mut self, user: StoredUser, second_factor: bool) -> AppResult<SessionUser> {
        let open = self.opened()?;
        let idle_lock_minutes = open.db.school_settings()?.idle_lock_minutes;
        open.db.set_actor(Actor::user(user.id, &user.full_name));
        open.db.record(&AuditEvent::access("user.login", user.id))?;
        let mut session = SessionUser::new(user.id, user.username, user.full_name, user.role);
        session.scope = user.scope;
        session.idle_lock_minutes = idle_lock_minutes;
        session.second_factor = second_factor;
        // R29: sensitive data only after a second factor; the UI hides what is refused.
        if !second_factor {
            session
                .may
                .retain(|action| *action != crate::access::Action::ViewHealth);
        }
        self.user = Some(session.clone());
        self.locked = false;
        self.last_activity = Instant::now();
        tracing::info!(user_id = session.id, "logged in");
        Ok(session)
    }

    /// Logs out; the database stays open for the next login.
    pub fn log_out(&mut self) {
        self.user = None;
        self.pending_login = None;
        self.locked = false;
        if let Some(open) = self.open.as_mut() {
            open.db.set_actor(Actor::system());
        }
    }

    /// Locks the program now (the UI calls this after the idle time, or on request).
    pub fn lock(&mut self) -> AppResult<()> {
        let user_id = self.user.as_ref().ok_or(AppError::NotLoggedIn)?.id;
        if !self.locked {
            self.locked = true;
            self.opened()?
                .db
                .record(&AuditEvent::access("user.lock", user_id))?;
        }
        Ok(())
    }

    /// Opens a locked program with the same user's password.
    pub fn unlock(&mut self, password: &str) -> AppResult<SessionUser> {
        let user = self.user.clone().ok_or(AppError::NotLoggedIn)?;
        let open = self.opened()?;
        let stored = open.db.user_by_id(user.id)?;
        if !(stored.active && password_matches(password, &stored.password_hash)) {
            return Err(AppError::WrongPassword);
        }
        open.db
            .record(&AuditEvent::access("user.unlock", user.id))?;
        self.locked = false;
        self.last_activity = Instant::now();
        Ok(user)
    }

    /// The logged-in user, or [`AppError::NotLoggedIn`]; locks (and refuses) after the
    /// idle time, so a forgotten window cannot be used even if the UI's timer failed.
    pub(crate) fn user(&mut self) -> AppResult<&SessionUser> {
        let now = Instant::now();
        let user = self.user.as_ref().ok_or(AppError::NotLoggedIn)?;
        if self.locked || idle_expired(self.last_activity, now, user.idle_lock_minutes) {
            self.locked = true;
            return Err(AppError::Locked);
        }
        self.last_activity = now;
        Ok(self.user.as_ref().expect("checked above"))
    }

    /// The open database, or [`AppError::NotOpen`].
    pub(crate) fn opened(&mut self) -> AppResult<&mut OpenDatabase> {
        let open = self.open.as_mut().ok_or(AppError::NotOpen)?;
        open.db.set_today(crate::clock::today());
        Ok(open)
    }
}

fn needs_recovery(reason: &str) -> StartState {
    StartState::NeedsRecoveryKey {
        reason: reason.to_string(),
    }
}
