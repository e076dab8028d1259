//! Absence at rest (R16): sickness as reported, leave requests with their route and
//! decision.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use skolekontor_domain::absence::{AbsenceKind, Approver, ValidAbsence};
use skolekontor_domain::audit::AuditEvent;

use crate::database::now_utc;
use crate::error::{StoreError, StoreResult};

/// One stored absence.
#[derive(Debug, Clone)]
pub struct StoredAbsence {
    pub id: i64,
    pub child_id: i64,
    pub child_name: String,
    /// Sickness or leave.
    pub kind: AbsenceKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub school_days: u32,
    /// Who reported or asked.
    pub reported_by: String,
    pub note: String,
    /// `reported`, `requested`, `approved`, `refused`.
    pub status: String,
    /// Leave: who decides.
    pub approver: Option<Approver>,
    /// Who decided.
    pub decided_by: Option<String>,
}

const SELECT: &str = "SELECT a.id, a.child_id, c.first_name || ' ' || c.last_name, a.kind, a.first_day, a.last_day, a.school_days,
        a.reported_by, a.note, a.status, a.approver, u.full_name
   FROM absence a JOIN child c ON c.id = a.child_id LEFT JOIN app_user u ON u.id = a.decided_by";

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredAbsence> {
    Ok(StoredAbsence {
        id: r.get(0)?,
        child_id: r.get(1)?,
        child_name: r.get(2)?,
        kind: AbsenceKind::from_code(&r.get::<_, String>(3)?).unwrap_or(AbsenceKind::Sickness),
        first_day: r.get(4)?,
        last_day: r.get(5)?,
        school_days: r.get(6)?,
        reported_by: r.get(7)?,
        note: r.get(8)?,
        status: r.get(9)?,
        approver: r
            .get::<_, Option<String>>(10)?
            .as_deref()
            .and_then(Approver::from_code),
        decided_by: r.get(11)?,
    })
}

crate::concept_handles! {
    /// Absence and leave.
    absence => AbsenceQueries, AbsenceWrites
}

impl AbsenceQueries<'_> {
    /// A child's absences, newest first.
    pub fn absences_of_child(&self, child_id: i64) -> StoreResult<Vec<StoredAbsence>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "{SELECT} WHERE a.child_id = ?1 ORDER BY a.first_day DESC, a.id DESC"
        ))?;
        let rows = stmt.query_map([child_id], stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One absence.
    pub fn absence(&self, id: i64) -> StoreResult<StoredAbsence> {
        self.db
            .conn()
            .query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], stored)
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// Absences overlapping `from`..=`to` of the pupils in `grade` on `on`.
    pub fn absences_of_grade(
        &self,
        grade: u8,
        on: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<StoredAbsence>> {
        let mut stmt = self.db.conn().prepare(&format!(
            "{SELECT} WHERE a.first_day <= ?4 AND a.last_day >= ?3 AND a.child_id IN
               (SELECT child_id FROM enrolment WHERE division = 'school' AND grade = ?1 AND start_date <= ?2 AND (end_date IS NULL OR end_date >= ?2))
             ORDER BY c.first_name, c.last_name, a.first_day"
        ))?;
        let rows = stmt.query_map(params![grade, on, from, to], stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Leave requests waiting for `approver`.
    pub fn open_leave_requests(&self, approver: Approver) -> StoreResult<Vec<StoredAbsence>> {
        let mut stmt = self.db.conn().prepare(&format!(
            "{SELECT} WHERE a.status = 'requested' AND a.approver = ?1 ORDER BY a.first_day, a.id"
        ))?;
        let rows = stmt.query_map([approver.code()], stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl AbsenceWrites<'_, '_> {
    /// Records sickness (reported) or a leave request (requested, with its route).
    pub fn add_absence(&self, absence: &ValidAbsence) -> StoreResult<i64> {
        self.work
            .conn()
            .query_row(
                "SELECT id FROM child WHERE id = ?1",
                [absence.child_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let status = if absence.kind == AbsenceKind::Sickness {
            "reported"
        } else {
            "requested"
        };
        self.work.conn().execute(
            "INSERT INTO absence (child_id, kind, first_day, last_day, school_days, reported_by, note, status, approver, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                absence.child_id, absence.kind.code(), absence.first_day, absence.last_day, absence.school_days,
                absence.reported_by, absence.note, status, absence.approver.map(Approver::code), now_utc(), self.work.actor().user_id
            ],
        )?;
        let id = self.work.conn().last_insert_rowid();
        self.work.audit(
            &AuditEvent::change("absence.record", "absence", id)
                .for_child(absence.child_id)
                .with_fields(["kind", "first_day", "last_day"]),
        )?;
        Ok(id)
    }

    /// Approves or refuses a leave request, once: `NotFound` when it is decided already.
    pub fn decide_leave(&self, id: i64, approve: bool) -> StoreResult<()> {
        let changed = self.work.conn().execute(
            "UPDATE absence SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND status = 'requested'",
            params![id, if approve { "approved" } else { "refused" }, self.work.actor().user_id, now_utc()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        let child_id: i64 = self.work.conn().query_row(
            "SELECT child_id FROM absence WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        self.work.audit(
            &AuditEvent::change("absence.decide", "absence", id)
                .for_child(child_id)
                .with_fields(["status"]),
        )?;
        Ok(())
    }
}
