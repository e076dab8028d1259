//! Absence (*fravær*, R16): sickness is reported to the office on the first day;
//! leave of 1–2 school days is agreed with the class teacher, more than 2 days needs
//! the head of the school. School days are weekdays that are not public holidays.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bank_calendar::bank_holidays;
use crate::dates;
use crate::tr;
use crate::validation::ValidationErrors;

/// Sickness or leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum AbsenceKind {
    /// Sygdom, reported by a guardian.
    Sickness,
    /// Fri (a request for leave).
    Leave,
}

impl AbsenceKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AbsenceKind::Sickness => "sickness",
            AbsenceKind::Leave => "leave",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<AbsenceKind> {
        [AbsenceKind::Sickness, AbsenceKind::Leave]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Who decides a leave request (R16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Approver {
    /// 1–2 school days: the class teacher.
    ClassTeacher,
    /// More than 2 school days: the head of the school.
    Headteacher,
}

impl Approver {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Approver::ClassTeacher => "class_teacher",
            Approver::Headteacher => "headteacher",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<Approver> {
        [Approver::ClassTeacher, Approver::Headteacher]
            .into_iter()
            .find(|a| a.code() == code)
    }

    /// "klasselæreren" / "skolelederen", in the reader's language.
    pub fn shown(self) -> String {
        match self {
            Approver::ClassTeacher => tr!("absence.class_teacher"),
            Approver::Headteacher => tr!("absence.headteacher"),
        }
    }
}

/// R16: 1–2 days go to the class teacher, more to the headteacher.
pub fn approver_for(school_days: u32) -> Approver {
    if school_days <= 2 {
        Approver::ClassTeacher
    } else {
        Approver::Headteacher
    }
}

/// Weekdays from `first` to `last` that are not public holidays.
pub fn school_days(first: NaiveDate, last: NaiveDate) -> u32 {
    let holidays: Vec<NaiveDate> = (first.year()..=last.year())
        .flat_map(bank_holidays)
        .collect();
    first
        .iter_days()
        .take_while(|day| *day <= last)
        .filter(|day| {
            !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(day)
        })
        .count() as u32
}

/// The form, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct AbsenceInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// Sickness or leave.
    pub kind: Option<AbsenceKind>,
    /// First day, `dd-mm-yyyy`.
    pub first_day: String,
    /// Last day, `dd-mm-yyyy`; empty for sickness of one day.
    pub last_day: String,
    /// Who reported the sickness or asked for leave (a guardian's name).
    pub reported_by: String,
    /// A note (the reason for leave); never health details.
    pub note: String,
}

/// A checked absence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAbsence {
    pub child_id: i64,
    /// Sickness or leave.
    pub kind: AbsenceKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// School days in the period.
    pub school_days: u32,
    /// Who reported or asked.
    pub reported_by: String,
    pub note: String,
    /// For leave: who decides.
    pub approver: Option<Approver>,
}

impl AbsenceInput {
    /// Checks the form: sickness cannot start in the future; a period has school days.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidAbsence, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let Some(kind) = self.kind else {
            errors.add("kind", tr!("absence.kind_missing"));
            return Err(errors);
        };
        let first = dates::parse(&self.first_day);
        if first.is_none() {
            errors.add("firstDay", tr!("absence.first_day_format"));
        }
        let last = match (self.last_day.trim(), kind) {
            ("", AbsenceKind::Sickness) => first,
            ("", AbsenceKind::Leave) => {
                errors.add("lastDay", tr!("absence.last_day_format"));
                None
            }
            (text, _) => dates::parse(text).or_else(|| {
                errors.add("lastDay", tr!("absence.last_day_format"));
                None
            }),
        };
        if self.reported_by.trim().is_empty() {
            errors.add(
                "reportedBy",
                if kind == AbsenceKind::Sickness {
                    tr!("absence.reported_by_missing")
                } else {
                    tr!("absence.requested_by_missing")
                },
            );
        }
        if self.note.chars().count() > 500 {
            errors.add("note", tr!("absence.note_length"));
        }
        let (Some(first), Some(last)) = (first, last) else {
            return Err(errors);
        };
        if kind == AbsenceKind::Sickness && first > today {
            errors.add("firstDay", tr!("absence.illness_not_future"));
        }
        if last < first {
            errors.add("lastDay", tr!("absence.last_before_first"));
        } else if (last - first).num_days() > 366 {
            errors.add("lastDay", tr!("absence.at_most_a_year"));
        }
        let days = if last >= first {
            school_days(first, last)
        } else {
            0
        };
        if last >= first && days == 0 {
            errors.add("lastDay", tr!("absence.no_school_days"));
        }
        errors.into_result()?;
        Ok(ValidAbsence {
            child_id: self.child_id,
            kind,
            first_day: first,
            last_day: last,
            school_days: days,
            reported_by: self.reported_by.trim().to_string(),
            note: self.note.trim().to_string(),
            approver: (kind == AbsenceKind::Leave).then(|| approver_for(days)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input(kind: AbsenceKind, first: &str, last: &str) -> AbsenceInput {
        AbsenceInput {
            child_id: 1,
            kind: Some(kind),
            first_day: first.into(),
            last_day: last.into(),
            reported_by: "Mette".into(),
            note: String::new(),
        }
    }

    #[test]
    fn r16_two_school_days_go_to_the_class_teacher_three_to_the_headteacher() {
        let today = d(2026, 11, 23);
        // Thursday and Friday: 2 days; Friday to Tuesday over a weekend: 3 school days.
        let short = input(AbsenceKind::Leave, "26-11-2026", "27-11-2026")
            .validate(today)
            .unwrap();
        assert_eq!(
            (short.school_days, short.approver),
            (2, Some(Approver::ClassTeacher))
        );
        let long = input(AbsenceKind::Leave, "27-11-2026", "01-12-2026")
            .validate(today)
            .unwrap();
        assert_eq!(
            (long.school_days, long.approver),
            (3, Some(Approver::Headteacher))
        );
        let sick = input(AbsenceKind::Sickness, "23-11-2026", "")
            .validate(today)
            .unwrap();
        assert_eq!(
            (sick.school_days, sick.approver, sick.last_day),
            (1, None, d(2026, 11, 23))
        );
    }

    #[test]
    fn school_days_skip_weekends_and_holidays() {
        // Ten weekdays, less 24, 25 and 31 December and 1 January (26 December is a Saturday).
        assert_eq!(school_days(d(2026, 12, 21), d(2027, 1, 1)), 6);
        assert_eq!(school_days(d(2026, 11, 28), d(2026, 11, 29)), 0);
    }

    #[test]
    fn bad_absences_are_refused_in_danish() {
        let today = d(2026, 11, 23);
        let future = input(AbsenceKind::Sickness, "24-11-2026", "")
            .validate(today)
            .unwrap_err();
        assert!(future.summary().contains("fremtiden"));
        let backwards = input(AbsenceKind::Leave, "27-11-2026", "26-11-2026")
            .validate(today)
            .unwrap_err();
        assert_eq!(backwards.errors[0].field, "lastDay");
        let weekend = input(AbsenceKind::Leave, "28-11-2026", "29-11-2026")
            .validate(today)
            .unwrap_err();
        assert!(weekend.summary().contains("ingen skoledage"));
        let nobody = AbsenceInput {
            reported_by: " ".into(),
            ..input(AbsenceKind::Leave, "26-11-2026", "")
        }
        .validate(today)
        .unwrap_err();
        assert_eq!(
            nobody
                .errors
                .iter()
                .map(|e| e.field.as_str())
                .collect::<Vec<_>>(),
            vec!["lastDay", "reportedBy"]
        );
    }
}
