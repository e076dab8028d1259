//! Friplads and the municipal fee subsidy (R9): reductions of one child's rate in
//! one division, each for a period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::reduction::Reduction;
use crate::dates;
use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;

/// Which kind of reduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum SubsidyKind {
    /// Friplads: a reduced rate the school grants.
    Friplads,
    /// Økonomisk fripladstilskud from the municipality (kindergarten).
    MunicipalSubsidy,
}

impl SubsidyKind {
    /// The stable code used in the database.
    pub fn code(self) -> &'static str {
        match self {
            SubsidyKind::Friplads => "friplads",
            SubsidyKind::MunicipalSubsidy => "municipal",
        }
    }

    /// Reads [`SubsidyKind::code`] back.
    pub fn from_code(code: &str) -> Option<SubsidyKind> {
        [SubsidyKind::Friplads, SubsidyKind::MunicipalSubsidy]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The Danish name, as on the charge.
    pub fn danish(self) -> &'static str {
        match self {
            SubsidyKind::Friplads => "Friplads",
            SubsidyKind::MunicipalSubsidy => "Økonomisk fripladstilskud",
        }
    }
}

/// A subsidy as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Subsidy {
    /// Id, 0 before it is saved.
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub child_id: i64,
    /// Which kind.
    pub kind: SubsidyKind,
    /// The division whose rate it reduces.
    pub division: Division,
    /// How much.
    pub reduction: Reduction,
    /// First day.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// Last day, or open.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
}

impl Subsidy {
    /// Whether it covers any day from `first` to `last`.
    pub fn overlaps(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.from <= last && self.to.is_none_or(|to| to >= first)
    }
}

/// A subsidy as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SubsidyInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// Which kind.
    pub kind: Option<SubsidyKind>,
    /// Which division.
    pub division: Option<Division>,
    /// How much.
    pub reduction: Option<Reduction>,
    /// `dd-mm-yyyy`.
    pub from: String,
    /// `dd-mm-yyyy` or empty.
    pub to: String,
}

impl SubsidyInput {
    /// Checks the subsidy, with Danish messages.
    pub fn validate(&self) -> Result<Subsidy, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if self.kind.is_none() {
            errors.add("kind", tr!("subsidy.kind_missing"));
        }
        if self.division.is_none() {
            errors.add("division", tr!("subsidy.division_missing"));
        }
        if self.kind == Some(SubsidyKind::MunicipalSubsidy)
            && self.division.is_some_and(|d| d != Division::Kindergarten)
        {
            errors.add("division", tr!("subsidy.municipal_kindergarten"));
        }
        match self.reduction {
            None => errors.add("reduction", tr!("subsidy.value_missing")),
            Some(r) if !r.is_valid() => errors.add("reduction", tr!("subsidy.value_range")),
            Some(_) => {}
        }
        let from = dates::parse(&self.from);
        if from.is_none() {
            errors.add("from", tr!("common.date_format"));
        }
        let to = match self.to.trim() {
            "" => None,
            text => {
                let to = dates::parse(text);
                match (to, from) {
                    (None, _) => errors.add("to", tr!("subsidy.end_format")),
                    (Some(to), Some(from)) if to < from => {
                        errors.add("to", tr!("subsidy.end_before_start"))
                    }
                    _ => {}
                }
                to
            }
        };
        errors.into_result()?;
        Ok(Subsidy {
            id: 0,
            child_id: self.child_id,
            kind: self.kind.expect("checked"),
            division: self.division.expect("checked"),
            reduction: self.reduction.expect("checked"),
            from: from.expect("checked"),
            to,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r9_the_municipal_subsidy_is_for_the_kindergarten() {
        let input = SubsidyInput {
            child_id: 1,
            kind: Some(SubsidyKind::MunicipalSubsidy),
            division: Some(Division::School),
            reduction: Some(Reduction::Percent(50)),
            from: "01-08-2026".into(),
            to: "31-07-2026".into(),
        };
        let fields: Vec<String> = input
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["division", "to"]);
    }

    #[test]
    fn a_period_overlaps_a_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let s = Subsidy {
            id: 1,
            child_id: 1,
            kind: SubsidyKind::Friplads,
            division: Division::School,
            reduction: Reduction::Percent(50),
            from: d(9, 15),
            to: Some(d(10, 31)),
        };
        assert!(s.overlaps(d(9, 1), d(9, 30)));
        assert!(s.overlaps(d(10, 1), d(10, 31)));
        assert!(!s.overlaps(d(11, 1), d(11, 30)));
        assert!(!s.overlaps(d(8, 1), d(8, 31)));
    }
}
