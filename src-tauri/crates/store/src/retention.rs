//! The retention run at rest (R26): the facts the plan is made from, and the run that
//! carries an approved plan out in one transaction. Rows go where every personal field
//! in them goes; where a row must stay (for the accounts, or the class's ledger) its
//! expiring fields are blanked. `secure_delete` overwrites what is removed.

use crate::data_request::PrivacyQueries;
use crate::data_request::PrivacyWrites;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::personal_data::{DataSubject, Link, Retention, BLANK_ONLY, REGISTER};
use skolekontor_domain::retention::{
    ChildFacts, DeliveryFacts, GuardianFacts, PlannedDeletion, PlannedFileDeletion, Step,
};
use skolekontor_domain::school::Division;

use crate::audit::append;
use crate::database::now_utc;
use crate::error::StoreResult;

/// How many children each rule reached in one run, and how many guardians.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionCounts {
    /// Kept only the accounting data.
    pub after_leaving: i64,
    /// Deleted entirely after the accounting years.
    pub accounting: i64,
    /// Deleted from the waiting list.
    pub waiting_list: i64,
    /// Guardians reduced or deleted.
    pub guardians: i64,
    /// Stored Betalingsservice files deleted.
    pub delivery_files: i64,
}

impl PrivacyQueries<'_> {
    /// The stored Betalingsservice files, with the month each collected for.
    pub fn delivery_retention_facts(&self) -> StoreResult<Vec<DeliveryFacts>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT d.id, r.month FROM bs_delivery d JOIN charge_run r ON r.id = d.run_id ORDER BY r.month",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut facts = Vec::new();
        for row in rows {
            let (delivery_id, month) = row?;
            if let Ok(month) = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") {
                facts.push(DeliveryFacts { delivery_id, month });
            }
        }
        Ok(facts)
    }

    /// The stored Betalingsservice files that collected from `guardian_id`, each with
    /// its month, the day it was made, its bytes and the payer's customer number in it.
    pub fn deliveries_naming(
        &self,
        guardian_id: i64,
    ) -> StoreResult<Vec<(String, String, Vec<u8>, String)>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT r.month, d.created_on, d.file, c.customer_number
             FROM charge c JOIN charge_run r ON r.id = c.run_id JOIN bs_delivery d ON d.run_id = r.id
             WHERE c.payer_id = ?1 ORDER BY r.month",
        )?;
        let rows = stmt.query_map([guardian_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The facts of every child for the retention plan.
    pub fn retention_facts(&self) -> StoreResult<Vec<ChildFacts>> {
        let conn = self.db.conn();
        let mut children: BTreeMap<i64, ChildFacts> = BTreeMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, first_name || ' ' || last_name, birth_date, retention_reduced_on IS NOT NULL,
                    retention_certificate_only_on IS NOT NULL,
                    (SELECT max(issued_on) FROM exam_certificate WHERE child_id = child.id)
             FROM child",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<NaiveDate>>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, Option<NaiveDate>>(5)?,
            ))
        })? {
            let (child_id, name, birth_date, reduced, certificate_only, certificate_issued) = row?;
            children.insert(
                child_id,
                ChildFacts {
                    child_id,
                    name,
                    birth_date,
                    places: Vec::new(),
                    waiting: Vec::new(),
                    last_accounting_day: None,
                    reduced,
                    certificate_issued,
                    certificate_only,
                },
            );
        }
        let mut stmt = conn.prepare("SELECT child_id, start_date, end_date FROM enrolment")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, NaiveDate>(1)?,
                r.get::<_, Option<NaiveDate>>(2)?,
            ))
        })? {
            let (child_id, start, end) = row?;
            if let Some(child) = children.get_mut(&child_id) {
                child.places.push((start, end));
            }
        }
        let mut stmt = conn.prepare("SELECT child_id, division FROM waiting_entry WHERE status IN ('waiting', 'offered', 'accepted', 'approved')")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (child_id, division) = row?;
            if let (Some(child), Some(division)) =
                (children.get_mut(&child_id), Division::from_code(&division))
            {
                child.waiting.push(division);
            }
        }
        // The last day the accounts hold: the due date of the last charge with a line for the
        // child, or the last credit note about the child.
        let mut stmt = conn.prepare("SELECT child_id, max(day) FROM (
               SELECT l.child_id, c.due_date AS day FROM charge_line l JOIN charge c ON c.id = l.charge_id WHERE l.child_id IS NOT NULL
               UNION ALL SELECT child_id, issued_on FROM credit_note WHERE child_id IS NOT NULL)
             GROUP BY child_id")?;
        for row in stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<NaiveDate>>(1)?))
        })? {
            let (child_id, last) = row?;
            if let Some(child) = children.get_mut(&child_id) {
                child.last_accounting_day = last;
            }
        }
        Ok(children.into_values().collect())
    }

    /// The facts of every guardian for the retention plan.
    pub fn guardian_retention_facts(&self) -> StoreResult<Vec<GuardianFacts>> {
        let conn = self.db.conn();
        let mut guardians: BTreeMap<i64, GuardianFacts> = BTreeMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, first_name || ' ' || last_name, retention_reduced_on IS NOT NULL,
                    EXISTS (SELECT 1 FROM payer_account WHERE guardian_id = g.id)
                    OR EXISTS (SELECT 1 FROM pending_charge_item WHERE payer_id = g.id)
                    OR EXISTS (SELECT 1 FROM charge WHERE payer_id = g.id)
                    OR EXISTS (SELECT 1 FROM payment WHERE payer_id = g.id)
                    OR EXISTS (SELECT 1 FROM credit_note WHERE payer_id = g.id)
                    OR EXISTS (SELECT 1 FROM refund WHERE payer_id = g.id)
                    OR EXISTS (SELECT 1 FROM withdrawal WHERE from_guardian_id = g.id),
                    max(coalesce((SELECT max(due_date) FROM charge WHERE payer_id = g.id), ''),
                        coalesce((SELECT max(paid_on) FROM payment WHERE payer_id = g.id), ''),
                        coalesce((SELECT max(issued_on) FROM credit_note WHERE payer_id = g.id), ''),
                        coalesce((SELECT max(paid_on) FROM refund WHERE payer_id = g.id), ''))
             FROM guardian g",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
            ))
        })? {
            let (guardian_id, name, reduced, in_accounts, last) = row?;
            guardians.insert(
                guardian_id,
                GuardianFacts {
                    guardian_id,
                    name,
                    children: Vec::new(),
                    in_accounts,
                    last_accounting_day: last.parse().ok(),
                    reduced,
                },
            );
        }
        let mut stmt = conn.prepare("SELECT guardian_id, child_id FROM guardianship")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (guardian_id, child_id) = row?;
            if let Some(guardian) = guardians.get_mut(&guardian_id) {
                guardian.children.push(child_id);
            }
        }
        Ok(guardians.into_values().collect())
    }
}

fn subject_id(subject: DataSubject) -> i64 {
    match subject {
        DataSubject::Child { id } | DataSubject::Guardian { id } => id,
    }
}

/// One person's expiring fields, table by table, dependent rows before the rows they
/// point to.
fn remove_data(tx: &rusqlite::Connection, line: &PlannedDeletion) -> StoreResult<()> {
    let id = subject_id(line.subject);
    let is_child = matches!(line.subject, DataSubject::Child { .. });
    if is_child && line.step != Step::KeepOnlyAccounting {
        // Rows that point at the child's rows but are about nobody.
        tx.execute("DELETE FROM withdrawal_enrolment WHERE withdrawal_id IN (SELECT id FROM withdrawal WHERE child_id = ?1)", [id])?;
    }
    for table in REGISTER.iter().rev() {
        let link = if is_child {
            table.child
        } else {
            table.guardian
        };
        let Some(condition) = crate::personal_data::link_condition(link) else {
            continue;
        };
        let going: Vec<&str> = table
            .personal
            .iter()
            .filter(|f| line.fields.contains(&(table.table, f.column)))
            .map(|f| f.column)
            .collect();
        if going.is_empty() {
            continue;
        }
        if going.len() == table.personal.len() && !BLANK_ONLY.contains(&table.table) {
            tx.execute(
                &format!("DELETE FROM {} WHERE {condition}", table.table),
                [id],
            )?;
            continue;
        }
        // The row stays: blank what goes. A NOT NULL column gets its default (a mark
        // such as address_protected goes back to 0), else '' for text; the rest NULL.
        let not_null = not_null_columns(tx, table.table)?;
        let sets: Vec<String> = going
            .iter()
            .map(|c| match not_null.get(*c) {
                Some(Some(default)) => format!("{c} = {default}"),
                Some(None) => format!("{c} = ''"),
                None => format!("{c} = NULL"),
            })
            .collect();
        // Blanking the link itself must find the rows first.
        let rows: Vec<i64> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT rowid FROM {} WHERE {condition}",
                table.table
            ))?;
            let found = stmt
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            found
        };
        for rowid in rows {
            tx.execute(
                &format!(
                    "UPDATE {} SET {} WHERE rowid = ?1",
                    table.table,
                    sets.join(", ")
                ),
                [rowid],
            )?;
        }
        if link == Link::Id {
            tx.execute(
                &format!("UPDATE {} SET updated_at = ?2 WHERE id = ?1", table.table),
                params![id, now_utc()],
            )?;
        }
    }
    Ok(())
}

/// The NOT NULL columns of `table`, each with its default as the schema spells it.
fn not_null_columns(
    tx: &rusqlite::Connection,
    table: &str,
) -> StoreResult<std::collections::HashMap<String, Option<String>>> {
    let mut stmt = tx.prepare(&format!("PRAGMA table_info({table})"))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(1)?,
            r.get::<_, bool>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    Ok(rows
        .filter_map(Result::ok)
        .filter(|(_, not_null, _)| *not_null)
        .map(|(name, _, default)| (name, default))
        .collect())
}

impl PrivacyWrites<'_, '_> {
    /// Carries out an approved plan and records the run: the rule and the counts, no
    /// personal data. After the commit the caller checkpoints ([`crate::backup::BackupQueries::checkpoint`])
    /// so that what was deleted does not linger in the write-ahead log.
    pub fn run_retention(
        &self,
        as_of: NaiveDate,
        plan: &[PlannedDeletion],
        files: &[PlannedFileDeletion],
    ) -> StoreResult<RetentionCounts> {
        let actor = self.work.actor().clone();
        let tx = self.work.conn();
        tx.execute("UPDATE retention_guard SET running = 1 WHERE id = 1", [])?;
        let mut counts = RetentionCounts::default();
        for file in files {
            counts.delivery_files +=
                tx.execute("DELETE FROM bs_delivery WHERE id = ?1", [file.delivery_id])? as i64;
        }
        for line in plan {
            remove_data(tx, line)?;
            let marker = match (line.subject, line.step) {
                (_, Step::DeleteAll) => None,
                (DataSubject::Child { .. }, Step::KeepOnlyAccounting) => {
                    Some("UPDATE child SET retention_reduced_on = ?2 WHERE id = ?1")
                }
                (DataSubject::Child { .. }, Step::KeepOnlyCertificate) => {
                    Some("UPDATE child SET retention_certificate_only_on = ?2 WHERE id = ?1")
                }
                (DataSubject::Guardian { .. }, _) => {
                    Some("UPDATE guardian SET retention_reduced_on = ?2 WHERE id = ?1")
                }
            };
            if let Some(marker) = marker {
                tx.execute(marker, params![subject_id(line.subject), as_of])?;
            }
            match (line.subject, line.step, line.rule) {
                (DataSubject::Guardian { .. }, _, _) => counts.guardians += 1,
                (_, Step::KeepOnlyAccounting, _) => counts.after_leaving += 1,
                (_, Step::DeleteAll, Retention::WaitingList) => counts.waiting_list += 1,
                (_, Step::KeepOnlyCertificate | Step::DeleteAll, _) => counts.accounting += 1,
            }
        }
        // A household goes with the last guardian living there.
        tx.execute(
            "DELETE FROM household WHERE id NOT IN (SELECT household_id FROM guardian)",
            [],
        )?;
        tx.execute("UPDATE retention_guard SET running = 0 WHERE id = 1", [])?;
        tx.execute(
            "INSERT INTO retention_run (as_of, after_leaving, accounting, waiting_list, guardians, delivery_files, approved_by, run_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![as_of, counts.after_leaving, counts.accounting, counts.waiting_list, counts.guardians, counts.delivery_files, actor.user_id, now_utc()],
        )?;
        let id = tx.last_insert_rowid();
        let summary = [
            ("after_leaving", counts.after_leaving),
            ("accounting", counts.accounting),
            ("waiting_list", counts.waiting_list),
            ("guardians", counts.guardians),
            ("delivery_files", counts.delivery_files),
        ]
        .iter()
        .map(|(rule, n)| format!("{rule}={n}"))
        .collect::<Vec<_>>();
        append(
            tx,
            &actor,
            &AuditEvent::change("retention.run", "retention_run", id).with_fields(summary),
        )?;
        Ok(counts)
    }
}
