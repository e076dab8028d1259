//! Use cases of consents (R22, R23, R32): the school's list of types, each child's
//! answers as a history with the state they add up to, and the staff lists of the
//! children without a consent ("må ikke fotograferes"), on screen and printed.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::consent::{
    derive, AnswerContext, Answerer, ConsentInput, ConsentState, ConsentType, ConsentTypeInput,
    ValidConsentType,
};
use skolekontor_domain::dates;
use skolekontor_domain::register::ChildSummary;
use skolekontor_domain::school::Division;
use skolekontor_domain::template::TemplateKind;
use skolekontor_store::consent::{NewConsentEvent, StoredConsentEvent};
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// One answer in a consent's history.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ConsentHistoryLine {
    /// `dd-mm-yyyy`, the day it counts from.
    pub on: String,
    /// "Givet af Mette Hansen, på papir (samtykketekst version 1)".
    pub text: String,
    /// "Registreret 23-11-2026 10:15 af Susanne Sekretær".
    pub recorded: String,
}

/// One type for one child.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ConsentRow {
    pub consent_type: ConsentType,
    /// The state today.
    pub state: ConsentState,
    /// The state in words, with who and when.
    pub state_text: String,
    /// Answers differ; the stricter applies.
    pub disagreement: bool,
    /// Every answer, oldest first.
    pub history: Vec<ConsentHistoryLine>,
}

/// Who can answer for the child.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AnswererChoice {
    /// The custody holder or the pupil.
    pub answerer: Answerer,
    /// The name, or "Eleven selv".
    pub label: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChildConsents {
    /// One row per type (retired types only when answered).
    pub rows: Vec<ConsentRow>,
    /// The custody holders, and the pupil.
    pub answerers: Vec<AnswererChoice>,
}

/// A child on a staff list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListedChild {
    #[ts(type = "number")]
    pub child_id: i64,
    pub name: String,
    /// "Ikke spurgt", "Afvist", "Trukket tilbage 01-11-2026".
    pub reason: String,
}

/// One class or group on a staff list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListGroup {
    /// "3. klasse", "Børnehave".
    pub group: String,
    /// The children, by name.
    pub children: Vec<ListedChild>,
}

/// The children without one consent today.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ConsentList {
    pub consent_type: ConsentType,
    /// `23-11-2026`.
    pub day: String,
    /// By class, then the kindergarten.
    pub groups: Vec<ListGroup>,
}

fn answerer_name(event: &StoredConsentEvent) -> String {
    event
        .guardian_name
        .clone()
        .unwrap_or_else(|| tr!("consent.the_pupil_themself"))
}

fn decision_shown(decision: skolekontor_domain::consent::Decision) -> String {
    use skolekontor_domain::consent::Decision;
    match decision {
        Decision::Given => tr!("consent.given"),
        Decision::Refused => tr!("consent.refused"),
        Decision::Withdrawn => tr!("consent.withdrawn"),
    }
}

fn method_shown(method: skolekontor_domain::consent::Method) -> String {
    use skolekontor_domain::consent::Method;
    match method {
        Method::Paper => tr!("consent.on_paper"),
        Method::InPerson => tr!("consent.in_person"),
        Method::Digital => tr!("consent.digitally"),
    }
}

fn history_line(event: &StoredConsentEvent) -> ConsentHistoryLine {
    ConsentHistoryLine {
        on: dates::short(event.event.on),
        text: tr!(
            "consent.history",
            decision = decision_shown(event.event.decision),
            by = answerer_name(event),
            method = method_shown(event.method),
            version = event.text_version
        ),
        recorded: tr!(
            "consent.recorded",
            at = clock::local_display(&event.recorded_at).unwrap_or_default(),
            by = event
                .recorded_by
                .clone()
                .unwrap_or_else(|| tr!("consent.the_program"))
        ),
    }
}

fn state_text(state: ConsentState, disagreement: bool, events: &[&StoredConsentEvent]) -> String {
    let last = events.last();
    let by = |e: &&StoredConsentEvent| format!("{} {}", answerer_name(e), dates::short(e.event.on));
    let text = match (state, last) {
        (ConsentState::NotAsked, _) => tr!("consent.state_not_asked"),
        (ConsentState::Given, Some(e)) => tr!("consent.state_given", by = by(e)),
        (ConsentState::Refused, Some(e)) => tr!("consent.state_refused", by = by(e)),
        (ConsentState::Withdrawn, Some(e)) => tr!("consent.state_withdrawn", by = by(e)),
        (_, None) => String::new(),
    };
    if disagreement {
        tr!("consent.state_disagreement", state = text)
    } else {
        text
    }
}

fn group_of(child: &ChildSummary) -> (u8, String) {
    match (child.division, child.grade) {
        (Some(Division::School), Some(grade)) => (grade, tr!("consent.grade", grade = grade)),
        (Some(Division::Kindergarten), _) => (20, tr!("consent.kindergarten")),
        _ => (30, tr!("consent.no_placement")),
    }
}

/// The answers of one child and type, with who counts, reduced to the state today.
struct Answers<'a> {
    events: Vec<&'a StoredConsentEvent>,
    custody: Vec<i64>,
    pupil_answers: bool,
}

impl Answers<'_> {
    fn derived(&self, today: NaiveDate) -> (ConsentState, bool) {
        let events: Vec<_> = self.events.iter().map(|e| e.event.clone()).collect();
        let derived = derive(&events, &self.custody, self.pupil_answers, today);
        (derived.state, derived.disagreement)
    }
}

fn pupil_answers(kind: &ConsentType, birth: Option<NaiveDate>, today: NaiveDate) -> bool {
    AnswerContext {
        consent_type: kind,
        custody_holders: &[],
        birth_date: birth,
        today,
    }
    .pupil_answers(today)
}

/// The staff list of one type: every current child the user may see whose consent is
/// not given today.
pub(crate) fn list_of(
    db: &Database,
    kind: ConsentType,
    children: &[ChildSummary],
    today: NaiveDate,
) -> AppResult<ConsentList> {
    let events = db.consent().consent_events_of_type(kind.id)?;
    let custody = db.consent().all_custody_holders()?;
    let mut by_child: HashMap<i64, Vec<&StoredConsentEvent>> = HashMap::new();
    for event in &events {
        by_child.entry(event.child_id).or_default().push(event);
    }
    let mut groups: Vec<(u8, ListGroup)> = Vec::new();
    let mut sorted: Vec<&ChildSummary> = children
        .iter()
        .filter(|c| c.division.is_some() && !c.archived)
        .collect();
    sorted.sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
    for child in sorted {
        let answers = Answers {
            events: by_child.get(&child.id).cloned().unwrap_or_default(),
            custody: custody
                .iter()
                .filter(|(c, _)| *c == child.id)
                .map(|(_, g)| *g)
                .collect(),
            pupil_answers: pupil_answers(&kind, child.birth_date, today),
        };
        let (state, disagreement) = answers.derived(today);
        if state.allows() {
            continue;
        }
        let (order, group) = group_of(child);
        let listed = ListedChild {
            child_id: child.id,
            name: format!("{} {}", child.first_name, child.last_name),
            reason: state_text(state, disagreement, &answers.events),
        };
        match groups.iter_mut().find(|(_, g)| g.group == group) {
            Some((_, g)) => g.children.push(listed),
            None => groups.push((
                order,
                ListGroup {
                    group,
                    children: vec![listed],
                },
            )),
        }
    }
    groups.sort_by_key(|(order, _)| *order);
    Ok(ConsentList {
        consent_type: kind,
        day: dates::short(today),
        groups: groups.into_iter().map(|(_, g)| g).collect(),
    })
}

/// Saves the default consent types when the school has none (R23, R32).
pub(crate) fn ensure_default_consent_types(
    db: &mut Database,
) -> skolekontor_store::error::StoreResult<()> {
    db.seed_consent_types(&skolekontor_domain::consent::default_types())
}

/// A child's consents on `today`, each with its history, and who may answer.
fn consents_of(db: &Database, child_id: i64, today: NaiveDate) -> AppResult<ChildConsents> {
    let child = db.register().child_detail(child_id)?;
    let events = db.consent().consent_events(child_id)?;
    let custody = db.admission().custody_holders(child_id)?;
    let mut rows = Vec::new();
    for kind in db.consent().consent_types()? {
        let answers = Answers {
            events: events
                .iter()
                .filter(|e| e.event.type_id == kind.id)
                .collect(),
            custody: custody.clone(),
            pupil_answers: pupil_answers(&kind, child.birth_date, today),
        };
        if !kind.active && answers.events.is_empty() {
            continue;
        }
        let (state, disagreement) = answers.derived(today);
        rows.push(ConsentRow {
            state,
            state_text: state_text(state, disagreement, &answers.events),
            disagreement,
            history: answers.events.iter().map(|e| history_line(e)).collect(),
            consent_type: kind,
        });
    }
    let mut answerers: Vec<AnswererChoice> = child
        .guardians
        .iter()
        .filter(|g| g.link.has_custody)
        .map(|g| AnswererChoice {
            answerer: Answerer::Guardian { id: g.guardian_id },
            label: format!("{} {}", g.first_name, g.last_name),
        })
        .collect();
    if rows
        .iter()
        .any(|r| pupil_answers(&r.consent_type, child.birth_date, today))
    {
        answerers.push(AnswererChoice {
            answerer: Answerer::Pupil,
            label: tr!("consent.pupil_answers", name = child.first_name),
        });
    }
    Ok(ChildConsents { rows, answerers })
}

/// Checks one answer against the child's custody holders and age (R23): the day
/// it counts from.
fn checked_answer(db: &Database, input: &ConsentInput, today: NaiveDate) -> AppResult<NaiveDate> {
    let kind = db.consent().consent_type(input.type_id)?;
    let custody = db.admission().custody_holders(input.child_id)?;
    let context = AnswerContext {
        consent_type: &kind,
        custody_holders: &custody,
        birth_date: db.register().child_detail(input.child_id)?.birth_date,
        today,
    };
    Ok(input.validate(&context)?)
}

/// The consent form's text version the answers were given on.
fn consent_form_version(db: &Database) -> AppResult<i64> {
    Ok(db
        .template()
        .current_template(TemplateKind::ConsentForm)?
        .map_or(0, |t| t.version))
}

/// One child's answer on a returned paper form.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PaperAnswer {
    #[ts(type = "number")]
    pub child_id: i64,
    /// Given or refused.
    pub decision: skolekontor_domain::consent::Decision,
    /// Who signed the form.
    pub answerer: Answerer,
}

/// A class's returned paper forms for one consent, entered on one screen.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ClassConsentInput {
    /// The consent type.
    #[ts(type = "number")]
    pub type_id: i64,
    /// `dd-mm-yyyy`, the day the forms were signed.
    pub on: String,
    /// The answers; children left out are not touched.
    pub answers: Vec<PaperAnswer>,
}

/// A child on the class's consent screen.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ClassConsentRow {
    #[ts(type = "number")]
    pub child_id: i64,
    pub name: String,
    /// The state today.
    pub state: ConsentState,
    /// The state in words.
    pub state_text: String,
    /// Who can answer for the child (custody holders, maybe the pupil).
    pub answerers: Vec<AnswererChoice>,
}

crate::use_case_handle! {
    /// Consents (*samtykker*, R23): the use cases, on the office's session.
    consent => ConsentUseCases
}

impl ConsentUseCases<'_> {
    /// The school's consent types.
    pub fn consent_types(&mut self) -> AppResult<Vec<ConsentType>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        Ok(context.open.db.consent().consent_types()?)
    }

    /// Adds a type to the school's list: the headteacher decides what is asked.
    pub fn add_consent_type(&mut self, input: ConsentTypeInput) -> AppResult<Vec<ConsentType>> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        let kind: ValidConsentType = input.validate()?;
        let work = context.open.db.begin()?;
        work.consent().add_consent_type(&kind)?;
        let types = work.db().consent().consent_types()?;
        work.commit()?;
        Ok(types)
    }

    /// Takes a type out of use (no new consents; the history stays) or back into use.
    pub fn set_consent_type_active(
        &mut self,
        type_id: i64,
        active: bool,
    ) -> AppResult<Vec<ConsentType>> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        let work = context.open.db.begin()?;
        work.consent().set_consent_type_active(type_id, active)?;
        let types = work.db().consent().consent_types()?;
        work.commit()?;
        Ok(types)
    }

    /// A child's consents today, each with its history.
    pub fn child_consents(&mut self, child_id: i64) -> AppResult<ChildConsents> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Child(child_id))?;
        consents_of(&context.open.db, child_id, context.today)
    }

    /// Records an answer (given, refused, withdrawn) as a new event; nothing earlier changes.
    pub fn record_consent(&mut self, input: ConsentInput) -> AppResult<ChildConsents> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::Child(input.child_id))?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let on = checked_answer(work.db(), &input, today)?;
        work.consent().add_consent_event(&NewConsentEvent {
            child_id: input.child_id,
            type_id: input.type_id,
            decision: input.decision,
            answerer: input.answerer,
            on,
            method: input.method,
            text_version: consent_form_version(work.db())?,
        })?;
        let consents = consents_of(work.db(), input.child_id, today)?;
        work.commit()?;
        Ok(consents)
    }

    /// The children without one consent today, by class: the staff's list.
    pub fn consent_list(&mut self, type_id: i64) -> AppResult<ConsentList> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let children: Vec<ChildSummary> = context.visible_children(false).cloned().collect();
        let db = &context.open.db;
        let kind = db
            .consent()
            .consent_type(type_id)
            .map_err(|_| AppError::Refused(tr!("consent.not_found")))?;
        list_of(db, kind, &children, context.today)
    }

    /// A class's children with one consent's state and who may answer: the screen for
    /// entering a class's returned paper forms.
    pub fn class_consents(&mut self, grade: u8, type_id: i64) -> AppResult<Vec<ClassConsentRow>> {
        // Staff asking for another class get no rows, as before (R24 by the filter below).
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let mut children: Vec<ChildSummary> = context
            .visible_children(false)
            .filter(|c| c.division == Some(Division::School) && c.grade == Some(grade))
            .cloned()
            .collect();
        children.sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
        let mut rows = Vec::new();
        for child in children {
            let consents = consents_of(&context.open.db, child.id, context.today)?;
            let Some(row) = consents
                .rows
                .into_iter()
                .find(|r| r.consent_type.id == type_id)
            else {
                return Err(AppError::Refused(tr!("consent.not_found")));
            };
            rows.push(ClassConsentRow {
                child_id: child.id,
                name: format!("{} {}", child.first_name, child.last_name),
                state: row.state,
                state_text: row.state_text,
                answerers: consents.answerers,
            });
        }
        Ok(rows)
    }

    /// Records a class's paper forms: every answer is checked first, each problem
    /// under its row, and then all are stored in one unit of work — or none.
    pub fn record_class_consents(&mut self, input: ClassConsentInput) -> AppResult<usize> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        for answer in &input.answers {
            context.check_subject(Subject::Child(answer.child_id))?;
        }
        let today = context.today;
        let work = context.open.db.begin()?;
        let mut events = Vec::new();
        let mut errors = skolekontor_domain::ValidationErrors::default();
        for (index, answer) in input.answers.iter().enumerate() {
            let single = ConsentInput {
                child_id: answer.child_id,
                type_id: input.type_id,
                decision: answer.decision,
                answerer: answer.answerer,
                on: input.on.clone(),
                method: skolekontor_domain::consent::Method::Paper,
            };
            match checked_answer(work.db(), &single, today) {
                Ok(on) => events.push((single, on)),
                Err(AppError::Validation(problems)) => errors
                    .errors
                    .extend(problems.prefixed(&format!("answers.{index}.")).errors),
                Err(other) => return Err(other),
            }
        }
        errors.into_result()?;
        let text_version = consent_form_version(work.db())?;
        for (answer, on) in &events {
            work.consent().add_consent_event(&NewConsentEvent {
                child_id: answer.child_id,
                type_id: answer.type_id,
                decision: answer.decision,
                answerer: answer.answerer,
                on: *on,
                method: answer.method,
                text_version,
            })?;
        }
        work.commit()?;
        Ok(events.len())
    }
}
