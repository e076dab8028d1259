//! Credit notes and refunds (R10), written inside a use case's unit of work. Both
//! tables are append-only: a wrong credit note is answered by a charge, never edited.

use crate::billing::BillingQueries;
use crate::billing::BillingWrites;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::billing::credit::{ValidCreditNote, ValidRefund};
use skolekontor_domain::Ore;

use crate::database::now_utc;
use crate::error::{StoreError, StoreResult};

/// An issued credit note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCreditNote {
    /// Row id.
    pub id: i64,
    /// The note's number, 1, 2, 3 … for the books.
    pub number: i64,
    pub payer_id: i64,
    /// The child it is about, if one.
    pub child_id: Option<i64>,
    /// The reason.
    pub text: String,
    /// Credited.
    pub amount: Ore,
    /// Day of issue.
    pub issued_on: NaiveDate,
}

/// A recorded refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRefund {
    /// Row id.
    pub id: i64,
    pub payer_id: i64,
    /// Paid back.
    pub amount: Ore,
    /// Day of the transfer.
    pub paid_on: NaiveDate,
    /// The transfer's reference.
    pub bank_reference: String,
}

const NOTE_COLUMNS: &str = "id, number, payer_id, child_id, text, amount_ore, issued_on";
const REFUND_COLUMNS: &str = "id, payer_id, amount_ore, paid_on, bank_reference";

fn note_row(r: &Row<'_>) -> rusqlite::Result<StoredCreditNote> {
    Ok(StoredCreditNote {
        id: r.get(0)?,
        number: r.get(1)?,
        payer_id: r.get(2)?,
        child_id: r.get(3)?,
        text: r.get(4)?,
        amount: Ore(r.get(5)?),
        issued_on: r.get(6)?,
    })
}

fn refund_row(r: &Row<'_>) -> rusqlite::Result<StoredRefund> {
    Ok(StoredRefund {
        id: r.get(0)?,
        payer_id: r.get(1)?,
        amount: Ore(r.get(2)?),
        paid_on: r.get(3)?,
        bank_reference: r.get(4)?,
    })
}

impl BillingQueries<'_> {
    /// A payer's credit notes, oldest first.
    pub fn credit_notes(&self, payer_id: i64) -> StoreResult<Vec<StoredCreditNote>> {
        let mut stmt = self.db.conn().prepare(&format!(
            "SELECT {NOTE_COLUMNS} FROM credit_note WHERE payer_id = ?1 ORDER BY number"
        ))?;
        let rows = stmt.query_map([payer_id], note_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One credit note.
    pub fn credit_note(&self, id: i64) -> StoreResult<StoredCreditNote> {
        self.db
            .conn()
            .query_row(
                &format!("SELECT {NOTE_COLUMNS} FROM credit_note WHERE id = ?1"),
                [id],
                note_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// A payer's refunds, oldest first.
    pub fn refunds(&self, payer_id: i64) -> StoreResult<Vec<StoredRefund>> {
        let mut stmt = self.db.conn().prepare(&format!(
            "SELECT {REFUND_COLUMNS} FROM refund WHERE payer_id = ?1 ORDER BY paid_on, id"
        ))?;
        let rows = stmt.query_map([payer_id], refund_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One refund.
    pub fn refund(&self, id: i64) -> StoreResult<StoredRefund> {
        self.db
            .conn()
            .query_row(
                &format!("SELECT {REFUND_COLUMNS} FROM refund WHERE id = ?1"),
                [id],
                refund_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// A child's full name, as a credit note names it.
    pub fn child_full_name(&self, child_id: i64) -> StoreResult<String> {
        self.db
            .conn()
            .query_row(
                "SELECT first_name || ' ' || last_name FROM child WHERE id = ?1",
                [child_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// What can still be credited to a payer: the totals of the charges issued to
    /// them (after discounts and subsidies), less the credit notes issued before.
    pub fn creditable(&self, payer_id: i64) -> StoreResult<Ore> {
        Ok(Ore(self.db.conn().query_row(
            "SELECT coalesce((SELECT sum(total_ore) FROM charge WHERE payer_id = ?1), 0)
                  - coalesce((SELECT sum(amount_ore) FROM credit_note WHERE payer_id = ?1), 0)",
            [payer_id],
            |r| r.get(0),
        )?))
    }
}

impl BillingWrites<'_, '_> {
    /// Issues a credit note with the next number; returns its id.
    pub fn issue_credit_note(
        &self,
        note: &ValidCreditNote,
        issued_on: NaiveDate,
    ) -> StoreResult<i64> {
        let conn = self.work.conn();
        let number: i64 = conn.query_row(
            "SELECT coalesce(max(number), 0) + 1 FROM credit_note",
            [],
            |r| r.get(0),
        )?;
        conn.execute(
            "INSERT INTO credit_note (number, payer_id, child_id, text, amount_ore, issued_on, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                number,
                note.payer_id,
                note.child_id,
                note.text,
                note.amount.0,
                issued_on,
                now_utc(),
                self.work.actor().user_id
            ],
        )?;
        let id = conn.last_insert_rowid();
        let mut event = AuditEvent::change("billing.credit_note", "credit_note", id);
        if let Some(child_id) = note.child_id {
            event = event.for_child(child_id);
        }
        self.work.audit(&event)?;
        Ok(id)
    }

    /// Records a refund paid by bank transfer; returns its id.
    pub fn record_refund(&self, refund: &ValidRefund) -> StoreResult<i64> {
        let conn = self.work.conn();
        conn.execute(
            "INSERT INTO refund (payer_id, amount_ore, paid_on, bank_reference, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                refund.payer_id,
                refund.amount.0,
                refund.paid_on,
                refund.bank_reference,
                now_utc(),
                self.work.actor().user_id
            ],
        )?;
        let id = conn.last_insert_rowid();
        self.work
            .audit(&AuditEvent::change("billing.refund", "refund", id))?;
        Ok(id)
    }
}
