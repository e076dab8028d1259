//! The office: one school's data folder, its key in the keyring, the open
//! database and who is logged in. Its own methods are the session's (start, log-in,
//! lock); every other use case is on its concept's handle, which borrows the office:
//! `office.billing().issue_charges(…)`.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::login::{self, MAX_WRONG_CODES};
use skolekontor_store::login::{Attempt, LoginKind, TriedName};
use skolekontor_store::users::StoredUser;
use skolekontor_store::{recovery, Actor, DataDir, Database, DatabaseKey, KeyVault, StoreError};
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::access::needs_second_factor;
use crate::damage::{BackupOffer, DamagedSchool};
use crate::error::{AppError, AppResult};
use crate::register_index::RegisterIndex;
use crate::second_factor::{self, SecondFactorSetup};
use crate::session::{idle_expired, password_matches, spend_like_a_password_check, SessionUser};
use skolekontor_domain::tr;
use skolekontor_store::error::Damage;

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
        /// The fictional demo school: the screens carry a visible mark.
        demo: bool,
        /// Something the user should know before logging in (the key could not be
        /// stored in the keyring, say), in Danish.
        notice: Option<String>,
    },
    /// The keyring has no (working) key: ask for the recovery key.
    NeedsRecoveryKey {
        /// Why, in Danish.
        reason: String,
    },
    /// The school's file is damaged, or gone beside its stored key: nothing was
    /// written to it, a copy lies aside, and the newest backup that checks out is
    /// offered to the headteacher. Set-up is not offered.
    Damaged {
        /// What was found, in Danish.
        reason: String,
        /// Where the copy of the damaged file lies.
        copy_aside: Option<String>,
        /// The newest backup that checks out, if any.
        backup: Option<BackupOffer>,
    },
    /// Someone is logged in.
    LoggedIn {
        school_name: String,
        user: SessionUser,
    },
    /// Locked after idle time: the same user's password opens it again.
    Locked {
        school_name: String,
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
    LoggedIn {
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
    secret: Zeroizing<String>,
    setting_up: bool,
    /// Wrong codes so far; at [`MAX_WRONG_CODES`] the login ends.
    wrong_codes: u32,
}

/// The open database with what is kept in memory beside it.
pub(crate) struct OpenDatabase {
    pub(crate) db: Database,
    pub(crate) index: RegisterIndex,
    pub(crate) school_name: String,
    /// The fictional demo school.
    pub(crate) demo: bool,
    /// For backups, which must be checked with it (wiped from memory on close).
    pub(crate) key: DatabaseKey,
    /// Why the automatic backup at start failed, if it did.
    pub(crate) backup_problem: Option<String>,
}

impl OpenDatabase {
    /// Rebuilds the search index from the store: after a commit that changed what
    /// the register lists (names, classes, SFO, archived), never before it.
    pub(crate) fn refresh_index(&mut self) -> AppResult<()> {
        self.index = RegisterIndex::build(&self.db)?;
        Ok(())
    }
}

/// One school's office.
pub struct Office {
    pub(crate) data_dir: DataDir,
    pub(crate) vault: Box<dyn KeyVault>,
    pub(crate) open: Option<OpenDatabase>,
    pub(crate) user: Option<SessionUser>,
    /// The recovery key text, held only between set-up (or a key change) and the
    /// user's confirmation, in memory wiped when dropped; a lock, a logout or the idle
    /// time-out drops it.
    pub(crate) pending_recovery_key: Option<Zeroizing<String>>,
    pub(crate) pending_login: Option<PendingLogin>,
    /// The e-mails made for the logged-in user and not yet sent; a logout (also the
    /// forced one after wrong passwords at the lock) drops them.
    pub(crate) prepared_mails: Option<crate::mail::PreparedBatch>,
    pub(crate) locked: bool,
    pub(crate) last_activity: Instant,
    /// Seconds the office's clock runs ahead of the machine's: always 0 but in tests,
    /// which move it to reach a later one-time code, the end of a wait or the idle lock.
    clock_ahead: u64,
    /// Set while the school's file is damaged (see `damage`).
    pub(crate) damaged: Option<DamagedSchool>,
    /// Told on the login screen until someone logs in (e.g. the key is not stored).
    pub(crate) notice: Option<String>,
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
            prepared_mails: None,
            locked: false,
            last_activity: Instant::now(),
            clock_ahead: 0,
            damaged: None,
            notice: None,
        }
    }

    /// Unix seconds now, as the one-time codes count.
    pub(crate) fn unix_now(&self) -> u64 {
        self.unix_millis() / 1000
    }

    /// Unix milliseconds now, as the waits after failed logins count.
    pub(crate) fn unix_millis(&self) -> u64 {
        let machine = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        machine + self.clock_ahead * 1000
    }

    /// The monotonic "now" of the idle lock.
    fn instant_now(&self) -> Instant {
        Instant::now() + Duration::from_secs(self.clock_ahead)
    }

    /// Moves the office's clock `seconds` ahead (tests only).
    #[cfg(feature = "test-hooks")]
    pub fn move_clock(&mut self, seconds: u64) {
        self.clock_ahead += seconds;
    }

    /// Sets the office's clock at least `seconds` ahead (tests only: offices opened one
    /// after another on the same file keep moving forward together).
    #[cfg(feature = "test-hooks")]
    pub fn keep_clock_ahead(&mut self, seconds: u64) {
        self.clock_ahead = self.clock_ahead.max(seconds);
    }

    /// In a build for tests, moves the clock `SKOLEKONTOR_CLOCK_AHEAD` seconds ahead
    /// (the command line's tests run one process per command); elsewhere does nothing.
    pub fn clock_from_test_environment(&mut self) {
        #[cfg(feature = "test-hooks")]
        if let Some(seconds) = std::env::var("SKOLEKONTOR_CLOCK_AHEAD")
            .ok()
            .and_then(|s| s.parse().ok())
        {
            self.move_clock(seconds);
        }
    }

    /// Unix seconds on the office's clock (tests only: the code an app shows now).
    #[cfg(feature = "test-hooks")]
    pub fn clock_unix_seconds(&self) -> u64 {
        self.unix_now()
    }

    /// The data folder.
    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    /// Opens the database with the keyring's key if it can, and says what comes next.
    pub fn start(&mut self) -> AppResult<StartState> {
        if let Some(open) = &self.open {
            let school_name = open.school_name.clone();
            let now = self.instant_now();
            let locked = self.locked
                || self
                    .user
                    .as_ref()
                    .is_some_and(|u| idle_expired(self.last_activity, now, u.idle_lock_minutes));
            if locked && self.user.is_some() && !self.locked {
                self.locked = true;
                self.pending_recovery_key = None;
            }
            return Ok(match &self.user {
                Some(user) if self.locked => StartState::Locked {
                    school_name,
                    user: user.clone(),
                },
                Some(user) => StartState::LoggedIn {
                    school_name,
                    user: user.clone(),
                },
                None => StartState::NeedsLogin {
                    school_name,
                    demo: open.demo,
                    notice: self.notice.clone(),
                },
            });
        }
        if let Some(damaged) = &self.damaged {
            return Ok(damaged.state.clone());
        }
        let account = self.data_dir.keyring_account()?;
        if !self.data_dir.has_database() {
            // Set-up only where neither the school's key nor its file exists: a stored
            // key without its file is a school whose file is gone.
            return match account.map(|a| self.vault.load(&a)) {
                None | Some(Ok(None)) => Ok(StartState::NeedsSetup),
                Some(Ok(Some(key))) => self.enter_damaged(Some(key), Damage::Missing),
                Some(Err(_)) => self.enter_damaged(None, Damage::Missing),
            };
        }
        let Some(account) = account else {
            return Ok(needs_recovery(&tr!("session.id_file_missing")));
        };
        let key = match self.vault.load(&account) {
            Ok(Some(key)) => key,
            Ok(None) => return Ok(needs_recovery(&tr!("session.key_not_in_keyring"))),
            Err(error) => return Ok(needs_recovery(&error.to_string())),
        };
        match self.open_with(&key) {
            Ok(()) => self.start(),
            Err(AppError::Store(StoreError::Damaged(damage))) => {
                self.enter_damaged(Some(key), damage)
            }
            Err(AppError::Store(StoreError::WrongKey)) if self.finish_key_change(&account)? => {
                self.start()
            }
            Err(AppError::Store(StoreError::WrongKey)) => {
                Ok(needs_recovery(&tr!("session.key_does_not_fit")))
            }
            Err(other) => Err(other),
        }
    }

    pub(crate) fn open_with(&mut self, key: &DatabaseKey) -> AppResult<()> {
        let mut db = Database::open(&self.data_dir.database_path(), key)?;
        db.set_today(crate::clock::today());
        if db.school().school()?.is_some() {
            crate::template::ensure_default_texts(&mut db, crate::clock::today())?;
            crate::consent::ensure_default_consent_types(&mut db)?;
        }
        let school = db.school().school()?;
        let school_name = school.as_ref().map(|s| s.name.clone()).unwrap_or_default();
        let index = RegisterIndex::build(&db)?;
        let demo = db.school().is_demo()?;
        self.open = Some(OpenDatabase {
            db,
            index,
            school_name,
            demo,
            key: key.clone(),
            backup_problem: None,
        });
        if school.is_some() {
            self.backup().daily_backup()?;
        }
        Ok(())
    }

    /// Opens the database with the typed recovery key and puts the key back in the
    /// keyring, so the next start needs no recovery key. When the keyring cannot be
    /// reached, the school opens for this session only, and the login screen says so.
    /// A damaged file goes to the damaged state, with the backups checked with the
    /// typed key.
    pub fn unlock_with_recovery_key(&mut self, typed: &str) -> AppResult<StartState> {
        if !self.data_dir.has_database() {
            return Err(AppError::WrongState(tr!("session.no_database")));
        }
        let key = recovery::decode(typed)?;
        match self.open_with(&key) {
            Ok(()) => {}
            Err(AppError::Store(StoreError::Damaged(damage))) => {
                return self.enter_damaged(Some(key), damage)
            }
            Err(other) => return Err(other),
        }
        let stored = match self.data_dir.keyring_account()? {
            Some(account) => self.vault.save(&account, &key),
            None => self
                .data_dir
                .assign_new_id()
                .map_err(Into::into)
                .and_then(|account| self.vault.save(&account, &key)),
        };
        match stored {
            Ok(()) => tracing::info!(
                "database unlocked with the recovery key; key stored in the keyring again"
            ),
            Err(error) => {
                tracing::warn!(
                    "database unlocked with the recovery key; the keyring could not store it"
                );
                self.notice = Some(tr!(
                    "session.key_not_stored",
                    reason = keyring_reason(&error)
                ));
            }
        }
        self.start()
    }

    /// Checks the password; an unknown user and a wrong password get the same answer
    /// and cost the same time. Each failure makes the typed name wait longer before its
    /// next try and is written to the audit log (the name, never the password). Users
    /// who can read sensitive data (or everyone, if the school says so) go on to the
    /// second factor (R29), setting it up on their first login.
    pub fn log_in(&mut self, username: &str, password: &str) -> AppResult<LoginStep> {
        self.pending_login = None;
        let now = self.unix_millis() as i64;
        let open = self.open.as_mut().ok_or(AppError::NotOpen)?;
        reserve_try(&mut open.db, username, LoginKind::Password, now)?;
        let found = open.db.users().user_by_name(username.trim())?;
        let matches = match &found {
            Some(user) => password_matches(password, &user.password_hash) && user.active,
            None => spend_like_a_password_check(password),
        };
        let known_name = found.as_ref().map(|user| user.username.clone());
        let Some(user) = found.filter(|_| matches) else {
            let tried = known_name
                .as_deref()
                .map_or(TriedName::Unknown, TriedName::Known);
            open.db
                .log_login_failure(tried, &AuditEvent::failed_access("user.login_failed"))?;
            tracing::info!("login refused");
            return Err(AppError::WrongPassword);
        };
        open.db
            .clear_login_failures(username, LoginKind::Password)?;
        let settings = open.db.school().school_settings()?;
        if let Some(secret) = user.totp_secret.clone() {
            self.pending_login = Some(PendingLogin {
                user,
                secret: Zeroizing::new(secret),
                setting_up: false,
                wrong_codes: 0,
            });
            return Ok(LoginStep::NeedsCode);
        }
        if needs_second_factor(user.role, settings.require_totp_for_all) {
            let secret = Zeroizing::new(second_factor::new_secret());
            let setup = second_factor::setup_for(&secret, &user.username)?;
            self.pending_login = Some(PendingLogin {
                user,
                secret,
                setting_up: true,
                wrong_codes: 0,
            });
            return Ok(LoginStep::NeedsSecondFactorSetup { setup });
        }
        Ok(LoginStep::LoggedIn {
            user: self.finish_login(user, false)?,
        })
    }

    /// Checks the one-time code of a login waiting for it (and stores a new secret
    /// once its first code matched). A code's time step is taken once (no replay);
    /// wrong codes make the user wait longer, and the fifth ends the pending login.
    pub fn confirm_code(&mut self, code: &str) -> AppResult<SessionUser> {
        let (now, now_ms) = (self.unix_now(), self.unix_millis() as i64);
        let pending = self
            .pending_login
            .as_ref()
            .ok_or(AppError::WrongState(tr!("session.log_in_first")))?;
        let (username, user_id) = (pending.user.username.clone(), pending.user.id);
        let step = second_factor::matching_step(&pending.secret, code, now)
            .filter(|step| login::step_is_fresh(*step, pending.user.totp_last_step));
        let db = &mut self.open.as_mut().ok_or(AppError::NotOpen)?.db;
        reserve_try(db, &username, LoginKind::Code, now_ms)?;
        let taken = match step {
            Some(step) => db.take_totp_step(user_id, step)?,
            None => false,
        };
        if !taken {
            return Err(self.wrong_code(&username, code));
        }
        db.clear_login_failures(&username, LoginKind::Code)?;
        let PendingLogin {
            user,
            secret,
            setting_up,
            ..
        } = self.pending_login.take().expect("checked above");
        let db = &mut self.opened()?.db;
        db.set_actor(Actor::user(user.id, &user.full_name));
        if setting_up {
            db.set_totp_secret(user.id, Some(&secret))?;
        }
        self.finish_login(user, true)
    }

    /// Counts a wrong (or already used) code; the fifth ends the pending login.
    fn wrong_code(&mut self, username: &str, code: &str) -> AppError {
        tracing::info!("one-time code refused");
        let counted = self.open.as_mut().map(|open| {
            open.db.log_login_failure(
                TriedName::Known(username),
                &AuditEvent::failed_access("user.code_failed"),
            )
        });
        if let Some(Err(error)) = counted {
            return error.into();
        }
        let now = self.unix_now();
        let Some(pending) = self.pending_login.as_mut() else {
            return AppError::WrongCode;
        };
        pending.wrong_codes += 1;
        if pending.wrong_codes >= MAX_WRONG_CODES {
            self.pending_login = None;
            return AppError::LoginEnded(tr!("session.too_many_codes"));
        }
        let used = second_factor::matching_step(&pending.secret, code, now).is_some();
        if used {
            AppError::CodeUsed
        } else {
            AppError::WrongCode
        }
    }

    fn finish_login(&mut self, user: StoredUser, second_factor: bool) -> AppResult<SessionUser> {
        let open = self.opened()?;
        let idle_lock_minutes = open.db.school().school_settings()?.idle_lock_minutes;
        open.db.set_actor(Actor::user(user.id, &user.full_name));
        open.db.record(&AuditEvent::access("user.login", user.id))?;
        let mut session = SessionUser::new(user.id, user.username, user.full_name, user.role);
        session.scope = user.scope;
        session.idle_lock_minutes = idle_lock_minutes;
        session.second_factor = second_factor;
        session.demo = open.demo;
        session.after_restore = open.db.backup().unreviewed_restore()?;
        // R29: sensitive data only after a second factor; the UI hides what is refused.
        if !second_factor {
            session
                .may
                .retain(|action| *action != crate::access::Action::ViewHealth);
        }
        session.after_restore &= session.may(crate::access::Action::HandleDataRequests);
        self.user = Some(session.clone());
        self.locked = false;
        self.notice = None;
        self.last_activity = self.instant_now();
        tracing::info!(user_id = session.id, "logged in");
        Ok(session)
    }

    /// Logs out; the database stays open for the next login. A recovery key still
    /// waiting to be printed and e-mails made but not sent are forgotten.
    pub fn log_out(&mut self) {
        self.user = None;
        self.pending_login = None;
        self.pending_recovery_key = None;
        self.prepared_mails = None;
        self.locked = false;
        if let Some(open) = self.open.as_mut() {
            open.db.set_actor(Actor::system());
        }
    }

    /// Locks the program now (the UI calls this after the idle time, or on request);
    /// a recovery key still waiting to be printed is forgotten.
    pub fn lock(&mut self, by_user: bool) -> AppResult<()> {
        let user_id = self.user.as_ref().ok_or(AppError::NotLoggedIn)?.id;
        self.pending_recovery_key = None;
        if !self.locked {
            self.locked = true;
            // The log tells a lock the user chose from one after the idle minutes.
            let action = if by_user {
                "user.lock"
            } else {
                "user.lock_idle"
            };
            self.opened()?
                .db
                .record(&AuditEvent::access(action, user_id))?;
        }
        Ok(())
    }

    /// Opens a locked program with the same user's password. It counts as a login: a
    /// wrong password makes the name wait like one at the login screen, is written to
    /// the audit log, and the fifth in a row logs the user out.
    pub fn unlock(&mut self, password: &str) -> AppResult<SessionUser> {
        let user = self.user.clone().ok_or(AppError::NotLoggedIn)?;
        let now = self.unix_millis() as i64;
        let open = self.opened()?;
        let failures = reserve_try(&mut open.db, &user.username, LoginKind::Password, now)?;
        let stored = open.db.users().user_by_id(user.id)?;
        if !(stored.active && password_matches(password, &stored.password_hash)) {
            open.db.log_login_failure(
                TriedName::Known(&user.username),
                &AuditEvent::failed_access("user.unlock_failed"),
            )?;
            if failures >= MAX_WRONG_UNLOCKS {
                self.log_out();
                return Err(AppError::LoginEnded(tr!("session.too_many_passwords")));
            }
            return Err(AppError::WrongPassword);
        }
        open.db
            .clear_login_failures(&user.username, LoginKind::Password)?;
        open.db
            .record(&AuditEvent::access("user.unlock", user.id))?;
        self.locked = false;
        self.last_activity = self.instant_now();
        Ok(user)
    }

    /// The logged-in user, or [`AppError::NotLoggedIn`]; locks (and refuses) after the
    /// idle time, so a forgotten window cannot be used even if the UI's timer failed.
    pub(crate) fn user(&mut self) -> AppResult<&SessionUser> {
        let now = self.instant_now();
        let user = self.user.as_ref().ok_or(AppError::NotLoggedIn)?;
        if self.locked || idle_expired(self.last_activity, now, user.idle_lock_minutes) {
            self.locked = true;
            self.pending_recovery_key = None;
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

/// Wrong passwords in a row at the idle lock after which the user is logged out.
const MAX_WRONG_UNLOCKS: u32 = 5;

/// Refuses a try while the typed name still waits after its failures (R29).
/// Takes one try for `username` before its password or code is checked (R29), or
/// refuses while the name must wait; returns the failures in a row this try would make.
fn reserve_try(db: &mut Database, username: &str, kind: LoginKind, now_ms: i64) -> AppResult<u32> {
    match db.reserve_login_attempt(username, kind, now_ms)? {
        Attempt::Reserved(failures) => Ok(failures),
        Attempt::Wait(wait_ms) => Err(AppError::TooManyTries(login::wait_text(wait_ms))),
    }
}

/// Why the keyring failed, in the words of its error (Danish, no secrets).
fn keyring_reason(error: &StoreError) -> String {
    match error {
        StoreError::Keyring(reason) => reason.clone(),
        other => other.to_string(),
    }
}

fn needs_recovery(reason: &str) -> StartState {
    StartState::NeedsRecoveryKey {
        reason: reason.to_string(),
    }
}
