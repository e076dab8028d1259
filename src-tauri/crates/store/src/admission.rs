//! The waiting list, offers, meetings, decisions, terms versions and admission.
//! Rules (ranking, who may approve) are decided above; this module stores them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use skolekontor_domain::admission::{
    enrolment_fee_paid, grade_on, ApplicationStatus, EnrolledPupil, Meeting, ValidAdmission,
    ValidWaiting,
};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::register::Placement;
use skolekontor_domain::school::Division;

use crate::audit::{append, Actor};
use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};
use crate::register::start_placement;
use skolekontor_domain::tr;

/// An offered place and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOffer {
    pub offered_on: NaiveDate,
    /// `Some(true)` accepted, `Some(false)` declined.
    pub accepted: Option<bool>,
    pub answered_on: Option<NaiveDate>,
}

/// The headteacher's decision (R4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDecision {
    /// Approved or rejected.
    pub approved: bool,
    /// The reason given.
    pub reason: String,
    pub decided_on: NaiveDate,
    /// The deciding user's name.
    pub decided_by: String,
}

/// One application with everything recorded on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredApplication {
    /// Entry id.
    pub id: i64,
    pub child_id: i64,
    /// Child's first name.
    pub first_name: String,
    /// Child's last name.
    pub last_name: String,
    /// Child's birth date.
    pub birth_date: Option<NaiveDate>,
    /// School or kindergarten.
    pub division: Division,
    /// Start year of the school year.
    pub school_year: i32,
    /// Klassetrin.
    pub grade: Option<u8>,
    pub wanted_start: NaiveDate,
    /// UTC RFC 3339.
    pub registered_at: String,
    pub notes: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// R1: when the child's fee was paid.
    pub fee_paid_on: Option<NaiveDate>,
    /// The latest offer.
    pub offer: Option<StoredOffer>,
    /// The latest meeting.
    pub meeting: Option<Meeting>,
    pub decision: Option<StoredDecision>,
}

/// A version of the terms (R6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTermsVersion {
    pub id: i64,
    /// Division the terms belong to.
    pub division: Division,
    /// The school's label, e.g. "Skolens vilkår, august 2026".
    pub label: String,
    /// In force from.
    pub valid_from: NaiveDate,
}

const APPLICATION_COLUMNS: &str =
    "w.id, w.child_id, c.first_name, c.last_name, c.birth_date, w.division, w.school_year,
     w.grade, w.wanted_start, w.registered_at, w.notes, w.status, c.enrolment_fee_paid_on";

fn application_from(r: &Row) -> rusqlite::Result<StoredApplication> {
    Ok(StoredApplication {
        id: r.get(0)?,
        child_id: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        birth_date: r.get(4)?,
        division: Division::from_code(&r.get::<_, String>(5)?).unwrap_or(Division::School),
        school_year: r.get(6)?,
        grade: r.get(7)?,
        wanted_start: r.get(8)?,
        registered_at: r.get(9)?,
        notes: r.get(10)?,
        status: ApplicationStatus::from_code(&r.get::<_, String>(11)?)
            .unwrap_or(ApplicationStatus::Waiting),
        fee_paid_on: r.get(12)?,
        offer: None,
        meeting: None,
        decision: None,
    })
}

fn with_history(conn: &Connection, mut app: StoredApplication) -> StoreResult<StoredApplication> {
    app.offer = conn
        .query_row(
            "SELECT offered_on, answer, answered_on FROM place_offer WHERE waiting_entry_id = ?1 ORDER BY id DESC LIMIT 1",
            [app.id],
            |r| {
                let answer: Option<String> = r.get(1)?;
                Ok(StoredOffer { offered_on: r.get(0)?, accepted: answer.map(|a| a == "accepted"), answered_on: r.get(2)? })
            },
        )
        .optional()?;
    app.meeting = conn
        .query_row(
            "SELECT held_on, with_leadership, with_child, with_parents, with_class_teacher, all_agree, notes
             FROM admission_meeting WHERE waiting_entry_id = ?1 ORDER BY held_on DESC, id DESC LIMIT 1",
            [app.id],
            |r| {
                Ok(Meeting {
                    held_on: r.get(0)?,
                    with_leadership: r.get(1)?,
                    with_child: r.get(2)?,
                    with_parents: r.get(3)?,
                    with_class_teacher: r.get(4)?,
                    all_agree: r.get(5)?,
                    notes: r.get(6)?,
                })
            },
        )
        .optional()?;
    app.decision = conn
        .query_row(
            "SELECT d.approved, d.reason, d.decided_on, u.full_name FROM admission_decision d
             JOIN app_user u ON u.id = d.decided_by WHERE d.waiting_entry_id = ?1",
            [app.id],
            |r| {
                Ok(StoredDecision {
                    approved: r.get(0)?,
                    reason: r.get(1)?,
                    decided_on: r.get(2)?,
                    decided_by: r.get(3)?,
                })
            },
        )
        .optional()?;
    Ok(app)
}

fn set_status(conn: &Connection, id: i64, status: ApplicationStatus) -> StoreResult<i64> {
    let child_id: i64 = conn.query_row(
        "UPDATE waiting_entry SET status = ?2 WHERE id = ?1 RETURNING child_id",
        params![id, status.code()],
        |r| r.get(0),
    )?;
    Ok(child_id)
}

fn event(action: &'static str, entry_id: i64, child_id: i64) -> AuditEvent {
    AuditEvent::change(action, "waiting_entry", entry_id).for_child(child_id)
}

/// Writes a waiting-list entry registered at `registered_at` (R3's order); the
/// caller appends its audit event.
pub(crate) fn insert_waiting_entry(
    conn: &Connection,
    actor: &Actor,
    entry: &ValidWaiting,
    registered_at: &str,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO waiting_entry (child_id, division, school_year, grade, wanted_start, registered_at, notes, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.child_id, entry.division.code(), entry.school_year, entry.grade, entry.wanted_start, registered_at,
            entry.notes, actor.user_id
        ],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) if e.to_string().contains("UNIQUE") => StoreError::Duplicate(
            tr!("admission.already_on_list"),
        ),
        _ => e.into(),
    })?;
    Ok(conn.last_insert_rowid())
}

impl Database {
    /// [`AdmissionWrites::mark_enrolment_fee_paid`] in a unit of work of its own.
    pub fn mark_enrolment_fee_paid(
        &mut self,
        child_id: i64,
        paid_on: NaiveDate,
    ) -> StoreResult<()> {
        self.in_own_work(|work| work.admission().mark_enrolment_fee_paid(child_id, paid_on))
    }

    /// Sets the places of one class in one school year.
    pub fn set_class_capacity(
        &mut self,
        school_year: i32,
        grade: u8,
        capacity: u32,
    ) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        tx.execute(
            "INSERT INTO class_capacity (school_year, grade, capacity) VALUES (?1, ?2, ?3)
             ON CONFLICT (school_year, grade) DO UPDATE SET capacity = ?3",
            params![school_year, grade, capacity],
        )?;
        append(
            &tx,
            &actor,
            &AuditEvent::change("class.capacity", "class_capacity", i64::from(grade))
                .with_fields(["capacity"]),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn add_terms_version(
        &mut self,
        division: Division,
        label: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<i64> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        tx.execute(
            "INSERT INTO terms_version (division, label, valid_from, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![division.code(), label, valid_from, now_utc()],
        )
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Duplicate(tr!("admission.terms_name_taken")),
            _ => e.into(),
        })?;
        let id = tx.last_insert_rowid();
        append(
            &tx,
            &actor,
            &AuditEvent::change("terms.create", "terms_version", id),
        )?;
        tx.commit()?;
        Ok(id)
    }
}

crate::concept_handles! {
    /// Admissions.
    admission => AdmissionQueries, AdmissionWrites
}

impl AdmissionQueries<'_> {
    /// Applications, optionally of one division and school year, in registration order.
    pub fn applications(
        &self,
        division: Option<Division>,
        school_year: Option<i32>,
    ) -> StoreResult<Vec<StoredApplication>> {
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS} FROM waiting_entry w JOIN child c ON c.id = w.child_id
             WHERE (?1 IS NULL OR w.division = ?1) AND (?2 IS NULL OR w.school_year = ?2)
             ORDER BY w.registered_at, w.id"
        );
        let mut stmt = self.db.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            params![division.map(Division::code), school_year],
            application_from,
        )?;
        rows.map(|row| with_history(self.db.conn(), row?)).collect()
    }

    /// One application.
    pub fn application(&self, id: i64) -> StoreResult<StoredApplication> {
        let sql = format!("SELECT {APPLICATION_COLUMNS} FROM waiting_entry w JOIN child c ON c.id = w.child_id WHERE w.id = ?1");
        let app = self.db.conn().query_row(&sql, [id], application_from)?;
        with_history(self.db.conn(), app)
    }

    /// Pupils of the school on `date`, with the grade they are in then and their
    /// custody holders (for sibling status and free places).
    pub fn pupils_on(&self, date: NaiveDate) -> StoreResult<Vec<EnrolledPupil>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT e.child_id, c.first_name, e.grade, e.start_date,
                    (SELECT group_concat(g.guardian_id) FROM guardianship g WHERE g.child_id = e.child_id AND g.has_custody)
             FROM enrolment e JOIN child c ON c.id = e.child_id
             WHERE e.division = 'school' AND c.archived_at IS NULL AND e.start_date <= ?1
               AND (e.end_date IS NULL OR e.end_date >= ?1)",
        )?;
        let rows = stmt.query_map([date], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u8>(2)?,
                r.get::<_, NaiveDate>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut pupils = Vec::new();
        for row in rows {
            let (child_id, first_name, grade, start, holders) = row?;
            if let Some(grade) = grade_on(grade, start, date) {
                let custody_holders = holders
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|g| g.parse().ok())
                    .collect();
                pupils.push(EnrolledPupil {
                    child_id,
                    first_name,
                    grade,
                    custody_holders,
                });
            }
        }
        Ok(pupils)
    }

    /// Children in the kindergarten on `date`.
    pub fn kindergarten_count_on(&self, date: NaiveDate) -> StoreResult<i64> {
        Ok(self.db.conn().query_row(
            "SELECT count(DISTINCT e.child_id) FROM enrolment e JOIN child c ON c.id = e.child_id
             WHERE e.division = 'kindergarten' AND c.archived_at IS NULL AND e.start_date <= ?1
               AND (e.end_date IS NULL OR e.end_date >= ?1)
               -- R13: a place whose notice period is compensated is free from then.
               AND NOT EXISTS (SELECT 1 FROM withdrawal w JOIN withdrawal_enrolment we ON we.withdrawal_id = w.id
                                WHERE we.enrolment_id = e.id AND w.cancelled_at IS NULL AND w.compensated_on <= ?1)",
            [date],
            |r| r.get(0),
        )?)
    }

    /// The guardians with custody of a child.
    pub fn custody_holders(&self, child_id: i64) -> StoreResult<Vec<i64>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT guardian_id FROM guardianship WHERE child_id = ?1 AND has_custody",
        )?;
        let rows = stmt.query_map([child_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Places in `grade` in the school year starting in `school_year`.
    pub fn class_capacity(&self, school_year: i32, grade: u8) -> StoreResult<u32> {
        Ok(self.db.conn().query_row(
            "SELECT coalesce((SELECT capacity FROM class_capacity WHERE school_year = ?1 AND grade = ?2),
                             (SELECT class_capacity FROM school WHERE id = 1), 24)",
            params![school_year, grade],
            |r| r.get(0),
        )?)
    }

    /// Every version of the terms, newest first.
    pub fn terms_versions(&self) -> StoreResult<Vec<StoredTermsVersion>> {
        let mut stmt = self.db.conn().prepare("SELECT id, division, label, valid_from FROM terms_version ORDER BY valid_from DESC, id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredTermsVersion {
                id: r.get(0)?,
                division: Division::from_code(&r.get::<_, String>(1)?).unwrap_or(Division::School),
                label: r.get(2)?,
                valid_from: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The terms a child's parents accepted: (label, accepted on).
    pub fn accepted_terms(&self, child_id: i64) -> StoreResult<Vec<(String, NaiveDate)>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT t.label, a.accepted_on FROM terms_acceptance a JOIN terms_version t ON t.id = a.terms_version_id
             WHERE a.child_id = ?1 ORDER BY a.id",
        )?;
        let rows = stmt.query_map([child_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl AdmissionWrites<'_, '_> {
    /// Puts a child on the waiting list; records the fee (R1: once per child).
    pub fn add_waiting_entry(&self, entry: &ValidWaiting) -> StoreResult<i64> {
        let paid: Option<NaiveDate> = self.work.conn().query_row(
            "SELECT enrolment_fee_paid_on FROM child WHERE id = ?1",
            [entry.child_id],
            |r| r.get(0),
        )?;
        let fee = enrolment_fee_paid(paid, entry.fee_paid_on);
        if fee != paid {
            self.work.conn().execute(
                "UPDATE child SET enrolment_fee_paid_on = ?2 WHERE id = ?1",
                params![entry.child_id, fee],
            )?;
        }
        let id = insert_waiting_entry(self.work.conn(), self.work.actor(), entry, &now_utc())?;
        let fields: Vec<&str> = if fee != paid {
            vec!["enrolment_fee_paid_on"]
        } else {
            vec![]
        };
        self.work
            .audit(&event("waiting.create", id, entry.child_id).with_fields(fields))?;
        Ok(id)
    }

    /// Offers a place (R3); the caller has checked the order and the capacity.
    pub fn record_offer(&self, id: i64, offered_on: NaiveDate) -> StoreResult<()> {
        self.work.conn().execute(
            "INSERT INTO place_offer (waiting_entry_id, offered_on, offered_by) VALUES (?1, ?2, ?3)",
            params![id, offered_on, self.work.actor().user_id],
        )?;
        let child_id = set_status(self.work.conn(), id, ApplicationStatus::Offered)?;
        self.work.audit(&event("waiting.offer", id, child_id))?;
        Ok(())
    }

    /// Records the parents' answer to the open offer.
    pub fn answer_offer(&self, id: i64, accepted: bool, answered_on: NaiveDate) -> StoreResult<()> {
        let answer = if accepted { "accepted" } else { "declined" };
        let changed = self.work.conn().execute(
            "UPDATE place_offer SET answer = ?2, answered_on = ?3 WHERE waiting_entry_id = ?1 AND answer IS NULL",
            params![id, answer, answered_on],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        let status = if accepted {
            ApplicationStatus::Accepted
        } else {
            ApplicationStatus::Declined
        };
        let child_id = set_status(self.work.conn(), id, status)?;
        let action = if accepted {
            "waiting.accept"
        } else {
            "waiting.decline"
        };
        self.work.audit(&event(action, id, child_id))?;
        Ok(())
    }

    /// Records the R4 meeting.
    pub fn record_meeting(&self, id: i64, meeting: &Meeting) -> StoreResult<()> {
        let child_id: i64 = self.work.conn().query_row(
            "SELECT child_id FROM waiting_entry WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        self.work.conn().execute(
            "INSERT INTO admission_meeting (waiting_entry_id, held_on, with_leadership, with_child, with_parents,
                 with_class_teacher, all_agree, notes, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id, meeting.held_on, meeting.with_leadership, meeting.with_child, meeting.with_parents,
                meeting.with_class_teacher, meeting.all_agree, meeting.notes, self.work.actor().user_id, now_utc()
            ],
        )?;
        self.work.audit(&event("waiting.meeting", id, child_id))?;
        Ok(())
    }

    /// Records the headteacher's approval or rejection (R4), once.
    pub fn record_decision(
        &self,
        id: i64,
        approved: bool,
        reason: &str,
        decided_on: NaiveDate,
    ) -> StoreResult<()> {
        let decided_by = self.work.actor().user_id.ok_or(StoreError::NotFound)?;
        self.work.conn().execute(
            "INSERT INTO admission_decision (waiting_entry_id, approved, reason, decided_on, decided_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, approved, reason, decided_on, decided_by],
        )
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Duplicate(tr!("admission.already_decided")),
            _ => e.into(),
        })?;
        let status = if approved {
            ApplicationStatus::Approved
        } else {
            ApplicationStatus::Rejected
        };
        let child_id = set_status(self.work.conn(), id, status)?;
        let action = if approved {
            "waiting.approve"
        } else {
            "waiting.reject"
        };
        self.work.audit(&event(action, id, child_id))?;
        Ok(())
    }

    /// Takes an application off the list.
    pub fn withdraw_application(&self, id: i64) -> StoreResult<()> {
        let child_id = set_status(self.work.conn(), id, ApplicationStatus::Withdrawn)?;
        self.work.audit(&event("waiting.withdraw", id, child_id))?;
        Ok(())
    }

    /// Turns an application into enrolments and records the terms accepted (R6), all
    /// or nothing. The caller has checked the status and the capacity.
    pub fn admit(&self, id: i64, admission: &ValidAdmission) -> StoreResult<()> {
        let app = self.work.db().admission().application(id)?;
        let placement = Placement {
            division: app.division,
            grade: app.grade,
            sfo: admission.sfo_module.is_some(),
            start_date: admission.start_date,
        };
        start_placement(
            self.work.conn(),
            self.work.actor(),
            app.child_id,
            &placement,
            admission.sfo_module.as_deref(),
        )?;
        self.work.conn().execute(
            "UPDATE enrolment SET kindergarten_group = ?2 WHERE child_id = ?1 AND division = 'kindergarten' AND end_date IS NULL",
            params![app.child_id, admission.kindergarten_group],
        )?;
        for terms in &admission.terms_version_ids {
            self.work.conn().execute(
                "INSERT INTO terms_acceptance (child_id, terms_version_id, accepted_on, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![app.child_id, terms, admission.terms_accepted_on, self.work.actor().user_id, now_utc()],
            )?;
        }
        set_status(self.work.conn(), id, ApplicationStatus::Admitted)?;
        self.work.audit(
            &event("waiting.admit", id, app.child_id)
                .with_fields(["enrolment", "terms_acceptance"]),
        )?;
        Ok(())
    }

    /// Records that the child's enrolment fee is paid (R1: a date already there stays).
    pub fn mark_enrolment_fee_paid(&self, child_id: i64, paid_on: NaiveDate) -> StoreResult<()> {
        let changed = self.work.conn().execute(
            "UPDATE child SET enrolment_fee_paid_on = ?2 WHERE id = ?1 AND enrolment_fee_paid_on IS NULL",
            params![child_id, paid_on],
        )?;
        if changed > 0 {
            let entry = AuditEvent::change("child.fee_paid", "child", child_id).for_child(child_id);
            self.work
                .audit(&entry.with_fields(["enrolment_fee_paid_on"]))?;
        }
        Ok(())
    }
}
