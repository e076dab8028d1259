//! Failed logins and one-time codes, counted per typed user name whether or not such a
//! user exists, so the waits that follow them (R29, `domain::login`) hold across the
//! window and the command line; and the one-time codes' time steps, each taken once.

use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;

use sha2::{Digest, Sha256};
use skolekontor_domain::login;

use crate::audit::{append, Actor};
use crate::database::Database;
use crate::error::StoreResult;

/// What failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginKind {
    /// A password (at login or at the idle lock).
    Password,
    /// A one-time code.
    Code,
}

impl LoginKind {
    fn code(self) -> &'static str {
        match self {
            LoginKind::Password => "password",
            LoginKind::Code => "code",
        }
    }
}

/// How the audit log names a failed try with a name that is no user.
pub const UNKNOWN_NAME: &str = "ukendt brugernavn";

/// Failures in a row and the moment of the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// How many in a row.
    pub count: u32,
    /// When the last one was (Unix milliseconds).
    pub last_ms: i64,
}

/// A typed user name as the count keeps it: trimmed and lower case, then hashed, so a
/// password typed into the name field is never on disk (the row is forgotten after a
/// day, but a backup taken in that day would keep it).
fn counted_name(typed: &str) -> String {
    let name: String = typed.trim().to_lowercase().chars().take(64).collect();
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A day after the last failure, a name's count is forgotten.
const FORGET_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// The answer to a request for one try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The try may be made; it already counts as a failure (the `n`th in a row) until
    /// [`Database::clear_login_failures`] says it succeeded.
    Reserved(u32),
    /// The name must wait this many milliseconds before its next try.
    Wait(u64),
}

/// Who the audit log names for a failed try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriedName<'a> {
    /// A user of the school, by the name the log shows for them.
    Known(&'a str),
    /// A name that is no user: logged as "ukendt brugernavn", never as typed, for
    /// what was typed may be a password.
    Unknown,
}

impl Database {
    /// The failures in a row for `username` (as typed) of `kind`.
    pub fn login_failures(&self, username: &str, kind: LoginKind) -> StoreResult<Failures> {
        Ok(self
            .conn()
            .query_row(
                "SELECT failures, last_failure_ms FROM login_failure WHERE username = ?1 AND kind = ?2",
                params![counted_name(username), kind.code()],
                |r| {
                    Ok(Failures {
                        count: r.get(0)?,
                        last_ms: r.get(1)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Asks for one try of `username` (as typed) of `kind` at `now_ms` (Unix
    /// milliseconds), before the password or code is checked. The try is counted as a
    /// failure at once, in one immediate transaction, so any number of windows and
    /// command lines on the same file get one check per wait between them (R29): a
    /// second process asking in the same moment sees this try and waits.
    pub fn reserve_login_attempt(
        &mut self,
        username: &str,
        kind: LoginKind,
        now_ms: i64,
    ) -> StoreResult<Attempt> {
        let name = counted_name(username);
        let tx = self.immediate_transaction()?;
        tx.execute(
            "DELETE FROM login_failure WHERE last_failure_ms < ?1",
            [now_ms - FORGET_AFTER_MS],
        )?;
        let before: Failures = tx
            .query_row(
                "SELECT failures, last_failure_ms FROM login_failure WHERE username = ?1 AND kind = ?2",
                params![name, kind.code()],
                |r| {
                    Ok(Failures {
                        count: r.get(0)?,
                        last_ms: r.get(1)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        let wait = login::wait_left_ms(before.count, before.last_ms, now_ms);
        if wait > 0 {
            return Ok(Attempt::Wait(wait));
        }
        tx.execute(
            "INSERT INTO login_failure (username, kind, failures, last_failure_ms) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (username, kind) DO UPDATE SET failures = failures + 1, last_failure_ms = ?3",
            params![name, kind.code(), now_ms],
        )?;
        tx.commit()?;
        Ok(Attempt::Reserved(before.count + 1))
    }

    /// Writes a failed try (already counted by [`Database::reserve_login_attempt`]) to
    /// the audit log, naming the user, or "ukendt brugernavn"; never what was typed as
    /// password or code.
    pub fn log_login_failure(
        &mut self,
        tried: TriedName<'_>,
        event: &AuditEvent,
    ) -> StoreResult<()> {
        let actor = Actor {
            user_id: None,
            name: match tried {
                TriedName::Known(name) => name.to_string(),
                TriedName::Unknown => UNKNOWN_NAME.to_string(),
            },
        };
        let tx = self.transaction()?;
        append(&tx, &actor, event)?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets the failures of `username` of `kind` after a success.
    pub fn clear_login_failures(&mut self, username: &str, kind: LoginKind) -> StoreResult<()> {
        self.conn().execute(
            "DELETE FROM login_failure WHERE username = ?1 AND kind = ?2",
            params![counted_name(username), kind.code()],
        )?;
        Ok(())
    }

    /// Takes time step `step` of the user's one-time codes; false when it (or a later
    /// one) was taken already, here or by another program on the same file.
    pub fn take_totp_step(&mut self, user_id: i64, step: u64) -> StoreResult<bool> {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        Ok(self.conn().execute(
            "UPDATE app_user SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2",
            params![user_id, step],
        )? == 1)
    }
}
