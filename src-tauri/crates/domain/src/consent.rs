//! Consents (*samtykker*, R22, R23, R32). The types are the school's own list; each
//! answer is an event that is never edited: given, refused or withdrawn, by which
//! custody holder (or the pupil, from an age the school sets), when, how, and under
//! which version of the consent text. The state on a day is derived from the events
//! up to that day; where two custody holders disagree the stricter answer applies.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::tr;
use crate::validation::ValidationErrors;

/// An answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// Givet.
    Given,
    /// Afvist: asked and said no.
    Refused,
    /// Trukket tilbage: an earlier consent ends from this day.
    Withdrawn,
}

impl Decision {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Decision::Given => "given",
            Decision::Refused => "refused",
            Decision::Withdrawn => "withdrawn",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<Decision> {
        [Decision::Given, Decision::Refused, Decision::Withdrawn]
            .into_iter()
            .find(|d| d.code() == code)
    }

    /// "givet", "afvist", "trukket tilbage".
    pub fn danish(self) -> &'static str {
        match self {
            Decision::Given => "givet",
            Decision::Refused => "afvist",
            Decision::Withdrawn => "trukket tilbage",
        }
    }
}

/// How the answer reached the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Method {
    /// A signed paper form.
    Paper,
    /// Said in person to the office.
    InPerson,
    /// Through a digital form or message.
    Digital,
}

impl Method {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Method::Paper => "paper",
            Method::InPerson => "in_person",
            Method::Digital => "digital",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<Method> {
        [Method::Paper, Method::InPerson, Method::Digital]
            .into_iter()
            .find(|m| m.code() == code)
    }

    /// "på papir", "personligt", "digitalt".
    pub fn danish(self) -> &'static str {
        match self {
            Method::Paper => "på papir",
            Method::InPerson => "personligt",
            Method::Digital => "digitalt",
        }
    }
}

/// One of the school's consent types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ConsentType {
    #[ts(type = "number")]
    pub id: i64,
    /// "Billeder på hjemmeside og sociale medier".
    pub name: String,
    /// What the consent allows, and why.
    pub purpose: String,
    /// The legal basis (R22).
    pub legal_basis: String,
    /// From this age the pupil answers too (and a pupil's no counts); none: custody holders only.
    pub pupil_from_age: Option<u8>,
    /// The staff list of children without this consent: "Må ikke fotograferes …".
    pub list_title: String,
    /// Still asked; retired types keep their history.
    pub active: bool,
    /// The Art. 9 consent that health information rests on (R22).
    pub covers_health: bool,
    /// The consent the class's contact list rests on (R23).
    pub covers_contact_sharing: bool,
}

/// A new consent type as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ConsentTypeInput {
    pub name: String,
    pub purpose: String,
    pub legal_basis: String,
    /// `""` or an age 10–17.
    pub pupil_from_age: String,
    /// The staff list's title.
    pub list_title: String,
}

/// A checked consent type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidConsentType {
    pub name: String,
    pub purpose: String,
    pub legal_basis: String,
    /// From this age the pupil answers too.
    pub pupil_from_age: Option<u8>,
    /// The staff list's title.
    pub list_title: String,
    /// The Art. 9 consent for health information (one of the defaults).
    pub covers_health: bool,
    /// The consent for sharing parents' contact details (one of the defaults).
    pub covers_contact_sharing: bool,
}

fn required(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    max: usize,
    missing: &str,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, missing);
    } else if value.chars().count() > max {
        errors.add(field, tr!("common.max_chars", max = max));
    }
    value.to_string()
}

impl ConsentTypeInput {
    /// Checks the form.
    pub fn validate(&self) -> Result<ValidConsentType, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = required(
            &mut errors,
            "name",
            &self.name,
            120,
            &tr!("consent.name_missing"),
        );
        let purpose = required(
            &mut errors,
            "purpose",
            &self.purpose,
            1000,
            &tr!("consent.purpose_missing"),
        );
        let legal_basis = required(
            &mut errors,
            "legalBasis",
            &self.legal_basis,
            200,
            &tr!("consent.legal_basis_missing"),
        );
        let list_title = required(
            &mut errors,
            "listTitle",
            &self.list_title,
            120,
            &tr!("consent.list_title_missing"),
        );
        let age = self.pupil_from_age.trim();
        let pupil_from_age = if age.is_empty() {
            None
        } else {
            match age.parse::<u8>() {
                Ok(n) if (10..=17).contains(&n) => Some(n),
                _ => {
                    errors.add("pupilFromAge", tr!("consent.pupil_age_range"));
                    None
                }
            }
        };
        errors.into_result()?;
        Ok(ValidConsentType {
            name,
            purpose,
            legal_basis,
            pupil_from_age,
            list_title,
            covers_health: false,
            covers_contact_sharing: false,
        })
    }
}

/// Who answered: a custody holder or the pupil.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Answerer {
    /// A guardian with custody.
    Guardian {
        /// The guardian.
        #[ts(type = "number")]
        id: i64,
    },
    /// The pupil, from the type's age.
    Pupil,
}

/// One answer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentEvent {
    /// Its id (orders answers of the same day).
    pub id: i64,
    pub type_id: i64,
    /// The answer.
    pub decision: Decision,
    /// Who answered.
    pub answerer: Answerer,
    /// The day it was given; it counts from then.
    pub on: NaiveDate,
}

/// The state of one consent on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ConsentState {
    /// Nobody has answered.
    NotAsked,
    /// Given, and nobody who answers has said no.
    Given,
    /// Refused by someone who answers.
    Refused,
    /// Withdrawn: given earlier, ended since.
    Withdrawn,
}

impl ConsentState {
    /// Whether the school may act on the consent.
    pub fn allows(self) -> bool {
        self == ConsentState::Given
    }
}

/// The state with the reason a secretary needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub state: ConsentState,
    /// Custody holders (or the pupil) answered differently; the stricter applies.
    pub disagreement: bool,
}

/// The age in whole years on a day.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let years = day.year()
        - birth.year()
        - i32::from((day.month(), day.day()) < (birth.month(), birth.day()));
    years.max(0) as u32
}

/// R23: the state of one type on `day` from the events up to that day. Each answerer's
/// latest answer counts; those who may answer are the custody holders and, from the
/// type's age, the pupil. Any no (refused or withdrawn) wins over a yes.
pub fn derive(
    events: &[ConsentEvent],
    custody_holders: &[i64],
    pupil_answers: bool,
    day: NaiveDate,
) -> Derived {
    let counts = |answerer: &Answerer| match answerer {
        Answerer::Guardian { id } => custody_holders.contains(id),
        Answerer::Pupil => pupil_answers,
    };
    let mut latest: Vec<&ConsentEvent> = Vec::new();
    let mut ordered: Vec<&ConsentEvent> = events
        .iter()
        .filter(|e| e.on <= day && counts(&e.answerer))
        .collect();
    ordered.sort_by_key(|e| (e.on, e.id));
    for event in ordered {
        latest.retain(|e| e.answerer != event.answerer);
        latest.push(event);
    }
    let has = |decision| latest.iter().any(|e| e.decision == decision);
    let state = if has(Decision::Withdrawn) {
        ConsentState::Withdrawn
    } else if has(Decision::Refused) {
        ConsentState::Refused
    } else if has(Decision::Given) {
        ConsentState::Given
    } else {
        ConsentState::NotAsked
    };
    Derived {
        state,
        disagreement: has(Decision::Given) && state != ConsentState::Given,
    }
}

/// An answer as typed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ConsentInput {
    #[ts(type = "number")]
    pub child_id: i64,
    #[ts(type = "number")]
    pub type_id: i64,
    /// The answer.
    pub decision: Decision,
    /// Who answered.
    pub answerer: Answerer,
    /// The day, `dd-mm-yyyy`.
    pub on: String,
    /// How.
    pub method: Method,
}

/// The facts an answer is checked against.
pub struct AnswerContext<'a> {
    pub consent_type: &'a ConsentType,
    /// The child's custody holders.
    pub custody_holders: &'a [i64],
    /// The child's birth date.
    pub birth_date: Option<NaiveDate>,
    /// The program's day.
    pub today: NaiveDate,
}

impl AnswerContext<'_> {
    /// Whether the pupil answers this type on `day`.
    pub fn pupil_answers(&self, day: NaiveDate) -> bool {
        match (self.consent_type.pupil_from_age, self.birth_date) {
            (Some(age), Some(born)) => age_on(born, day) >= u32::from(age),
            _ => false,
        }
    }
}

impl ConsentInput {
    /// Checks the answer: a day not in the future; a custody holder of the child, or
    /// the pupil of the type's age; an active type for a new consent.
    pub fn validate(&self, context: &AnswerContext<'_>) -> Result<NaiveDate, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let on = dates::parse(&self.on);
        match on {
            None => errors.add("on", tr!("common.date_format")),
            Some(day) if day > context.today => errors.add("on", tr!("consent.answer_future")),
            Some(_) => {}
        }
        let day = on.unwrap_or(context.today);
        match self.answerer {
            Answerer::Guardian { id } if !context.custody_holders.contains(&id) => {
                errors.add("answerer", tr!("consent.custody_only"))
            }
            Answerer::Pupil if !context.pupil_answers(day) => {
                match context.consent_type.pupil_from_age {
                    Some(age) => {
                        errors.add("answerer", tr!("consent.pupil_answers_from", age = age))
                    }
                    None => errors.add("answerer", tr!("consent.parents_only")),
                }
            }
            _ => {}
        }
        if self.decision == Decision::Given && !context.consent_type.active {
            errors.add("typeId", tr!("consent.retired"));
        }
        errors.into_result()?;
        Ok(day)
    }
}

/// The default list (R23, R32): a new school starts from these and changes them.
pub fn default_types() -> Vec<ValidConsentType> {
    let t = |name: &str,
             purpose: &str,
             legal_basis: &str,
             pupil_from_age: Option<u8>,
             list_title: &str| ValidConsentType {
        name: name.into(),
        purpose: purpose.into(),
        legal_basis: legal_basis.into(),
        pupil_from_age,
        list_title: list_title.into(),
        covers_health: name == "Helbredsoplysninger",
        covers_contact_sharing: name == "Deling af kontaktoplysninger",
    };
    vec![
        t(
            "Billeder på hjemmeside og sociale medier",
            "Billeder og video, hvor barnet kan genkendes, på skolens hjemmeside og sociale medier.",
            "Samtykke, GDPR art. 6, stk. 1, litra a",
            Some(15),
            "Må ikke fotograferes til hjemmeside og sociale medier",
        ),
        t(
            "Billeder i trykt materiale",
            "Billeder, hvor barnet kan genkendes, i brochurer og årsskrift.",
            "Samtykke, GDPR art. 6, stk. 1, litra a",
            Some(15),
            "Må ikke være på billeder i trykt materiale",
        ),
        t(
            "Portrætter og klassebilleder på intranettet",
            "Portræt- og klassebilleder, som kun skolens elever, forældre og ansatte kan se.",
            "Samtykke, GDPR art. 6, stk. 1, litra a",
            Some(15),
            "Må ikke være på portræt- og klassebilleder",
        ),
        t(
            "Helbredsoplysninger",
            "Allergier, medicin og særlige behov, så barnet er trygt i skole, SFO og børnehave.",
            "Samtykke, GDPR art. 9, stk. 2, litra a",
            None,
            "Helbredsoplysninger må ikke behandles",
        ),
        t(
            "Oplysninger fra tidligere skole, dagtilbud og PPR",
            "At skolen indhenter oplysninger om barnet fra tidligere skole eller dagtilbud og fra Pædagogisk-Psykologisk Rådgivning.",
            "Samtykke, GDPR art. 6, stk. 1, litra a, og art. 9, stk. 2, litra a",
            None,
            "Oplysninger må ikke indhentes",
        ),
        t(
            "Deling af kontaktoplysninger",
            "At forældrenes navne, telefon og e-mail deles med klassen, årgangen og SFO samt institutionen.",
            "Samtykke, GDPR art. 6, stk. 1, litra a",
            None,
            "Kontaktoplysninger må ikke deles",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn event(id: i64, decision: Decision, answerer: Answerer, on: NaiveDate) -> ConsentEvent {
        ConsentEvent {
            id,
            type_id: 1,
            decision,
            answerer,
            on,
        }
    }

    const MOR: Answerer = Answerer::Guardian { id: 1 };
    const FAR: Answerer = Answerer::Guardian { id: 2 };

    #[test]
    fn r23_a_withdrawal_counts_from_its_day_on() {
        let events = [
            event(1, Decision::Given, MOR, d(2026, 8, 10)),
            event(2, Decision::Withdrawn, MOR, d(2026, 11, 1)),
        ];
        assert_eq!(
            derive(&events, &[1, 2], false, d(2026, 8, 9)).state,
            ConsentState::NotAsked
        );
        assert_eq!(
            derive(&events, &[1, 2], false, d(2026, 10, 31)).state,
            ConsentState::Given
        );
        assert_eq!(
            derive(&events, &[1, 2], false, d(2026, 11, 1)).state,
            ConsentState::Withdrawn
        );
        // Given again later: the latest answer counts.
        let again = [
            events[0].clone(),
            events[1].clone(),
            event(3, Decision::Given, MOR, d(2026, 12, 1)),
        ];
        assert_eq!(
            derive(&again, &[1, 2], false, d(2026, 12, 1)).state,
            ConsentState::Given
        );
    }

    #[test]
    fn r23_when_custody_holders_disagree_the_stricter_answer_applies() {
        let events = [
            event(1, Decision::Given, MOR, d(2026, 8, 10)),
            event(2, Decision::Refused, FAR, d(2026, 8, 12)),
        ];
        let derived = derive(&events, &[1, 2], false, d(2026, 9, 1));
        assert_eq!(
            derived,
            Derived {
                state: ConsentState::Refused,
                disagreement: true
            }
        );
        assert!(!derived.state.allows());
        // A guardian without custody does not count.
        assert_eq!(
            derive(&events, &[1], false, d(2026, 9, 1)),
            Derived {
                state: ConsentState::Given,
                disagreement: false
            }
        );
    }

    #[test]
    fn a_pupil_of_the_types_age_answers_too_and_a_pupils_no_counts() {
        let events = [
            event(1, Decision::Given, MOR, d(2026, 8, 10)),
            event(2, Decision::Refused, Answerer::Pupil, d(2026, 9, 1)),
        ];
        assert_eq!(
            derive(&events, &[1], true, d(2026, 9, 2)).state,
            ConsentState::Refused
        );
        assert_eq!(
            derive(&events, &[1], false, d(2026, 9, 2)).state,
            ConsentState::Given,
            "younger: the pupil's answer is not counted"
        );
    }

    #[test]
    fn an_answer_is_checked_against_custody_age_and_the_day() {
        let kind = ConsentType {
            id: 1,
            name: "Billeder".into(),
            purpose: "p".into(),
            legal_basis: "l".into(),
            pupil_from_age: Some(15),
            list_title: "t".into(),
            active: true,
            covers_health: false,
            covers_contact_sharing: false,
        };
        let context = AnswerContext {
            consent_type: &kind,
            custody_holders: &[1],
            birth_date: Some(d(2012, 5, 1)),
            today: d(2026, 11, 23),
        };
        let input = |answerer, on: &str| ConsentInput {
            child_id: 9,
            type_id: 1,
            decision: Decision::Given,
            answerer,
            on: on.into(),
            method: Method::Paper,
        };
        assert_eq!(
            input(MOR, "23-11-2026").validate(&context),
            Ok(d(2026, 11, 23))
        );
        let fields = |input: ConsentInput| {
            input
                .validate(&context)
                .unwrap_err()
                .errors
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(input(FAR, "24-11-2026")), ["on", "answerer"]);
        assert_eq!(
            fields(input(Answerer::Pupil, "23-11-2026")),
            ["answerer"],
            "14 years old"
        );
        assert!(
            input(Answerer::Pupil, "23-11-2026")
                .validate(&AnswerContext {
                    birth_date: Some(d(2011, 11, 23)),
                    ..context
                })
                .is_ok(),
            "15 today"
        );
    }

    #[test]
    fn ages_turn_on_the_birthday() {
        assert_eq!(age_on(d(2011, 11, 23), d(2026, 11, 22)), 14);
        assert_eq!(age_on(d(2011, 11, 23), d(2026, 11, 23)), 15);
        assert_eq!(age_on(d(2012, 2, 29), d(2026, 2, 28)), 13);
    }

    #[test]
    fn a_type_is_checked_field_by_field_and_the_defaults_cover_r23() {
        let fields: Vec<String> = ConsentTypeInput {
            pupil_from_age: "9".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .errors
        .into_iter()
        .map(|e| e.field)
        .collect();
        assert_eq!(
            fields,
            ["name", "purpose", "legalBasis", "listTitle", "pupilFromAge"]
        );
        let names: Vec<String> = default_types().into_iter().map(|t| t.name).collect();
        assert_eq!(names.len(), 6);
        assert!(
            names.iter().any(|n| n.contains("Helbred"))
                && names.iter().any(|n| n.contains("PPR"))
                && names.iter().any(|n| n.contains("kontakt"))
        );
        assert_eq!(
            default_types().iter().filter(|t| t.covers_health).count(),
            1,
            "one Art. 9 consent for health information"
        );
    }
}
