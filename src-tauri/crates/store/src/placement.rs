//! Placements at rest: the rows of `enrolment` (what runs when) and the events of
//! `placement_event` (how it came to be so). Every change ends and starts rows and
//! appends its event in the caller's unit of work.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::placement::{
    ChangeKind, ChangeRecord, ClassRoom, PlacementEnd, PlacementRow, PlacementStart,
};
use skolekontor_domain::placement_correction::DateCorrectionPlan;
use skolekontor_domain::school::Division;

use crate::database::now_utc;
use crate::error::{StoreError, StoreResult};
use skolekontor_domain::tr;

/// A stored event, for the child's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChange {
    /// What changed, and from when, as recorded.
    pub record: ChangeRecord,
    /// Who made it.
    pub made_by: Option<String>,
    /// Who approved it (R4), if anyone.
    pub approved_by: Option<String>,
    /// When (UTC, RFC 3339).
    pub made_at: String,
}

pub(crate) fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, PlacementRow)> {
    let division: String = r.get(2)?;
    Ok((
        r.get(0)?,
        PlacementRow {
            id: r.get(1)?,
            division: Division::from_code(&division).unwrap_or(Division::School),
            grade: r.get(3)?,
            sfo_module: r.get(4)?,
            start: r.get(5)?,
            end: r.get(6)?,
        },
    ))
}

pub(crate) const ROWS: &str = "SELECT child_id, id, division, grade, COALESCE(sfo_module, ''), start_date, end_date FROM enrolment";

/// Sets the new ends; every row must still end as it did when the plan was made.
pub(crate) fn apply_ends(conn: &Connection, ends: &[PlacementEnd]) -> StoreResult<()> {
    for end in ends {
        let changed = conn.execute(
            "UPDATE enrolment SET end_date = ?2 WHERE id = ?1 AND end_date IS ?3",
            params![end.enrolment_id, end.new_end, end.previous_end],
        )?;
        if changed != 1 {
            return Err(StoreError::Duplicate(tr!("placement.changed_meanwhile")));
        }
    }
    Ok(())
}

fn insert_start(conn: &Connection, child_id: i64, start: &PlacementStart) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO enrolment (child_id, division, grade, sfo_module, start_date, end_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            child_id,
            start.division.code(),
            start.grade,
            (!start.sfo_module.is_empty()).then_some(&start.sfo_module),
            start.start,
            start.end,
            now_utc()
        ],
    )?;
    Ok(())
}

/// Appends one change's event (no audit entry: the caller's use case writes that).
pub(crate) fn insert_event(
    conn: &Connection,
    child_id: i64,
    record: &ChangeRecord,
    made_by: Option<i64>,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO placement_event (child_id, kind, effective_on, from_grade, to_grade, from_module,
             to_module, received_on, meeting_on, approved_by, reason, made_by, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            child_id,
            record.kind.code(),
            record.effective_on,
            record.from_grade,
            record.to_grade,
            record.from_module,
            record.to_module,
            record.received_on,
            record.meeting_on,
            record.approved.then_some(made_by).flatten(),
            record.reason,
            made_by,
            now_utc()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

crate::concept_handles! {
    /// Placements.
    placement => PlacementQueries, PlacementWrites
}

impl PlacementQueries<'_> {
    /// Every placement row of a child, oldest first.
    pub fn placement_rows(&self, child_id: i64) -> StoreResult<Vec<PlacementRow>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "{ROWS} WHERE child_id = ?1 ORDER BY start_date, id"
        ))?;
        let rows = stmt.query_map([child_id], row_from)?;
        Ok(rows
            .map(|r| r.map(|(_, row)| row))
            .collect::<Result<_, _>>()?)
    }

    /// A child's placement events, oldest first.
    pub fn placement_changes(&self, child_id: i64) -> StoreResult<Vec<StoredChange>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT e.kind, e.effective_on, e.from_grade, e.to_grade, e.from_module, e.to_module,
                    e.received_on, e.meeting_on, e.approved_by IS NOT NULL, e.reason,
                    m.full_name, a.full_name, e.made_at
               FROM placement_event e
               LEFT JOIN app_user m ON m.id = e.made_by
               LEFT JOIN app_user a ON a.id = e.approved_by
              WHERE e.child_id = ?1 ORDER BY e.effective_on, e.id",
        )?;
        let rows = stmt.query_map([child_id], |r| {
            let kind: String = r.get(0)?;
            Ok(StoredChange {
                record: ChangeRecord {
                    kind: ChangeKind::from_code(&kind).unwrap_or(ChangeKind::Admission),
                    effective_on: r.get(1)?,
                    from_grade: r.get(2)?,
                    to_grade: r.get(3)?,
                    from_module: r.get(4)?,
                    to_module: r.get(5)?,
                    received_on: r.get(6)?,
                    meeting_on: r.get(7)?,
                    approved: r.get(8)?,
                    reason: r.get(9)?,
                },
                made_by: r.get(10)?,
                approved_by: r.get(11)?,
                made_at: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// R4: pupils in `grade` on `day` against the class's capacity that school year.
    pub fn class_room(&self, grade: u8, day: NaiveDate) -> StoreResult<ClassRoom> {
        let pupils: u32 = self.db.conn().query_row(
            "SELECT count(DISTINCT child_id) FROM enrolment
              WHERE division = 'school' AND grade = ?1 AND start_date <= ?2
                AND (end_date IS NULL OR end_date >= ?2)",
            params![grade, day],
            |r| r.get(0),
        )?;
        let year = skolekontor_domain::dates::school_year_start(day);
        Ok(ClassRoom {
            pupils,
            capacity: self.db.admission().class_capacity(year, grade)?,
        })
    }

    /// The first day of the first month after the last month charged: no placement
    /// change may reach back before it (a charged month is corrected, never edited).
    pub fn first_open_day(&self) -> StoreResult<Option<NaiveDate>> {
        let last: Option<String> =
            self.db
                .conn()
                .query_row("SELECT max(month) FROM charge_run", [], |r| r.get(0))?;
        Ok(last.and_then(|month| {
            let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
            first.checked_add_months(chrono::Months::new(1))
        }))
    }
}

impl PlacementWrites<'_, '_> {
    /// Applies one checked change to a child's placements: the rows it ends, the
    /// rows it starts, its event and its audit entry, all in this unit of work.
    pub fn change_placement(
        &self,
        child_id: i64,
        ends: &[PlacementEnd],
        starts: &[PlacementStart],
        record: &ChangeRecord,
    ) -> StoreResult<i64> {
        let conn = self.work.conn();
        apply_ends(conn, ends)?;
        for start in starts {
            insert_start(conn, child_id, start)?;
        }
        let id = insert_event(conn, child_id, record, self.work.actor().user_id)?;
        self.work.audit(
            &AuditEvent::change(record.kind.audit_action(), "placement_event", id)
                .for_child(child_id),
        )?;
        Ok(id)
    }

    /// Corrects a place's mistyped first day (and the last day of the place before
    /// it), with its event and audit entry. The row must still start as it did when
    /// the correction was checked.
    pub fn correct_first_day(&self, child_id: i64, plan: &DateCorrectionPlan) -> StoreResult<i64> {
        let conn = self.work.conn();
        let changed = conn.execute(
            "UPDATE enrolment SET start_date = ?3 WHERE id = ?1 AND child_id = ?2 AND start_date = ?4",
            params![plan.row.id, child_id, plan.new_start, plan.row.start],
        )?;
        if changed != 1 {
            return Err(StoreError::Duplicate(tr!("placement.changed_meanwhile")));
        }
        apply_ends(conn, plan.previous.as_slice())?;
        let id = insert_event(conn, child_id, &plan.record, self.work.actor().user_id)?;
        self.work.audit(
            &AuditEvent::change(plan.record.kind.audit_action(), "placement_event", id)
                .for_child(child_id)
                .with_fields(["start_date"]),
        )?;
        Ok(id)
    }
}
