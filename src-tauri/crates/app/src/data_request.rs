//! Use cases of requests from data subjects (R27, R31): registered with who asked and
//! when, due one month later (extendable once by two months with a note to the
//! person), answered or refused with a short record of the answer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skolekontor_domain::data_request::{extended_due_on, RequestInput};
use skolekontor_domain::dates;
use skolekontor_domain::personal_data::{table, DataSubject, Link};
use skolekontor_store::data_request::StoredRequest;
use skolekontor_store::{Database, StoreError};
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// A request as the list shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    #[ts(type = "number")]
    pub id: i64,
    /// About whom.
    pub subject: DataSubject,
    /// "Lucas Bøgh (barn)".
    pub about: String,
    /// "indsigt" …
    pub kind: String,
    /// Who asked.
    pub made_by: String,
    /// `dd-mm-yyyy`.
    pub received_on: String,
    /// `dd-mm-yyyy`.
    pub due_on: String,
    /// In Danish, with the answer or the extension.
    pub status: String,
    /// Past its deadline and not answered.
    pub overdue: bool,
    /// Open: can still be extended (once) or answered.
    pub open: bool,
    /// Not yet extended.
    pub can_extend: bool,
}

/// Answering a request, as typed.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RequestAnswer {
    #[ts(type = "number")]
    pub request_id: i64,
    /// Refused rather than met.
    pub refused: bool,
    /// What was answered, in short (or why it was refused, or why it is extended).
    pub text: String,
}

fn view(request: &StoredRequest, today: chrono::NaiveDate) -> RequestView {
    let open = matches!(request.status.as_str(), "open" | "extended");
    let status = match request.status.as_str() {
        "open" => tr!("data_request.open", due = dates::short(request.due_on)),
        "extended" => tr!(
            "data_request.extended",
            due = dates::short(request.due_on),
            note = request.extension_note.as_deref().unwrap_or("")
        ),
        "answered" => tr!(
            "data_request.answered",
            on = request.answered_on.map(dates::short).unwrap_or_default(),
            answer = request.answer.as_deref().unwrap_or("")
        ),
        _ => tr!(
            "data_request.refused",
            on = request.answered_on.map(dates::short).unwrap_or_default(),
            answer = request.answer.as_deref().unwrap_or("")
        ),
    };
    let person = match request.subject {
        DataSubject::Child { .. } => tr!("data_request.child"),
        DataSubject::Guardian { .. } => tr!("data_request.guardian"),
    };
    RequestView {
        id: request.id,
        subject: request.subject,
        about: format!("{} ({person})", request.subject_name),
        kind: request.kind.shown(),
        made_by: request.made_by.clone(),
        received_on: dates::short(request.received_on),
        due_on: dates::short(request.due_on),
        status,
        overdue: open && request.due_on < today,
        open,
        can_extend: request.status == "open",
    }
}

fn short_text(text: &str, missing: &str) -> AppResult<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(AppError::Input(missing.into()));
    }
    Ok(text.to_string())
}

/// Every request as the office sees it on `today`: open ones first by deadline.
fn request_views(db: &Database, today: NaiveDate) -> AppResult<Vec<RequestView>> {
    Ok(db
        .privacy()
        .data_requests()?
        .iter()
        .map(|r| view(r, today))
        .collect())
}

crate::use_case_handle! {
    /// Personal data (*persondata*, R25–R31): requests, access, portability and retention; the use cases, on the office's session.
    privacy => PrivacyUseCases
}

impl PrivacyUseCases<'_> {
    /// Every request, open ones first by deadline.
    pub fn data_requests(&mut self) -> AppResult<Vec<RequestView>> {
        let context = self
            .office
            .authorize(Action::HandleDataRequests, Subject::School)?;
        request_views(&context.open.db, context.today)
    }

    /// Registers a request; the answer is due one month after it was received (R31).
    pub fn register_data_request(&mut self, input: RequestInput) -> AppResult<Vec<RequestView>> {
        let context = self
            .office
            .authorize(Action::HandleDataRequests, Subject::School)?;
        let request = input.validate(context.today)?;
        let work = context.open.db.begin()?;
        let db = work.db();
        let exists = match request.subject {
            DataSubject::Child { id } => db.register().child_detail(id).is_ok(),
            DataSubject::Guardian { id } => !db
                .privacy()
                .personal_rows(table("guardian").expect("registered"), Link::Id, id)?
                .is_empty(),
        };
        if !exists {
            return Err(AppError::Refused(tr!("privacy.person_not_found")));
        }
        work.privacy().add_data_request(&request)?;
        let views = request_views(work.db(), context.today)?;
        work.commit()?;
        Ok(views)
    }

    /// R31: extends an open request's deadline by two months, once; the note says why
    /// (it is what the person is told).
    pub fn extend_data_request(&mut self, answer: RequestAnswer) -> AppResult<Vec<RequestView>> {
        let context = self
            .office
            .authorize(Action::HandleDataRequests, Subject::School)?;
        let note = short_text(&answer.text, &tr!("data_request.extension_reason"))?;
        let work = context.open.db.begin()?;
        let request = work.db().privacy().data_request(answer.request_id)?;
        work.privacy()
            .extend_data_request(
                answer.request_id,
                extended_due_on(request.received_on),
                &note,
            )
            .map_err(|e| match e {
                StoreError::NotFound => AppError::Refused(tr!("privacy.extend_once")),
                other => other.into(),
            })?;
        let views = request_views(work.db(), context.today)?;
        work.commit()?;
        Ok(views)
    }

    /// Records the answer (or the refusal) of an open request.
    pub fn answer_data_request(&mut self, answer: RequestAnswer) -> AppResult<Vec<RequestView>> {
        let context = self
            .office
            .authorize(Action::HandleDataRequests, Subject::School)?;
        let text = short_text(&answer.text, &tr!("data_request.answer_missing"))?;
        let work = context.open.db.begin()?;
        work.privacy()
            .answer_data_request(answer.request_id, answer.refused, context.today, &text)
            .map_err(|e| match e {
                StoreError::NotFound => AppError::Refused(tr!("privacy.already_answered")),
                other => other.into(),
            })?;
        let views = request_views(work.db(), context.today)?;
        work.commit()?;
        Ok(views)
    }
}
