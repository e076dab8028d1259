//! The start page, "I dag": what is waiting for this user today, each with a link to
//! where it is handled — leave requests and admissions waiting for a decision, data
//! requests and their deadlines (R27, R31), today's sick pupils, withdrawals that
//! take effect this month, the charge run and arrears, the last backup and a
//! rollover that is due. Each part is shown only to the roles that handle it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use skolekontor_domain::absence::AbsenceKind;
use skolekontor_domain::admission::{AdmissionRoute, ApplicationStatus};
use skolekontor_domain::billing::ChargeMonth;
use skolekontor_domain::dates;
use skolekontor_domain::leaving::withdrawal::WithdrawalScope;
use skolekontor_domain::tr;
use ts_rs::TS;

use crate::access::Action;
use crate::error::AppResult;
use crate::use_case::Subject;

/// Where an item is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "to")]
pub enum TodayLink {
    /// Fravær.
    Absence,
    /// Indmeldelse.
    Admissions,
    /// Persondata.
    DataRequests,
    /// Betaling.
    Billing,
    /// Sikkerhedskopi.
    Backups,
    /// Skoleår.
    SchoolYear,
    /// A child's page.
    Child {
        /// The child.
        #[ts(type = "number")]
        id: i64,
    },
}

/// One thing waiting today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TodayItem {
    /// What it is about, in Danish.
    pub text: String,
    /// Where it is handled.
    pub link: TodayLink,
    /// Due or overdue: shown first and marked.
    pub urgent: bool,
}

/// A heading and its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TodayPart {
    /// "Venter på dig", "Fravær i dag" …
    pub title: String,
    /// The items, urgent first.
    pub items: Vec<TodayItem>,
}

/// The start page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TodayView {
    /// "tirsdag 1. december 2026".
    pub day: String,
    /// The parts with something in them.
    pub parts: Vec<TodayPart>,
}

fn item(text: String, link: TodayLink, urgent: bool) -> TodayItem {
    TodayItem { text, link, urgent }
}

crate::use_case_handle! {
    /// The start page (*I dag*): what waits for the user today; the use case, on the office's session.
    start_page => StartPageUseCases
}

impl StartPageUseCases<'_> {
    /// The start page for the logged-in user. It gathers what the read use cases of
    /// each part show (each checks its own access), all on the one day fixed here.
    pub fn today(&mut self) -> AppResult<TodayView> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let today = context.today;
        let user = context.user;
        let mut parts = vec![
            TodayPart {
                title: tr!("today.waiting_for_you"),
                items: self.decisions_waiting(today)?,
            },
            TodayPart {
                title: tr!("today.absent_today"),
                items: self.sick_today()?,
            },
            TodayPart {
                title: tr!("today.leaving_this_month"),
                items: self.leavings_this_month(today)?,
            },
        ];
        if user.may(Action::ViewBilling) {
            parts.push(TodayPart {
                title: tr!("today.billing"),
                items: self.billing_today(today)?,
            });
        }
        parts.push(TodayPart {
            title: tr!("today.upkeep"),
            items: self.upkeep_today(today)?,
        });
        for part in &mut parts {
            part.items.sort_by_key(|i| !i.urgent);
        }
        parts.retain(|p| !p.items.is_empty());
        Ok(TodayView {
            day: dates::long_shown(today),
            parts,
        })
    }

    /// Leave requests, admissions and data requests that wait for this user.
    fn decisions_waiting(&mut self, today: NaiveDate) -> AppResult<Vec<TodayItem>> {
        let user = self.office.user()?.clone();
        let mut items: Vec<TodayItem> = self
            .office
            .absence()
            .leave_requests()?
            .into_iter()
            .map(|a| {
                item(
                    tr!(
                        "today.leave_request",
                        child = a.child_name,
                        period = a.period
                    ),
                    TodayLink::Absence,
                    false,
                )
            })
            .collect();
        if user.may(Action::ApproveAdmission) {
            for application in self.office.admission().waiting_list(None)? {
                // An admission by meeting (R4) waits for her once the meeting is held.
                let waits = application.route == AdmissionRoute::Meeting
                    && application.status == ApplicationStatus::Waiting
                    && application.meeting.is_some();
                if waits {
                    items.push(item(
                        tr!(
                            "today.admission_waiting",
                            child = application.child_name,
                            year = application.school_year_label
                        ),
                        TodayLink::Admissions,
                        false,
                    ));
                }
            }
        }
        if user.may(Action::HandleDataRequests) {
            for request in self
                .office
                .privacy()
                .data_requests()?
                .into_iter()
                .filter(|r| r.open)
            {
                let soon = dates::parse(&request.due_on)
                    .is_some_and(|due| due <= today + chrono::Days::new(7));
                items.push(item(
                    tr!(
                        "today.data_request",
                        kind = request.kind,
                        by = request.made_by,
                        about = request.about,
                        due = request.due_on
                    ),
                    TodayLink::DataRequests,
                    request.overdue || soon,
                ));
            }
        }
        Ok(items)
    }

    /// The pupils reported sick today, a line per class (staff: their own class).
    fn sick_today(&mut self) -> AppResult<Vec<TodayItem>> {
        let mut by_grade: std::collections::BTreeMap<u8, Vec<String>> = Default::default();
        for away in self.office.absence().absent_today()? {
            if away.absence.kind == AbsenceKind::Sickness {
                by_grade
                    .entry(away.grade)
                    .or_default()
                    .push(away.absence.child_name);
            }
        }
        Ok(by_grade
            .into_iter()
            .map(|(grade, sick)| {
                item(
                    tr!(
                        "today.sick_in_grade",
                        grade = grade,
                        names = sick.join(", ")
                    ),
                    TodayLink::Absence,
                    false,
                )
            })
            .collect())
    }

    /// Withdrawals whose last day is this month, for the office.
    fn leavings_this_month(&mut self, today: NaiveDate) -> AppResult<Vec<TodayItem>> {
        if !self.office.user()?.may(Action::EditRegister) {
            return Ok(Vec::new());
        }
        let month = ChargeMonth::of(today);
        let db = &self.office.opened()?.db;
        Ok(db
            .leaving()
            .withdrawals_ending(month.first_day(), month.last_day())?
            .into_iter()
            .map(|(child_id, name, scope, last_day)| {
                let what = WithdrawalScope::from_code(&scope)
                    .map(|s| s.shown(""))
                    .unwrap_or_default();
                item(
                    tr!(
                        "today.leaving",
                        name = name,
                        what = what,
                        day = dates::short(last_day)
                    ),
                    TodayLink::Child { id: child_id },
                    last_day <= today,
                )
            })
            .collect())
    }

    /// The next charge run, a 0601 file not saved, and payers in arrears.
    fn billing_today(&mut self, today: NaiveDate) -> AppResult<Vec<TodayItem>> {
        let runs = self.office.billing().charge_runs()?;
        let mut items = Vec::new();
        let next = ChargeMonth::of(today).next();
        if !runs.iter().any(|r| r.month == next.key()) {
            items.push(item(
                tr!(
                    "today.run_not_issued",
                    month = dates::month_and_year_shown(next.first_day())
                ),
                TodayLink::Billing,
                today.day() >= 15,
            ));
        }
        for run in runs.iter().filter(|r| r.delivery_id.is_none()) {
            items.push(item(
                tr!("today.file_not_saved", month = run.month_label),
                TodayLink::Billing,
                true,
            ));
        }
        let in_arrears = self.office.billing().payer_accounts(true)?.len();
        if in_arrears > 0 {
            items.push(item(
                if in_arrears == 1 {
                    tr!("today.one_payer_in_arrears")
                } else {
                    tr!("today.payers_in_arrears", count = in_arrears)
                },
                TodayLink::Billing,
                false,
            ));
        }
        Ok(items)
    }

    /// The last backup, and the rollover when the register is still last year's.
    fn upkeep_today(&mut self, today: NaiveDate) -> AppResult<Vec<TodayItem>> {
        let user = self.office.user()?.clone();
        let mut items = Vec::new();
        if user.may(Action::MakeBackups) {
            let view = self.office.backup().backups()?;
            if let Some(problem) = view.problem {
                items.push(item(problem, TodayLink::Backups, true));
            }
            match view.backups.first() {
                Some(last) => items.push(item(
                    tr!("today.last_backup", made = last.made),
                    TodayLink::Backups,
                    false,
                )),
                None => items.push(item(tr!("today.no_backup"), TodayLink::Backups, true)),
            }
        }
        if user.may(Action::ManageSchoolYear) {
            let register_year = self.office.opened()?.db.leaving().data_school_year()?;
            let year = dates::school_year_start(today);
            if register_year < year {
                items.push(item(
                    tr!(
                        "today.rollover_not_run",
                        year = format!("{}/{:02}", year, (year + 1) % 100)
                    ),
                    TodayLink::SchoolYear,
                    true,
                ));
            }
        }
        Ok(items)
    }
}
