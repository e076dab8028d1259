//! Placements (*indskrivning*): what a child attends over time — the school with its
//! grade, each SFO module, the kindergarten — as rows with a first and a last day,
//! and every change to them as a dated event with who made it and why.
//!
//! This module holds the rules of the changes made during a year: a class change
//! (R4) and an SFO module joined, switched or dropped (R7, R11). Withdrawal, the
//! school's own endings and the rollover live in [`crate::leaving`] and end rows the
//! same way.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;
use crate::Ore;

/// One placement row: a child in one division (and grade, SFO module) from a first
/// day to a last day (none = until further notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRow {
    /// The row's id in the store.
    pub id: i64,
    /// School, SFO or kindergarten.
    pub division: Division,
    /// Grade 0–9 for the school.
    pub grade: Option<u8>,
    /// The SFO module (empty when none is named).
    pub sfo_module: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day, if known.
    pub end: Option<NaiveDate>,
}

impl PlacementRow {
    /// Whether the place still runs after `day`.
    pub fn runs_after(&self, day: NaiveDate) -> bool {
        self.end.is_none_or(|end| end > day)
    }

    /// Whether the place runs on `day`.
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|end| end >= day)
    }

    /// The end that makes the row stop after `last_day`: `last_day`, or the day before
    /// the start when the place would only begin later (it never begins).
    pub fn end_after(&self, last_day: NaiveDate) -> NaiveDate {
        if self.start > last_day {
            self.start.pred_opt().unwrap_or(self.start)
        } else {
            last_day
        }
    }
}

/// A change of one row's last day; `previous_end` lets a cancellation put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementEnd {
    /// The row.
    pub enrolment_id: i64,
    /// The last day before the change.
    pub previous_end: Option<NaiveDate>,
    /// The new last day.
    pub new_end: NaiveDate,
}

/// Ends every row in `rows` that runs after `last_day`.
pub fn ends_after<'a>(
    rows: impl IntoIterator<Item = &'a PlacementRow>,
    last_day: NaiveDate,
) -> Vec<PlacementEnd> {
    rows.into_iter()
        .filter(|row| row.runs_after(last_day))
        .map(|row| PlacementEnd {
            enrolment_id: row.id,
            previous_end: row.end,
            new_end: row.end_after(last_day),
        })
        .collect()
}

/// A new row a change starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementStart {
    /// School or SFO.
    pub division: Division,
    /// The grade, for the school.
    pub grade: Option<u8>,
    pub sfo_module: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day, when known at once (the notice of a row it replaces).
    pub end: Option<NaiveDate>,
}

/// What kind of change an event records; the timeline names each in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// Admitted (R3, R4) or registered by the office.
    Admission,
    /// Moved to another grade during the year (R4).
    ClassChange,
    /// Joined an SFO module.
    SfoJoin,
    /// Switched from one SFO module to another.
    SfoSwitch,
    /// Dropped an SFO module with notice (R11).
    SfoDrop,
    /// Withdrawn with notice (R11).
    Withdrawal,
    /// Kindergarten place ended for arrears (R14).
    ArrearsTermination,
    /// Schooling ended for serious breach (R15).
    Expulsion,
    /// Left at the end of the school year (R12).
    AutomaticLeaving,
    /// Moved up a grade at the rollover (R12).
    Promotion,
    /// A mistyped date put right.
    DateCorrection,
    /// Left the kindergarten for the school.
    KindergartenToSchool,
    /// A withdrawal taken back: the places run as before it.
    WithdrawalCancelled,
}

impl ChangeKind {
    /// Every kind, for the stored codes.
    pub const ALL: [ChangeKind; 13] = [
        ChangeKind::Admission,
        ChangeKind::ClassChange,
        ChangeKind::SfoJoin,
        ChangeKind::SfoSwitch,
        ChangeKind::SfoDrop,
        ChangeKind::Withdrawal,
        ChangeKind::ArrearsTermination,
        ChangeKind::Expulsion,
        ChangeKind::AutomaticLeaving,
        ChangeKind::Promotion,
        ChangeKind::DateCorrection,
        ChangeKind::KindergartenToSchool,
        ChangeKind::WithdrawalCancelled,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Admission => "admission",
            ChangeKind::ClassChange => "class_change",
            ChangeKind::SfoJoin => "sfo_join",
            ChangeKind::SfoSwitch => "sfo_switch",
            ChangeKind::SfoDrop => "sfo_drop",
            ChangeKind::Withdrawal => "withdrawal",
            ChangeKind::ArrearsTermination => "arrears_termination",
            ChangeKind::Expulsion => "expulsion",
            ChangeKind::AutomaticLeaving => "automatic_leaving",
            ChangeKind::Promotion => "promotion",
            ChangeKind::DateCorrection => "date_correction",
            ChangeKind::KindergartenToSchool => "kindergarten_to_school",
            ChangeKind::WithdrawalCancelled => "withdrawal_cancelled",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The audit log's action code.
    pub fn audit_action(self) -> &'static str {
        match self {
            ChangeKind::Admission => "placement.admission",
            ChangeKind::ClassChange => "placement.class_change",
            ChangeKind::SfoJoin => "placement.sfo_join",
            ChangeKind::SfoSwitch => "placement.sfo_switch",
            ChangeKind::SfoDrop => "placement.sfo_drop",
            ChangeKind::Withdrawal => "placement.withdrawal",
            ChangeKind::ArrearsTermination => "placement.arrears_termination",
            ChangeKind::Expulsion => "placement.expulsion",
            ChangeKind::AutomaticLeaving => "placement.automatic_leaving",
            ChangeKind::Promotion => "placement.promotion",
            ChangeKind::DateCorrection => "placement.date_correction",
            ChangeKind::KindergartenToSchool => "placement.kindergarten_to_school",
            ChangeKind::WithdrawalCancelled => "placement.withdrawal_cancelled",
        }
    }
}

/// One change as the timeline keeps it: what, from which day, and the facts it
/// rests on. Who made it is the store's to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChangeRecord {
    /// What changed.
    pub kind: ChangeKind,
    /// The first day of what changed (a new place's first day, the day after a last day).
    pub effective_on: NaiveDate,
    /// The grade left.
    pub from_grade: Option<u8>,
    /// The grade joined.
    pub to_grade: Option<u8>,
    /// The SFO module left.
    pub from_module: String,
    /// The SFO module joined.
    pub to_module: String,
    /// R11: the notice's day of receipt.
    pub received_on: Option<NaiveDate>,
    /// R4: the meeting's day.
    pub meeting_on: Option<NaiveDate>,
    /// R4: approved by the user who saved it (the headteacher).
    pub approved: bool,
    /// Why.
    pub reason: String,
}

impl ChangeRecord {
    /// A bare record of `kind` from `effective_on`.
    pub fn new(kind: ChangeKind, effective_on: NaiveDate) -> ChangeRecord {
        ChangeRecord {
            kind,
            effective_on,
            from_grade: None,
            to_grade: None,
            from_module: String::new(),
            to_module: String::new(),
            received_on: None,
            meeting_on: None,
            approved: false,
            reason: String::new(),
        }
    }
}

/// A class change as typed (R4): the grade, the first day, and the meeting.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ClassChangeInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// The grade the pupil moves to.
    pub to_grade: Option<u8>,
    /// The first day in the new class, `dd-mm-yyyy`.
    pub first_day: String,
    /// The day of the meeting with the leadership, the child, the parents and the
    /// class teacher, `dd-mm-yyyy`.
    pub meeting_on: String,
    /// Everyone at the meeting agreed.
    pub all_agree: bool,
    /// Why, in the office's words.
    pub reason: String,
}

/// A checked class change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassChangePlan {
    /// The grade left.
    pub from_grade: u8,
    /// The grade joined.
    pub to_grade: u8,
    /// The first day in the new class.
    pub first_day: NaiveDate,
    /// The meeting's day.
    pub meeting_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// The school row that ends the day before.
    pub end: PlacementEnd,
    /// The school row that starts.
    pub start: PlacementStart,
}

impl ClassChangePlan {
    /// The event it records: approved by whoever saves it (the headteacher).
    pub fn record(&self) -> ChangeRecord {
        ChangeRecord {
            from_grade: Some(self.from_grade),
            to_grade: Some(self.to_grade),
            meeting_on: Some(self.meeting_on),
            approved: true,
            reason: self.reason.clone(),
            ..ChangeRecord::new(ChangeKind::ClassChange, self.first_day)
        }
    }
}

/// Places taken and offered in one class on one day, for R4's free place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassRoom {
    /// Pupils in the class that day.
    pub pupils: u32,
    /// The class's capacity that school year.
    pub capacity: u32,
}

/// R4: a class change needs a free place in the new class and a meeting at which
/// everyone agreed; the headteacher's approval is the caller's (it is who saves it).
pub fn plan_class_change(
    input: &ClassChangeInput,
    today: NaiveDate,
    rows: &[PlacementRow],
    room_in: impl FnOnce(u8, NaiveDate) -> ClassRoom,
) -> Result<ClassChangePlan, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let first_day = required_date(&mut errors, "firstDay", &input.first_day);
    let meeting_on = required_date(&mut errors, "meetingOn", &input.meeting_on);
    if meeting_on.is_some_and(|m| m > today) {
        errors.add("meetingOn", tr!("placement.meeting_first"));
    }
    if !input.all_agree {
        errors.add("allAgree", tr!("placement.all_agree"));
    }
    let to_grade = input.to_grade.filter(|g| *g <= 9);
    if to_grade.is_none() {
        errors.add("toGrade", tr!("placement.to_class_missing"));
    }
    if input.reason.trim().is_empty() {
        errors.add("reason", tr!("placement.reason_missing"));
    }
    let (Some(first_day), Some(meeting_on), Some(to_grade)) = (first_day, meeting_on, to_grade)
    else {
        return Err(errors);
    };
    if first_day < today.with_day(1).expect("1st") {
        errors.add("firstDay", tr!("placement.from_this_month"));
    }
    if dates::school_year_start(first_day) != dates::school_year_start(today) && first_day > today {
        errors.add("firstDay", tr!("placement.this_school_year"));
    }
    errors.clone().into_result()?;
    let Some(row) = rows
        .iter()
        .find(|r| r.division == Division::School && r.runs_on(first_day))
    else {
        errors.add(
            "firstDay",
            tr!("placement.not_in_school", day = dates::short(first_day)),
        );
        return Err(errors);
    };
    let from_grade = row.grade.unwrap_or_default();
    if from_grade == to_grade {
        errors.add(
            "toGrade",
            tr!("placement.already_in_grade", grade = to_grade),
        );
        return Err(errors);
    }
    let room = room_in(to_grade, first_day);
    if room.pupils >= room.capacity {
        errors.add(
            "toGrade",
            tr!(
                "placement.grade_full",
                grade = to_grade,
                pupils = room.pupils,
                capacity = room.capacity
            ),
        );
        return Err(errors);
    }
    let last_day = first_day.pred_opt().expect("a day before");
    Ok(ClassChangePlan {
        from_grade,
        to_grade,
        first_day,
        meeting_on,
        reason: input.reason.trim().to_string(),
        end: PlacementEnd {
            enrolment_id: row.id,
            previous_end: row.end,
            new_end: row.end_after(last_day),
        },
        start: PlacementStart {
            division: Division::School,
            grade: Some(to_grade),
            sfo_module: String::new(),
            start: first_day,
            end: row.end,
        },
    })
}

/// What an SFO module change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum SfoChangeAction {
    /// Joins a module.
    #[default]
    Join,
    /// Switches from one module to another.
    Switch,
    /// Drops a module, with notice (R11).
    Drop,
}

/// An SFO module change as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct SfoChangeInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// Join, switch or drop.
    pub action: SfoChangeAction,
    /// The module left (switch, drop).
    pub from_module: String,
    /// The module joined (join, switch).
    pub to_module: String,
    /// Joining or a dearer module: the month it starts, `mm-yyyy` (from its 1st).
    pub start_month: String,
    /// A cheaper module or a drop: the day the office received the written notice,
    /// `dd-mm-yyyy` (R11).
    pub received_on: String,
    /// The guardian who gave notice (a cheaper module or a drop).
    #[ts(type = "number | null")]
    pub from_guardian_id: Option<i64>,
}

/// A checked SFO module change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SfoChangePlan {
    /// Join, switch or drop.
    pub action: SfoChangeAction,
    /// The module left.
    pub from_module: Option<String>,
    /// The module joined.
    pub to_module: Option<String>,
    /// The last day in the module left.
    pub last_day: Option<NaiveDate>,
    /// The first day in the module joined.
    pub first_day: Option<NaiveDate>,
    /// Whether the notice of R11 decided the day (a cheaper module or a drop).
    pub by_notice: bool,
    /// The notice's day of receipt, when by notice.
    pub received_on: Option<NaiveDate>,
    /// The guardian who gave notice.
    pub from_guardian_id: Option<i64>,
    /// The row that ends.
    pub end: Option<PlacementEnd>,
    /// The row that starts.
    pub start: Option<PlacementStart>,
}

/// The facts an SFO module change is checked against.
pub struct SfoFacts<'a> {
    /// The child's rows.
    pub rows: &'a [PlacementRow],
    /// The child's guardians with custody (who may give notice).
    pub guardian_ids: &'a [i64],
    /// The module's monthly rate on a day; none when the school has no such module.
    pub rate_on: &'a dyn Fn(&str, NaiveDate) -> Option<Ore>,
    /// The first day of the first month not yet charged: nothing may change before it.
    pub first_open_day: NaiveDate,
}

/// The module of a place in SFO without a module.
pub const PLAIN_SFO: &str = "";

/// "SFO-modulet Morgen", or "SFO uden modul" for a place without one.
pub fn module_name(module: &str) -> String {
    crate::language::in_danish(|| module_name_shown(module))
}

/// The module's name in the reader's language, for a screen.
pub fn module_name_shown(module: &str) -> String {
    if module.trim().is_empty() {
        tr!("placement.sfo_without_module_name")
    } else {
        tr!("placement.sfo_module_name", module = module)
    }
}

/// R7/R11: joining a module or a dearer one starts on the 1st of the month the
/// office chooses; a cheaper module or a drop follows the notice of R11 (the last
/// day is the last of the month after the month of receipt); a change may not
/// reach back into a month already charged.
pub fn plan_sfo_change(
    input: &SfoChangeInput,
    today: NaiveDate,
    facts: &SfoFacts<'_>,
) -> Result<SfoChangePlan, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let from_module = input.from_module.trim();
    let to_module = input.to_module.trim();
    let leaves = matches!(
        input.action,
        SfoChangeAction::Switch | SfoChangeAction::Drop
    );
    let joins = matches!(
        input.action,
        SfoChangeAction::Join | SfoChangeAction::Switch
    );
    let current = |module: &str, day: NaiveDate| {
        facts.rows.iter().find(|r| {
            r.division == Division::Sfo
                && r.sfo_module.eq_ignore_ascii_case(module)
                && r.runs_after(day.pred_opt().expect("a day before"))
        })
    };
    // A place in SFO without a module (from before the school had modules) is left
    // like a module: its from-module is empty.
    let in_plain_sfo = current(PLAIN_SFO, today).is_some();
    if leaves && from_module.is_empty() && !in_plain_sfo {
        errors.add("fromModule", tr!("placement.from_module_missing"));
    }
    if joins && to_module.is_empty() {
        errors.add("toModule", tr!("placement.to_module_missing"));
    }
    if leaves && joins && from_module.eq_ignore_ascii_case(to_module) && !to_module.is_empty() {
        errors.add("toModule", tr!("placement.same_module"));
    }
    errors.clone().into_result()?;
    let leaving_row = if leaves {
        match current(from_module, today) {
            Some(row) => Some(row),
            None => {
                errors.add(
                    "fromModule",
                    tr!(
                        "placement.not_in_module",
                        module = module_name_shown(from_module)
                    ),
                );
                return Err(errors);
            }
        }
    } else {
        None
    };
    if joins && facts.rates_missing(to_module, today) {
        errors.add(
            "toModule",
            tr!("placement.no_rate_for_module", module = to_module),
        );
        return Err(errors);
    }
    // A cheaper module or a drop is a withdrawal from the dearer place: notice (R11).
    let by_notice = match input.action {
        SfoChangeAction::Drop => true,
        SfoChangeAction::Join => false,
        SfoChangeAction::Switch => {
            let old = (facts.rate_on)(from_module, today).unwrap_or_default();
            let new = (facts.rate_on)(to_module, today).unwrap_or_default();
            new < old
        }
    };
    let (received_on, from_guardian_id, last_day, first_day) = if by_notice {
        let received = required_date(&mut errors, "receivedOn", &input.received_on);
        if received.is_some_and(|d| d > today) {
            errors.add("receivedOn", tr!("placement.notice_future"));
        }
        let guardian = input
            .from_guardian_id
            .filter(|id| facts.guardian_ids.contains(id));
        if guardian.is_none() {
            errors.add("fromGuardianId", tr!("placement.notice_by_custody"));
        }
        errors.clone().into_result()?;
        let received = received.expect("checked");
        let last_day = dates::notice_last_day(received);
        (
            Some(received),
            guardian,
            Some(last_day),
            joins.then(|| last_day.succ_opt().expect("next day")),
        )
    } else {
        let first = match parse_month(&input.start_month) {
            Some(first) => first,
            None => {
                errors.add("startMonth", tr!("placement.start_month_format"));
                return Err(errors);
            }
        };
        (
            None,
            None,
            leaves.then(|| first.pred_opt().expect("a day before")),
            Some(first),
        )
    };
    let earliest = last_day
        .map(|d| d.succ_opt().expect("next day"))
        .or(first_day)
        .expect("a change has a day");
    if earliest < facts.first_open_day {
        errors.add(
            if by_notice {
                "receivedOn"
            } else {
                "startMonth"
            },
            tr!(
                "placement.month_charged",
                day = dates::short(earliest),
                month = dates::month_and_year_shown(earliest),
                open = dates::month_and_year_shown(facts.first_open_day)
            ),
        );
        return Err(errors);
    }
    if let (Some(first), false) = (first_day, leaves) {
        if current(to_module, first).is_some_and(|r| r.runs_on(first)) {
            errors.add(
                "toModule",
                tr!("placement.already_in_module", module = to_module),
            );
            return Err(errors);
        }
        // A module on top of plain SFO would charge both: it is a switch.
        if current(PLAIN_SFO, first).is_some_and(|r| r.runs_on(first)) {
            errors.add("toModule", tr!("placement.sfo_without_module"));
            return Err(errors);
        }
    }
    let in_school = facts
        .rows
        .iter()
        .any(|r| r.division == Division::School && first_day.is_none_or(|d| r.runs_on(d)));
    if joins && !in_school {
        errors.add("toModule", tr!("placement.sfo_needs_school"));
        return Err(errors);
    }
    let end = leaving_row.and_then(|row| {
        let last = last_day.expect("a module left has a last day");
        row.runs_after(last).then(|| PlacementEnd {
            enrolment_id: row.id,
            previous_end: row.end,
            new_end: row.end_after(last),
        })
    });
    if leaves && end.is_none() {
        errors.add(
            "fromModule",
            tr!(
                "placement.ends_before",
                module = module_name_shown(from_module)
            ),
        );
        return Err(errors);
    }
    let start = first_day.filter(|_| joins).map(|first| PlacementStart {
        division: Division::Sfo,
        grade: None,
        sfo_module: to_module.to_string(),
        start: first,
        end: leaving_row.and_then(|r| r.end),
    });
    Ok(SfoChangePlan {
        action: input.action,
        from_module: leaves.then(|| from_module.to_string()),
        to_module: joins.then(|| to_module.to_string()),
        last_day,
        first_day: first_day.filter(|_| joins),
        by_notice,
        received_on,
        from_guardian_id,
        end,
        start,
    })
}

impl SfoChangePlan {
    /// The event it records.
    pub fn record(&self) -> ChangeRecord {
        let kind = match self.action {
            SfoChangeAction::Join => ChangeKind::SfoJoin,
            SfoChangeAction::Switch => ChangeKind::SfoSwitch,
            SfoChangeAction::Drop => ChangeKind::SfoDrop,
        };
        let effective_on = self
            .first_day
            .or_else(|| self.last_day.and_then(|d| d.succ_opt()))
            .expect("a change has a day");
        ChangeRecord {
            from_module: self.from_module.clone().unwrap_or_default(),
            to_module: self.to_module.clone().unwrap_or_default(),
            received_on: self.received_on,
            ..ChangeRecord::new(kind, effective_on)
        }
    }
}

impl SfoFacts<'_> {
    fn rates_missing(&self, module: &str, day: NaiveDate) -> bool {
        (self.rate_on)(module, day).is_none()
    }
}

fn required_date(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<NaiveDate> {
    let parsed = dates::parse(text);
    if parsed.is_none() {
        errors.add(field, tr!("common.date_format"));
    }
    parsed
}

/// R7/R11: the first day an SFO module change may take effect. A month already
/// charged is corrected, never edited, so a change starts after the last month
/// charged (`after_last_charged`, none before the first run); and it never starts
/// before the current month.
pub fn first_changeable_day(after_last_charged: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    let this_month = today.with_day(1).expect("every month has a 1st");
    after_last_charged.map_or(this_month, |open| open.max(this_month))
}

/// `mm-yyyy` (or `m-yyyy`, `mm/yyyy`) as the month's first day.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (month, year) = text.trim().split_once(['-', '/', '.'])?;
    NaiveDate::from_ymd_opt(year.trim().parse().ok()?, month.trim().parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r11_a_change_starts_after_the_last_charged_month_and_not_before_this_month() {
        let today = d(2026, 11, 20);
        // December is charged: January is the first open month.
        assert_eq!(
            first_changeable_day(Some(d(2027, 1, 1)), today),
            d(2027, 1, 1)
        );
        // Charged up to September only: still not back before November.
        assert_eq!(
            first_changeable_day(Some(d(2026, 10, 1)), today),
            d(2026, 11, 1)
        );
        assert_eq!(first_changeable_day(None, today), d(2026, 11, 1));
    }

    fn row(id: i64, division: Division, grade: Option<u8>, module: &str) -> PlacementRow {
        PlacementRow {
            id,
            division,
            grade,
            sfo_module: module.into(),
            start: d(2026, 8, 1),
            end: None,
        }
    }

    fn pupil() -> Vec<PlacementRow> {
        vec![
            row(1, Division::School, Some(2), ""),
            row(2, Division::Sfo, None, "Eftermiddag"),
        ]
    }

    fn class_input() -> ClassChangeInput {
        ClassChangeInput {
            child_id: 7,
            to_grade: Some(3),
            first_day: "01-11-2026".into(),
            meeting_on: "20-10-2026".into(),
            all_agree: true,
            reason: "Fagligt foran".into(),
        }
    }

    fn room(pupils: u32) -> impl Fn(u8, NaiveDate) -> ClassRoom {
        move |_, _| ClassRoom {
            pupils,
            capacity: 24,
        }
    }

    #[test]
    fn r4_a_class_change_needs_a_free_place_a_meeting_where_all_agree_and_a_reason() {
        let today = d(2026, 10, 25);
        let plan = plan_class_change(&class_input(), today, &pupil(), room(20)).unwrap();
        assert_eq!((plan.from_grade, plan.to_grade), (2, 3));
        assert_eq!(plan.end.new_end, d(2026, 10, 31));
        assert_eq!(plan.start.start, d(2026, 11, 1));

        let full = plan_class_change(&class_input(), today, &pupil(), room(24)).unwrap_err();
        assert!(
            full.errors[0].message.contains("ingen ledig plads"),
            "{full:?}"
        );
        let disagreed = ClassChangeInput {
            all_agree: false,
            ..class_input()
        };
        let refused = plan_class_change(&disagreed, today, &pupil(), room(20)).unwrap_err();
        assert_eq!(refused.errors[0].field, "allAgree");
        let future_meeting = ClassChangeInput {
            meeting_on: "30-10-2026".into(),
            ..class_input()
        };
        let refused = plan_class_change(&future_meeting, today, &pupil(), room(20)).unwrap_err();
        assert_eq!(refused.errors[0].field, "meetingOn");
        let same = ClassChangeInput {
            to_grade: Some(2),
            ..class_input()
        };
        assert!(plan_class_change(&same, today, &pupil(), room(20)).is_err());
        let next_year = ClassChangeInput {
            first_day: "01-08-2027".into(),
            ..class_input()
        };
        assert!(plan_class_change(&next_year, today, &pupil(), room(20)).is_err());
    }

    fn rate(module: &str, _: NaiveDate) -> Option<Ore> {
        match module {
            "Morgen" => Some(Ore::kroner(500)),
            "Eftermiddag" => Some(Ore::kroner(1_400)),
            "Fuld" => Some(Ore::kroner(1_800)),
            "" => Some(Ore::kroner(1_600)),
            _ => None,
        }
    }

    fn facts(rows: &[PlacementRow], first_open_day: NaiveDate) -> SfoFacts<'_> {
        SfoFacts {
            rows,
            guardian_ids: &[11],
            rate_on: &rate,
            first_open_day,
        }
    }

    fn sfo(action: SfoChangeAction, from: &str, to: &str) -> SfoChangeInput {
        SfoChangeInput {
            child_id: 7,
            action,
            from_module: from.into(),
            to_module: to.into(),
            start_month: "12-2026".into(),
            received_on: "15-11-2026".into(),
            from_guardian_id: Some(11),
        }
    }

    #[test]
    fn r7_a_dearer_module_or_a_new_one_starts_on_the_1st_of_the_chosen_month() {
        let rows = pupil();
        let today = d(2026, 11, 20);
        let plan = plan_sfo_change(
            &sfo(SfoChangeAction::Switch, "Eftermiddag", "Fuld"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert!(!plan.by_notice);
        assert_eq!(plan.last_day, Some(d(2026, 11, 30)));
        assert_eq!(plan.first_day, Some(d(2026, 12, 1)));
        assert_eq!(plan.end.unwrap().new_end, d(2026, 11, 30));
        assert_eq!(plan.start.unwrap().sfo_module, "Fuld");

        let join = plan_sfo_change(
            &sfo(SfoChangeAction::Join, "", "Morgen"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert_eq!((join.first_day, join.end), (Some(d(2026, 12, 1)), None));
    }

    #[test]
    fn r11_a_cheaper_module_or_a_drop_follows_the_notice() {
        let rows = pupil();
        let today = d(2026, 11, 20);
        let cheaper = plan_sfo_change(
            &sfo(SfoChangeAction::Switch, "Eftermiddag", "Morgen"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert!(cheaper.by_notice);
        assert_eq!(
            cheaper.last_day,
            Some(d(2026, 12, 31)),
            "received 15 November"
        );
        assert_eq!(cheaper.first_day, Some(d(2027, 1, 1)));
        let drop = plan_sfo_change(
            &sfo(SfoChangeAction::Drop, "Eftermiddag", ""),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert_eq!((drop.last_day, drop.start), (Some(d(2026, 12, 31)), None));
        let no_guardian = SfoChangeInput {
            from_guardian_id: Some(99),
            ..sfo(SfoChangeAction::Drop, "Eftermiddag", "")
        };
        let refused = plan_sfo_change(&no_guardian, today, &facts(&rows, d(2026, 12, 1)));
        assert_eq!(refused.unwrap_err().errors[0].field, "fromGuardianId");
    }

    #[test]
    fn a_module_change_reaching_back_into_a_charged_month_is_refused() {
        let rows = pupil();
        let today = d(2026, 11, 20);
        let back = SfoChangeInput {
            start_month: "11-2026".into(),
            ..sfo(SfoChangeAction::Switch, "Eftermiddag", "Fuld")
        };
        let refused = plan_sfo_change(&back, today, &facts(&rows, d(2026, 12, 1))).unwrap_err();
        assert_eq!(refused.errors[0].field, "startMonth");
        assert!(
            refused.errors[0].message.contains("allerede opkrævet"),
            "{refused:?}"
        );
        let unknown = plan_sfo_change(
            &sfo(SfoChangeAction::Join, "", "Nat"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap_err();
        assert!(unknown.errors[0].message.contains("ingen takst"));
        let twice = plan_sfo_change(
            &sfo(SfoChangeAction::Join, "", "Eftermiddag"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap_err();
        assert!(twice.errors[0].message.contains("allerede"), "{twice:?}");
    }

    #[test]
    fn r7_r11_a_place_in_sfo_without_a_module_is_switched_never_joined_on_top() {
        let rows = vec![
            row(1, Division::School, Some(2), ""),
            row(2, Division::Sfo, None, PLAIN_SFO),
        ];
        let today = d(2026, 11, 20);
        let on_top = plan_sfo_change(
            &sfo(SfoChangeAction::Join, "", "Fuld"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap_err();
        assert_eq!(on_top.errors[0].field, "toModule");
        assert!(
            on_top.errors[0].message.contains("uden modul"),
            "{on_top:?}"
        );

        let dearer = plan_sfo_change(
            &sfo(SfoChangeAction::Switch, PLAIN_SFO, "Fuld"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert!(!dearer.by_notice);
        assert_eq!(dearer.end.unwrap().new_end, d(2026, 11, 30));
        assert_eq!(dearer.first_day, Some(d(2026, 12, 1)));

        let cheaper = plan_sfo_change(
            &sfo(SfoChangeAction::Switch, PLAIN_SFO, "Morgen"),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert!(cheaper.by_notice, "a cheaper module follows the notice");
        assert_eq!(cheaper.last_day, Some(d(2026, 12, 31)));

        let drop = plan_sfo_change(
            &sfo(SfoChangeAction::Drop, PLAIN_SFO, ""),
            today,
            &facts(&rows, d(2026, 12, 1)),
        )
        .unwrap();
        assert_eq!(drop.last_day, Some(d(2026, 12, 31)));

        let not_in_plain = plan_sfo_change(
            &sfo(SfoChangeAction::Drop, PLAIN_SFO, ""),
            today,
            &facts(&pupil(), d(2026, 12, 1)),
        )
        .unwrap_err();
        assert_eq!(not_in_plain.errors[0].field, "fromModule");
        assert_eq!(module_name(""), "SFO uden modul");
        assert_eq!(module_name("Morgen"), "SFO-modulet Morgen");
    }

    #[test]
    fn months_are_typed_as_mm_yyyy() {
        assert_eq!(parse_month("12-2026"), Some(d(2026, 12, 1)));
        assert_eq!(parse_month("1/2027"), Some(d(2027, 1, 1)));
        assert_eq!(parse_month("13-2026"), None);
        assert_eq!(parse_month("december"), None);
    }
}
