//! The chart of accounts at rest, and the facts of a period that the bookkeeping
//! journal is made from (`domain::billing::journal`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;

use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::billing::journal::{
    ChartOfAccounts, CreditNoteFact, JournalFacts, LineFact, PaymentFact, PaymentFactKind,
    RefundFact, RunFact,
};
use skolekontor_domain::billing::{ChargeMonth, LineKind};
use skolekontor_domain::school::Division;
use skolekontor_domain::Ore;

use crate::database::now_utc;
use crate::error::StoreResult;

crate::concept_handles! {
    /// The bookkeeping journal.
    bookkeeping => BookkeepingQueries, BookkeepingWrites
}

impl BookkeepingQueries<'_> {
    /// The school's account number per posting item.
    pub fn chart_of_accounts(&self) -> StoreResult<ChartOfAccounts> {
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT item, account FROM posting_account")?;
        let accounts = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<BTreeMap<String, String>, _>>()?;
        Ok(ChartOfAccounts { accounts })
    }

    /// The SFO modules that have a rate or were ever charged, as first written.
    pub fn sfo_modules_for_accounts(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT module FROM rate WHERE kind = 'sfo' AND module <> ''
             UNION SELECT sfo_module FROM charge_line WHERE kind = 'rate' AND division = 'sfo' AND sfo_module <> ''",
        )?;
        let mut modules: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        modules.sort_by_key(|m| m.to_lowercase());
        modules.dedup_by_key(|m| m.to_lowercase());
        Ok(modules)
    }

    /// What reaches the books in `month`: its charge run, payments by bank day,
    /// credit notes and refunds.
    pub fn journal_facts(&self, month: ChargeMonth) -> StoreResult<JournalFacts> {
        let (first, last) = (month.first_day(), month.last_day());
        Ok(JournalFacts {
            run: self.run_fact(month)?,
            payments: self.payment_facts(first, last)?,
            credit_notes: self.credit_note_facts(first, last)?,
            refunds: self.refund_facts(first, last)?,
        })
    }

    fn run_fact(&self, month: ChargeMonth) -> StoreResult<Option<RunFact>> {
        let Some(run) = self.db.billing().charge_run(month)? else {
            return Ok(None);
        };
        let conn = self.db.conn();
        let mut stmt = conn.prepare(
            "SELECT l.kind, l.division, l.sfo_module, l.amount_ore
               FROM charge_line l JOIN charge c ON c.id = l.charge_id
              WHERE c.run_id = ?1 ORDER BY l.id",
        )?;
        let lines = stmt
            .query_map([run.id], |r| {
                Ok(LineFact {
                    kind: LineKind::from_code(&r.get::<_, String>(0)?)
                        .unwrap_or(LineKind::Correction),
                    division: r
                        .get::<_, Option<String>>(1)?
                        .as_deref()
                        .and_then(Division::from_code),
                    sfo_module: r.get(2)?,
                    amount: Ore(r.get(3)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt =
            conn.prepare("SELECT total_ore FROM charge WHERE run_id = ?1 ORDER BY id")?;
        let charge_totals = stmt
            .query_map([run.id], |r| Ok(Ore(r.get(0)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(RunFact {
            month,
            payment_date: run.payment_date,
            lines,
            charge_totals,
        }))
    }

    fn payment_facts(&self, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<PaymentFact>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT p.kind, p.amount_ore, p.paid_on, i.delivery, coalesce(a.customer_number, '')
               FROM payment p
               LEFT JOIN payment_import i ON i.id = p.import_id
               LEFT JOIN payer_account a ON a.guardian_id = p.payer_id
              WHERE p.paid_on BETWEEN ?1 AND ?2 ORDER BY p.paid_on, p.id",
        )?;
        let facts = stmt
            .query_map(params![first, last], |r| {
                let kind = match r.get::<_, String>(0)?.as_str() {
                    "bs_paid" => PaymentFactKind::BsPaid,
                    "bs_charged_back" => PaymentFactKind::BsChargedBack,
                    "cash" => PaymentFactKind::Cash,
                    "transfer" => PaymentFactKind::Transfer,
                    _ => PaymentFactKind::BsNotPaid,
                };
                Ok(PaymentFact {
                    kind,
                    amount: Ore(r.get(1)?),
                    paid_on: r.get(2)?,
                    delivery: r.get::<_, Option<i64>>(3)?.map(|d| d as u64),
                    customer_number: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(facts)
    }

    fn credit_note_facts(
        &self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<CreditNoteFact>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT n.number, n.issued_on, n.amount_ore, coalesce(a.customer_number, '')
               FROM credit_note n LEFT JOIN payer_account a ON a.guardian_id = n.payer_id
              WHERE n.issued_on BETWEEN ?1 AND ?2 ORDER BY n.number",
        )?;
        let facts = stmt
            .query_map(params![first, last], |r| {
                Ok(CreditNoteFact {
                    number: r.get(0)?,
                    issued_on: r.get(1)?,
                    amount: Ore(r.get(2)?),
                    customer_number: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(facts)
    }

    fn refund_facts(&self, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<RefundFact>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT f.paid_on, f.amount_ore, f.bank_reference, coalesce(a.customer_number, '')
               FROM refund f LEFT JOIN payer_account a ON a.guardian_id = f.payer_id
              WHERE f.paid_on BETWEEN ?1 AND ?2 ORDER BY f.paid_on, f.id",
        )?;
        let facts = stmt
            .query_map(params![first, last], |r| {
                Ok(RefundFact {
                    paid_on: r.get(0)?,
                    amount: Ore(r.get(1)?),
                    bank_reference: r.get(2)?,
                    customer_number: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(facts)
    }
}

impl BookkeepingWrites<'_, '_> {
    /// Saves the chart (checked by the caller): a number per item, an empty one
    /// removes the item's account. Logged with the items changed.
    pub fn save_chart_of_accounts(&self, chart: &ChartOfAccounts) -> StoreResult<()> {
        let conn = self.work.conn();
        let before = self.work.db().bookkeeping().chart_of_accounts()?;
        let mut changed = Vec::new();
        for (item, account) in &chart.accounts {
            if before.accounts.get(item).map_or("", String::as_str) == account {
                continue;
            }
            if account.is_empty() {
                conn.execute("DELETE FROM posting_account WHERE item = ?1", [item])?;
            } else {
                conn.execute(
                    "INSERT INTO posting_account (item, account, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (item) DO UPDATE SET account = ?2, updated_at = ?3",
                    params![item, account, now_utc()],
                )?;
            }
            changed.push(format!("account.{item}"));
        }
        if !changed.is_empty() {
            self.work.audit(
                &AuditEvent::change("bookkeeping.accounts", "posting_account", 0)
                    .with_fields(changed),
            )?;
        }
        Ok(())
    }
}
