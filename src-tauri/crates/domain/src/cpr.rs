//! CPR numbers (*personnummer*) by R30.
//!
//! A CPR number is personal data of its own category (Databeskyttelsesloven § 11):
//! this type never prints the full number through `Debug`, and its errors never
//! contain digits, so neither can leak into logs or panics.

use crate::tr;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

/// Modulus-11 weights of R30.
const MOD11_WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/// Why a text is not a usable CPR number. Messages are Danish and contain no digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CprError {
    /// Not ten digits as `DDMMÅÅ-XXXX`.
    #[error("{}", tr!("cpr.format"))]
    Format,
    /// The first six digits are no real date (R30).
    #[error("{}", tr!("cpr.no_such_date"))]
    ImpossibleDate,
    /// The birth date lies after today (R30).
    #[error("{}", tr!("cpr.future"))]
    FutureDate,
}

/// Køn, read from the last digit (odd: male, even: female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Gender {
    /// Dreng / mand.
    Male,
    /// Pige / kvinde.
    Female,
}

/// A parsed, valid CPR number with what it tells.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpr {
    digits: [u8; 10],
    birth_date: NaiveDate,
}

/// A CPR warning that does not stop the number being saved (R30).
pub const MOD11_WARNING: &str =
    "CPR-nummeret består ikke modulus 11-kontrollen. Det kan godt være gyldigt \
     (sådanne numre er udstedt siden 1. oktober 2007), men kontrollér det en ekstra gang.";

impl Cpr {
    /// Parses `DDMMYY-SSSS` (the dash and spaces optional), checking the date is real
    /// and not after `today`. A failed modulus-11 check is *not* an error (R30); see
    /// [`Cpr::passes_modulus11`].
    pub fn parse(text: &str, today: NaiveDate) -> Result<Cpr, CprError> {
        let digits = Self::digits_of(text)?;
        let birth_date = Self::birth_date_of(&digits).ok_or(CprError::ImpossibleDate)?;
        if birth_date > today {
            return Err(CprError::FutureDate);
        }
        Ok(Cpr { digits, birth_date })
    }

    fn digits_of(text: &str) -> Result<[u8; 10], CprError> {
        let trimmed = text.trim();
        let compact: Vec<char> = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
        let without_dash: Vec<char> = match compact.len() {
            11 if compact[6] == '-' => compact
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 6)
                .map(|(_, c)| *c)
                .collect(),
            10 => compact,
            _ => return Err(CprError::Format),
        };
        let mut digits = [0u8; 10];
        for (slot, c) in digits.iter_mut().zip(&without_dash) {
            *slot = c.to_digit(10).ok_or(CprError::Format)? as u8;
        }
        Ok(digits)
    }

    fn birth_date_of(d: &[u8; 10]) -> Option<NaiveDate> {
        let day = u32::from(d[0] * 10 + d[1]);
        let month = u32::from(d[2] * 10 + d[3]);
        let yy = i32::from(d[4] * 10 + d[5]);
        let century = match d[6] {
            0..=3 => 1900,
            4 | 9 => {
                if yy <= 36 {
                    2000
                } else {
                    1900
                }
            }
            _ => {
                if yy <= 57 {
                    2000
                } else {
                    1800
                }
            }
        };
        NaiveDate::from_ymd_opt(century + yy, month, day)
    }

    /// The birth date the number encodes (R30 century rule).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Gender from the last digit (R30).
    pub fn gender(&self) -> Gender {
        if self.digits[9] % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// Whether the modulus-11 check passes. Failing is allowed since 2007 (R30).
    pub fn passes_modulus11(&self) -> bool {
        let sum: u32 = self
            .digits
            .iter()
            .zip(MOD11_WEIGHTS)
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        sum.is_multiple_of(11)
    }

    /// The warning to show next to the field, if any.
    pub fn warning(&self) -> Option<&'static str> {
        (!self.passes_modulus11()).then_some(MOD11_WARNING)
    }

    /// The full number as `DDMMYY-SSSS`, for storage and for roles allowed to see it.
    pub fn formatted(&self) -> String {
        let s: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{}-{}", &s[..6], &s[6..])
    }

    /// The number with its last four digits hidden: `DDMMYY-XXXX`.
    pub fn masked(&self) -> String {
        format!("{}-XXXX", &self.formatted()[..6])
    }

    /// The age in whole years on `on`.
    pub fn age_on(&self, on: NaiveDate) -> i32 {
        let b = self.birth_date;
        let had_birthday = (on.month(), on.day()) >= (b.month(), b.day());
        on.year() - b.year() - if had_birthday { 0 } else { 1 }
    }
}

impl std::fmt::Debug for Cpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn r30_vector_070761_4285_passes_1961_man() {
        let cpr = Cpr::parse("070761-4285", today()).unwrap();
        assert_eq!(cpr.birth_date(), date(1961, 7, 7));
        assert_eq!(cpr.gender(), Gender::Male);
        assert!(cpr.passes_modulus11());
        assert_eq!(cpr.warning(), None);
    }

    #[test]
    fn r30_vector_211062_0090_passes_with_check_digit_zero_woman() {
        let cpr = Cpr::parse("2110620090", today()).unwrap();
        assert_eq!(cpr.birth_date(), date(1962, 10, 21));
        assert_eq!(cpr.gender(), Gender::Female);
        assert!(cpr.passes_modulus11());
    }

    #[test]
    fn r30_vector_211062_5629_is_born_1862() {
        let cpr = Cpr::parse("211062-5629", today()).unwrap();
        assert_eq!(cpr.birth_date(), date(1862, 10, 21));
    }

    #[test]
    fn r30_vector_311236_5000_is_2036_and_so_in_the_future() {
        assert_eq!(
            Cpr::parse("311236-5000", today()),
            Err(CprError::FutureDate)
        );
        let later = date(2037, 1, 1);
        assert_eq!(
            Cpr::parse("311236-5000", later).unwrap().birth_date(),
            date(2036, 12, 31)
        );
    }

    #[test]
    fn r30_vector_010165_1113_fails_mod11_but_is_valid_with_warning() {
        let cpr = Cpr::parse("010165-1113", today()).unwrap();
        assert!(!cpr.passes_modulus11());
        assert_eq!(cpr.warning(), Some(MOD11_WARNING));
        assert_eq!(cpr.birth_date(), date(1965, 1, 1));
    }

    #[test]
    fn r30_century_digit_4_and_9_split_at_36() {
        assert_eq!(
            Cpr::parse("010136-4000", date(2040, 1, 1))
                .unwrap()
                .birth_date()
                .year(),
            2036
        );
        assert_eq!(
            Cpr::parse("010137-4000", today())
                .unwrap()
                .birth_date()
                .year(),
            1937
        );
        assert_eq!(
            Cpr::parse("010120-9000", today())
                .unwrap()
                .birth_date()
                .year(),
            2020
        );
        assert_eq!(
            Cpr::parse("010199-9000", today())
                .unwrap()
                .birth_date()
                .year(),
            1999
        );
        assert_eq!(
            Cpr::parse("010199-3000", today())
                .unwrap()
                .birth_date()
                .year(),
            1999
        );
    }

    #[test]
    fn r30_impossible_dates_are_errors() {
        assert_eq!(
            Cpr::parse("310219-4000", today()),
            Err(CprError::ImpossibleDate)
        );
        assert_eq!(
            Cpr::parse("290221-4000", today()),
            Err(CprError::ImpossibleDate)
        );
        assert_eq!(
            Cpr::parse("001320-4000", today()),
            Err(CprError::ImpossibleDate)
        );
        // 29 February in a leap year exists.
        assert!(Cpr::parse("290220-4000", today()).is_ok());
    }

    #[test]
    fn r30_malformed_text_is_a_format_error() {
        for text in [
            "",
            "12345",
            "070761-428",
            "070761+4285",
            "07076l-4285",
            "070761--4285",
        ] {
            assert_eq!(Cpr::parse(text, today()), Err(CprError::Format), "{text:?}");
        }
    }

    #[test]
    fn debug_and_errors_never_show_the_full_number() {
        let cpr = Cpr::parse("070761-4285", today()).unwrap();
        let debug = format!("{cpr:?}");
        assert!(!debug.contains("4285"), "{debug}");
        assert_eq!(cpr.masked(), "070761-XXXX");
        for e in [
            CprError::Format,
            CprError::ImpossibleDate,
            CprError::FutureDate,
        ] {
            assert!(!e.to_string().chars().any(|c| c.is_ascii_digit()), "{e}");
        }
    }

    #[test]
    fn age_counts_whole_years() {
        let cpr = Cpr::parse("070761-4285", today()).unwrap();
        assert_eq!(cpr.age_on(date(2026, 7, 6)), 64);
        assert_eq!(cpr.age_on(date(2026, 7, 7)), 65);
    }

    proptest::proptest! {
        #[test]
        fn any_real_past_date_round_trips(days in 0i64..(200 * 365), serial in 0u32..10_000) {
            let birth = date(1900, 1, 1) + chrono::Duration::days(days);
            proptest::prop_assume!(birth <= today());
            let century_digit = if birth.year() < 2000 { 0 } else { 4 };
            proptest::prop_assume!(birth.year() < 2000 || birth.year() % 100 <= 36);
            let text = format!("{:02}{:02}{:02}-{}{:03}", birth.day(), birth.month(), birth.year() % 100, century_digit, serial % 1000);
            let cpr = Cpr::parse(&text, today()).unwrap();
            proptest::prop_assert_eq!(cpr.birth_date(), birth);
            proptest::prop_assert_eq!(cpr.formatted(), text);
        }
    }
}
