//! Consents at rest (R23): the school's types and the answers as append-only events.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::consent::{
    Answerer, ConsentEvent, ConsentType, Decision, Method, ValidConsentType,
};

use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};
use skolekontor_domain::tr;

/// An answer with what the history shows.
#[derive(Debug, Clone)]
pub struct StoredConsentEvent {
    pub child_id: i64,
    /// The answer.
    pub event: ConsentEvent,
    /// How it came.
    pub method: Method,
    /// The consent text's version.
    pub text_version: i64,
    /// The guardian's name; none for the pupil.
    pub guardian_name: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was recorded (UTC).
    pub recorded_at: String,
}

/// An answer to store.
#[derive(Debug, Clone)]
pub struct NewConsentEvent {
    pub child_id: i64,
    pub type_id: i64,
    /// The answer.
    pub decision: Decision,
    /// Who answered.
    pub answerer: Answerer,
    /// The day.
    pub on: NaiveDate,
    /// How.
    pub method: Method,
    /// The consent text's version in force.
    pub text_version: i64,
}

const TYPE_SELECT: &str = "SELECT id, name, purpose, legal_basis, pupil_from_age, list_title, active, covers_health, covers_contact_sharing FROM consent_type";

fn consent_type(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentType> {
    Ok(ConsentType {
        id: r.get(0)?,
        name: r.get(1)?,
        purpose: r.get(2)?,
        legal_basis: r.get(3)?,
        pupil_from_age: r.get(4)?,
        list_title: r.get(5)?,
        active: r.get(6)?,
        covers_health: r.get(7)?,
        covers_contact_sharing: r.get(8)?,
    })
}

const EVENT_SELECT: &str = "SELECT e.child_id, e.id, e.consent_type_id, e.decision, e.guardian_id, e.given_on, e.method, e.text_version,
        g.first_name || ' ' || g.last_name, u.full_name, e.recorded_at
   FROM consent_event e LEFT JOIN guardian g ON g.id = e.guardian_id LEFT JOIN app_user u ON u.id = e.recorded_by";

fn stored_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredConsentEvent> {
    let guardian: Option<i64> = r.get(4)?;
    Ok(StoredConsentEvent {
        child_id: r.get(0)?,
        event: ConsentEvent {
            id: r.get(1)?,
            type_id: r.get(2)?,
            decision: Decision::from_code(&r.get::<_, String>(3)?).unwrap_or(Decision::Refused),
            answerer: guardian.map_or(Answerer::Pupil, |id| Answerer::Guardian { id }),
            on: r.get(5)?,
        },
        method: Method::from_code(&r.get::<_, String>(6)?).unwrap_or(Method::Paper),
        text_version: r.get(7)?,
        guardian_name: r.get(8)?,
        recorded_by: r.get(9)?,
        recorded_at: r.get(10)?,
    })
}

impl Database {
    /// Saves `defaults` when the school has no types yet (a new school, or one from
    /// before consents).
    pub fn seed_consent_types(&mut self, defaults: &[ValidConsentType]) -> StoreResult<()> {
        let count: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM consent_type", [], |r| r.get(0))?;
        if count == 0 {
            let work = self.begin()?;
            for kind in defaults {
                work.consent().add_consent_type(kind)?;
            }
            work.commit()?;
        }
        Ok(())
    }

    /// Records an answer; it is never changed afterwards.
    pub fn add_consent_event(&mut self, event: &NewConsentEvent) -> StoreResult<i64> {
        self.in_own_work(|work| work.consent().add_consent_event(event))
    }
}

crate::concept_handles! {
    /// Consents.
    consent => ConsentQueries, ConsentWrites
}

impl ConsentQueries<'_> {
    /// The school's consent types, in the order they were made.
    pub fn consent_types(&self) -> StoreResult<Vec<ConsentType>> {
        let mut stmt = self
            .db
            .conn()
            .prepare_cached(&format!("{TYPE_SELECT} ORDER BY id"))?;
        let rows = stmt.query_map([], consent_type)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One type.
    pub fn consent_type(&self, id: i64) -> StoreResult<ConsentType> {
        self.db
            .conn()
            .query_row(&format!("{TYPE_SELECT} WHERE id = ?1"), [id], consent_type)
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// A child's answers, oldest first.
    pub fn consent_events(&self, child_id: i64) -> StoreResult<Vec<StoredConsentEvent>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "{EVENT_SELECT} WHERE e.child_id = ?1 ORDER BY e.given_on, e.id"
        ))?;
        let rows = stmt.query_map([child_id], stored_event)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every answer of one type, oldest first, for the staff lists.
    pub fn consent_events_of_type(&self, type_id: i64) -> StoreResult<Vec<StoredConsentEvent>> {
        let mut stmt = self.db.conn().prepare(&format!(
            "{EVENT_SELECT} WHERE e.consent_type_id = ?1 ORDER BY e.given_on, e.id"
        ))?;
        let rows = stmt.query_map([type_id], stored_event)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every (child, guardian) pair with custody, for the lists of all children.
    pub fn all_custody_holders(&self) -> StoreResult<Vec<(i64, i64)>> {
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT child_id, guardian_id FROM guardianship WHERE has_custody = 1")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl ConsentWrites<'_, '_> {
    /// Adds a type to the school's list.
    pub fn add_consent_type(&self, kind: &ValidConsentType) -> StoreResult<i64> {
        self.work.conn().execute(
            "INSERT INTO consent_type (name, purpose, legal_basis, pupil_from_age, list_title, covers_health, covers_contact_sharing, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![kind.name, kind.purpose, kind.legal_basis, kind.pupil_from_age, kind.list_title, kind.covers_health, kind.covers_contact_sharing, now_utc()],
        )
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Duplicate(tr!("consent.name_taken")),
            _ => e.into(),
        })?;
        let id = self.work.conn().last_insert_rowid();
        self.work.audit(&AuditEvent::change(
            "consent_type.create",
            "consent_type",
            id,
        ))?;
        Ok(id)
    }

    /// Takes a type out of use, or back; its answers stay.
    pub fn set_consent_type_active(&self, id: i64, active: bool) -> StoreResult<()> {
        if self.work.conn().execute(
            "UPDATE consent_type SET active = ?2 WHERE id = ?1",
            params![id, active],
        )? != 1
        {
            return Err(StoreError::NotFound);
        }
        self.work.audit(
            &AuditEvent::change("consent_type.active", "consent_type", id).with_fields(["active"]),
        )
    }

    /// Records an answer inside the use case's work (a class's paper forms: all or none).
    pub fn add_consent_event(&self, event: &NewConsentEvent) -> StoreResult<i64> {
        let guardian = match event.answerer {
            Answerer::Guardian { id } => Some(id),
            Answerer::Pupil => None,
        };
        self.work.conn().execute(
            "INSERT INTO consent_event (child_id, consent_type_id, decision, guardian_id, given_on, method, text_version, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![event.child_id, event.type_id, event.decision.code(), guardian, event.on, event.method.code(), event.text_version, now_utc(), self.work.actor().user_id],
        )?;
        let id = self.work.conn().last_insert_rowid();
        self.work.audit(
            &AuditEvent::change("consent.record", "consent_event", id)
                .for_child(event.child_id)
                .with_fields(["decision"]),
        )?;
        Ok(id)
    }
}
