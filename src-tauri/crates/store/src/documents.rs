//! The school's texts, one append-only version per save (R21), the terms version
//! a saved terms text makes (R6), and the privacy notice's settings (R26, R28).

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::privacy::{PrivacySettings, RetentionPeriods};
use skolekontor_domain::template::TemplateKind;

use crate::audit::{append, changed_fields};
use crate::database::{now_utc, Database};
use crate::error::StoreResult;

/// A saved version of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplate {
    pub id: i64,
    pub kind: TemplateKind,
    pub version: i64,
    pub body: String,
    /// UTC, RFC 3339.
    pub saved_at: String,
    /// Who saved it; `None` for the program's default text.
    pub saved_by: Option<String>,
}

const SELECT_TEMPLATE: &str = "SELECT t.id, t.kind, t.version, t.body, t.saved_at, u.full_name
     FROM document_template t LEFT JOIN app_user u ON u.id = t.saved_by";

fn template_row(r: &Row<'_>) -> rusqlite::Result<StoredTemplate> {
    Ok(StoredTemplate {
        id: r.get(0)?,
        kind: TemplateKind::from_code(&r.get::<_, String>(1)?)
            .unwrap_or(TemplateKind::PupilContract),
        version: r.get(2)?,
        body: r.get(3)?,
        saved_at: r.get(4)?,
        saved_by: r.get(5)?,
    })
}

impl Database {
    /// In its own unit of work, for callers without one (store tests, the demo).
    pub fn save_template(
        &mut self,
        kind: TemplateKind,
        body: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<StoredTemplate> {
        self.in_own_work(|work| work.template().save_template(kind, body, valid_from))
    }

    /// Saves the privacy settings; the notice's date moves to `today` when they changed.
    pub fn save_privacy_settings(
        &mut self,
        settings: &PrivacySettings,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        let retention = &settings.retention;
        let fields = changed_fields(
            &tx,
            "school",
            1,
            &[
                ("privacy_contact", &settings.contact),
                (
                    "retention_months_after_leaving",
                    &retention.months_after_leaving,
                ),
                ("retention_accounting_years", &retention.accounting_years),
                ("retention_certificate_years", &retention.certificate_years),
            ],
        )?;
        if !fields.is_empty() {
            tx.execute(
                "UPDATE school SET privacy_contact = ?1, retention_months_after_leaving = ?2,
                        retention_accounting_years = ?3, retention_certificate_years = ?4, privacy_changed_on = ?5
                  WHERE id = 1",
                params![settings.contact, retention.months_after_leaving, retention.accounting_years, retention.certificate_years, today],
            )?;
            append(
                &tx,
                &actor,
                &AuditEvent::change("privacy.save", "school", 1).with_fields(fields),
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

crate::concept_handles! {
    /// The school's texts in versions.
    template => TemplateQueries, TemplateWrites
}

impl TemplateQueries<'_> {
    /// The newest version of a text, if any was saved.
    pub fn current_template(&self, kind: TemplateKind) -> StoreResult<Option<StoredTemplate>> {
        let sql = format!("{SELECT_TEMPLATE} WHERE t.kind = ?1 ORDER BY t.version DESC LIMIT 1");
        Ok(self
            .db
            .conn()
            .query_row(&sql, [kind.code()], template_row)
            .optional()?)
    }

    /// A version by id (the one a family accepted).
    pub fn template_by_id(&self, id: i64) -> StoreResult<Option<StoredTemplate>> {
        let sql = format!("{SELECT_TEMPLATE} WHERE t.id = ?1");
        Ok(self
            .db
            .conn()
            .query_row(&sql, [id], template_row)
            .optional()?)
    }

    /// Every version of a text, newest first.
    pub fn template_versions(&self, kind: TemplateKind) -> StoreResult<Vec<StoredTemplate>> {
        let sql = format!("{SELECT_TEMPLATE} WHERE t.kind = ?1 ORDER BY t.version DESC");
        let mut stmt = self.db.conn().prepare(&sql)?;
        let rows = stmt.query_map([kind.code()], template_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The text a version of the terms was made from, when it was made from one.
    pub fn terms_template(&self, terms_version_id: i64) -> StoreResult<Option<StoredTemplate>> {
        let template_id: Option<i64> = self
            .db
            .conn()
            .query_row(
                "SELECT template_id FROM terms_version WHERE id = ?1",
                [terms_version_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match template_id {
            Some(id) => self.template_by_id(id),
            None => Ok(None),
        }
    }

    /// The children (not archived) in the custody of any of `guardian_ids`: a family
    /// for the parent contract, in order of birth.
    pub fn children_in_custody_of(&self, guardian_ids: &[i64]) -> StoreResult<Vec<i64>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT DISTINCT c.id, c.birth_date FROM guardianship g JOIN child c ON c.id = g.child_id
              WHERE g.has_custody AND c.archived_at IS NULL AND g.guardian_id IN (SELECT value FROM json_each(?1))
              ORDER BY c.birth_date, c.id",
        )?;
        let ids = format!(
            "[{}]",
            guardian_ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        let rows = stmt.query_map([ids], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Pupils whose school enrolment starts on or after `since`: the new pupils of
    /// an intake, for printing their contracts in one go.
    pub fn school_starts_since(&self, since: NaiveDate) -> StoreResult<Vec<i64>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT DISTINCT e.child_id FROM enrolment e JOIN child c ON c.id = e.child_id
              WHERE e.division = 'school' AND c.archived_at IS NULL AND e.start_date >= ?1
              ORDER BY e.grade, c.last_name, c.first_name",
        )?;
        let rows = stmt.query_map([since], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What the privacy notice states, and the day it last changed.
    pub fn privacy_settings(&self) -> StoreResult<(PrivacySettings, Option<NaiveDate>)> {
        Ok(self.db.conn().query_row(
            "SELECT privacy_contact, retention_months_after_leaving, retention_accounting_years,
                    retention_certificate_years, privacy_changed_on FROM school WHERE id = 1",
            [],
            |r| {
                let settings = PrivacySettings {
                    contact: r.get(0)?,
                    retention: RetentionPeriods {
                        months_after_leaving: r.get(1)?,
                        accounting_years: r.get(2)?,
                        certificate_years: r.get(3)?,
                    },
                };
                Ok((settings, r.get(4)?))
            },
        )?)
    }
}

impl TemplateWrites<'_, '_> {
    /// Saves `body` as the next version of `kind`. A terms text also becomes a new
    /// version of the terms for its division from `valid_from` (R6). One transaction.
    pub fn save_template(
        &self,
        kind: TemplateKind,
        body: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<StoredTemplate> {
        let actor = self.work.actor().clone();
        let tx = self.work.conn();
        let version: i64 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM document_template WHERE kind = ?1",
            [kind.code()],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO document_template (kind, version, body, saved_at, saved_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![kind.code(), version, body, now_utc(), actor.user_id],
        )?;
        let id = tx.last_insert_rowid();
        append(
            tx,
            &actor,
            &AuditEvent::change("template.save", "document_template", id),
        )?;
        if let Some(division) = kind.terms_division() {
            tx.execute(
                "INSERT INTO terms_version (division, label, valid_from, created_at, template_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![division.code(), format!("{}, tekst version {version}", kind.title()), valid_from, now_utc(), id],
            )?;
            let terms_id = tx.last_insert_rowid();
            append(
                tx,
                &actor,
                &AuditEvent::change("terms.create", "terms_version", terms_id),
            )?;
        }
        if kind == TemplateKind::PrivacyNotice {
            tx.execute(
                "UPDATE school SET privacy_changed_on = ?1 WHERE id = 1",
                [valid_from],
            )?;
        }
        let saved = tx.query_row(
            &format!("{SELECT_TEMPLATE} WHERE t.id = ?1"),
            [id],
            template_row,
        )?;
        Ok(saved)
    }
}
