//! Health information at rest (R22): notes per child. Reads are logged by the caller
//! (the app knows who looks and why); changes are logged here.

use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::health::HealthKind;

use crate::database::now_utc;
use crate::error::{StoreError, StoreResult};

/// One stored note.
#[derive(Debug, Clone)]
pub struct StoredHealthNote {
    pub id: i64,
    pub child_id: i64,
    /// What it is about.
    pub kind: HealthKind,
    /// The note.
    pub text: String,
    /// When (UTC).
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: Option<String>,
}

const SELECT: &str = "SELECT h.id, h.child_id, h.kind, h.text, h.recorded_at, u.full_name FROM health_note h LEFT JOIN app_user u ON u.id = h.recorded_by";

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredHealthNote> {
    Ok(StoredHealthNote {
        id: r.get(0)?,
        child_id: r.get(1)?,
        kind: HealthKind::from_code(&r.get::<_, String>(2)?).unwrap_or(HealthKind::SpecialNeeds),
        text: r.get(3)?,
        recorded_at: r.get(4)?,
        recorded_by: r.get(5)?,
    })
}

crate::concept_handles! {
    /// Health notes.
    health => HealthQueries, HealthWrites
}

impl HealthQueries<'_> {
    /// A child's health notes, oldest first.
    pub fn health_notes(&self, child_id: i64) -> StoreResult<Vec<StoredHealthNote>> {
        let mut stmt = self
            .db
            .conn()
            .prepare_cached(&format!("{SELECT} WHERE h.child_id = ?1 ORDER BY h.id"))?;
        let rows = stmt.query_map([child_id], stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One note.
    pub fn health_note(&self, id: i64) -> StoreResult<StoredHealthNote> {
        self.db
            .conn()
            .query_row(&format!("{SELECT} WHERE h.id = ?1"), [id], stored)
            .optional()?
            .ok_or(StoreError::NotFound)
    }
}

impl HealthWrites<'_, '_> {
    /// Adds a note; the caller has checked the consent (R22).
    pub fn add_health_note(&self, child_id: i64, kind: HealthKind, text: &str) -> StoreResult<i64> {
        self.work.conn().execute(
            "INSERT INTO health_note (child_id, kind, text, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![child_id, kind.code(), text, now_utc(), self.work.actor().user_id],
        )?;
        let id = self.work.conn().last_insert_rowid();
        self.work.audit(
            &AuditEvent::change("health.add", "health_note", id)
                .for_child(child_id)
                .with_fields(["health"]),
        )?;
        Ok(id)
    }

    /// Deletes a note for good: the file's pages are overwritten (`secure_delete`).
    pub fn delete_health_note(&self, id: i64) -> StoreResult<()> {
        let child_id: i64 = self
            .work
            .conn()
            .query_row(
                "SELECT child_id FROM health_note WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        self.work
            .conn()
            .execute("DELETE FROM health_note WHERE id = ?1", [id])?;
        self.work.audit(
            &AuditEvent::change("health.delete", "health_note", id)
                .for_child(child_id)
                .with_fields(["health"]),
        )?;
        Ok(())
    }
}
