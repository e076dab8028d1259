//! Leaving and the school year in the store: withdrawals (R11, R13), expulsion
//! (R15), the rollover (R12) and the lists for the 5 September count (R36). Every
//! change of a placement's end is one transaction with its audit entry.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::leaving::municipal_count::CountedPupil;
use skolekontor_domain::leaving::rollover::{
    RolloverChange, RolloverChild, RolloverKind, RolloverPlan,
};
use skolekontor_domain::leaving::withdrawal::{WithdrawalPlan, WithdrawalScope};
use skolekontor_domain::placement::{ChangeKind, ChangeRecord, PlacementEnd};

use crate::placement::{apply_ends, insert_event, row_from, ROWS};

use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};
use skolekontor_domain::tr;

/// A recorded withdrawal as the child's page lists it.
#[derive(Debug, Clone)]
pub struct StoredWithdrawal {
    pub id: i64,
    pub child_id: i64,
    /// What it covers.
    pub scope: WithdrawalScope,
    /// The module, for one module.
    pub sfo_module: String,
    /// Received by the office.
    pub received_on: NaiveDate,
    /// The guardian who gave notice.
    pub from_guardian: String,
    /// R11's last day.
    pub last_day: NaiveDate,
    /// R13: compensated for the municipal subsidy on this day.
    pub compensated_on: Option<NaiveDate>,
    /// Cancelled (then nothing ended).
    pub cancelled: bool,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_at: String,
}

/// A rollover that has run.
#[derive(Debug, Clone)]
pub struct StoredRollover {
    /// The new school year's start year.
    pub year: i32,
    /// Pupils moved up a grade.
    pub promoted: u32,
    /// Left after grade 9.
    pub left_school: u32,
    /// Left SFO after grade 4.
    pub left_sfo: u32,
    /// Left the kindergarten for school.
    pub left_kindergarten: u32,
    /// When (UTC, RFC 3339).
    pub run_at: String,
}

impl Database {
    /// [`LeavingWrites::record_withdrawal`] in a unit of work of its own.
    pub fn record_withdrawal(&mut self, child_id: i64, plan: &WithdrawalPlan) -> StoreResult<i64> {
        self.in_own_work(|work| work.leaving().record_withdrawal(child_id, plan))
    }

    /// [`LeavingWrites::cancel_withdrawal`] in a unit of work of its own.
    pub fn cancel_withdrawal(&mut self, id: i64) -> StoreResult<()> {
        self.in_own_work(|work| work.leaving().cancel_withdrawal(id))
    }

    /// [`LeavingWrites::record_compensation`] in a unit of work of its own.
    pub fn record_compensation(&mut self, id: i64, on: NaiveDate) -> StoreResult<()> {
        self.in_own_work(|work| work.leaving().record_compensation(id, on))
    }

    /// [`LeavingWrites::run_rollover`] in a unit of work of its own.
    pub fn run_rollover(&mut self, plan: &RolloverPlan) -> StoreResult<()> {
        self.in_own_work(|work| work.leaving().run_rollover(plan))
    }
}

crate::concept_handles! {
    /// Leaving and the school year.
    leaving => LeavingQueries, LeavingWrites
}

impl LeavingQueries<'_> {
    /// A child's withdrawals, newest first.
    pub fn withdrawals(&self, child_id: i64) -> StoreResult<Vec<StoredWithdrawal>> {
        self.withdrawals_where("w.child_id = ?1", child_id)
    }

    /// One withdrawal.
    pub fn withdrawal(&self, id: i64) -> StoreResult<StoredWithdrawal> {
        self.withdrawals_where("w.id = ?1", id)?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    fn withdrawals_where(&self, condition: &str, value: i64) -> StoreResult<Vec<StoredWithdrawal>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT w.id, w.child_id, w.scope, w.sfo_module, w.received_on, g.first_name || ' ' || g.last_name, w.last_day,
                    w.compensated_on, w.cancelled_at IS NOT NULL, w.recorded_at
               FROM withdrawal w JOIN guardian g ON g.id = w.from_guardian_id
              WHERE {condition} ORDER BY w.received_on DESC, w.id DESC"
        ))?;
        let rows = stmt.query_map([value], |r| {
            Ok(StoredWithdrawal {
                id: r.get(0)?,
                child_id: r.get(1)?,
                scope: WithdrawalScope::from_code(&r.get::<_, String>(2)?)
                    .unwrap_or(WithdrawalScope::School),
                sfo_module: r.get(3)?,
                received_on: r.get(4)?,
                from_guardian: r.get(5)?,
                last_day: r.get(6)?,
                compensated_on: r.get(7)?,
                cancelled: r.get(8)?,
                recorded_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a rollover ran after `recorded_at` (then a cancellation cannot simply
    /// put the old ends back).
    pub fn rollover_ran_after(&self, recorded_at: &str) -> StoreResult<bool> {
        Ok(self.db.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM school_year_rollover WHERE run_at > ?1)",
            [recorded_at],
            |r| r.get(0),
        )?)
    }

    /// R15: the child's expulsion, if any: (last day, reason, decided by).
    pub fn expulsion_of(&self, child_id: i64) -> StoreResult<Option<(NaiveDate, String, String)>> {
        Ok(self
            .db.conn()
            .query_row(
                "SELECT x.last_day, x.reason, u.full_name FROM expulsion x JOIN app_user u ON u.id = x.decided_by
                  WHERE x.child_id = ?1 ORDER BY x.id DESC LIMIT 1",
                [child_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// Every child not archived, with its rows, for the rollover.
    pub fn rollover_children(&self) -> StoreResult<Vec<RolloverChild>> {
        let conn = self.db.conn();
        let mut children: std::collections::BTreeMap<i64, RolloverChild> =
            std::collections::BTreeMap::new();
        let mut people = conn.prepare("SELECT id, first_name || ' ' || last_name, birth_date, school_start_deferred_to FROM child WHERE archived_at IS NULL")?;
        let rollover_child = |r: &rusqlite::Row<'_>| {
            Ok(RolloverChild {
                child_id: r.get(0)?,
                name: r.get(1)?,
                birth_date: r.get(2)?,
                school_start_deferred_to: r.get(3)?,
                rows: Vec::new(),
            })
        };
        for child in people.query_map([], rollover_child)? {
            let child = child?;
            children.insert(child.child_id, child);
        }
        let mut rows = conn.prepare(&format!("{ROWS} ORDER BY start_date, id"))?;
        for row in rows.query_map([], row_from)? {
            let (child_id, row) = row?;
            if let Some(child) = children.get_mut(&child_id) {
                child.rows.push(row);
            }
        }
        Ok(children
            .into_values()
            .filter(|c| !c.rows.is_empty())
            .collect())
    }

    /// The school year the register describes (R12): the last rollover's, else the
    /// one it was set up in.
    pub fn data_school_year(&self) -> StoreResult<i32> {
        Ok(self
            .db
            .conn()
            .query_row(
                "SELECT COALESCE((SELECT max(year) FROM school_year_rollover),
                             (SELECT first_school_year FROM school WHERE id = 1))",
                [],
                |r| r.get::<_, Option<i32>>(0),
            )?
            .unwrap_or_else(|| skolekontor_domain::dates::school_year_start(self.db.today())))
    }

    /// The rollovers that have run, newest first.
    pub fn rollovers(&self) -> StoreResult<Vec<StoredRollover>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT year, promoted, left_school, left_sfo, left_kindergarten, run_at FROM school_year_rollover ORDER BY year DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredRollover {
                year: r.get(0)?,
                promoted: r.get(1)?,
                left_school: r.get(2)?,
                left_sfo: r.get(3)?,
                left_kindergarten: r.get(4)?,
                run_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// R36: the pupils enrolled on `day`, with grade, SFO, home municipality and CPR.
    pub fn pupils_for_count(&self, day: NaiveDate) -> StoreResult<Vec<CountedPupil>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT c.id, c.first_name || ' ' || c.last_name, c.cpr, c.home_municipality, e.grade,
                    EXISTS (SELECT 1 FROM enrolment s WHERE s.child_id = c.id AND s.division = 'sfo'
                             AND s.start_date <= ?1 AND (s.end_date IS NULL OR s.end_date >= ?1))
               FROM enrolment e JOIN child c ON c.id = e.child_id
              WHERE e.division = 'school' AND e.start_date <= ?1 AND (e.end_date IS NULL OR e.end_date >= ?1)",
        )?;
        let rows = stmt.query_map([day], |r| {
            Ok(CountedPupil {
                child_id: r.get(0)?,
                name: r.get(1)?,
                cpr: r.get(2)?,
                municipality: r.get(3)?,
                grade: r.get(4)?,
                in_sfo: r.get(5)?,
                left_on: None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// R36: pupils whose schooling ended after `from` and before `before`, with no
    /// school place after it (a promotion is no leaving).
    pub fn school_leavers(
        &self,
        from: NaiveDate,
        before: NaiveDate,
    ) -> StoreResult<Vec<CountedPupil>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT c.id, c.first_name || ' ' || c.last_name, c.cpr, c.home_municipality, e.grade, e.end_date
               FROM enrolment e JOIN child c ON c.id = e.child_id
              WHERE e.division = 'school' AND e.end_date >= ?1 AND e.end_date < ?2 AND e.end_date >= e.start_date
                AND NOT EXISTS (SELECT 1 FROM enrolment n WHERE n.child_id = e.child_id AND n.division = 'school'
                                 AND n.start_date > e.end_date AND (n.end_date IS NULL OR n.end_date >= n.start_date))",
        )?;
        let rows = stmt.query_map([from, before], |r| {
            Ok(CountedPupil {
                child_id: r.get(0)?,
                name: r.get(1)?,
                cpr: r.get(2)?,
                municipality: r.get(3)?,
                grade: r.get(4)?,
                in_sfo: false,
                left_on: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The event a withdrawal leaves on the child's timeline: one SFO module dropped, or
/// the place left (R11).
fn withdrawal_record(plan: &WithdrawalPlan) -> ChangeRecord {
    let kind = match plan.scope {
        WithdrawalScope::Sfo | WithdrawalScope::SfoModule => ChangeKind::SfoDrop,
        _ => ChangeKind::Withdrawal,
    };
    let mut record = ChangeRecord::new(kind, plan.last_day + chrono::Duration::days(1));
    record.from_module = plan.sfo_module.clone();
    record.received_on = Some(plan.received_on);
    record
}

/// The event the rollover leaves for one child (R12).
fn rollover_record(plan: &RolloverPlan, change: &RolloverChange) -> ChangeRecord {
    let kind = match change.kind {
        RolloverKind::Promotion => ChangeKind::Promotion,
        _ => ChangeKind::AutomaticLeaving,
    };
    let mut record = ChangeRecord::new(kind, plan.first_day());
    record.from_grade = change.from_grade;
    record.to_grade = change.to_grade;
    record
}

impl LeavingQueries<'_> {
    /// Withdrawals not cancelled whose last day falls in `from..=to`: (child id, the
    /// child's name, scope code, last day), by last day.
    pub fn withdrawals_ending(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(i64, String, String, NaiveDate)>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT w.child_id, c.first_name || ' ' || c.last_name, w.scope, w.last_day
               FROM withdrawal w JOIN child c ON c.id = w.child_id
              WHERE w.cancelled_at IS NULL AND w.last_day BETWEEN ?1 AND ?2
              ORDER BY w.last_day, c.first_name",
        )?;
        let rows = stmt.query_map(rusqlite::params![from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl LeavingWrites<'_, '_> {
    /// R15: ends the schooling after `last_day` for the recorded reason.
    pub fn expel(
        &self,
        child_id: i64,
        reason: &str,
        last_day: NaiveDate,
        ends: &[PlacementEnd],
    ) -> StoreResult<()> {
        let decided_by = self.work.actor().user_id.ok_or(StoreError::NotFound)?;
        apply_ends(self.work.conn(), ends)?;
        let mut record =
            ChangeRecord::new(ChangeKind::Expulsion, last_day + chrono::Duration::days(1));
        record.reason = reason.trim().to_owned();
        insert_event(
            self.work.conn(),
            child_id,
            &record,
            self.work.actor().user_id,
        )?;
        self.work.conn().execute(
            "INSERT INTO expulsion (child_id, reason, last_day, decided_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![child_id, reason.trim(), last_day, decided_by, now_utc()],
        )?;
        self.work.audit(
            &AuditEvent::change(
                "schooling.end",
                "expulsion",
                self.work.conn().last_insert_rowid(),
            )
            .for_child(child_id)
            .with_fields(["reason", "last_day"]),
        )?;
        Ok(())
    }

    /// R12/R33: puts a child's school start off to 1 August `to` (*skoleudsættelse*),
    /// or takes the deferral back with `None`.
    pub fn set_school_start_deferral(&self, child_id: i64, to: Option<i32>) -> StoreResult<()> {
        if self.work.conn().execute(
            "UPDATE child SET school_start_deferred_to = ?2 WHERE id = ?1",
            params![child_id, to],
        )? != 1
        {
            return Err(StoreError::NotFound);
        }
        self.work.audit(
            &AuditEvent::change("child.school_start_deferral", "child", child_id)
                .for_child(child_id)
                .with_fields(["school_start_deferred_to"]),
        )?;
        Ok(())
    }

    /// R11: records a checked withdrawal and ends its rows after the last day.
    pub fn record_withdrawal(&self, child_id: i64, plan: &WithdrawalPlan) -> StoreResult<i64> {
        self.work.conn().execute(
            "INSERT INTO withdrawal (child_id, scope, sfo_module, received_on, from_guardian_id, last_day, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![child_id, plan.scope.code(), plan.sfo_module, plan.received_on, plan.from_guardian_id, plan.last_day, now_utc(), self.work.actor().user_id],
        )?;
        let id = self.work.conn().last_insert_rowid();
        apply_ends(self.work.conn(), &plan.ends)?;
        insert_event(
            self.work.conn(),
            child_id,
            &withdrawal_record(plan),
            self.work.actor().user_id,
        )?;
        for end in &plan.ends {
            self.work.conn().execute(
                "INSERT INTO withdrawal_enrolment (withdrawal_id, enrolment_id, previous_end) VALUES (?1, ?2, ?3)",
                params![id, end.enrolment_id, end.previous_end],
            )?;
        }
        self.work.audit(
            &AuditEvent::change("withdrawal.record", "withdrawal", id)
                .for_child(child_id)
                .with_fields(["scope", "received_on", "last_day"]),
        )?;
        Ok(id)
    }

    /// Cancels a withdrawal: its rows get their earlier ends back.
    pub fn cancel_withdrawal(&self, id: i64) -> StoreResult<()> {
        let (child_id, last_day): (i64, NaiveDate) = self
            .work
            .conn()
            .query_row(
                "SELECT child_id, last_day FROM withdrawal WHERE id = ?1 AND cancelled_at IS NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let mut stmt = self.work.conn().prepare(
            "SELECT enrolment_id, previous_end FROM withdrawal_enrolment WHERE withdrawal_id = ?1",
        )?;
        let rows: Vec<(i64, Option<NaiveDate>)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        for (enrolment_id, previous_end) in rows {
            // Only a row still ending as the withdrawal left it goes back.
            self.work.conn().execute(
                "UPDATE enrolment SET end_date = ?2 WHERE id = ?1 AND end_date <= ?3",
                params![enrolment_id, previous_end, last_day],
            )?;
        }
        self.work.conn().execute(
            "UPDATE withdrawal SET cancelled_at = ?2, cancelled_by = ?3 WHERE id = ?1",
            params![id, now_utc(), self.work.actor().user_id],
        )?;
        insert_event(
            self.work.conn(),
            child_id,
            &ChangeRecord::new(
                ChangeKind::WithdrawalCancelled,
                last_day + chrono::Duration::days(1),
            ),
            self.work.actor().user_id,
        )?;
        self.work.audit(
            &AuditEvent::change("withdrawal.cancel", "withdrawal", id).for_child(child_id),
        )?;
        Ok(())
    }

    /// R13: the kindergarten is compensated for the municipal subsidy for the whole
    /// notice period; the place no longer counts from `on`.
    pub fn record_compensation(&self, id: i64, on: NaiveDate) -> StoreResult<()> {
        let child_id: i64 = self.work.conn()
            .query_row(
                "SELECT child_id FROM withdrawal WHERE id = ?1 AND scope = 'kindergarten' AND cancelled_at IS NULL AND compensated_on IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        self.work.conn().execute(
            "UPDATE withdrawal SET compensated_on = ?2 WHERE id = ?1",
            params![id, on],
        )?;
        self.work.audit(
            &AuditEvent::change("withdrawal.compensated", "withdrawal", id)
                .for_child(child_id)
                .with_fields(["compensated_on"]),
        )?;
        Ok(())
    }

    /// R12: runs the rollover in one transaction, once per school year.
    pub fn run_rollover(&self, plan: &RolloverPlan) -> StoreResult<()> {
        let inserted = self.work.conn().execute(
            "INSERT INTO school_year_rollover (year, promoted, left_school, left_sfo, left_kindergarten, run_at, run_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (year) DO NOTHING",
            params![
                plan.year,
                plan.count(RolloverKind::Promotion) as i64,
                plan.count(RolloverKind::LeavesSchool) as i64,
                plan.count(RolloverKind::LeavesSfo) as i64,
                plan.count(RolloverKind::LeavesKindergarten) as i64,
                now_utc(),
                self.work.actor().user_id
            ],
        )?;
        if inserted == 0 {
            return Err(StoreError::Duplicate(tr!("leaving.rollover_already_run")));
        }
        for change in &plan.changes {
            let ended = self.work.conn().execute(
                "UPDATE enrolment SET end_date = ?2 WHERE id = ?1 AND start_date <= ?2 AND (end_date IS NULL OR end_date > ?2)",
                params![change.enrolment_id, plan.last_day()],
            )?;
            if ended != 1 {
                return Err(StoreError::Duplicate(tr!(
                    "leaving.changed_during_rollover"
                )));
            }
            insert_event(
                self.work.conn(),
                change.child_id,
                &rollover_record(plan, change),
                self.work.actor().user_id,
            )?;
            if change.kind == RolloverKind::Promotion {
                self.work.conn().execute(
                    "INSERT INTO enrolment (child_id, division, grade, start_date, created_at) VALUES (?1, 'school', ?2, ?3, ?4)",
                    params![change.child_id, change.to_grade, plan.first_day(), now_utc()],
                )?;
            }
        }
        self.work.audit(
            &AuditEvent::change(
                "school_year.rollover",
                "school_year_rollover",
                i64::from(plan.year),
            )
            .with_fields(["grade", "end_date"]),
        )?;
        Ok(())
    }
}
