//! The school itself (the data controller) and its divisions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact;
use crate::tr;
use crate::validation::ValidationErrors;

/// A division of the combined school (*kombineret skole*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Division {
    /// Friskole, grades 0–9.
    School,
    /// SFO, after-school care.
    Sfo,
    /// Børnehave.
    Kindergarten,
}

impl Division {
    /// The stable code used in the database.
    pub fn code(self) -> &'static str {
        match self {
            Division::School => "school",
            Division::Sfo => "sfo",
            Division::Kindergarten => "kindergarten",
        }
    }

    /// Reads [`Division::code`] back.
    pub fn from_code(code: &str) -> Option<Division> {
        match code {
            "school" => Some(Division::School),
            "sfo" => Some(Division::Sfo),
            "kindergarten" => Some(Division::Kindergarten),
            _ => None,
        }
    }

    /// The Danish name.
    pub fn danish(self) -> &'static str {
        match self {
            Division::School => "Skole",
            Division::Sfo => "SFO",
            Division::Kindergarten => "Børnehave",
        }
    }
}

/// The set-up form for the school, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SchoolInput {
    /// Skolens navn.
    pub name: String,
    /// Street and number.
    pub address: String,
    /// Postnummer, 4 characters.
    pub postal_code: String,
    /// By.
    pub town: String,
    /// 8 digits.
    pub phone: String,
    /// The office's e-mail.
    pub email: String,
    /// Website, optional.
    pub web: String,
    /// CVR-nummer.
    pub cvr: String,
    /// Which divisions the school runs.
    pub divisions: Vec<Division>,
}

/// Settings of the school: the second factor, the idle lock, class sizes and the enrolment fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SchoolSettings {
    /// Every user must use a second factor, not only those who read sensitive data (R29).
    pub require_totp_for_all: bool,
    /// Minutes without use before the program locks (default 10).
    pub idle_lock_minutes: u32,
    /// Places in a class unless a year's class says otherwise.
    pub class_capacity: u32,
    /// Places in the kindergarten.
    pub kindergarten_capacity: u32,
    /// The enrolment fee (*indskud*), paid once per child (R1), stated in the terms.
    pub enrolment_fee: crate::Ore,
}

impl SchoolSettings {
    /// Checks the ranges the database also enforces, with Danish messages.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if !(1..=240).contains(&self.idle_lock_minutes) {
            errors.add("idleLockMinutes", tr!("school.idle_minutes"));
        }
        if !(1..=60).contains(&self.class_capacity) {
            errors.add("classCapacity", tr!("school.class_capacity"));
        }
        if !(1..=200).contains(&self.kindergarten_capacity) {
            errors.add("kindergartenCapacity", tr!("school.kindergarten_capacity"));
        }
        if !(0..=crate::Ore::kroner(100_000).0).contains(&self.enrolment_fee.0) {
            errors.add("enrolmentFee", tr!("school.enrolment_fee"));
        }
        errors.into_result()
    }
}

/// The school as stored: validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SchoolProfile {
    /// Skolens navn.
    pub name: String,
    /// Street and number.
    pub address: String,
    /// Postnummer.
    pub postal_code: String,
    /// By.
    pub town: String,
    /// 8 digits.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Website or empty.
    pub web: String,
    /// CVR-nummer, 8 digits.
    pub cvr: String,
    /// Divisions run, in a stable order.
    pub divisions: Vec<Division>,
}

impl SchoolInput {
    /// Checks every field and reports all problems at once.
    pub fn validate(&self) -> Result<SchoolProfile, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", contact::required(&self.name));
        let address = errors.check("address", contact::required(&self.address));
        let postal_code = errors.check("postalCode", contact::postal_code(&self.postal_code));
        let town = errors.check("town", contact::required(&self.town));
        let phone = errors.check("phone", contact::phone(&self.phone));
        let email = errors.check("email", contact::email(&self.email));
        let cvr = errors.check("cvr", contact::cvr(&self.cvr));
        let mut divisions = self.divisions.clone();
        divisions.sort();
        divisions.dedup();
        if divisions.is_empty() {
            errors.add("divisions", tr!("school.division_missing"));
        }
        if divisions.contains(&Division::Sfo) && !divisions.contains(&Division::School) {
            errors.add("divisions", tr!("school.sfo_needs_school"));
        }
        errors.into_result()?;
        Ok(SchoolProfile {
            name: name.unwrap_or_default(),
            address: address.unwrap_or_default(),
            postal_code: postal_code.unwrap_or_default(),
            town: town.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            email: email.unwrap_or_default(),
            web: self.web.trim().to_string(),
            cvr: cvr.unwrap_or_default(),
            divisions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn valid_input() -> SchoolInput {
        SchoolInput {
            name: "Bøgely Friskole".into(),
            address: "Skolevej 1".into(),
            postal_code: "0800".into(),
            town: "Høje Taastrup".into(),
            phone: "+45 12 34 56 78".into(),
            email: "kontor@boegely-friskole.dk".into(),
            web: "boegely-friskole.dk".into(),
            cvr: "12345678".into(),
            divisions: vec![Division::Kindergarten, Division::School, Division::Sfo],
        }
    }

    #[test]
    fn a_valid_school_is_normalised() {
        let profile = valid_input().validate().unwrap();
        assert_eq!(profile.phone, "12345678");
        assert_eq!(profile.postal_code, "0800");
        assert_eq!(
            profile.divisions,
            vec![Division::School, Division::Sfo, Division::Kindergarten]
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = SchoolInput {
            postal_code: "800".into(),
            phone: "1234".into(),
            divisions: vec![Division::Sfo],
            name: " ".into(),
            ..valid_input()
        };
        let errors = input.validate().unwrap_err();
        let fields: Vec<&str> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "postalCode", "phone", "divisions"]);
    }
}
