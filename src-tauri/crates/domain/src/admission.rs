//! Indmeldelse og optagelse: the waiting list, sibling status, the grade-0 intake
//! order (R3), the meeting and approval for other grades (R4), the enrolment fee
//! (R1, R2) and which route an application takes.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ApplicationStatus {
    /// Skrevet op, waiting.
    Waiting,
    /// A place is offered, no answer yet.
    Offered,
    /// The parents accepted the offered place.
    Accepted,
    /// The parents declined; the place goes to the next in rank.
    Declined,
    /// The headteacher approved (R4).
    Approved,
    /// The headteacher rejected (R4).
    Rejected,
    /// Enrolled.
    Admitted,
    /// Taken off the list.
    Withdrawn,
}

impl ApplicationStatus {
    /// All, in the database's order.
    pub const ALL: [ApplicationStatus; 8] = [
        Self::Waiting,
        Self::Offered,
        Self::Accepted,
        Self::Declined,
        Self::Approved,
        Self::Rejected,
        Self::Admitted,
        Self::Withdrawn,
    ];

    /// Stable code in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Offered => "offered",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Admitted => "admitted",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Reads [`ApplicationStatus::code`] back.
    pub fn from_code(code: &str) -> Option<ApplicationStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the application still competes for a place.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Waiting | Self::Offered | Self::Accepted | Self::Approved
        )
    }

    /// Whether it holds one of the class's places.
    pub fn holds_place(self) -> bool {
        matches!(
            self,
            Self::Offered | Self::Accepted | Self::Approved | Self::Admitted
        )
    }
}

/// Which rule decides an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum AdmissionRoute {
    /// R3: grade 0 from the start of a school year, places offered in rank order.
    Intake,
    /// R4: any other grade, or during the year: a meeting and the headteacher's approval.
    Meeting,
    /// The kindergarten: places offered in order of registration.
    Kindergarten,
}

/// The route of an application to `division`, `grade`, from `wanted_start`.
pub fn route(division: Division, grade: Option<u8>, wanted_start: NaiveDate) -> AdmissionRoute {
    let starts_school_year = wanted_start.month() == 8 && wanted_start.day() == 1;
    match division {
        Division::Kindergarten | Division::Sfo => AdmissionRoute::Kindergarten,
        Division::School if grade == Some(0) && starts_school_year => AdmissionRoute::Intake,
        Division::School => AdmissionRoute::Meeting,
    }
}

/// The waiting-list form as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct WaitingInput {
    /// The child (already in the register).
    #[ts(type = "number")]
    pub child_id: i64,
    /// School or kindergarten.
    pub division: Option<Division>,
    /// Klassetrin for the school.
    pub grade: Option<u8>,
    /// Wanted start: for the school a date (`dd-mm-yyyy`, default 1 August of the next
    /// school year), for the kindergarten a month (`mm-yyyy` or a date in it).
    pub wanted_start: String,
    /// Date the enrolment fee was paid, if it was (R1).
    pub fee_paid_on: String,
    pub notes: String,
}

/// A checked waiting-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidWaiting {
    pub child_id: i64,
    /// School or kindergarten.
    pub division: Division,
    /// Start year of the school year the place is wanted in.
    pub school_year: i32,
    /// Klassetrin (school only).
    pub grade: Option<u8>,
    /// Wanted start (kindergarten: the first of the month).
    pub wanted_start: NaiveDate,
    pub fee_paid_on: Option<NaiveDate>,
    pub notes: String,
}

fn parse_month(text: &str) -> Option<NaiveDate> {
    let t = text.trim().replace(['.', '/'], "-");
    dates::parse(&t)
        .or_else(|| NaiveDate::parse_from_str(&format!("01-{t}"), "%d-%m-%Y").ok())
        .and_then(|d| d.with_day(1))
}

impl WaitingInput {
    /// Checks the form on `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidWaiting, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let next_school_year =
            NaiveDate::from_ymd_opt(dates::school_year_start(today) + 1, 8, 1).unwrap_or(today);
        let wanted_start = match (self.division, self.wanted_start.trim()) {
            (Some(Division::School), "") => Some(next_school_year),
            (Some(Division::Kindergarten), text) => parse_month(text),
            (_, text) => dates::parse(text),
        };
        match self.division {
            None | Some(Division::Sfo) => errors.add("division", tr!("admission.division_missing")),
            Some(Division::School) if !matches!(self.grade, Some(0..=9)) => {
                errors.add("grade", tr!("common.grade_range"))
            }
            _ => {}
        }
        match wanted_start {
            None => errors.add("wantedStart", tr!("admission.start_format")),
            Some(start) if start < today.with_day(1).unwrap_or(today) => {
                errors.add("wantedStart", tr!("admission.start_before_this_month"))
            }
            _ => {}
        }
        let fee_paid_on = match self.fee_paid_on.trim() {
            "" => None,
            text => match dates::parse(text) {
                Some(date) if date <= today => Some(date),
                Some(_) => {
                    errors.add("feePaidOn", tr!("admission.fee_paid_future"));
                    None
                }
                None => {
                    errors.add("feePaidOn", tr!("common.date_format"));
                    None
                }
            },
        };
        errors.clone().into_result()?;
        let (division, wanted_start) = (
            self.division.unwrap_or(Division::School),
            wanted_start.unwrap_or(today),
        );
        Ok(ValidWaiting {
            child_id: self.child_id,
            division,
            school_year: dates::school_year_start(wanted_start),
            grade: if division == Division::School {
                self.grade
            } else {
                None
            },
            wanted_start,
            fee_paid_on,
            notes: self.notes.trim().to_string(),
        })
    }
}

/// R1: the enrolment fee is paid once per child, whatever the division. A date
/// already recorded is kept; a second payment is never asked for.
pub fn enrolment_fee_paid(
    already_paid: Option<NaiveDate>,
    paid_now: Option<NaiveDate>,
) -> Option<NaiveDate> {
    already_paid.or(paid_now)
}

/// A pupil enrolled at the school, as sibling status needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledPupil {
    /// The pupil.
    pub child_id: i64,
    /// First name, for the reason shown.
    pub first_name: String,
    /// Klassetrin.
    pub grade: u8,
    /// Guardians with custody of the pupil.
    pub custody_holders: Vec<i64>,
}

/// Why a child counts as a sibling: "søskende til Emma, 3. klasse".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SiblingOf {
    /// The pupil.
    #[ts(type = "number")]
    pub child_id: i64,
    /// The pupil's first name.
    pub first_name: String,
    /// The pupil's grade.
    pub grade: u8,
}

impl SiblingOf {
    /// The reason as the screen says it, in its language.
    pub fn shown(&self) -> String {
        tr!(
            "admission.sibling_of",
            name = self.first_name.clone(),
            grade = self.grade
        )
    }
}

/// Sibling status, computed, never typed: the child is a sibling when one of its
/// custody holders also has custody of a pupil enrolled on the intake date. Through
/// split households this follows custody, not address. The youngest such pupil is named.
pub fn sibling_of(
    child_id: i64,
    custody_holders: &[i64],
    pupils_on_intake_date: &[EnrolledPupil],
) -> Option<SiblingOf> {
    pupils_on_intake_date
        .iter()
        .filter(|p| {
            p.child_id != child_id
                && p.custody_holders
                    .iter()
                    .any(|g| custody_holders.contains(g))
        })
        .min_by_key(|p| (p.grade, p.child_id))
        .map(|p| SiblingOf {
            child_id: p.child_id,
            first_name: p.first_name.clone(),
            grade: p.grade,
        })
}

/// One application in a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// Waiting-list entry.
    pub entry_id: i64,
    /// Registration time, UTC RFC 3339 (compares in time order).
    pub registered_at: String,
    /// Sibling of a pupil (R3).
    pub sibling: bool,
    /// Where it stands.
    pub status: ApplicationStatus,
}

/// R3: the intake order — siblings first, then the rest, each group in order of
/// registration. Declined, rejected and withdrawn applications leave the ranking
/// (`None`), so the next in line moves up. With `sibling_priority` off (the
/// kindergarten) it is registration order alone.
pub fn rank(applicants: &[Applicant], sibling_priority: bool) -> Vec<(Applicant, Option<u32>)> {
    let mut ordered: Vec<Applicant> = applicants.to_vec();
    ordered.sort_by(|a, b| {
        let key = |x: &Applicant| {
            (
                !x.status.is_open() && x.status != ApplicationStatus::Admitted,
                sibling_priority && !x.sibling,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.registered_at.cmp(&b.registered_at))
            .then(a.entry_id.cmp(&b.entry_id))
    });
    let mut next = 0;
    ordered
        .into_iter()
        .map(|a| {
            let ranked = a.status.is_open() || a.status == ApplicationStatus::Admitted;
            let position = ranked.then(|| {
                next += 1;
                next
            });
            (a, position)
        })
        .collect()
}

/// R3: the places promised but not yet filled — offered, accepted or approved and
/// not yet enrolled. They count against a class's capacity like enrolled pupils.
pub fn pending_places(ranked: &[(Applicant, Option<u32>)]) -> i64 {
    ranked
        .iter()
        .filter(|(a, _)| {
            matches!(
                a.status,
                ApplicationStatus::Offered
                    | ApplicationStatus::Accepted
                    | ApplicationStatus::Approved
            )
        })
        .count() as i64
}

/// R3: may the place be offered to `entry_id` now? `unfilled` is the class's
/// capacity less the pupils already enrolled in it; places offered, accepted or
/// approved but not yet enrolled count against it too. Places go strictly in rank
/// order: only the first one waiting can be offered the next place.
pub fn check_offer(
    ranked: &[(Applicant, Option<u32>)],
    unfilled: i64,
    entry_id: i64,
) -> Result<(), String> {
    let pending = pending_places(ranked);
    let Some((applicant, _)) = ranked.iter().find(|(a, _)| a.entry_id == entry_id) else {
        return Err(tr!("admission.not_on_list"));
    };
    if applicant.status != ApplicationStatus::Waiting {
        return Err(tr!("admission.offer_only_waiting"));
    }
    let free = unfilled - pending;
    if free <= 0 {
        return Err(tr!("admission.no_free_places"));
    }
    let next_in_line = ranked
        .iter()
        .find(|(a, _)| a.status == ApplicationStatus::Waiting)
        .map(|(a, _)| a.entry_id);
    if next_in_line != Some(entry_id) {
        return Err(tr!("admission.in_rank_order"));
    }
    Ok(())
}

/// R4: the meeting with the leadership, the child, the parents and the class teacher.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingInput {
    /// Date held, `dd-mm-yyyy`.
    pub held_on: String,
    /// Ledelsen deltog.
    pub with_leadership: bool,
    /// Barnet deltog.
    pub with_child: bool,
    /// Forældrene deltog.
    pub with_parents: bool,
    /// Klasselæreren deltog.
    pub with_class_teacher: bool,
    /// Alle var enige om optagelse.
    pub all_agree: bool,
    /// Referat / notes.
    pub notes: String,
}

/// A recorded meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    /// Date held.
    pub held_on: NaiveDate,
    /// Ledelsen deltog.
    pub with_leadership: bool,
    /// Barnet deltog.
    pub with_child: bool,
    /// Forældrene deltog.
    pub with_parents: bool,
    /// Klasselæreren deltog.
    pub with_class_teacher: bool,
    /// Alle var enige.
    pub all_agree: bool,
    pub notes: String,
}

impl MeetingInput {
    /// Checks the form: a real date, not in the future.
    pub fn validate(&self, today: NaiveDate) -> Result<Meeting, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let held_on = dates::parse(&self.held_on);
        match held_on {
            None => errors.add("heldOn", tr!("common.date_format")),
            Some(d) if d > today => errors.add("heldOn", tr!("admission.meeting_not_held")),
            _ => {}
        }
        errors.into_result()?;
        Ok(Meeting {
            held_on: held_on.unwrap_or(today),
            with_leadership: self.with_leadership,
            with_child: self.with_child,
            with_parents: self.with_parents,
            with_class_teacher: self.with_class_teacher,
            all_agree: self.all_agree,
            notes: self.notes.trim().to_string(),
        })
    }
}

/// R4: may the headteacher approve? Only after a meeting where all four took part and
/// all agreed, and only with a free place in the class.
pub fn check_approval(meeting: Option<&Meeting>, free_places: i64) -> Result<(), String> {
    let Some(m) = meeting else {
        return Err(tr!("admission.no_meeting"));
    };
    if !(m.with_leadership && m.with_child && m.with_parents && m.with_class_teacher) {
        return Err(tr!("admission.meeting_all_four"));
    }
    if !m.all_agree {
        return Err(tr!("admission.not_all_agreed"));
    }
    if free_places <= 0 {
        return Err(tr!("admission.class_has_no_place"));
    }
    Ok(())
}

/// May an application with `status` on `route` be turned into an enrolment?
pub fn check_admission(route: AdmissionRoute, status: ApplicationStatus) -> Result<(), String> {
    match (route, status) {
        (AdmissionRoute::Meeting, ApplicationStatus::Approved) => Ok(()),
        (AdmissionRoute::Meeting, _) => Err(tr!("admission.approve_first")),
        (_, ApplicationStatus::Accepted) => Ok(()),
        (_, _) => Err(tr!("admission.accept_first")),
    }
}

/// R6 and the enrolment: what the secretary types when an accepted place becomes a pupil.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct AdmissionInput {
    /// First day, `dd-mm-yyyy`.
    pub start_date: String,
    /// SFO module, if the pupil starts in SFO (school only).
    pub sfo_module: String,
    /// Kindergarten group (kindergarten only).
    pub kindergarten_group: String,
    /// The versions of the terms the parents accepted (R6).
    #[ts(type = "number[]")]
    pub terms_version_ids: Vec<i64>,
    /// When they accepted them, `dd-mm-yyyy`.
    pub terms_accepted_on: String,
}

/// A checked admission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAdmission {
    /// First day.
    pub start_date: NaiveDate,
    /// SFO module (school pupils).
    pub sfo_module: Option<String>,
    pub kindergarten_group: Option<String>,
    /// Terms accepted (R6).
    pub terms_version_ids: Vec<i64>,
    pub terms_accepted_on: NaiveDate,
}

impl AdmissionInput {
    /// Checks the form for an application to `division` on `today`.
    pub fn validate(
        &self,
        division: Division,
        today: NaiveDate,
    ) -> Result<ValidAdmission, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let start_date = dates::parse(&self.start_date);
        if start_date.is_none() {
            errors.add("startDate", tr!("admission.start_day_format"));
        }
        let accepted_on = dates::parse(&self.terms_accepted_on);
        match accepted_on {
            None => errors.add("termsAcceptedOn", tr!("admission.acceptance_format")),
            Some(d) if d > today => {
                errors.add("termsAcceptedOn", tr!("admission.acceptance_future"))
            }
            _ => {}
        }
        if self.terms_version_ids.is_empty() {
            errors.add("termsVersionIds", tr!("admission.terms_missing"));
        }
        let text = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        let kindergarten_group =
            text(&self.kindergarten_group).filter(|_| division == Division::Kindergarten);
        let sfo_module = text(&self.sfo_module).filter(|_| division == Division::School);
        errors.into_result()?;
        Ok(ValidAdmission {
            start_date: start_date.unwrap_or(today),
            sfo_module,
            kindergarten_group,
            terms_version_ids: self.terms_version_ids.clone(),
            terms_accepted_on: accepted_on.unwrap_or(today),
        })
    }
}

/// The grade a pupil enrolled in `grade` from `start_date` is in on `on`: pupils move
/// up one grade each 1 August until the year's rollover records it.
pub fn grade_on(grade: u8, start_date: NaiveDate, on: NaiveDate) -> Option<u8> {
    let years = dates::school_year_start(on) - dates::school_year_start(start_date);
    u8::try_from(i32::from(grade) + years.max(0))
        .ok()
        .filter(|g| *g <= 9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn applicant(id: i64, minute: u32, sibling: bool, status: ApplicationStatus) -> Applicant {
        Applicant {
            entry_id: id,
            registered_at: format!("2026-01-01T10:{minute:02}:00.000Z"),
            sibling,
            status,
        }
    }

    fn order(ranked: &[(Applicant, Option<u32>)]) -> Vec<(i64, Option<u32>)> {
        ranked.iter().map(|(a, r)| (a.entry_id, *r)).collect()
    }

    #[test]
    fn r3_siblings_first_then_registration_order() {
        let list = [
            applicant(1, 1, false, Waiting),
            applicant(2, 5, true, Waiting),
            applicant(3, 2, false, Waiting),
            applicant(4, 3, true, Waiting),
        ];
        assert_eq!(
            order(&rank(&list, true)),
            vec![(4, Some(1)), (2, Some(2)), (1, Some(3)), (3, Some(4))]
        );
    }

    #[test]
    fn r3_ties_in_registration_time_fall_back_to_entry_order() {
        let list = [
            applicant(9, 1, false, Waiting),
            applicant(7, 1, false, Waiting),
        ];
        assert_eq!(order(&rank(&list, true)), vec![(7, Some(1)), (9, Some(2))]);
    }

    #[test]
    fn r3_a_declined_offer_leaves_the_ranking_and_the_next_moves_up() {
        let list = [
            applicant(1, 1, true, Declined),
            applicant(2, 2, false, Waiting),
            applicant(3, 3, false, Waiting),
        ];
        let ranked = rank(&list, true);
        assert_eq!(order(&ranked), vec![(2, Some(1)), (3, Some(2)), (1, None)]);
        // One place was freed by the decline: the next in rank gets it, not the one after.
        assert!(check_offer(&ranked, 1, 2).is_ok());
        assert!(check_offer(&ranked, 1, 3)
            .unwrap_err()
            .contains("rækkefølge"));
    }

    #[test]
    fn r3_offers_go_in_rank_order_and_never_beyond_capacity() {
        let list = [
            applicant(1, 1, false, Accepted),
            applicant(2, 2, false, Offered),
            applicant(3, 3, false, Waiting),
        ];
        let ranked = rank(&list, true);
        assert!(check_offer(&ranked, 2, 3)
            .unwrap_err()
            .contains("ingen ledige"));
        assert!(check_offer(&ranked, 3, 3).is_ok());
        assert!(check_offer(&ranked, 3, 2).unwrap_err().contains("venter"));
    }

    #[test]
    fn r3_places_offered_accepted_or_approved_are_pending_the_rest_are_not() {
        let list = [
            applicant(1, 1, false, Offered),
            applicant(2, 2, false, Accepted),
            applicant(3, 3, false, Approved),
            applicant(4, 4, false, Waiting),
            applicant(5, 5, false, Declined),
            applicant(6, 6, false, Rejected),
            applicant(7, 7, false, Admitted),
            applicant(8, 8, false, Withdrawn),
        ];
        // An admitted child is counted as enrolled, not as pending.
        assert_eq!(pending_places(&rank(&list, true)), 3);
    }

    #[test]
    fn kindergarten_ranks_by_registration_alone() {
        let list = [
            applicant(1, 2, true, Waiting),
            applicant(2, 1, false, Waiting),
        ];
        assert_eq!(order(&rank(&list, false)), vec![(2, Some(1)), (1, Some(2))]);
    }

    fn pupil(id: i64, name: &str, grade: u8, holders: &[i64]) -> EnrolledPupil {
        EnrolledPupil {
            child_id: id,
            first_name: name.into(),
            grade,
            custody_holders: holders.to_vec(),
        }
    }

    #[test]
    fn sibling_status_follows_custody_through_split_households() {
        // Emma lives with her mother (guardian 10) and father (11) in two households;
        // the applicant's custody holders are the father and his new partner (12).
        let pupils = [pupil(1, "Emma", 3, &[10, 11]), pupil(2, "Ida", 5, &[20])];
        let sibling = sibling_of(50, &[11, 12], &pupils).expect("a sibling through the father");
        assert_eq!(sibling.shown(), "søskende til Emma, 3. klasse");
        // A guardian without custody does not make a sibling: only custody holders are passed.
        assert_eq!(sibling_of(51, &[12], &pupils), None);
        // A child is not its own sibling.
        assert_eq!(sibling_of(1, &[10], &pupils), None);
    }

    #[test]
    fn sibling_names_the_youngest_pupil() {
        let pupils = [pupil(1, "Emma", 7, &[10]), pupil(2, "Oskar", 2, &[10])];
        assert_eq!(sibling_of(9, &[10], &pupils).unwrap().first_name, "Oskar");
    }

    #[test]
    fn r1_the_fee_is_paid_once_per_child() {
        assert_eq!(
            enrolment_fee_paid(Some(d(2024, 3, 1)), Some(d(2026, 5, 1))),
            Some(d(2024, 3, 1))
        );
        assert_eq!(
            enrolment_fee_paid(None, Some(d(2026, 5, 1))),
            Some(d(2026, 5, 1))
        );
        assert_eq!(enrolment_fee_paid(None, None), None);
    }

    #[test]
    fn routes_r3_for_grade_0_at_year_start_r4_otherwise() {
        assert_eq!(
            route(Division::School, Some(0), d(2027, 8, 1)),
            AdmissionRoute::Intake
        );
        assert_eq!(
            route(Division::School, Some(0), d(2027, 1, 5)),
            AdmissionRoute::Meeting
        );
        assert_eq!(
            route(Division::School, Some(4), d(2027, 8, 1)),
            AdmissionRoute::Meeting
        );
        assert_eq!(
            route(Division::Kindergarten, None, d(2027, 3, 1)),
            AdmissionRoute::Kindergarten
        );
    }

    #[test]
    fn r4_approval_needs_the_full_meeting_agreement_and_a_free_place() {
        let full = Meeting {
            held_on: d(2026, 11, 2),
            with_leadership: true,
            with_child: true,
            with_parents: true,
            with_class_teacher: true,
            all_agree: true,
            notes: String::new(),
        };
        assert!(check_approval(None, 3)
            .unwrap_err()
            .contains("optagelsesmøde"));
        assert!(check_approval(
            Some(&Meeting {
                with_class_teacher: false,
                ..full.clone()
            }),
            3
        )
        .unwrap_err()
        .contains("klasselæreren"));
        assert!(check_approval(
            Some(&Meeting {
                all_agree: false,
                ..full.clone()
            }),
            3
        )
        .unwrap_err()
        .contains("enige"));
        assert!(check_approval(Some(&full), 0)
            .unwrap_err()
            .contains("ledig plads"));
        assert!(check_approval(Some(&full), 1).is_ok());
    }

    #[test]
    fn admission_needs_acceptance_or_approval() {
        assert!(check_admission(AdmissionRoute::Intake, Accepted).is_ok());
        assert!(check_admission(AdmissionRoute::Intake, Offered).is_err());
        assert!(check_admission(AdmissionRoute::Meeting, Accepted).is_err());
        assert!(check_admission(AdmissionRoute::Meeting, Approved).is_ok());
    }

    #[test]
    fn pupils_move_up_a_grade_each_august_and_leave_after_9th() {
        assert_eq!(grade_on(0, d(2026, 8, 1), d(2027, 7, 31)), Some(0));
        assert_eq!(grade_on(0, d(2026, 8, 1), d(2027, 8, 1)), Some(1));
        assert_eq!(grade_on(9, d(2026, 8, 1), d(2027, 8, 1)), None);
    }

    #[test]
    fn waiting_form_defaults_and_checks() {
        let today = d(2026, 11, 23);
        let school = WaitingInput {
            child_id: 1,
            division: Some(Division::School),
            grade: Some(0),
            ..Default::default()
        };
        let valid = school.validate(today).unwrap();
        assert_eq!(
            (valid.wanted_start, valid.school_year),
            (d(2027, 8, 1), 2027)
        );
        let kg = WaitingInput {
            child_id: 1,
            division: Some(Division::Kindergarten),
            wanted_start: "03-2027".into(),
            ..Default::default()
        };
        let valid = kg.validate(today).unwrap();
        assert_eq!(
            (valid.wanted_start, valid.school_year, valid.grade),
            (d(2027, 3, 1), 2026, None)
        );
        let bad = WaitingInput {
            child_id: 1,
            division: Some(Division::School),
            grade: None,
            fee_paid_on: "01-01-2030".into(),
            ..Default::default()
        };
        let fields: Vec<String> = bad
            .validate(today)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["grade", "feePaidOn"]);
    }
}
