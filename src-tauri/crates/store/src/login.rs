//! Failed logins and one-time codes, counted per typed user name whether or not such a
//! user exists, so the waits that follow them (R29, `domain::login`) hold across the
//! window and the command line; and the one-time codes' time steps, each taken once.

use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;

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

/// Failures in a row and the moment of the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// How many in a row.
    pub count: u32,
    /// When the last one was (Unix milliseconds).
    pub last_ms: i64,
}

/// A typed user name as the count keeps it: trimmed, lower case, at most 64 characters
/// (a password typed into the name field is cut short, and never logged whole).
pub fn counted_name(typed: &str) -> String {
    typed.trim().to_lowercase().chars().take(64).collect()
}

/// A day after the last failure, a name's count is forgotten.
const FORGET_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

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

    /// Counts one more failure at `now_ms` (Unix milliseconds) and writes `event` to the audit log in the same
    /// transaction, naming the typed user name (never what was typed as password or
    /// code). Returns the failures in a row.
    pub fn record_login_failure(
        &mut self,
        username: &str,
        kind: LoginKind,
        now_ms: i64,
        event: &AuditEvent,
    ) -> StoreResult<u32> {
        let name = counted_name(username);
        let actor = Actor {
            user_id: None,
            name: name.clone(),
        };
        let tx = self.transaction()?;
        tx.execute(
            "DELETE FROM login_failure WHERE last_failure_ms < ?1",
            [now_ms - FORGET_AFTER_MS],
        )?;
        tx.execute(
            "INSERT INTO login_failure (username, kind, failures, last_failure_ms) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (username, kind) DO UPDATE SET failures = failures + 1, last_failure_ms = ?3",
            params![name, kind.code(), now_ms],
        )?;
        let count: u32 = tx.query_row(
            "SELECT failures FROM login_failure WHERE username = ?1 AND kind = ?2",
            params![name, kind.code()],
            |r| r.get(0),
        )?;
        append(&tx, &actor, event)?;
        tx.commit()?;
        Ok(count)
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
