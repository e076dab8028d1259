//! Payers' customer numbers (*kundenummer*) in Betalingsservice. A number belongs to
//! the guardian who pays, not to a child: it is made on the payer's first charge, or
//! set by the office (a school moving from another system keeps its numbers), and it
//! stays when the payer of a child changes. Betalingsservice's answers drop leading
//! zeros, so two numbers that differ only by them are one number.

use crate::billing::BillingQueries;
use crate::billing::BillingWrites;
use rusqlite::{params, Connection, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::tr;

use crate::database::now_utc;
use crate::error::{StoreError, StoreResult};

/// Whether `number` (leading zeros aside) is another guardian's.
fn taken_by_another(conn: &Connection, number: &str, guardian_id: i64) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM payer_account
                         WHERE ltrim(customer_number, '0') = ltrim(?1, '0') AND guardian_id <> ?2)",
        params![number, guardian_id],
        |r| r.get(0),
    )?)
}

fn number_of(conn: &Connection, guardian_id: i64) -> StoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT customer_number FROM payer_account WHERE guardian_id = ?1",
            [guardian_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The payer's customer number, made on first use: the guardian's id, or — when the
/// office has given that number to someone else — the id with a letter after it.
pub(crate) fn ensure_payer_account(conn: &Connection, payer_id: i64) -> StoreResult<String> {
    if let Some(number) = number_of(conn, payer_id)? {
        return Ok(number);
    }
    let candidates = std::iter::once(payer_id.to_string())
        .chain(('A'..='Z').map(|letter| format!("{payer_id}{letter}")));
    for number in candidates {
        if !taken_by_another(conn, &number, payer_id)? {
            conn.execute(
                "INSERT INTO payer_account (guardian_id, customer_number, created_at) VALUES (?1, ?2, ?3)",
                params![payer_id, number, now_utc()],
            )?;
            return Ok(number);
        }
    }
    Err(StoreError::Duplicate(tr!("payer.customer_number_taken")))
}

impl BillingQueries<'_> {
    /// A guardian's customer number, if one is made or set.
    pub fn customer_number_of(&self, guardian_id: i64) -> StoreResult<Option<String>> {
        number_of(self.db.conn(), guardian_id)
    }
}

impl BillingWrites<'_, '_> {
    /// Sets a guardian's customer number (checked by the caller against the
    /// Betalingsservice rules). Runs already issued keep the number they were issued with.
    pub fn set_customer_number(&self, guardian_id: i64, number: &str) -> StoreResult<()> {
        let conn = self.work.conn();
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM guardian WHERE id = ?1)",
            [guardian_id],
            |r| r.get(0),
        )?;
        if !known {
            return Err(StoreError::NotFound);
        }
        give_customer_number(conn, guardian_id, number)?;
        self.work.audit(&customer_number_event(guardian_id))
    }
}

/// Gives a guardian a customer number, refused when another payer has it.
pub(crate) fn give_customer_number(
    conn: &Connection,
    guardian_id: i64,
    number: &str,
) -> StoreResult<()> {
    if taken_by_another(conn, number, guardian_id)? {
        return Err(StoreError::Duplicate(tr!("payer.customer_number_taken")));
    }
    conn.execute(
        "INSERT INTO payer_account (guardian_id, customer_number, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (guardian_id) DO UPDATE SET customer_number = excluded.customer_number",
        params![guardian_id, number, now_utc()],
    )?;
    Ok(())
}

/// The audit event of a customer number given or changed.
pub(crate) fn customer_number_event(guardian_id: i64) -> AuditEvent {
    AuditEvent::change("payer.customer_number", "payer_account", guardian_id)
        .with_fields(["customer_number"])
}
