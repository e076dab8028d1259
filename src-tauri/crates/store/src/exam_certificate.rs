//! Records of grade-9 leaving certificates at rest (R26): added, never changed; only a
//! retention run removes them.

use chrono::NaiveDate;
use rusqlite::params;
use skolekontor_domain::audit::AuditEvent;

use crate::audit::append;
use crate::database::{now_utc, Database};
use crate::error::StoreResult;

/// One stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub id: i64,
    /// The day the certificate was issued.
    pub issued_on: NaiveDate,
    /// The subjects and grades, as on the certificate.
    pub grades: String,
    /// Who recorded it.
    pub recorded_by: Option<String>,
}

impl Database {
    /// In its own unit of work, for callers without one (store tests, the demo).
    pub fn add_exam_certificate(
        &mut self,
        child_id: i64,
        issued_on: NaiveDate,
        grades: &str,
    ) -> StoreResult<i64> {
        self.in_own_work(|work| {
            work.exam_certificate()
                .add_exam_certificate(child_id, issued_on, grades)
        })
    }
}

crate::concept_handles! {
    /// Leaving certificates' records.
    exam_certificate => ExamCertificateQueries, ExamCertificateWrites
}

impl ExamCertificateQueries<'_> {
    /// A child's certificate records, oldest first.
    pub fn exam_certificates(&self, child_id: i64) -> StoreResult<Vec<StoredCertificate>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT e.id, e.issued_on, e.grades, u.full_name FROM exam_certificate e
             LEFT JOIN app_user u ON u.id = e.recorded_by WHERE e.child_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([child_id], |r| {
            Ok(StoredCertificate {
                id: r.get(0)?,
                issued_on: r.get(1)?,
                grades: r.get(2)?,
                recorded_by: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl ExamCertificateWrites<'_, '_> {
    /// Records a certificate.
    pub fn add_exam_certificate(
        &self,
        child_id: i64,
        issued_on: NaiveDate,
        grades: &str,
    ) -> StoreResult<i64> {
        let actor = self.work.actor().clone();
        let tx = self.work.conn();
        tx.execute(
            "INSERT INTO exam_certificate (child_id, issued_on, grades, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![child_id, issued_on, grades, actor.user_id, now_utc()],
        )?;
        let id = tx.last_insert_rowid();
        append(
            tx,
            &actor,
            &AuditEvent::change("exam_certificate.add", "exam_certificate", id)
                .for_child(child_id)
                .with_fields(["issued_on", "grades"]),
        )?;
        Ok(id)
    }
}
