//! The office: one school's data folder, its key in the keyring, the open
//! database and who is logged in. Every use case is a method on [`Office`].

use serde::Serialize;
use skolekontor_store::{recovery, DataDir, Database, DatabaseKey, KeyVault, StoreError};
use ts_rs::TS;

use crate::error::{AppError, AppResult};
use crate::register_index::RegisterIndex;
use crate::session::{password_matches, SessionUser};

/// Where the program stands when a window opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
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
}

/// The open database with what is kept in memory beside it.
pub(crate) struct OpenDatabase {
    pub(crate) db: Database,
    pub(crate) index: RegisterIndex,
    pub(crate) school_name: String,
}

/// One school's office.
pub struct Office {
    pub(crate) data_dir: DataDir,
    pub(crate) vault: Box<dyn KeyVault>,
    pub(crate) open: Option<OpenDatabase>,
    pub(crate) user: Option<SessionUser>,
    /// The recovery key text, held only between set-up and the user's confirmation.
    pub(crate) pending_recovery_key: Option<String>,
}

impl Office {
    /// An office for `data_dir` with keys kept in `vault` (the OS keyring in the app).
    pub fn new(data_dir: DataDir, vault: Box<dyn KeyVault>) -> Office {
        Office { data_dir, vault, open: None, user: None, pending_recovery_key: None }
    }

    /// The data folder.
    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    /// Opens the database with the keyring's key if it can, and says what comes next.
    pub fn start(&mut self) -> AppResult<StartState> {
        if let Some(open) = &self.open {
            return Ok(match &self.user {
                Some(user) => StartState::LoggedIn { school_name: open.school_name.clone(), user: user.clone() },
                None => StartState::NeedsLogin { school_name: open.school_name.clone() },
            });
        }
        if !self.data_dir.has_database() {
            return Ok(StartState::NeedsSetup);
        }
        let Some(account) = self.data_dir.keyring_account()? else {
            return Ok(needs_recovery("Databasens id-fil mangler i datamappen, så nøglen kan ikke findes i nøgleringen."));
        };
        let key = match self.vault.load(&account) {
            Ok(Some(key)) => key,
            Ok(None) => return Ok(needs_recovery("Nøglen til skolens database findes ikke i denne computers nøglering.")),
            Err(error) => return Ok(needs_recovery(&error.to_string())),
        };
        match self.open_with(&key) {
            Ok(()) => self.start(),
            Err(AppError::Store(StoreError::WrongKey)) => {
                Ok(needs_recovery("Nøglen i nøgleringen passer ikke til databasen."))
            }
            Err(other) => Err(other),
        }
    }

    pub(crate) fn open_with(&mut self, key: &DatabaseKey) -> AppResult<()> {
        let db = Database::open(&self.data_dir.database_path(), key)?;
        let school_name = db.school()?.map(|s| s.name).unwrap_or_default();
        let index = RegisterIndex::build(&db)?;
        self.open = Some(OpenDatabase { db, index, school_name });
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

    /// Logs in; an unknown user and a wrong password get the same answer.
    pub fn log_in(&mut self, username: &str, password: &str) -> AppResult<SessionUser> {
        let open = self.open.as_ref().ok_or(AppError::NotOpen)?;
        let stored = open.db.user_by_name(username.trim())?;
        let user = match stored {
            Some(u) if u.active && password_matches(password, &u.password_hash) => u,
            _ => {
                tracing::info!("login refused");
                return Err(AppError::WrongPassword);
            }
        };
        let session = SessionUser::new(user.id, user.username, user.full_name, user.role);
        self.user = Some(session.clone());
        tracing::info!(user_id = session.id, "logged in");
        Ok(session)
    }

    /// Logs out; the database stays open for the next login.
    pub fn log_out(&mut self) {
        self.user = None;
    }

    /// The logged-in user, or [`AppError::NotLoggedIn`].
    pub(crate) fn user(&self) -> AppResult<&SessionUser> {
        self.user.as_ref().ok_or(AppError::NotLoggedIn)
    }

    /// The open database, or [`AppError::NotOpen`].
    pub(crate) fn opened(&mut self) -> AppResult<&mut OpenDatabase> {
        self.open.as_mut().ok_or(AppError::NotOpen)
    }
}

fn needs_recovery(reason: &str) -> StartState {
    StartState::NeedsRecoveryKey { reason: reason.to_string() }
}
