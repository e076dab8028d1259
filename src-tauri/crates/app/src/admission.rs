//! Use cases of admissions (optagelse): the waiting list, the grade-0 intake in rank
//! order (R3), the meeting and the headteacher's approval (R4), and admission with
//! the terms accepted (R6). The rules are `domain::admission`'s; this ties them to
//! the store, the roles and the clock.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skolekontor_domain::admission::{
    check_admission, check_approval, check_offer, pending_places, rank, route, AdmissionInput,
    AdmissionRoute, Applicant, ApplicationStatus, EnrolledPupil, Meeting, MeetingInput, SiblingOf,
    WaitingInput,
};
use skolekontor_domain::dates;
use skolekontor_domain::school::Division;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::admission::{StoredApplication, StoredTermsVersion};
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::register::Saved;
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// An offered place as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct OfferView {
    pub offered_on: NaiveDate,
    /// Accepted (true), declined (false), or no answer yet.
    pub accepted: Option<bool>,
    pub answered_on: Option<NaiveDate>,
}

/// The headteacher's decision as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DecisionView {
    /// Approved or rejected.
    pub approved: bool,
    pub reason: String,
    pub decided_on: NaiveDate,
    /// By whom.
    pub decided_by: String,
}

/// One application on the waiting list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// Entry id.
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub child_id: i64,
    /// The child's full name.
    pub child_name: String,
    pub birth_date: Option<NaiveDate>,
    /// School or kindergarten.
    pub division: Division,
    /// Start year of the school year.
    pub school_year: i32,
    /// `2027/28`.
    pub school_year_label: String,
    /// Klassetrin.
    pub grade: Option<u8>,
    pub wanted_start: NaiveDate,
    /// Registered, `dd-mm-yyyy hh:mm` Copenhagen time.
    pub registered_at: String,
    pub notes: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// Which rule decides it.
    pub route: AdmissionRoute,
    /// R1: fee paid on (once per child).
    pub fee_paid_on: Option<NaiveDate>,
    /// Sibling status, computed (R3).
    pub sibling: Option<SiblingOf>,
    /// "søskende til Emma, 3. klasse".
    pub sibling_reason: Option<String>,
    /// Place in the ranking (R3), if it still competes.
    pub rank: Option<u32>,
    /// Latest offer.
    pub offer: Option<OfferView>,
    /// Latest meeting (R4).
    pub meeting: Option<Meeting>,
    /// Decision (R4).
    pub decision: Option<DecisionView>,
}

/// A class (or the kindergarten) in one school year, with its ranked applicants.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Intake {
    /// School or kindergarten.
    pub division: Division,
    /// Start year of the school year.
    pub school_year: i32,
    /// `2027/28`.
    pub school_year_label: String,
    /// Klassetrin (school).
    pub grade: Option<u8>,
    /// Places.
    #[ts(type = "number")]
    pub capacity: i64,
    /// Children enrolled at the start.
    #[ts(type = "number")]
    pub enrolled: i64,
    /// Offered, accepted or approved but not yet enrolled.
    #[ts(type = "number")]
    pub pending: i64,
    /// Free places.
    #[ts(type = "number")]
    pub free: i64,
    /// Applicants in rank order (those out of the running last).
    pub applications: Vec<Application>,
}

/// Which class or group an intake is for.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct IntakeQuery {
    /// School or kindergarten.
    pub division: Option<Division>,
    /// Start year of the school year.
    pub school_year: i32,
    /// Klassetrin (school).
    pub grade: Option<u8>,
}

/// A version of the terms (R6).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TermsVersion {
    #[ts(type = "number")]
    pub id: i64,
    pub division: Division,
    pub label: String,
    /// In force from.
    pub valid_from: NaiveDate,
}

/// A new version of the terms as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct TermsVersionInput {
    pub division: Option<Division>,
    pub label: String,
    /// In force from, `dd-mm-yyyy`.
    pub valid_from: String,
}

fn refused(message: String) -> AppError {
    AppError::Refused(message)
}

/// The day the places of a class or group are counted on.
/// The wanted start if there is one, else 1 August of the school year.
fn intake_date(school_year: i32, wanted_start: Option<NaiveDate>) -> NaiveDate {
    wanted_start
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(school_year, 8, 1).unwrap_or(NaiveDate::MIN))
}

/// A class (`grade`) or the kindergarten (`None`) on `on`: (places, children enrolled).
fn places_on(db: &Database, grade: Option<u8>, on: NaiveDate) -> AppResult<(i64, i64)> {
    Ok(match grade {
        Some(grade) => (
            i64::from(
                db.admission()
                    .class_capacity(dates::school_year_start(on), grade)?,
            ),
            db.admission()
                .pupils_on(on)?
                .iter()
                .filter(|p| p.grade == grade)
                .count() as i64,
        ),
        None => (
            i64::from(db.school().school_settings()?.kindergarten_capacity),
            db.admission().kindergarten_count_on(on)?,
        ),
    })
}

fn view(
    app: &StoredApplication,
    pupils: &[EnrolledPupil],
    db: &Database,
) -> AppResult<Application> {
    let holders = db.admission().custody_holders(app.child_id)?;
    let sibling = skolekontor_domain::admission::sibling_of(app.child_id, &holders, pupils);
    Ok(Application {
        id: app.id,
        child_id: app.child_id,
        child_name: format!("{} {}", app.first_name, app.last_name),
        birth_date: app.birth_date,
        division: app.division,
        school_year: app.school_year,
        school_year_label: dates::school_year_label(
            NaiveDate::from_ymd_opt(app.school_year, 8, 1).unwrap_or(app.wanted_start),
        ),
        grade: app.grade,
        wanted_start: app.wanted_start,
        registered_at: clock::local_display(&app.registered_at).unwrap_or_default(),
        notes: app.notes.clone(),
        status: app.status,
        route: route(app.division, app.grade, app.wanted_start),
        fee_paid_on: app.fee_paid_on,
        sibling_reason: sibling.as_ref().map(SiblingOf::shown),
        sibling,
        rank: None,
        offer: app.offer.as_ref().map(|o| OfferView {
            offered_on: o.offered_on,
            accepted: o.accepted,
            answered_on: o.answered_on,
        }),
        meeting: app.meeting.clone(),
        decision: app.decision.as_ref().map(|d| DecisionView {
            approved: d.approved,
            reason: d.reason.clone(),
            decided_on: d.decided_on,
            decided_by: d.decided_by.clone(),
        }),
    })
}

/// The class's (or kindergarten's) places and its applicants, ranked.
fn intake_of(db: &Database, query: IntakeQuery) -> AppResult<Intake> {
    let division = query.division.unwrap_or(Division::School);
    let on = intake_date(query.school_year, None);
    let pupils = db.admission().pupils_on(on)?;
    let stored: Vec<StoredApplication> = db
        .admission()
        .applications(Some(division), Some(query.school_year))?
        .into_iter()
        .filter(|a| division != Division::School || a.grade == query.grade)
        .collect();
    let mut views = stored
        .iter()
        .map(|a| view(a, &pupils, db))
        .collect::<AppResult<Vec<_>>>()?;
    let class = if division == Division::School {
        query.grade
    } else {
        None
    };
    let (capacity, enrolled) = places_on(db, class, on)?;
    let applicants: Vec<Applicant> = views
        .iter()
        .map(|a| Applicant {
            entry_id: a.id,
            registered_at: registered_key(&stored, a.id),
            sibling: a.sibling.is_some(),
            status: a.status,
        })
        .collect();
    let ranked = rank(&applicants, division == Division::School);
    let pending = pending_places(&ranked);
    let mut ordered = Vec::with_capacity(views.len());
    for (applicant, position) in ranked {
        if let Some(i) = views.iter().position(|v| v.id == applicant.entry_id) {
            let mut v = views.swap_remove(i);
            v.rank = position;
            ordered.push(v);
        }
    }
    Ok(Intake {
        division,
        school_year: query.school_year,
        school_year_label: dates::school_year_label(on),
        grade: query.grade,
        capacity,
        enrolled,
        pending,
        free: capacity - enrolled - pending,
        applications: ordered,
    })
}

fn registered_key(stored: &[StoredApplication], id: i64) -> String {
    stored
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.registered_at.clone())
        .unwrap_or_default()
}

fn intake_query_of(app: &StoredApplication) -> IntakeQuery {
    IntakeQuery {
        division: Some(app.division),
        school_year: app.school_year,
        grade: app.grade,
    }
}

fn parse_date(text: &str, field: &str) -> AppResult<NaiveDate> {
    dates::parse(text).ok_or_else(|| {
        let mut errors = ValidationErrors::default();
        errors.add(field, tr!("common.date_format"));
        AppError::Validation(errors)
    })
}

crate::use_case_handle! {
    /// Admissions (*optagelse*, R1–R7): the waiting list, offers, meetings and decisions; the use cases, on the office's session.
    admission => AdmissionUseCases
}

impl AdmissionUseCases<'_> {
    /// The waiting list: every application, optionally of one division, newest school year first.
    pub fn waiting_list(&mut self, division: Option<Division>) -> AppResult<Vec<Application>> {
        let context = self
            .office
            .authorize(Action::ViewWaitingList, Subject::School)?;
        let db = &context.open.db;
        let stored = db.admission().applications(division, None)?;
        let mut out = Vec::with_capacity(stored.len());
        for app in &stored {
            let pupils = db
                .admission()
                .pupils_on(intake_date(app.school_year, Some(app.wanted_start)))?;
            out.push(view(app, &pupils, db)?);
        }
        Ok(out)
    }

    /// One class or the kindergarten in one school year: places and ranked applicants (R3).
    pub fn intake(&mut self, query: IntakeQuery) -> AppResult<Intake> {
        let context = self
            .office
            .authorize(Action::ViewWaitingList, Subject::School)?;
        intake_of(&context.open.db, query)
    }

    /// Puts a child on the waiting list (R1: the fee is recorded once per child).
    pub fn register_on_waiting_list(&mut self, input: WaitingInput) -> AppResult<Saved> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let entry = input.validate(context.today)?;
        let work = context.open.db.begin()?;
        let id = work.admission().add_waiting_entry(&entry)?;
        // R1: the fee goes on the payer's next charge, once per child whatever the division.
        let rates = skolekontor_domain::billing::RateTable::new(work.db().billing().rates()?);
        let fee = rates
            .in_force(
                skolekontor_domain::billing::RateKind::EnrolmentFee,
                "",
                context.today,
            )
            .unwrap_or_default();
        let child = work.db().register().child_detail(entry.child_id)?;
        let text = format!("{}, indmeldelsesgebyr", child.first_name);
        let mut warnings = Vec::new();
        if !work
            .billing()
            .charge_enrolment_fee(entry.child_id, fee, &text)?
            && fee.0 > 0
            && !child.guardians.iter().any(|g| g.link.is_payer)
        {
            warnings.push(skolekontor_domain::FieldError {
                field: "childId".into(),
                message: tr!("admission.fee_without_payer"),
            });
        }
        work.commit()?;
        Ok(Saved { id, warnings })
    }

    /// Records that a child's enrolment fee is paid (R1).
    pub fn mark_enrolment_fee_paid(&mut self, child_id: i64, paid_on: &str) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let date = parse_date(paid_on, "feePaidOn")?;
        let work = context.open.db.begin()?;
        work.admission().mark_enrolment_fee_paid(child_id, date)?;
        Ok(work.commit()?)
    }

    /// Offers a place to the next in rank (R3; also the kindergarten, by registration).
    pub fn offer_place(&mut self, entry_id: i64) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let db = work.db();
        let app = db.admission().application(entry_id)?;
        if route(app.division, app.grade, app.wanted_start) == AdmissionRoute::Meeting {
            return Err(refused(tr!("admission.needs_meeting").into()));
        }
        let intake = intake_of(db, intake_query_of(&app))?;
        let ranked: Vec<(Applicant, Option<u32>)> = intake
            .applications
            .iter()
            .map(|a| {
                (
                    Applicant {
                        entry_id: a.id,
                        registered_at: String::new(),
                        sibling: a.sibling.is_some(),
                        status: a.status,
                    },
                    a.rank,
                )
            })
            .collect();
        check_offer(&ranked, intake.capacity - intake.enrolled, entry_id).map_err(refused)?;
        work.admission().record_offer(entry_id, today)?;
        Ok(work.commit()?)
    }

    /// Records the parents' answer to an offer; a declined place goes to the next in rank.
    pub fn answer_offer(
        &mut self,
        entry_id: i64,
        accepted: bool,
        answered_on: &str,
    ) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let date = parse_date(answered_on, "answeredOn")?;
        let work = context.open.db.begin()?;
        if work.db().admission().application(entry_id)?.status != ApplicationStatus::Offered {
            return Err(refused(tr!("admission.no_open_offer")));
        }
        work.admission().answer_offer(entry_id, accepted, date)?;
        Ok(work.commit()?)
    }

    /// Records the R4 meeting (leadership, child, parents, class teacher; outcome).
    pub fn record_meeting(&mut self, entry_id: i64, input: MeetingInput) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let meeting = input.validate(context.today)?;
        let work = context.open.db.begin()?;
        let app = work.db().admission().application(entry_id)?;
        if route(app.division, app.grade, app.wanted_start) != AdmissionRoute::Meeting
            || !app.status.is_open()
        {
            return Err(refused(tr!("admission.meeting_not_for_this")));
        }
        work.admission().record_meeting(entry_id, &meeting)?;
        Ok(work.commit()?)
    }

    /// R4: the headteacher approves or rejects, with a reason. Approval needs the full
    /// meeting's agreement and a free place.
    pub fn decide_admission(
        &mut self,
        entry_id: i64,
        approved: bool,
        reason: &str,
    ) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ApproveAdmission, Subject::School)?;
        let reason = reason.trim();
        if reason.is_empty() {
            let mut errors = ValidationErrors::default();
            errors.add("reason", tr!("admission.reason_missing"));
            return Err(errors.into());
        }
        let today = context.today;
        let work = context.open.db.begin()?;
        let db = work.db();
        let app = db.admission().application(entry_id)?;
        if route(app.division, app.grade, app.wanted_start) != AdmissionRoute::Meeting {
            return Err(refused(tr!("admission.approval_not_for_this")));
        }
        if app.status != ApplicationStatus::Waiting {
            return Err(refused(tr!("admission.decided_already")));
        }
        if approved {
            let intake = intake_at(db, &app)?;
            check_approval(app.meeting.as_ref(), intake).map_err(refused)?;
        }
        work.admission()
            .record_decision(entry_id, approved, reason, today)?;
        Ok(work.commit()?)
    }

    /// Turns an accepted or approved place into enrolments from the start date and
    /// records the terms the parents accepted (R6). Never beyond the class's places.
    pub fn admit(&mut self, entry_id: i64, input: AdmissionInput) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let today = context.today;
        let open = context.open;
        let work = open.db.begin()?;
        let db = work.db();
        let app = db.admission().application(entry_id)?;
        check_admission(route(app.division, app.grade, app.wanted_start), app.status)
            .map_err(refused)?;
        let admission = input.validate(app.division, today)?;
        let known: Vec<i64> = db
            .admission()
            .terms_versions()?
            .into_iter()
            .map(|t| t.id)
            .collect();
        if admission
            .terms_version_ids
            .iter()
            .any(|id| !known.contains(id))
        {
            return Err(refused(tr!("admission.terms_not_found")));
        }
        let (capacity, enrolled) = places_on(db, app.grade, admission.start_date)?;
        if capacity - enrolled <= 0 {
            return Err(refused(tr!("admission.class_full").into()));
        }
        work.admission().admit(entry_id, &admission)?;
        work.commit()?;
        open.refresh_index()?;
        Ok(())
    }

    /// Takes an application off the list (the parents withdrew it).
    pub fn withdraw_application(&mut self, entry_id: i64) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::EditWaitingList, Subject::School)?;
        let work = context.open.db.begin()?;
        if !work
            .db()
            .admission()
            .application(entry_id)?
            .status
            .is_open()
        {
            return Err(refused(tr!("admission.application_closed")));
        }
        work.admission().withdraw_application(entry_id)?;
        Ok(work.commit()?)
    }

    /// The versions of the terms, newest first.
    pub fn terms_versions(&mut self) -> AppResult<Vec<TermsVersion>> {
        let context = self
            .office
            .authorize(Action::ViewWaitingList, Subject::School)?;
        let versions = context.open.db.admission().terms_versions()?;
        Ok(versions
            .into_iter()
            .map(
                |StoredTermsVersion {
                     id,
                     division,
                     label,
                     valid_from,
                 }| TermsVersion {
                    id,
                    division,
                    label,
                    valid_from,
                },
            )
            .collect())
    }

    /// Adds a version of the terms (R6).
    pub fn add_terms_version(&mut self, input: TermsVersionInput) -> AppResult<Saved> {
        let context = self
            .office
            .authorize(Action::ManageTerms, Subject::School)?;
        let mut errors = ValidationErrors::default();
        if input.division.is_none() {
            errors.add("division", tr!("admission.division_missing"));
        }
        if input.label.trim().is_empty() {
            errors.add("label", tr!("admission.version_name_missing"));
        }
        let valid_from = dates::parse(&input.valid_from);
        if valid_from.is_none() {
            errors.add("validFrom", tr!("common.date_format"));
        }
        errors.into_result()?;
        let (division, valid_from) = (
            input.division.unwrap_or(Division::School),
            valid_from.unwrap_or(NaiveDate::MIN),
        );
        let id = context
            .open
            .db
            .add_terms_version(division, input.label.trim(), valid_from)?;
        Ok(Saved {
            id,
            warnings: Vec::new(),
        })
    }

    /// Sets the places of one class in one school year.
    pub fn set_class_capacity(
        &mut self,
        school_year: i32,
        grade: u8,
        capacity: u32,
    ) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        if grade > 9 || capacity > 60 {
            return Err(refused(tr!("admission.capacity_range")));
        }
        context
            .open
            .db
            .set_class_capacity(school_year, grade, capacity)?;
        Ok(())
    }
}

/// Free places for an R4 application in its class at its wanted start, less places
/// already promised to others.
fn intake_at(db: &Database, app: &StoredApplication) -> AppResult<i64> {
    let (capacity, enrolled) = places_on(db, Some(app.grade.unwrap_or(0)), app.wanted_start)?;
    let promised = db
        .admission()
        .applications(Some(Division::School), Some(app.school_year))?
        .iter()
        .filter(|a| a.grade == app.grade && a.id != app.id)
        .filter(|a| {
            matches!(
                a.status,
                ApplicationStatus::Offered
                    | ApplicationStatus::Accepted
                    | ApplicationStatus::Approved
            )
        })
        .count() as i64;
    Ok(capacity - enrolled - promised)
}

/// "0. klasse" or "børnehaven".
fn place_name(division: Division, grade: Option<u8>) -> String {
    match (division, grade) {
        (Division::Kindergarten, _) => "børnehaven".into(),
        (_, Some(grade)) => format!("{grade}. klasse"),
        _ => "skolen".into(),
    }
}

fn rates_from(
    db: &Database,
    division: Division,
    sfo_module: Option<&str>,
    start: NaiveDate,
) -> AppResult<(String, String)> {
    use skolekontor_domain::billing::{RateKind, RateTable};
    let rates = RateTable::new(db.billing().rates()?);
    let monthly = rates
        .monthly_rates(division, sfo_module, start)
        .unwrap_or_else(|| "det, skolens takster siger, når de er fastsat".into());
    let fee = rates
        .in_force(RateKind::EnrolmentFee, "", start)
        .unwrap_or_default()
        .to_danish();
    Ok((monthly, fee))
}

/// A place as a family's letter tells it.
struct PlaceFacts<'a> {
    division: Division,
    grade: Option<u8>,
    start: NaiveDate,
    /// The SFO module, if the child goes to SFO ("" for SFO without a module).
    sfo_module: Option<&'a str>,
    offered_on: Option<NaiveDate>,
}

/// One letter per home of the child's custody holders about `place`.
fn place_letters(
    db: &Database,
    child: &skolekontor_domain::register::ChildDetail,
    place: PlaceFacts,
) -> AppResult<Vec<skolekontor_documents::admission_letters::PlaceLetter>> {
    let (rates, fee) = rates_from(db, place.division, place.sfo_module, place.start)?;
    let homes = crate::documents::custody_homes(child)?;
    let fields = crate::documents::child_fields(child);
    Ok(homes
        .homes
        .into_iter()
        .map(|to| skolekontor_documents::admission_letters::PlaceLetter {
            to,
            guardians: homes.all.clone(),
            child: fields.clone(),
            place: place_name(place.division, place.grade),
            school_year: dates::school_year_label(place.start),
            start: place.start,
            rates: rates.clone(),
            fee: fee.clone(),
            offered_on: place.offered_on,
        })
        .collect())
}

/// The offer letters of an application with an offer not yet answered.
pub(crate) fn offer_letters(
    db: &Database,
    entry_id: i64,
) -> AppResult<Vec<skolekontor_documents::admission_letters::PlaceLetter>> {
    let app = db.admission().application(entry_id)?;
    let Some(offer) = app.offer.as_ref().filter(|o| o.accepted.is_none()) else {
        return Err(refused(tr!("admission.no_unanswered_offer")));
    };
    let child = db.register().child_detail(app.child_id)?;
    place_letters(
        db,
        &child,
        PlaceFacts {
            division: app.division,
            grade: app.grade,
            start: app.wanted_start,
            sfo_module: None,
            offered_on: Some(offer.offered_on),
        },
    )
}

/// The confirmation letters of an admitted child, with the rates of its place.
pub(crate) fn admission_letters(
    db: &Database,
    child_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<skolekontor_documents::admission_letters::PlaceLetter>> {
    let child = db.register().child_detail(child_id)?;
    let Some(placement) = child.placement.clone() else {
        return Err(refused(tr!("admission.not_admitted")));
    };
    let module = db
        .lists()
        .list_facts(today.max(placement.start_date))?
        .remove(&child_id)
        .map(|f| f.sfo_module)
        .unwrap_or_default();
    place_letters(
        db,
        &child,
        PlaceFacts {
            division: placement.division,
            grade: placement.grade,
            start: placement.start_date,
            sfo_module: placement.sfo.then_some(module.as_str()),
            offered_on: None,
        },
    )
}
