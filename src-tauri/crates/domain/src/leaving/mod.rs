//! Leaving and the school year (R11–R15, R36): withdrawal with notice, the
//! school-year rollover with its automatic leaving, and the 5 September count.
//! Everything works on the rows of a child's placements (`EnrolmentRow`); the store
//! reads them and writes the changes back.

pub mod municipal_count;
pub mod rollover;
pub mod withdrawal;

use chrono::NaiveDate;

use crate::school::Division;

/// One placement row: a child in one division (and grade, SFO module) from a start
/// day to an end day (none = until further notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentRow {
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

impl EnrolmentRow {
    /// Whether the place still runs after `day`.
    pub fn runs_after(&self, day: NaiveDate) -> bool {
        self.end.is_none_or(|end| end > day)
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

/// A change of one row's end day; `previous_end` lets a cancellation put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentEnd {
    /// The row.
    pub enrolment_id: i64,
    /// The end before the change.
    pub previous_end: Option<NaiveDate>,
    /// The new end.
    pub new_end: NaiveDate,
}

/// Ends every row in `rows` that runs after `last_day`.
pub fn ends_after<'a>(
    rows: impl IntoIterator<Item = &'a EnrolmentRow>,
    last_day: NaiveDate,
) -> Vec<EnrolmentEnd> {
    rows.into_iter()
        .filter(|row| row.runs_after(last_day))
        .map(|row| EnrolmentEnd {
            enrolment_id: row.id,
            previous_end: row.end,
            new_end: row.end_after(last_day),
        })
        .collect()
}
