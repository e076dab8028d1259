//! Class funds at rest (R17–R20): the fund's terms, its agreed contributions and its
//! append-only ledger. Nothing here is read by charges, payments or Betalingsservice.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::class_fund::{
    Contribution, EntryKind, LedgerEntry, SchoolRow, ValidClassFund, ValidFundEntry,
};
use skolekontor_domain::Ore;

use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};

/// A fund's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredClassFund {
    /// The class.
    pub cohort: i32,
    /// What the money is for (R20).
    pub purpose: String,
    pub treasurer_guardian_id: Option<i64>,
    pub treasurer_name: Option<String>,
    /// The day the fund began.
    pub began_on: NaiveDate,
}

/// A ledger line with what the screens show besides the numbers.
#[derive(Debug, Clone)]
pub struct StoredFundEntry {
    /// The numbers.
    pub entry: LedgerEntry,
    pub text: String,
    /// The receipt reference.
    pub receipt: String,
    /// The paying family's pupil.
    pub child_name: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
}

const ENTRY_SELECT: &str = "SELECT e.id, e.entry_date, e.kind, e.amount, e.child_id, e.cancelled_at IS NOT NULL, e.text, e.receipt,
        c.first_name || ' ' || c.last_name, e.cancel_reason, u.full_name, e.cohort
   FROM class_fund_entry e LEFT JOIN child c ON c.id = e.child_id LEFT JOIN app_user u ON u.id = e.recorded_by";

fn stored_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredFundEntry> {
    Ok(StoredFundEntry {
        entry: LedgerEntry {
            id: r.get(0)?,
            date: r.get(1)?,
            kind: EntryKind::from_code(&r.get::<_, String>(2)?).unwrap_or(EntryKind::Expense),
            amount: Ore(r.get(3)?),
            child_id: r.get(4)?,
            cancelled: r.get(5)?,
        },
        text: r.get(6)?,
        receipt: r.get(7)?,
        child_name: r.get(8)?,
        cancel_reason: r.get(9)?,
        recorded_by: r.get(10)?,
    })
}

const FUND_SELECT: &str = "SELECT f.cohort, f.purpose, f.treasurer_guardian_id, g.first_name || ' ' || g.last_name, f.began_on
   FROM class_fund f LEFT JOIN guardian g ON g.id = f.treasurer_guardian_id";

fn stored_fund(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredClassFund> {
    Ok(StoredClassFund {
        cohort: r.get(0)?,
        purpose: r.get(1)?,
        treasurer_guardian_id: r.get(2)?,
        treasurer_name: r.get(3)?,
        began_on: r.get(4)?,
    })
}

impl Database {
    /// Creates the fund (beginning on `began_on`) or changes its terms, in a unit of
    /// work of its own ([`ClassFundWrites::save_class_fund`]).
    pub fn save_class_fund(
        &mut self,
        fund: &ValidClassFund,
        began_on: NaiveDate,
    ) -> StoreResult<()> {
        self.in_own_work(|work| work.class_fund().save_class_fund(fund, began_on))
    }

    /// Cancels a ledger line in a unit of work of its own ([`ClassFundWrites::cancel_fund_entry`]).
    pub fn cancel_fund_entry(&mut self, id: i64, reason: &str) -> StoreResult<()> {
        self.in_own_work(|work| work.class_fund().cancel_fund_entry(id, reason))
    }

    /// Adds a line to a fund's ledger. The caller has checked the balance.
    pub fn add_fund_entry(&mut self, entry: &ValidFundEntry) -> StoreResult<i64> {
        self.in_own_work(|work| work.class_fund().add_fund_entry(entry))
    }
}

crate::concept_handles! {
    /// Class funds.
    class_fund => ClassFundQueries, ClassFundWrites
}

impl ClassFundQueries<'_> {
    /// Every fund, oldest class first.
    pub fn class_funds(&self) -> StoreResult<Vec<StoredClassFund>> {
        let mut stmt = self
            .db
            .conn()
            .prepare(&format!("{FUND_SELECT} ORDER BY f.cohort"))?;
        let rows = stmt.query_map([], stored_fund)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One class's fund, if it has one.
    pub fn class_fund(&self, cohort: i32) -> StoreResult<Option<StoredClassFund>> {
        Ok(self
            .db
            .conn()
            .query_row(
                &format!("{FUND_SELECT} WHERE f.cohort = ?1"),
                [cohort],
                stored_fund,
            )
            .optional()?)
    }

    /// The agreed contributions of a fund, oldest first.
    pub fn class_fund_contributions(&self, cohort: i32) -> StoreResult<Vec<Contribution>> {
        let mut stmt = self.db.conn().prepare("SELECT valid_from, monthly FROM class_fund_contribution WHERE cohort = ?1 ORDER BY valid_from")?;
        let rows = stmt.query_map([cohort], |r| {
            Ok(Contribution {
                valid_from: r.get(0)?,
                monthly: Ore(r.get(1)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A fund's ledger in ledger order (by day, then as recorded).
    pub fn class_fund_entries(&self, cohort: i32) -> StoreResult<Vec<StoredFundEntry>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "{ENTRY_SELECT} WHERE e.cohort = ?1 ORDER BY e.entry_date, e.id"
        ))?;
        let rows = stmt.query_map([cohort], stored_entry)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One ledger line and its fund.
    pub fn class_fund_entry(&self, id: i64) -> StoreResult<(i32, StoredFundEntry)> {
        self.db
            .conn()
            .query_row(&format!("{ENTRY_SELECT} WHERE e.id = ?1"), [id], |r| {
                Ok((r.get(11)?, stored_entry(r)?))
            })
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// Every school placement row with the child's name: the classes' members.
    pub fn school_rows(&self) -> StoreResult<Vec<SchoolRow>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT e.child_id, c.first_name || ' ' || c.last_name, e.grade, e.start_date, e.end_date
               FROM enrolment e JOIN child c ON c.id = e.child_id
              WHERE e.division = 'school' AND e.grade IS NOT NULL AND c.archived_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SchoolRow {
                child_id: r.get(0)?,
                name: r.get(1)?,
                grade: r.get(2)?,
                start: r.get(3)?,
                end: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The guardians of each child, as (child, guardian, name), in the children's order.
    pub fn guardian_names(&self, child_ids: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT gs.guardian_id, g.first_name || ' ' || g.last_name FROM guardianship gs JOIN guardian g ON g.id = gs.guardian_id
              WHERE gs.child_id = ?1 AND g.archived_at IS NULL ORDER BY gs.position",
        )?;
        let mut names = Vec::new();
        for &child_id in child_ids {
            for row in stmt.query_map([child_id], |r| {
                Ok((child_id, r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })? {
                names.push(row?);
            }
        }
        Ok(names)
    }
}

impl ClassFundWrites<'_, '_> {
    /// Creates the fund (beginning on `began_on`) or changes its terms; a new
    /// contribution replaces one from the same month.
    pub fn save_class_fund(&self, fund: &ValidClassFund, began_on: NaiveDate) -> StoreResult<()> {
        self.work.conn().execute(
            "INSERT INTO class_fund (cohort, purpose, treasurer_guardian_id, began_on, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (cohort) DO UPDATE SET purpose = excluded.purpose, treasurer_guardian_id = excluded.treasurer_guardian_id",
            params![fund.cohort, fund.purpose, fund.treasurer_guardian_id, began_on, now_utc(), self.work.actor().user_id],
        )?;
        let mut fields = vec!["purpose", "treasurer"];
        if let Some(contribution) = fund.contribution {
            self.work.conn().execute(
                "INSERT INTO class_fund_contribution (cohort, valid_from, monthly) VALUES (?1, ?2, ?3)
                 ON CONFLICT (cohort, valid_from) DO UPDATE SET monthly = excluded.monthly",
                params![fund.cohort, contribution.valid_from, contribution.monthly.0],
            )?;
            fields.push("contribution");
        }
        self.work.audit(
            &AuditEvent::change("class_fund.save", "class_fund", i64::from(fund.cohort))
                .with_fields(fields),
        )?;
        Ok(())
    }

    /// Cancels a ledger line, once, with a reason. The caller has checked the balance.
    pub fn cancel_fund_entry(&self, id: i64, reason: &str) -> StoreResult<()> {
        let changed = self.work.conn().execute(
            "UPDATE class_fund_entry SET cancelled_at = ?2, cancelled_by = ?3, cancel_reason = ?4 WHERE id = ?1 AND cancelled_at IS NULL",
            params![id, now_utc(), self.work.actor().user_id, reason],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.work.audit(
            &AuditEvent::change("class_fund.cancel", "class_fund_entry", id)
                .with_fields(["cancelled"]),
        )?;
        Ok(())
    }

    /// Adds a ledger line inside the use case's work (a class's payments: all or none).
    pub fn add_fund_entry(&self, entry: &ValidFundEntry) -> StoreResult<i64> {
        let conn = self.work.conn();
        conn.query_row(
            "SELECT cohort FROM class_fund WHERE cohort = ?1",
            [entry.cohort],
            |r| r.get::<_, i32>(0),
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
        conn.execute(
            "INSERT INTO class_fund_entry (cohort, kind, entry_date, amount, text, receipt, child_id, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![entry.cohort, entry.kind.code(), entry.date, entry.amount.0, entry.text, entry.receipt, entry.child_id, now_utc(), self.work.actor().user_id],
        )?;
        let id = conn.last_insert_rowid();
        let mut event = AuditEvent::change("class_fund.entry", "class_fund_entry", id)
            .with_fields(["kind", "date", "amount", "text", "receipt"]);
        if let Some(child_id) = entry.child_id {
            event = event.for_child(child_id);
        }
        self.work.audit(&event)?;
        Ok(id)
    }
}
