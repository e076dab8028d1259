//! Use cases of absence (R16): the office records sickness and leave requests; a
//! request goes to the class teacher (1–2 school days) or the headteacher (more),
//! who decide it; lists per child and per class with totals for the school year.

use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::absence::{school_days, AbsenceInput, AbsenceKind, Approver};
use skolekontor_domain::dates;
use skolekontor_domain::role::{Role, StaffScope};
use skolekontor_store::absence::StoredAbsence;
use skolekontor_store::{Database, StoreError};
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::session::SessionUser;
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// One absence as the screens show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub child_id: i64,
    pub child_name: String,
    /// Sickness or leave.
    pub kind: AbsenceKind,
    /// `26-11-2026` or `26-11-2026 – 27-11-2026`.
    pub period: String,
    pub school_days: u32,
    /// Who reported or asked.
    pub reported_by: String,
    pub note: String,
    /// In Danish: "Meldt syg", "Venter på klasselæreren", "Godkendt af …".
    pub status: String,
    /// Whether this user may decide it now.
    pub can_decide: bool,
}

/// A child's absence in the current school year.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChildAbsence {
    /// `2026/27`.
    pub school_year: String,
    /// Every absence, newest first.
    pub absences: Vec<AbsenceView>,
    /// School days sick this school year.
    pub sick_days: u32,
    /// School days of approved leave this school year.
    pub leave_days: u32,
}

/// One pupil's totals in a class list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceTotals {
    #[ts(type = "number")]
    pub child_id: i64,
    pub child_name: String,
    /// Sick school days.
    pub sick_days: u32,
    /// Approved leave school days.
    pub leave_days: u32,
}

/// A class's absence in the current school year.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ClassAbsence {
    /// `2026/27`.
    pub school_year: String,
    /// Pupils with absence, by name.
    pub totals: Vec<AbsenceTotals>,
    /// Every absence of the class this year.
    pub absences: Vec<AbsenceView>,
}

fn year_bounds(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = dates::school_year_start(today);
    (
        NaiveDate::from_ymd_opt(start, 8, 1).expect("1 August"),
        NaiveDate::from_ymd_opt(start + 1, 7, 31).expect("31 July"),
    )
}

/// School days of `absence` inside the school year that counts.
fn days_within(absence: &StoredAbsence, (from, to): (NaiveDate, NaiveDate)) -> u32 {
    let (first, last) = (absence.first_day.max(from), absence.last_day.min(to));
    if first > last {
        0
    } else {
        school_days(first, last)
    }
}

fn counts(absence: &StoredAbsence, year: (NaiveDate, NaiveDate)) -> (u32, u32) {
    let days = days_within(absence, year);
    match (absence.kind, absence.status.as_str()) {
        (AbsenceKind::Sickness, _) => (days, 0),
        (AbsenceKind::Leave, "approved") => (0, days),
        _ => (0, 0),
    }
}

/// R16: the headteacher decides every request; a class teacher those of 1–2 days
/// for a pupil in their own class.
fn may_decide(user: &SessionUser, absence: &StoredAbsence, pupil_grade: Option<u8>) -> bool {
    absence.status == "requested"
        && match user.role {
            Role::Headteacher => true,
            Role::Staff => {
                absence.approver == Some(Approver::ClassTeacher)
                    && matches!(user.scope, Some(StaffScope::Class { grade }) if Some(grade) == pupil_grade)
            }
            Role::Secretary => false,
        }
}

fn view(absence: &StoredAbsence, can_decide: bool) -> AbsenceView {
    let period = if absence.first_day == absence.last_day {
        dates::short(absence.first_day)
    } else {
        format!(
            "{} – {}",
            dates::short(absence.first_day),
            dates::short(absence.last_day)
        )
    };
    let by = absence.decided_by.as_deref().unwrap_or("");
    let status = match (absence.status.as_str(), absence.approver) {
        ("reported", _) => tr!("absence.reported_sick"),
        ("requested", Some(approver)) => tr!("absence.waiting_for", who = approver.shown()),
        ("approved", _) => tr!("absence.approved_by", by = by),
        ("refused", _) => tr!("absence.refused_by", by = by),
        (other, _) => other.to_string(),
    };
    AbsenceView {
        id: absence.id,
        child_id: absence.child_id,
        child_name: absence.child_name.clone(),
        kind: absence.kind,
        period,
        school_days: absence.school_days,
        reported_by: absence.reported_by.clone(),
        note: absence.note.clone(),
        status,
        can_decide,
    }
}

/// An absence running today, with the pupil's class.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AbsentToday {
    /// Klassetrin.
    pub grade: u8,
    pub absence: AbsenceView,
}

crate::use_case_handle! {
    /// Absence and leave (*fravær*): the use cases, on the office's session.
    absence => AbsenceUseCases
}

impl AbsenceUseCases<'_> {
    /// Every absence running today, class by class: the school's "who is away today"
    /// (staff: their own class).
    pub fn absent_today(&mut self) -> AppResult<Vec<AbsentToday>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let (today, user, db) = (context.today, &context.user, &context.open.db);
        let mut absent = Vec::new();
        for grade in (0..=9).filter(|grade| user.may_see_class(*grade)) {
            for absence in db.absence().absences_of_grade(grade, today, today, today)? {
                if absence.status == "refused" {
                    continue;
                }
                absent.push(AbsentToday {
                    grade,
                    absence: view(&absence, may_decide(user, &absence, Some(grade))),
                });
            }
        }
        Ok(absent)
    }

    /// Records reported sickness or a leave request (routed by R16); staff for the
    /// children of their own class (R24).
    pub fn record_absence(&mut self, input: AbsenceInput) -> AppResult<AbsenceView> {
        let context = self
            .office
            .authorize(Action::RecordAbsence, Subject::Child(input.child_id))?;
        let absence = input.validate(context.today)?;
        let work = context.open.db.begin()?;
        let id = work.absence().add_absence(&absence)?;
        let stored = work.db().absence().absence(id)?;
        work.commit()?;
        Ok(view(&stored, may_decide(&context.user, &stored, None)))
    }

    /// A child's absence with this school year's totals.
    pub fn child_absence(&mut self, child_id: i64) -> AppResult<ChildAbsence> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Child(child_id))?;
        let (today, user, db) = (context.today, &context.user, &context.open.db);
        let grade = grade_of(db, child_id)?;
        let year = year_bounds(today);
        let stored = db.absence().absences_of_child(child_id)?;
        let (sick_days, leave_days) = stored
            .iter()
            .map(|a| counts(a, year))
            .fold((0, 0), |(s, l), (a, b)| (s + a, l + b));
        Ok(ChildAbsence {
            school_year: dates::school_year_label(today),
            absences: stored
                .iter()
                .map(|a| view(a, may_decide(user, a, grade)))
                .collect(),
            sick_days,
            leave_days,
        })
    }

    /// A class's absence this school year; staff see only their own class.
    pub fn class_absence(&mut self, grade: u8) -> AppResult<ClassAbsence> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Class(grade))?;
        let (today, user, db) = (context.today, &context.user, &context.open.db);
        let year = year_bounds(today);
        let stored = db
            .absence()
            .absences_of_grade(grade, today, year.0, year.1)?;
        let mut totals: Vec<AbsenceTotals> = Vec::new();
        for absence in &stored {
            let (sick, leave) = counts(absence, year);
            match totals.iter_mut().find(|t| t.child_id == absence.child_id) {
                Some(t) => (t.sick_days, t.leave_days) = (t.sick_days + sick, t.leave_days + leave),
                None => totals.push(AbsenceTotals {
                    child_id: absence.child_id,
                    child_name: absence.child_name.clone(),
                    sick_days: sick,
                    leave_days: leave,
                }),
            }
        }
        let absences = stored
            .iter()
            .map(|a| view(a, may_decide(user, a, Some(grade))))
            .collect();
        Ok(ClassAbsence {
            school_year: dates::school_year_label(today),
            totals,
            absences,
        })
    }

    /// The leave requests waiting for this user (R16's routing).
    pub fn leave_requests(&mut self) -> AppResult<Vec<AbsenceView>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let (user, db) = (&context.user, &context.open.db);
        let approver = match user.role {
            Role::Headteacher => Approver::Headteacher,
            Role::Staff => Approver::ClassTeacher,
            Role::Secretary => return Ok(Vec::new()),
        };
        let mut waiting = Vec::new();
        for absence in db.absence().open_leave_requests(approver)? {
            if may_decide(user, &absence, grade_of(db, absence.child_id)?) {
                waiting.push(view(&absence, true));
            }
        }
        Ok(waiting)
    }

    /// Approves or refuses a leave request: the class teacher for 1–2 days in their
    /// class, the headteacher for any.
    pub fn decide_leave(&mut self, absence_id: i64, approve: bool) -> AppResult<AbsenceView> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let work = context.open.db.begin()?;
        let absence = work.db().absence().absence(absence_id)?;
        let grade = grade_of(work.db(), absence.child_id)?;
        if !may_decide(&context.user, &absence, grade) {
            let who = absence
                .approver
                .map(Approver::shown)
                .unwrap_or_else(|| tr!("absence.the_office"));
            return Err(AppError::Refused(tr!("absence.decided_by", who = who)));
        }
        work.absence()
            .decide_leave(absence_id, approve)
            .map_err(|e| match e {
                StoreError::NotFound => AppError::Refused(tr!("absence.already_decided")),
                other => other.into(),
            })?;
        let decided = work.db().absence().absence(absence_id)?;
        work.commit()?;
        Ok(view(&decided, false))
    }
}

/// The grade of the child's current school place, if any.
fn grade_of(db: &Database, child_id: i64) -> AppResult<Option<u8>> {
    Ok(db
        .register()
        .child_detail(child_id)?
        .placement
        .and_then(|p| p.grade))
}
