//! The record of a grade-9 leaving certificate (*afgangsprøvebevis*, R26): the day it
//! was issued and its subjects and grades, so the school can confirm a lost one for
//! the years it keeps them (30 in the reference school).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::tr;
use crate::validation::ValidationErrors;

/// A record as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct CertificateInput {
    /// The pupil.
    #[ts(type = "number")]
    pub child_id: i64,
    /// `dd-mm-yyyy`.
    pub issued_on: String,
    /// "Dansk 7, Matematik 10, …" as on the certificate.
    pub grades: String,
}

/// A checked record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCertificate {
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The subjects and grades.
    pub grades: String,
}

impl CertificateInput {
    /// A real day not after `today`; the grades written out, at most 2,000 characters.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidCertificate, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let issued_on = dates::parse(&self.issued_on);
        match issued_on {
            None => errors.add("issuedOn", tr!("common.date_format")),
            Some(day) if day > today => errors.add("issuedOn", tr!("exam.issued_future")),
            Some(_) => {}
        }
        let grades = self.grades.trim();
        if grades.is_empty() {
            errors.add("grades", tr!("exam.grades_missing"));
        } else if grades.chars().count() > 2000 {
            errors.add("grades", tr!("common.max_2000"));
        }
        errors.into_result()?;
        Ok(ValidCertificate {
            issued_on: issued_on.expect("checked above"),
            grades: grades.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(issued_on: &str, grades: &str) -> CertificateInput {
        CertificateInput {
            child_id: 1,
            issued_on: issued_on.into(),
            grades: grades.into(),
        }
    }

    #[test]
    fn a_record_needs_a_past_day_and_the_grades() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 25).unwrap();
        let valid = input("20-06-2026", " Dansk 7, Matematik 10 ")
            .validate(today)
            .unwrap();
        assert_eq!(valid.grades, "Dansk 7, Matematik 10");
        let errors = input("31-06-2026", "").validate(today).unwrap_err();
        assert_eq!(errors.errors.len(), 2, "{errors:?}");
        assert!(input("26-06-2026", "Dansk 7").validate(today).is_err());
    }
}
