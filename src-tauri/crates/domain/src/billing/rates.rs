//! Takster (R7): monthly rates per division and SFO module, and the enrolment fee,
//! each valid from a date until the next rate of the same kind takes over.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;
use crate::{dates, Ore};

/// What a rate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum RateKind {
    /// Skolepenge, per month.
    School,
    /// SFO, per month, per module.
    Sfo,
    /// Børnehave, per month.
    Kindergarten,
    /// Indmeldelsesgebyr, once per child (R1).
    EnrolmentFee,
}

impl RateKind {
    /// All kinds, in the order the rates screen lists them.
    pub const ALL: [RateKind; 4] = [
        RateKind::School,
        RateKind::Sfo,
        RateKind::Kindergarten,
        RateKind::EnrolmentFee,
    ];

    /// The stable code used in the database.
    pub fn code(self) -> &'static str {
        match self {
            RateKind::School => "school",
            RateKind::Sfo => "sfo",
            RateKind::Kindergarten => "kindergarten",
            RateKind::EnrolmentFee => "enrolment_fee",
        }
    }

    /// Reads [`RateKind::code`] back.
    pub fn from_code(code: &str) -> Option<RateKind> {
        RateKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The monthly rate kind of a division.
    pub fn of_division(division: Division) -> RateKind {
        match division {
            Division::School => RateKind::School,
            Division::Sfo => RateKind::Sfo,
            Division::Kindergarten => RateKind::Kindergarten,
        }
    }

    /// The Danish name.
    pub fn danish(self) -> &'static str {
        match self {
            RateKind::School => "Skolepenge",
            RateKind::Sfo => "SFO",
            RateKind::Kindergarten => "Børnehave",
            RateKind::EnrolmentFee => "Indmeldelsesgebyr",
        }
    }
}

/// A rate as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    /// What it is for.
    pub kind: RateKind,
    /// The SFO module's name (`Morgen`, `Fuld tid` …); empty for other kinds, and
    /// for the SFO rate of children enrolled without a module.
    pub module: String,
    /// Per month (or once, for the enrolment fee).
    pub amount: Ore,
    /// First day it applies.
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
}

/// A new rate as typed on the rates screen.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RateInput {
    /// What it is for.
    pub kind: Option<RateKind>,
    /// SFO module name.
    pub module: String,
    /// In øre.
    pub amount: Ore,
    /// `dd-mm-yyyy`.
    pub valid_from: String,
}

impl RateInput {
    /// Checks the rate, with Danish messages.
    pub fn validate(&self) -> Result<Rate, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if self.kind.is_none() {
            errors.add("kind", tr!("rates.kind_missing"));
        }
        let module = self.module.trim().to_string();
        match self.kind {
            Some(RateKind::Sfo) if module.chars().count() > 30 => {
                errors.add("module", tr!("rates.module_length"))
            }
            Some(RateKind::Sfo) | None => {}
            Some(_) if !module.is_empty() => errors.add("module", tr!("rates.modules_sfo_only")),
            Some(_) => {}
        }
        if !(0..=Ore::kroner(100_000).0).contains(&self.amount.0) {
            errors.add("amount", tr!("rates.amount_range"));
        }
        let valid_from = dates::parse(&self.valid_from);
        if valid_from.is_none() {
            errors.add("validFrom", tr!("common.date_format"));
        }
        errors.into_result()?;
        Ok(Rate {
            kind: self.kind.expect("checked"),
            module,
            amount: self.amount,
            valid_from: valid_from.expect("checked"),
        })
    }
}

/// A mistyped rate put right before any run has used it: a new amount, or (with
/// `remove`) the rate taken away.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RateCorrection {
    /// Which rate: its kind, …
    pub kind: Option<RateKind>,
    /// … its SFO module …
    pub module: String,
    /// … and its first day, `dd-mm-yyyy`.
    pub valid_from: String,
    /// The right amount in øre.
    pub amount: Ore,
    /// Take the rate away instead.
    pub remove: bool,
}

/// Every rate the school has set, old and new.
#[derive(Debug, Clone, Default)]
pub struct RateTable {
    rates: Vec<Rate>,
}

impl RateTable {
    /// What a place costs a month from `on`, as a letter or a contract names it:
    /// "skolepenge 3.100,00 kr. og SFO (Morgen) 500,00 kr. om måneden". A rate not
    /// set is left out; `None` when none is.
    pub fn monthly_rates(
        &self,
        division: Division,
        sfo_module: Option<&str>,
        on: NaiveDate,
    ) -> Option<String> {
        let mut parts = Vec::new();
        let (kind, name) = match division {
            Division::Kindergarten => (RateKind::Kindergarten, "børnehave"),
            _ => (RateKind::School, "skolepenge"),
        };
        if let Some(rate) = self.in_force(kind, "", on) {
            parts.push(format!("{name} {}", rate.to_danish()));
        }
        if let Some(module) = sfo_module {
            if let Some(rate) = self.in_force(RateKind::Sfo, module, on) {
                let what = if module.trim().is_empty() {
                    "SFO".to_string()
                } else {
                    format!("SFO ({})", module.trim())
                };
                parts.push(format!("{what} {}", rate.to_danish()));
            }
        }
        (!parts.is_empty()).then(|| format!("{} om måneden", parts.join(" og ")))
    }

    /// A table of `rates` in any order.
    pub fn new(mut rates: Vec<Rate>) -> RateTable {
        rates.sort_by_key(|r| std::cmp::Reverse(r.valid_from));
        RateTable { rates }
    }

    /// The rate of `kind` (and SFO `module`) in force on `date`: the newest that began on or before it.
    pub fn in_force(&self, kind: RateKind, module: &str, date: NaiveDate) -> Option<Ore> {
        self.rates
            .iter()
            .find(|r| {
                r.kind == kind
                    && r.module.eq_ignore_ascii_case(module.trim())
                    && r.valid_from <= date
            })
            .map(|r| r.amount)
    }

    /// Whether `rate` was the one in force on any of `days` (the 1sts of the charged
    /// months): then it has been used and can no longer be corrected, only followed
    /// by a new rate from a date.
    pub fn used_on(&self, rate: &Rate, mut days: impl Iterator<Item = NaiveDate>) -> bool {
        days.any(|day| {
            self.rates
                .iter()
                .find(|r| {
                    r.kind == rate.kind
                        && r.module.eq_ignore_ascii_case(rate.module.trim())
                        && r.valid_from <= day
                })
                .is_some_and(|r| r.valid_from == rate.valid_from)
        })
    }

    /// The names of the SFO modules that have a rate.
    pub fn sfo_modules(&self) -> Vec<String> {
        let mut modules: Vec<String> = self
            .rates
            .iter()
            .filter(|r| r.kind == RateKind::Sfo)
            .map(|r| r.module.clone())
            .collect();
        modules.sort();
        modules.dedup();
        modules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rate(kind: RateKind, module: &str, kroner: i64, from: NaiveDate) -> Rate {
        Rate {
            kind,
            module: module.into(),
            amount: Ore::kroner(kroner),
            valid_from: from,
        }
    }

    #[test]
    fn r7_a_rate_is_used_once_a_charged_month_began_under_it() {
        let old = rate(RateKind::School, "", 2_900, d(2025, 8, 1));
        let new = rate(RateKind::School, "", 3_100, d(2026, 8, 1));
        let sfo = rate(RateKind::Sfo, "Morgen", 900, d(2026, 8, 1));
        let table = RateTable::new(vec![old.clone(), new.clone(), sfo.clone()]);
        let charged = [d(2026, 7, 1), d(2026, 8, 1)];
        assert!(table.used_on(&old, charged.iter().copied()));
        assert!(table.used_on(&new, charged.iter().copied()));
        assert!(
            !table.used_on(&new, [d(2026, 7, 1)].into_iter()),
            "July was the old rate's"
        );
        assert!(table.used_on(&sfo, charged.iter().copied()));
        assert!(!table.used_on(&sfo, std::iter::empty()));
    }

    #[test]
    fn r7_a_rate_holds_until_the_next_one_begins() {
        let table = RateTable::new(vec![
            rate(RateKind::School, "", 2_900, d(2025, 8, 1)),
            rate(RateKind::School, "", 3_100, d(2026, 8, 1)),
            rate(RateKind::Sfo, "Fuld tid", 1_650, d(2025, 8, 1)),
        ]);
        assert_eq!(table.in_force(RateKind::School, "", d(2025, 7, 31)), None);
        assert_eq!(
            table.in_force(RateKind::School, "", d(2026, 7, 31)),
            Some(Ore::kroner(2_900))
        );
        assert_eq!(
            table.in_force(RateKind::School, "", d(2026, 8, 1)),
            Some(Ore::kroner(3_100))
        );
        assert_eq!(
            table.in_force(RateKind::Sfo, "fuld tid", d(2026, 9, 1)),
            Some(Ore::kroner(1_650))
        );
        assert_eq!(table.in_force(RateKind::Sfo, "Morgen", d(2026, 9, 1)), None);
        assert_eq!(table.sfo_modules(), vec!["Fuld tid".to_string()]);
    }

    #[test]
    fn a_rate_is_checked_with_danish_messages() {
        let input = RateInput {
            kind: Some(RateKind::Sfo),
            module: "Eftermiddag og ferie, hele året rundt".into(),
            amount: Ore(-1),
            valid_from: "31-02-2026".into(),
        };
        let fields: Vec<String> = input
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["module", "amount", "validFrom"]);
        let school = RateInput {
            kind: Some(RateKind::School),
            module: "Morgen".into(),
            amount: Ore(100),
            valid_from: "01-08-2026".into(),
        };
        assert_eq!(
            school.validate().unwrap_err().errors[0].message,
            tr!("rates.modules_sfo_only")
        );
    }

    #[test]
    fn a_places_monthly_rates_are_named_as_a_letter_says_them() {
        let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let rate = |kind, module: &str, kr, from| Rate {
            kind,
            module: module.into(),
            amount: Ore::kroner(kr),
            valid_from: from,
        };
        let table = RateTable::new(vec![
            rate(RateKind::School, "", 3_000, day(2025, 8)),
            rate(RateKind::School, "", 3_100, day(2026, 8)),
            rate(RateKind::Sfo, "Morgen", 500, day(2025, 8)),
            rate(RateKind::Kindergarten, "", 2_400, day(2025, 8)),
        ]);
        assert_eq!(
            table
                .monthly_rates(Division::School, Some("morgen"), day(2026, 8))
                .as_deref(),
            Some("skolepenge 3.100,00 kr. og SFO (morgen) 500,00 kr. om måneden")
        );
        assert_eq!(
            table
                .monthly_rates(Division::School, None, day(2026, 1))
                .as_deref(),
            Some("skolepenge 3.000,00 kr. om måneden")
        );
        assert_eq!(
            table
                .monthly_rates(Division::Kindergarten, None, day(2026, 1))
                .as_deref(),
            Some("børnehave 2.400,00 kr. om måneden")
        );
        assert_eq!(
            table.monthly_rates(Division::School, None, day(2024, 1)),
            None
        );
    }
}
