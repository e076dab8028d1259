//! Health information (*helbredsoplysninger*, R22): allergies, medication and special
//! needs. Sensitive data under Art. 9: processed only with the custody holders'
//! consent, shown only to the roles that need it, and every read is logged.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::tr;
use crate::validation::ValidationErrors;

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum HealthKind {
    /// Allergi.
    Allergy,
    /// Medicin.
    Medication,
    /// Særlige behov.
    SpecialNeeds,
}

impl HealthKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            HealthKind::Allergy => "allergy",
            HealthKind::Medication => "medication",
            HealthKind::SpecialNeeds => "special_needs",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<HealthKind> {
        [
            HealthKind::Allergy,
            HealthKind::Medication,
            HealthKind::SpecialNeeds,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// A note as typed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct HealthInput {
    #[ts(type = "number")]
    pub child_id: i64,
    /// What it is about.
    pub kind: HealthKind,
    /// "Nøddeallergi — EpiPen i tasken", the dose and the time.
    pub text: String,
}

impl HealthInput {
    /// Checks the text: something to say, at most 2,000 characters.
    pub fn validate(&self) -> Result<String, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let text = self.text.trim();
        if text.is_empty() {
            errors.add("text", tr!("health.text_missing"));
        } else if text.chars().count() > 2000 {
            errors.add("text", crate::tr!("common.max_2000"));
        }
        errors.into_result()?;
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_needs_a_text() {
        let input = |text: &str| HealthInput {
            child_id: 1,
            kind: HealthKind::Allergy,
            text: text.into(),
        };
        assert_eq!(
            input("  Nøddeallergi ").validate(),
            Ok("Nøddeallergi".to_string())
        );
        assert!(input(" ").validate().is_err());
        assert!(input(&"x".repeat(2001)).validate().is_err());
        assert_eq!(
            HealthKind::from_code("special_needs"),
            Some(HealthKind::SpecialNeeds)
        );
    }
}
