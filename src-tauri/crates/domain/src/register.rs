//! The register of children and guardians (R5): what is typed, how it is checked,
//! and what the checked record looks like.
//!
//! Custody (*forældremyndighed*) is a property of the link between a guardian and a
//! child, not of the guardian; the payer (*betaler*) is one guardian per child; a
//! household is an address that guardians share, so a child of separated parents
//! belongs to two households.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::address_protection::Home;
use crate::contact;
use crate::cpr::{Cpr, Gender};
use crate::dates;
use crate::school::Division;
use crate::tr;
use crate::validation::{FieldError, ValidationErrors};

/// Highest grade of the friskole (9. klasse).
pub const HIGHEST_GRADE: u8 = 9;

/// A child's form, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ChildInput {
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// CPR-nummer; may be empty for a child without one yet (then a birth date).
    pub cpr: String,
    /// Fødselsdato `dd-mm-yyyy`, only used when there is no CPR number.
    pub birth_date: String,
    /// Nationalitet.
    pub nationality: String,
    /// The child's own phone, optional.
    pub phone: String,
    /// The child's own e-mail, optional.
    pub email: String,
    /// Tidligere skole eller dagtilbud.
    pub previous_institution: String,
    /// UNI-Login user name, after admission.
    pub uni_login: String,
    /// Bopælskommune, for the 5 September count (R36).
    pub home_municipality: String,
    /// Navne- og adressebeskyttelse in the CPR register (R37): the address stays on
    /// the office's screen.
    pub address_protected: bool,
    /// Where the child is placed now; `None` for no placement (e.g. waiting list).
    pub placement: Option<PlacementInput>,
}

/// A child's current place as typed: division, grade and start.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct PlacementInput {
    /// School or kindergarten.
    pub division: Option<Division>,
    /// Klassetrin 0–9 when the division is school.
    pub grade: Option<u8>,
    /// Whether the pupil also attends SFO.
    pub sfo: bool,
    /// Start date `dd-mm-yyyy`.
    pub start_date: String,
}

/// What an imported child brings beyond the register's form (docs/import.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildExtras {
    /// The SFO module, as the school spells it.
    pub sfo_module: Option<String>,
    pub kindergarten_group: Option<String>,
    /// When the enrolment fee was paid (R1).
    pub fee_paid_on: Option<NaiveDate>,
    /// On the waiting list since a day (its `child_id` is filled in when stored).
    pub waiting: Option<(crate::admission::ValidWaiting, NaiveDate)>,
}

/// A checked placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// School or kindergarten.
    pub division: Division,
    /// Grade for school pupils.
    pub grade: Option<u8>,
    /// Also in SFO.
    pub sfo: bool,
    pub start_date: NaiveDate,
}

/// A checked child, ready to store.
#[derive(Debug, Clone)]
pub struct ValidChild {
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// CPR if given.
    pub cpr: Option<Cpr>,
    /// From the CPR, or typed.
    pub birth_date: Option<NaiveDate>,
    /// From the CPR.
    pub gender: Option<Gender>,
    /// Nationalitet.
    pub nationality: String,
    /// 8 digits or none.
    pub phone: Option<String>,
    /// E-mail or none.
    pub email: Option<String>,
    /// Tidligere skole/dagtilbud.
    pub previous_institution: String,
    pub uni_login: String,
    /// Bopælskommune.
    pub home_municipality: String,
    /// Navne- og adressebeskyttelse in the CPR register (R37): the address stays on
    /// the office's screen.
    pub address_protected: bool,
    /// Current place.
    pub placement: Option<Placement>,
    /// Warnings that did not stop saving (failed modulus-11).
    pub warnings: Vec<FieldError>,
}

/// A guardian's form, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct GuardianInput {
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// CPR-nummer, optional.
    pub cpr: String,
    /// E-mail.
    pub email: String,
    /// Telefon, 8 digits.
    pub phone: String,
    /// Street and number of the guardian's home.
    pub address: String,
    /// Postnummer.
    pub postal_code: String,
    /// By.
    pub town: String,
    /// Navne- og adressebeskyttelse in the CPR register (R37): the address stays on
    /// the office's screen.
    pub address_protected: bool,
}

/// How a guardian is linked to one child.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct GuardianLink {
    /// Relation to the child in words: mor, far, plejemor …
    pub relation: String,
    /// Holds custody (*forældremyndighed*) of this child.
    pub has_custody: bool,
    /// Pays for this child (*betaler*); one per child.
    pub is_payer: bool,
}

/// A checked guardian, ready to store.
#[derive(Debug, Clone)]
pub struct ValidGuardian {
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// CPR if given.
    pub cpr: Option<Cpr>,
    /// E-mail or none.
    pub email: Option<String>,
    /// 8 digits or none.
    pub phone: Option<String>,
    pub home: Address,
    /// Navne- og adressebeskyttelse in the CPR register (R37): the address stays on
    /// the office's screen.
    pub address_protected: bool,
    /// Warnings that did not stop saving.
    pub warnings: Vec<FieldError>,
}

/// A postal address; two guardians with the same address share a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// Postnummer.
    pub postal_code: String,
    /// By.
    pub town: String,
}

impl Address {
    /// No address: an empty cell in a list.
    pub fn empty() -> Address {
        Address {
            street: String::new(),
            postal_code: String::new(),
            town: String::new(),
        }
    }

    /// "Skolevej 1, 8000 Aarhus C".
    pub fn one_line(&self) -> String {
        format!("{}, {} {}", self.street, self.postal_code, self.town)
    }

    /// The key under which homes are the same household: case and spacing ignored.
    pub fn household_key(&self) -> String {
        let street: String = self
            .street
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace([',', '.'], "");
        format!("{}|{}", street, self.postal_code)
    }
}

fn cpr_field(
    errors: &mut ValidationErrors,
    warnings: &mut Vec<FieldError>,
    text: &str,
    today: NaiveDate,
) -> Option<Cpr> {
    if text.trim().is_empty() {
        return None;
    }
    let cpr = errors.check("cpr", Cpr::parse(text, today))?;
    if let Some(warning) = cpr.warning() {
        warnings.push(FieldError {
            field: "cpr".into(),
            message: warning.into(),
        });
    }
    Some(cpr)
}

impl ChildInput {
    /// Checks the child's form (R5, R30, R34); reports every problem at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidChild, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut warnings = Vec::new();
        let first_name = errors.check("firstName", contact::required(&self.first_name));
        let last_name = errors.check("lastName", contact::required(&self.last_name));
        let cpr = cpr_field(&mut errors, &mut warnings, &self.cpr, today);
        let typed_birth_date = self.typed_birth_date(&mut errors, today);
        let phone = errors.check("phone", contact::optional(&self.phone, contact::phone));
        let email = errors.check("email", contact::optional(&self.email, contact::email));
        let placement = self
            .placement
            .as_ref()
            .and_then(|p| p.validate(&mut errors));
        errors.into_result()?;
        let birth_date = cpr.as_ref().map(Cpr::birth_date).or(typed_birth_date);
        Ok(ValidChild {
            first_name: first_name.unwrap_or_default(),
            last_name: last_name.unwrap_or_default(),
            gender: cpr.as_ref().map(Cpr::gender),
            birth_date,
            cpr,
            nationality: self.nationality.trim().to_string(),
            phone: phone.flatten(),
            email: email.flatten(),
            previous_institution: self.previous_institution.trim().to_string(),
            uni_login: self.uni_login.trim().to_string(),
            home_municipality: self.home_municipality.trim().to_string(),
            address_protected: self.address_protected,
            placement,
            warnings,
        })
    }

    fn typed_birth_date(
        &self,
        errors: &mut ValidationErrors,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        if !self.cpr.trim().is_empty() || self.birth_date.trim().is_empty() {
            if self.cpr.trim().is_empty() {
                errors.add("cpr", tr!("register.cpr_or_birth_date"));
            }
            return None;
        }
        match dates::parse(&self.birth_date) {
            Some(date) if date <= today => Some(date),
            Some(_) => {
                errors.add("birthDate", tr!("register.birth_date_future"));
                None
            }
            None => {
                errors.add("birthDate", tr!("register.birth_date_format"));
                None
            }
        }
    }
}

impl PlacementInput {
    fn validate(&self, errors: &mut ValidationErrors) -> Option<Placement> {
        let division = self.division?;
        let grade = match (division, self.grade) {
            (Division::School, Some(g)) if g <= HIGHEST_GRADE => Some(g),
            (Division::School, _) => {
                errors.add("grade", tr!("common.grade_range"));
                return None;
            }
            _ => None,
        };
        if division == Division::Sfo {
            errors.add("division", tr!("register.sfo_with_school"));
            return None;
        }
        let Some(start_date) = dates::parse(&self.start_date) else {
            errors.add("startDate", tr!("admission.start_day_format"));
            return None;
        };
        Some(Placement {
            division,
            grade,
            sfo: self.sfo && division == Division::School,
            start_date,
        })
    }
}

impl GuardianInput {
    /// Checks a guardian's form (R5, R30, R34); reports every problem at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidGuardian, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut warnings = Vec::new();
        let first_name = errors.check("firstName", contact::required(&self.first_name));
        let last_name = errors.check("lastName", contact::required(&self.last_name));
        let cpr = cpr_field(&mut errors, &mut warnings, &self.cpr, today);
        let email = errors.check("email", contact::optional(&self.email, contact::email));
        let phone = errors.check("phone", contact::optional(&self.phone, contact::phone));
        let street = errors.check("address", contact::required(&self.address));
        let postal_code = errors.check("postalCode", contact::postal_code(&self.postal_code));
        let town = errors.check("town", contact::required(&self.town));
        errors.into_result()?;
        Ok(ValidGuardian {
            first_name: first_name.unwrap_or_default(),
            last_name: last_name.unwrap_or_default(),
            cpr,
            email: email.flatten(),
            phone: phone.flatten(),
            home: Address {
                street: street.unwrap_or_default(),
                postal_code: postal_code.unwrap_or_default(),
                town: town.unwrap_or_default(),
            },
            address_protected: self.address_protected,
            warnings,
        })
    }
}

/// Checks the guardian links of one child: exactly one payer among them, and at least
/// one custody holder when there are guardians at all.
pub fn check_links(links: &[GuardianLink]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if links.is_empty() {
        return Ok(());
    }
    match links.iter().filter(|l| l.is_payer).count() {
        1 => {}
        0 => errors.add("payer", tr!("register.payer_missing")),
        _ => errors.add("payer", tr!("register.one_payer")),
    }
    if !links.iter().any(|l| l.has_custody) {
        errors.add("custody", tr!("register.custody_needed"));
    } else if links.iter().any(|l| l.is_payer && !l.has_custody) {
        // The payer signs the contract for the child, which takes custody.
        errors.add("payer", tr!("register.payer_custody"));
    }
    errors.into_result()
}

/// The class as people say it: `0. klasse` … `9. klasse`.
pub fn grade_label(grade: u8) -> String {
    format!("{grade}. klasse")
}

/// What the list shows as the child's class or group.
pub fn placement_label(placement: Option<&Placement>) -> String {
    match placement {
        Some(Placement {
            division: Division::School,
            grade: Some(g),
            ..
        }) => grade_label(*g),
        Some(p) => p.division.danish().to_string(),
        None => String::new(),
    }
}

/// A child as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChildSummary {
    /// Database id.
    #[ts(type = "number")]
    pub id: i64,
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// Fødselsdato.
    pub birth_date: Option<NaiveDate>,
    /// Class or group in words: `3. klasse`, `Børnehave`, or empty.
    pub class_label: String,
    /// School or kindergarten, if placed.
    pub division: Option<Division>,
    /// Klassetrin, for school pupils.
    pub grade: Option<u8>,
    /// Also in SFO.
    pub sfo: bool,
    /// Archived (no longer active; kept, not deleted).
    pub archived: bool,
    /// Names of the guardians, payer first.
    pub guardian_names: Vec<String>,
}

/// Everything about one child on the detail screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChildDetail {
    /// Database id.
    #[ts(type = "number")]
    pub id: i64,
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// Full CPR number `DDMMYY-SSSS`, if any.
    pub cpr: Option<String>,
    /// Whether the CPR number fails modulus 11 (a warning, R30).
    pub cpr_warning: Option<String>,
    /// Fødselsdato.
    pub birth_date: Option<NaiveDate>,
    /// Køn.
    pub gender: Option<Gender>,
    /// Nationalitet.
    pub nationality: String,
    /// Telefon.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Tidligere skole/dagtilbud.
    pub previous_institution: String,
    pub uni_login: String,
    /// Bopælskommune (R36).
    pub home_municipality: String,
    /// Navne- og adressebeskyttelse in the CPR register (R37): the address stays on
    /// the office's screen.
    pub address_protected: bool,
    /// Current place.
    pub placement: Option<Placement>,
    /// Class in words.
    pub class_label: String,
    /// When archived, UTC.
    pub archived_at: Option<String>,
    /// Guardians, payer first.
    pub guardians: Vec<GuardianOfChild>,
    /// The child's households (one per distinct guardian home).
    pub households: Vec<Household>,
}

impl ChildDetail {
    /// The detail with the child's and the guardians' CPR numbers masked
    /// (`150318-XXXX`), for roles and papers that must not carry the full number.
    pub fn with_masked_cpr(mut self) -> ChildDetail {
        // Stored numbers were valid when saved, so the domain's own mask applies.
        let mask = |cpr: &mut Option<String>| {
            *cpr = cpr
                .as_deref()
                .and_then(|c| Cpr::parse(c, NaiveDate::MAX).ok())
                .map(|c| c.masked());
        };
        mask(&mut self.cpr);
        self.guardians.iter_mut().for_each(|g| mask(&mut g.cpr));
        self
    }
}

/// A guardian seen from one child: the person and the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct GuardianOfChild {
    /// Database id of the guardian.
    #[ts(type = "number")]
    pub guardian_id: i64,
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// CPR if any.
    pub cpr: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Telefon.
    pub phone: Option<String>,
    /// Household the guardian lives in.
    #[ts(type = "number")]
    pub household_id: i64,
    /// The home address.
    pub home: Address,
    /// Navne- og adressebeskyttelse in the CPR register (R37): the address stays on
    /// the office's screen.
    pub address_protected: bool,
    /// The home's address must not leave the office: this guardian, someone living
    /// with them or one of their children is marked.
    pub home_protected: bool,
    /// Custody, payer and relation for this child.
    pub link: GuardianLink,
}

impl GuardianOfChild {
    /// The home as papers and e-mails for others may carry it.
    pub fn home_for_others(&self) -> Home {
        Home::new(self.home.clone(), self.home_protected)
    }
}

/// A household: an address and who lives there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Household {
    /// Database id.
    #[ts(type = "number")]
    pub id: i64,
    pub address: Address,
    /// The address must not leave the office (R37).
    pub protected: bool,
    /// Names of the guardians living there.
    pub members: Vec<String>,
}

impl Household {
    /// The home as papers and e-mails for others may carry it.
    pub fn home_for_others(&self) -> Home {
        Home::new(self.address.clone(), self.protected)
    }
}

/// A guardian as the search shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct GuardianSummary {
    /// Database id.
    #[ts(type = "number")]
    pub id: i64,
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// The home address.
    pub home: Address,
    /// Their children's names and ids.
    pub children: Vec<ChildRef>,
}

/// A pointer to a child with its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChildRef {
    /// Database id.
    #[ts(type = "number")]
    pub id: i64,
    /// Full name.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn child() -> ChildInput {
        ChildInput {
            first_name: "Ida".into(),
            last_name: "Bøgh Sørensen".into(),
            cpr: "150318-4002".into(),
            placement: Some(PlacementInput {
                division: Some(Division::School),
                grade: Some(2),
                sfo: true,
                start_date: "01-08-2024".into(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn r5_child_gets_birth_date_and_gender_from_cpr() {
        let valid = child().validate(today()).unwrap();
        assert_eq!(valid.birth_date, NaiveDate::from_ymd_opt(2018, 3, 15));
        assert_eq!(valid.gender, Some(Gender::Female));
        assert_eq!(placement_label(valid.placement.as_ref()), "2. klasse");
    }

    #[test]
    fn r30_a_future_cpr_date_is_refused_with_a_danish_message() {
        let input = ChildInput {
            cpr: "010127-4000".into(),
            ..child()
        };
        let errors = input.validate(today()).unwrap_err();
        assert_eq!(errors.errors[0].field, "cpr");
        assert!(errors.errors[0].message.contains("fremtiden"));
    }

    #[test]
    fn r30_failed_mod11_is_a_warning_and_the_child_is_accepted() {
        let input = ChildInput {
            cpr: "010120-4001".into(),
            ..child()
        };
        let valid = input.validate(today()).unwrap();
        assert!(!valid.cpr.as_ref().unwrap().passes_modulus11());
        assert_eq!(valid.warnings.len(), 1);
        assert!(valid.warnings[0].message.contains("modulus 11"));
    }

    #[test]
    fn without_cpr_a_birth_date_is_needed() {
        let input = ChildInput {
            cpr: String::new(),
            ..child()
        };
        assert_eq!(input.validate(today()).unwrap_err().errors[0].field, "cpr");
        let input = ChildInput {
            cpr: String::new(),
            birth_date: "05-09-2019".into(),
            ..child()
        };
        let valid = input.validate(today()).unwrap();
        assert_eq!(valid.birth_date, NaiveDate::from_ymd_opt(2019, 9, 5));
        assert_eq!(valid.gender, None);
    }

    #[test]
    fn school_placement_needs_a_grade_from_0_to_9() {
        let mut input = child();
        input.placement.as_mut().unwrap().grade = Some(10);
        assert_eq!(
            input.validate(today()).unwrap_err().errors[0].field,
            "grade"
        );
    }

    #[test]
    fn exactly_one_payer_some_custody_and_the_payer_has_custody() {
        let payer = GuardianLink {
            relation: "mor".into(),
            has_custody: true,
            is_payer: true,
        };
        let other = GuardianLink {
            relation: "far".into(),
            has_custody: true,
            is_payer: false,
        };
        assert!(check_links(&[payer.clone(), other.clone()]).is_ok());
        assert!(check_links(&[other.clone(), other.clone()]).is_err());
        assert!(check_links(&[payer.clone(), payer.clone()]).is_err());
        let no_custody = GuardianLink {
            has_custody: false,
            ..payer
        };
        assert_eq!(
            check_links(&[no_custody.clone()]).unwrap_err().errors[0].field,
            "custody"
        );
        // A payer without custody, beside a guardian with it.
        let refused = check_links(&[no_custody, other]).unwrap_err();
        assert_eq!(refused.errors[0].field, "payer");
        assert!(refused.errors[0].message.contains("forældremyndighed"));
    }

    #[test]
    fn household_key_ignores_case_and_spacing() {
        let a = Address {
            street: "Skolevej  1".into(),
            postal_code: "8000".into(),
            town: "Aarhus C".into(),
        };
        let b = Address {
            street: "skolevej 1".into(),
            postal_code: "8000".into(),
            town: "Aarhus".into(),
        };
        assert_eq!(a.household_key(), b.household_key());
    }

    #[test]
    fn guardian_postal_code_and_phone_follow_r34() {
        let input = GuardianInput {
            first_name: "Mette".into(),
            last_name: "Sørensen".into(),
            phone: "1234".into(),
            address: "Skolevej 1".into(),
            postal_code: "800".into(),
            town: "Aarhus".into(),
            ..Default::default()
        };
        let fields: Vec<String> = input
            .validate(today())
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["phone", "postalCode"]);
    }
}
