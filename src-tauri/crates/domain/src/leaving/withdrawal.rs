//! Withdrawal (*udmeldelse*, R11): written notice to the office, one month to the end
//! of a month. Also the school's own endings: kindergarten termination for arrears
//! (R14) and ending the schooling for serious breach (*bortvisning*, R15).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::placement::{ends_after, PlacementEnd, PlacementRow};
use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;

/// What a withdrawal covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum WithdrawalScope {
    /// The school, and with it SFO.
    School,
    /// SFO, every module; the school enrolment is untouched.
    Sfo,
    /// One SFO module.
    SfoModule,
    Kindergarten,
}

impl WithdrawalScope {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            WithdrawalScope::School => "school",
            WithdrawalScope::Sfo => "sfo",
            WithdrawalScope::SfoModule => "sfo_module",
            WithdrawalScope::Kindergarten => "kindergarten",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<WithdrawalScope> {
        [
            WithdrawalScope::School,
            WithdrawalScope::Sfo,
            WithdrawalScope::SfoModule,
            WithdrawalScope::Kindergarten,
        ]
        .into_iter()
        .find(|scope| scope.code() == code)
    }

    /// In a sentence: "skolen", "SFO", "SFO-modulet Morgen", "børnehaven".
    pub fn danish(self, module: &str) -> String {
        crate::language::in_danish(|| self.shown(module))
    }

    /// What is withdrawn, in the reader's language, for a screen.
    pub fn shown(self, module: &str) -> String {
        match self {
            WithdrawalScope::School => tr!("withdrawal.scope_school"),
            WithdrawalScope::Sfo => tr!("withdrawal.scope_sfo"),
            WithdrawalScope::SfoModule => tr!("withdrawal.scope_sfo_module", module = module),
            WithdrawalScope::Kindergarten => tr!("withdrawal.scope_kindergarten"),
        }
    }

    fn covers(self, row: &PlacementRow, module: &str) -> bool {
        match self {
            WithdrawalScope::School => matches!(row.division, Division::School | Division::Sfo),
            WithdrawalScope::Sfo => row.division == Division::Sfo,
            WithdrawalScope::SfoModule => {
                row.division == Division::Sfo && row.sfo_module.eq_ignore_ascii_case(module)
            }
            WithdrawalScope::Kindergarten => row.division == Division::Kindergarten,
        }
    }

    /// The division a child must be enrolled in for the withdrawal to mean anything.
    fn division(self) -> Division {
        match self {
            WithdrawalScope::School => Division::School,
            WithdrawalScope::Sfo | WithdrawalScope::SfoModule => Division::Sfo,
            WithdrawalScope::Kindergarten => Division::Kindergarten,
        }
    }
}

/// The form: a notice the office has received.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// What it covers.
    pub scope: WithdrawalScope,
    /// The module, for `SfoModule`.
    #[serde(default)]
    pub sfo_module: String,
    /// The day the office received the written notice, `dd-mm-yyyy`.
    pub received_on: String,
    /// The guardian who gave notice.
    #[ts(type = "number | null")]
    pub from_guardian_id: Option<i64>,
}

/// A checked withdrawal: its last day and the rows it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalPlan {
    /// What it covers.
    pub scope: WithdrawalScope,
    /// The module, for `SfoModule`.
    pub sfo_module: String,
    /// Received by the office.
    pub received_on: NaiveDate,
    /// The guardian who gave notice.
    pub from_guardian_id: i64,
    /// R11: the last day of the month after the month of receipt.
    pub last_day: NaiveDate,
    /// The rows that stop after the last day.
    pub ends: Vec<PlacementEnd>,
}

/// Checks a notice against the child's rows and guardians and works out what ends.
pub fn plan_withdrawal(
    input: &WithdrawalInput,
    today: NaiveDate,
    rows: &[PlacementRow],
    guardian_ids: &[i64],
) -> Result<WithdrawalPlan, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let received_on = match dates::parse(&input.received_on) {
        None => {
            errors.add("receivedOn", tr!("withdrawal.received_format"));
            None
        }
        Some(day) if day > today => {
            errors.add("receivedOn", tr!("placement.notice_future"));
            None
        }
        Some(day) => Some(day),
    };
    let from_guardian_id = input
        .from_guardian_id
        .filter(|id| guardian_ids.contains(id));
    if from_guardian_id.is_none() {
        errors.add("fromGuardianId", tr!("withdrawal.given_by_missing"));
    }
    let module = input.sfo_module.trim();
    if input.scope == WithdrawalScope::SfoModule && module.is_empty() {
        errors.add("sfoModule", tr!("withdrawal.module_missing"));
    }
    let (Some(received_on), Some(from_guardian_id)) = (received_on, from_guardian_id) else {
        return Err(errors);
    };
    errors.into_result()?;
    let last_day = dates::notice_last_day(received_on);
    let covered: Vec<&PlacementRow> = rows
        .iter()
        .filter(|row| input.scope.covers(row, module))
        .collect();
    let enrolled = covered.iter().any(|row| {
        row.division == input.scope.division() && row.end.is_none_or(|end| end >= received_on)
    });
    if !enrolled {
        let mut errors = ValidationErrors::default();
        errors.add(
            "scope",
            tr!("withdrawal.not_enrolled", scope = input.scope.shown(module)),
        );
        return Err(errors);
    }
    let ends = ends_after(covered, last_day);
    if ends.is_empty() {
        let mut errors = ValidationErrors::default();
        errors.add(
            "scope",
            tr!(
                "withdrawal.already_ending",
                scope = input.scope.shown(module),
                day = dates::short(last_day)
            ),
        );
        return Err(errors);
    }
    Ok(WithdrawalPlan {
        scope: input.scope,
        sfo_module: module.to_string(),
        received_on,
        from_guardian_id,
        last_day,
        ends,
    })
}

/// R15: how far back the recorded last day of an ended schooling may lie — the
/// office records a decision taken at a meeting, not an old one rewritten.
pub const EXPULSION_MOST_DAYS_BACK: u64 = 31;

/// R15: refuses a last day more than [`EXPULSION_MOST_DAYS_BACK`] days before `today`.
pub fn check_expulsion_last_day(last_day: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if last_day < today - chrono::Days::new(EXPULSION_MOST_DAYS_BACK) {
        return Err(tr!("withdrawal.expulsion_too_far_back"));
    }
    Ok(())
}

/// R15: the rows that end when the schooling is ended on `last_day` (school and SFO).
pub fn plan_expulsion(rows: &[PlacementRow], last_day: NaiveDate) -> Option<Vec<PlacementEnd>> {
    let school = rows
        .iter()
        .filter(|row| matches!(row.division, Division::School | Division::Sfo));
    let ends = ends_after(school, last_day);
    let enrolled = ends.iter().any(|end| {
        rows.iter()
            .any(|row| row.id == end.enrolment_id && row.division == Division::School)
    });
    enrolled.then_some(ends)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn row(
        id: i64,
        division: Division,
        module: &str,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> PlacementRow {
        PlacementRow {
            id,
            division,
            grade: (division == Division::School).then_some(2),
            sfo_module: module.into(),
            start,
            end,
        }
    }

    fn pupil_in_sfo() -> Vec<PlacementRow> {
        vec![
            row(1, Division::School, "", d(2024, 8, 1), None),
            row(2, Division::Sfo, "Morgen", d(2024, 8, 1), None),
            row(3, Division::Sfo, "Eftermiddag", d(2024, 8, 1), None),
        ]
    }

    fn input(scope: WithdrawalScope, received: &str) -> WithdrawalInput {
        WithdrawalInput {
            child_id: 7,
            scope,
            sfo_module: String::new(),
            received_on: received.into(),
            from_guardian_id: Some(11),
        }
    }

    #[test]
    fn r11_table_of_notices_and_last_days() {
        let table = [
            ((2026, 3, 15), (2026, 4, 30)),
            ((2026, 1, 31), (2026, 2, 28)),
            ((2028, 1, 31), (2028, 2, 29)),
            ((2026, 3, 1), (2026, 4, 30)),
            ((2026, 12, 31), (2027, 1, 31)),
            ((2026, 11, 1), (2026, 12, 31)),
            ((2027, 7, 31), (2027, 8, 31)),
        ];
        for ((y, m, day), (ly, lm, lday)) in table {
            assert_eq!(
                dates::notice_last_day(d(y, m, day)),
                d(ly, lm, lday),
                "received {day}-{m}-{y}"
            );
        }
    }

    proptest! {
        #[test]
        fn r11_the_last_day_is_a_months_end_one_to_two_months_after_receipt(days in 0i64..40_000) {
            let received = d(1990, 1, 1) + chrono::Duration::days(days);
            let last = dates::notice_last_day(received);
            prop_assert!(last.succ_opt().is_some_and(|next| chrono::Datelike::day(&next) == 1), "{last} is no month's end");
            prop_assert!(last >= received.checked_add_months(chrono::Months::new(1)).unwrap(), "less than a month");
            prop_assert!(last <= received.checked_add_months(chrono::Months::new(2)).unwrap(), "more than two months");
        }
    }

    #[test]
    fn an_sfo_withdrawal_ends_sfo_and_leaves_the_school() {
        let plan = plan_withdrawal(
            &input(WithdrawalScope::Sfo, "15-03-2026"),
            d(2026, 3, 20),
            &pupil_in_sfo(),
            &[11],
        )
        .unwrap();
        assert_eq!(plan.last_day, d(2026, 4, 30));
        let ended: Vec<i64> = plan.ends.iter().map(|e| e.enrolment_id).collect();
        assert_eq!(ended, vec![2, 3]);
        assert!(plan
            .ends
            .iter()
            .all(|e| e.new_end == d(2026, 4, 30) && e.previous_end.is_none()));
    }

    #[test]
    fn one_module_ends_only_that_module_and_the_school_ends_sfo_too() {
        let mut one = input(WithdrawalScope::SfoModule, "15-03-2026");
        one.sfo_module = "morgen".into();
        let plan = plan_withdrawal(&one, d(2026, 3, 20), &pupil_in_sfo(), &[11]).unwrap();
        assert_eq!(
            plan.ends.iter().map(|e| e.enrolment_id).collect::<Vec<_>>(),
            vec![2]
        );
        let school = plan_withdrawal(
            &input(WithdrawalScope::School, "15-03-2026"),
            d(2026, 3, 20),
            &pupil_in_sfo(),
            &[11],
        )
        .unwrap();
        assert_eq!(school.ends.len(), 3);
    }

    #[test]
    fn a_place_that_would_begin_after_the_last_day_never_begins() {
        let rows = vec![
            row(1, Division::School, "", d(2025, 8, 1), Some(d(2026, 7, 31))),
            row(2, Division::School, "", d(2026, 8, 1), None),
        ];
        let plan = plan_withdrawal(
            &input(WithdrawalScope::School, "10-06-2026"),
            d(2026, 6, 10),
            &rows,
            &[11],
        )
        .unwrap();
        assert_eq!(plan.last_day, d(2026, 7, 31));
        assert_eq!(
            plan.ends,
            vec![PlacementEnd {
                enrolment_id: 2,
                previous_end: None,
                new_end: d(2026, 7, 31)
            }]
        );
    }

    #[test]
    fn bad_notices_are_refused_in_danish() {
        let rows = pupil_in_sfo();
        let future = plan_withdrawal(
            &input(WithdrawalScope::Sfo, "21-03-2026"),
            d(2026, 3, 20),
            &rows,
            &[11],
        )
        .unwrap_err();
        assert!(
            future.summary().contains("fremtiden"),
            "{}",
            future.summary()
        );
        let wrong_date = plan_withdrawal(
            &input(WithdrawalScope::Sfo, "31-02-2026"),
            d(2026, 3, 20),
            &rows,
            &[11],
        )
        .unwrap_err();
        assert_eq!(wrong_date.errors[0].field, "receivedOn");
        let stranger = plan_withdrawal(
            &input(WithdrawalScope::Sfo, "15-03-2026"),
            d(2026, 3, 20),
            &rows,
            &[12],
        )
        .unwrap_err();
        assert_eq!(stranger.errors[0].field, "fromGuardianId");
        let not_there = plan_withdrawal(
            &input(WithdrawalScope::Kindergarten, "15-03-2026"),
            d(2026, 3, 20),
            &rows,
            &[11],
        )
        .unwrap_err();
        assert!(
            not_there.summary().contains("ikke indskrevet i børnehaven"),
            "{}",
            not_there.summary()
        );
        let ending = vec![row(
            1,
            Division::School,
            "",
            d(2024, 8, 1),
            Some(d(2026, 4, 30)),
        )];
        let already = plan_withdrawal(
            &input(WithdrawalScope::School, "15-03-2026"),
            d(2026, 3, 20),
            &ending,
            &[11],
        )
        .unwrap_err();
        assert!(
            already.summary().contains("slutter allerede"),
            "{}",
            already.summary()
        );
    }

    #[test]
    fn r15_expulsion_ends_school_and_sfo_but_needs_a_school_place() {
        let ends = plan_expulsion(&pupil_in_sfo(), d(2026, 3, 20)).unwrap();
        assert_eq!(ends.len(), 3);
        let kindergarten = vec![row(1, Division::Kindergarten, "", d(2024, 8, 1), None)];
        assert!(plan_expulsion(&kindergarten, d(2026, 3, 20)).is_none());
    }

    #[test]
    fn r15_the_last_day_of_an_ended_schooling_lies_at_most_31_days_back() {
        let today = d(2026, 11, 20);
        assert!(check_expulsion_last_day(d(2026, 10, 20), today).is_ok());
        assert!(check_expulsion_last_day(d(2026, 12, 31), today).is_ok());
        assert!(check_expulsion_last_day(d(2026, 10, 19), today)
            .unwrap_err()
            .contains("en måned tilbage"));
    }
}
