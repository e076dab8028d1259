//! Correcting a mistyped first day of a place (*rettelse af en dato*): the day a place
//! starts was typed wrong at admission, a class change or an SFO change. A correction
//! is audited and allowed only while nothing issued depends on it — every day it
//! moves lies in a month not yet charged; a charged month is changed by a change of
//! placement instead, and the next run corrects it. A place that followed another of
//! the same kind the day before keeps following it: the earlier place's last day moves
//! with the correction.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::placement::{ChangeKind, ChangeRecord, PlacementEnd, PlacementRow};
use crate::tr;
use crate::validation::ValidationErrors;

/// A first-day correction as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct DateCorrectionInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// The place (a row of the timeline).
    #[ts(type = "number")]
    pub placement_id: i64,
    /// The right first day, `dd-mm-yyyy`.
    pub first_day: String,
    /// Why: what was typed wrong.
    pub reason: String,
}

/// A checked correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateCorrectionPlan {
    /// The place corrected.
    pub row: PlacementRow,
    /// Its right first day.
    pub new_start: NaiveDate,
    /// The place before it, whose last day moves with it.
    pub previous: Option<PlacementEnd>,
    /// The event to record.
    pub record: ChangeRecord,
}

/// Whether two rows are the same kind of place (the school, one SFO module, the
/// kindergarten), which cannot run twice at once.
fn same_kind(a: &PlacementRow, b: &PlacementRow) -> bool {
    a.division == b.division && a.sfo_module == b.sfo_module
}

/// Checks a correction of `input.placement_id`'s first day among the child's `rows`.
/// `first_open_day` is the 1st of the first month not charged.
pub fn plan_first_day_correction(
    input: &DateCorrectionInput,
    rows: &[PlacementRow],
    first_open_day: NaiveDate,
) -> Result<DateCorrectionPlan, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        errors.add("reason", tr!("correction.reason"));
    }
    let Some(row) = rows.iter().find(|r| r.id == input.placement_id).cloned() else {
        errors.add("placementId", tr!("correction.placement_missing"));
        return Err(errors);
    };
    let Some(new_start) = dates::parse(&input.first_day) else {
        errors.add("firstDay", tr!("common.date_format"));
        return Err(errors);
    };
    // The place before it: the same kind of place, ending the day before it starts.
    let day_before = |day: NaiveDate| day - Days::new(1);
    let previous = rows
        .iter()
        .find(|r| r.id != row.id && same_kind(r, &row) && r.end == Some(day_before(row.start)))
        .or_else(|| {
            rows.iter().find(|r| {
                r.id != row.id && r.division == row.division && r.end == Some(day_before(row.start))
            })
        });
    if new_start == row.start {
        errors.add("firstDay", tr!("correction.unchanged"));
    } else if row.end.is_some_and(|end| new_start > end) {
        errors.add("firstDay", tr!("correction.after_last"));
    } else if previous.is_some_and(|p| new_start <= p.start) {
        errors.add("firstDay", tr!("correction.after_previous"));
    } else if row.start.min(new_start) < first_open_day {
        errors.add(
            "firstDay",
            tr!(
                "correction.charged_month",
                day = dates::short(first_open_day)
            ),
        );
    } else {
        let overlaps = rows.iter().any(|other| {
            other.id != row.id
                && Some(other.id) != previous.map(|p| p.id)
                && same_kind(other, &row)
                && other.start <= row.end.unwrap_or(NaiveDate::MAX)
                && other.end.is_none_or(|end| end >= new_start)
        });
        if overlaps {
            errors.add("firstDay", tr!("correction.overlap"));
        }
    }
    errors.into_result()?;
    let mut record = ChangeRecord::new(ChangeKind::DateCorrection, new_start);
    record.from_grade = row.grade;
    record.to_grade = row.grade;
    record.from_module = row.sfo_module.clone();
    record.to_module = row.sfo_module.clone();
    record.reason = format!(
        "Første dag rettet fra {}: {reason}",
        dates::short(row.start)
    );
    Ok(DateCorrectionPlan {
        previous: previous.map(|p| PlacementEnd {
            enrolment_id: p.id,
            previous_end: p.end,
            new_end: day_before(new_start),
        }),
        row,
        new_start,
        record,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::school::Division;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn row(
        id: i64,
        division: Division,
        grade: Option<u8>,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> PlacementRow {
        PlacementRow {
            id,
            division,
            grade,
            sfo_module: String::new(),
            start,
            end,
        }
    }

    fn input(id: i64, day: &str) -> DateCorrectionInput {
        DateCorrectionInput {
            child_id: 1,
            placement_id: id,
            first_day: day.into(),
            reason: "Tastefejl ved optagelsen".into(),
        }
    }

    fn messages(result: Result<DateCorrectionPlan, ValidationErrors>) -> String {
        result
            .unwrap_err()
            .errors
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_class_changes_first_day_moves_the_last_day_of_the_grade_before() {
        let rows = [
            row(
                1,
                Division::School,
                Some(3),
                d(2026, 8, 12),
                Some(d(2026, 12, 31)),
            ),
            row(2, Division::School, Some(4), d(2027, 1, 1), None),
        ];
        let plan =
            plan_first_day_correction(&input(2, "01-02-2027"), &rows, d(2027, 1, 1)).unwrap();
        assert_eq!(plan.new_start, d(2027, 2, 1));
        assert_eq!(
            plan.previous,
            Some(PlacementEnd {
                enrolment_id: 1,
                previous_end: Some(d(2026, 12, 31)),
                new_end: d(2027, 1, 31)
            })
        );
        assert_eq!(plan.record.kind, ChangeKind::DateCorrection);
        assert!(plan
            .record
            .reason
            .starts_with("Første dag rettet fra 01-01-2027: Tastefejl"));
    }

    #[test]
    fn nothing_charged_may_move_and_the_day_must_fit_the_places_around_it() {
        let rows = [
            row(
                1,
                Division::School,
                Some(3),
                d(2026, 8, 12),
                Some(d(2026, 12, 31)),
            ),
            row(
                2,
                Division::School,
                Some(4),
                d(2027, 1, 1),
                Some(d(2027, 6, 30)),
            ),
        ];
        // January is charged: moving the start into or out of it is refused.
        assert!(messages(plan_first_day_correction(
            &input(2, "01-02-2027"),
            &rows,
            d(2027, 2, 1)
        ))
        .contains("opkrævet"));
        let open = d(2027, 1, 1);
        assert!(messages(plan_first_day_correction(
            &input(2, "01-07-2027"),
            &rows,
            open
        ))
        .contains("efter den sidste dag"));
        assert!(messages(plan_first_day_correction(
            &input(2, "12-08-2026"),
            &rows,
            d(2026, 8, 1)
        ))
        .contains("placeringen før"));
        assert!(messages(plan_first_day_correction(
            &input(2, "01-01-2027"),
            &rows,
            open
        ))
        .contains("står nu"));
        assert!(messages(plan_first_day_correction(
            &input(9, "01-01-2027"),
            &rows,
            open
        ))
        .contains("Vælg"));
        let no_reason = DateCorrectionInput {
            reason: " ".into(),
            ..input(2, "04-01-2027")
        };
        assert_eq!(
            plan_first_day_correction(&no_reason, &rows, open)
                .unwrap_err()
                .errors[0]
                .field,
            "reason"
        );
    }

    #[test]
    fn an_sfo_module_cannot_be_moved_onto_the_same_module() {
        let mut morning = row(1, Division::Sfo, None, d(2026, 8, 1), Some(d(2026, 9, 30)));
        morning.sfo_module = "Morgen".into();
        let mut again = row(2, Division::Sfo, None, d(2026, 11, 1), None);
        again.sfo_module = "Morgen".into();
        let rows = [morning, again];
        assert!(messages(plan_first_day_correction(
            &input(2, "01-09-2026"),
            &rows,
            d(2026, 8, 1)
        ))
        .contains("allerede"));
        assert!(plan_first_day_correction(&input(2, "01-10-2026"), &rows, d(2026, 8, 1)).is_ok());
    }
}
