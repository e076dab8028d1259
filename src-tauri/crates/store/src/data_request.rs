//! Requests from data subjects at rest (R27, R31).

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::data_request::{RequestKind, ValidRequest};
use skolekontor_domain::personal_data::DataSubject;

use crate::database::now_utc;
use crate::error::{StoreError, StoreResult};

/// One stored request.
#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub id: i64,
    /// About whom.
    pub subject: DataSubject,
    /// The person's name.
    pub subject_name: String,
    /// What is asked.
    pub kind: RequestKind,
    /// Who asked.
    pub made_by: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    /// `open`, `extended`, `answered`, `refused`.
    pub status: String,
    /// Why the deadline was extended.
    pub extension_note: Option<String>,
    pub answered_on: Option<NaiveDate>,
    /// The answer in short.
    pub answer: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.child_id, r.guardian_id, coalesce(c.first_name || ' ' || c.last_name, g.first_name || ' ' || g.last_name),
        r.kind, r.made_by, r.received_on, r.due_on, r.status, r.extension_note, r.answered_on, r.answer
   FROM data_request r LEFT JOIN child c ON c.id = r.child_id LEFT JOIN guardian g ON g.id = r.guardian_id";

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRequest> {
    let child: Option<i64> = r.get(1)?;
    let guardian: Option<i64> = r.get(2)?;
    Ok(StoredRequest {
        id: r.get(0)?,
        subject: child.map_or(
            DataSubject::Guardian {
                id: guardian.unwrap_or_default(),
            },
            |id| DataSubject::Child { id },
        ),
        subject_name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        kind: RequestKind::from_code(&r.get::<_, String>(4)?).unwrap_or(RequestKind::Access),
        made_by: r.get(5)?,
        received_on: r.get(6)?,
        due_on: r.get(7)?,
        status: r.get(8)?,
        extension_note: r.get(9)?,
        answered_on: r.get(10)?,
        answer: r.get(11)?,
    })
}

crate::concept_handles! {
    /// Personal data.
    privacy => PrivacyQueries, PrivacyWrites
}

impl PrivacyQueries<'_> {
    /// Every request: open ones first by deadline, then the answered, newest first.
    pub fn data_requests(&self) -> StoreResult<Vec<StoredRequest>> {
        let mut stmt = self.db.conn().prepare(&format!(
            "{SELECT} ORDER BY r.status IN ('answered', 'refused'), CASE WHEN r.status IN ('answered', 'refused') THEN '' ELSE r.due_on END, r.received_on DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map([], stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One request.
    pub fn data_request(&self, id: i64) -> StoreResult<StoredRequest> {
        self.db
            .conn()
            .query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], stored)
            .optional()?
            .ok_or(StoreError::NotFound)
    }
}

impl PrivacyWrites<'_, '_> {
    /// Records a request.
    pub fn add_data_request(&self, request: &ValidRequest) -> StoreResult<i64> {
        let (child, guardian) = match request.subject {
            DataSubject::Child { id } => (Some(id), None),
            DataSubject::Guardian { id } => (None, Some(id)),
        };
        self.work.conn().execute(
            "INSERT INTO data_request (child_id, guardian_id, kind, made_by, received_on, due_on, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![child, guardian, request.kind.code(), request.made_by, request.received_on, request.due_on, now_utc(), self.work.actor().user_id],
        )?;
        let id = self.work.conn().last_insert_rowid();
        let mut event =
            AuditEvent::change("data_request.create", "data_request", id).with_fields(["kind"]);
        if let Some(child) = child {
            event = event.for_child(child);
        }
        self.work.audit(&event)?;
        Ok(id)
    }

    /// Extends an open request's deadline once, with the note sent to the person.
    pub fn extend_data_request(&self, id: i64, due_on: NaiveDate, note: &str) -> StoreResult<()> {
        self.update_request(id, "UPDATE data_request SET status = 'extended', due_on = ?2, extension_note = ?3 WHERE id = ?1 AND status = 'open'", params![id, due_on, note], "extended")
    }

    /// Answers (or refuses) an open or extended request.
    pub fn answer_data_request(
        &self,
        id: i64,
        refused: bool,
        on: NaiveDate,
        answer: &str,
    ) -> StoreResult<()> {
        self.update_request(
            id,
            "UPDATE data_request SET status = ?2, answered_on = ?3, answer = ?4 WHERE id = ?1 AND status IN ('open', 'extended')",
            params![id, if refused { "refused" } else { "answered" }, on, answer],
            "answered",
        )
    }

    fn update_request(
        &self,
        id: i64,
        sql: &str,
        values: impl rusqlite::Params,
        what: &'static str,
    ) -> StoreResult<()> {
        if self.work.conn().execute(sql, values)? != 1 {
            return Err(StoreError::NotFound);
        }
        let child: Option<i64> = self.work.conn().query_row(
            "SELECT child_id FROM data_request WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let mut event =
            AuditEvent::change("data_request.update", "data_request", id).with_fields([what]);
        if let Some(child) = child {
            event = event.for_child(child);
        }
        self.work.audit(&event)?;
        Ok(())
    }
}
