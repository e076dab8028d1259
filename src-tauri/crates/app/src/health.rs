//! Use cases of health information (R22): shown only to roles that need it (staff for
//! their own class or group), every look logged as a read of sensitive data, and new
//! notes only while the custody holders' Art. 9 consent is given.

use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::consent::{derive, ConsentState};
use skolekontor_domain::health::{HealthInput, HealthKind};
use skolekontor_store::health::StoredHealthNote;
use skolekontor_store::{Database, Work};
use ts_rs::TS;

use crate::access::{allowed, Action};
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::use_case::{Context, Subject};
use skolekontor_domain::tr;

/// One note as shown.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct HealthNoteView {
    #[ts(type = "number")]
    pub id: i64,
    /// What it is about.
    pub kind: HealthKind,
    /// The note.
    pub text: String,
    /// "23-11-2026 10:15, Susanne Sekretær".
    pub recorded: String,
}

/// A child's health section.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct HealthView {
    /// The Art. 9 consent today.
    pub consent: ConsentState,
    /// In Danish: what the consent means for the section.
    pub consent_text: String,
    pub notes: Vec<HealthNoteView>,
}

fn note_view(note: &StoredHealthNote) -> HealthNoteView {
    HealthNoteView {
        id: note.id,
        kind: note.kind,
        text: note.text.clone(),
        recorded: format!(
            "{}, {}",
            clock::local_display(&note.recorded_at).unwrap_or_default(),
            note.recorded_by.as_deref().unwrap_or("")
        ),
    }
}

/// R22: the health consent's state on `today` for a child.
fn health_consent(db: &Database, child_id: i64, today: NaiveDate) -> AppResult<ConsentState> {
    let Some(kind) = db
        .consent()
        .consent_types()?
        .into_iter()
        .find(|t| t.covers_health)
    else {
        return Ok(ConsentState::NotAsked);
    };
    let events: Vec<_> = db
        .consent()
        .consent_events(child_id)?
        .into_iter()
        .filter(|e| e.event.type_id == kind.id)
        .map(|e| e.event)
        .collect();
    Ok(derive(
        &events,
        &db.admission().custody_holders(child_id)?,
        false,
        today,
    )
    .state)
}

/// The child's health section, read inside `work`, the look logged as a read of
/// sensitive data in the same work.
fn read_health(work: &Work<'_>, child_id: i64, today: NaiveDate) -> AppResult<HealthView> {
    let consent = health_consent(work.db(), child_id, today)?;
    let notes = work.db().health().health_notes(child_id)?;
    work.audit(
        &AuditEvent::sensitive_read("health.read", "child", child_id)
            .for_child(child_id)
            .with_fields(["health"]),
    )?;
    let consent_text = match (consent, notes.is_empty()) {
        (ConsentState::Given, _) => {
            tr!("health.consent_given")
        }
        (_, true) => {
            tr!("health.no_consent")
        }
        (_, false) => {
            tr!("health.consent_withdrawn")
        }
    };
    Ok(HealthView {
        consent,
        consent_text,
        notes: notes.iter().map(note_view).collect(),
    })
}

crate::use_case_handle! {
    /// Health notes (*helbredsoplysninger*, R22): the use cases, on the office's session.
    health => HealthUseCases
}

impl HealthUseCases<'_> {
    /// R22, R29: health data needs the role's permission and a login with a second
    /// factor, for a child the user may see; checked before anything is read or written.
    fn authorize_health(
        &mut self,
        also: Option<Action>,
        subject: Subject,
    ) -> AppResult<Context<'_>> {
        let user = self.office.user()?;
        if let Some(action) = also {
            user.require(action)?;
        }
        if allowed(user.role, Action::ViewHealth) && !user.second_factor {
            return Err(AppError::Refused(tr!("health.second_factor_required")));
        }
        self.office.authorize(Action::ViewHealth, subject)
    }

    /// A child's health notes; the look is logged as a read of sensitive data.
    pub fn health(&mut self, child_id: i64) -> AppResult<HealthView> {
        let context = self.authorize_health(None, Subject::Child(child_id))?;
        let work = context.open.db.begin()?;
        let view = read_health(&work, child_id, context.today)?;
        work.commit()?;
        Ok(view)
    }

    /// Adds a note, only while the health consent is given (R22).
    pub fn add_health_note(&mut self, input: HealthInput) -> AppResult<HealthView> {
        let context =
            self.authorize_health(Some(Action::EditRegister), Subject::Child(input.child_id))?;
        let text = input.validate()?;
        let work = context.open.db.begin()?;
        if health_consent(work.db(), input.child_id, context.today)? != ConsentState::Given {
            return Err(AppError::Refused(tr!("health.consent_required")));
        }
        work.health()
            .add_health_note(input.child_id, input.kind, &text)?;
        let view = read_health(&work, input.child_id, context.today)?;
        work.commit()?;
        Ok(view)
    }

    /// Deletes a note for good.
    pub fn delete_health_note(&mut self, note_id: i64) -> AppResult<HealthView> {
        let context = self.authorize_health(Some(Action::EditRegister), Subject::School)?;
        let child_id = context.open.db.health().health_note(note_id)?.child_id;
        context.check_subject(Subject::Child(child_id))?;
        let work = context.open.db.begin()?;
        work.health().delete_health_note(note_id)?;
        let view = read_health(&work, child_id, context.today)?;
        work.commit()?;
        Ok(view)
    }
}
