//! Field-level validation results that the UI can show next to each input.

use serde::Serialize;
use ts_rs::TS;

/// One problem with one input field, in Danish for the secretary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The field's name in the form (`cpr`, `postalCode` …), so the UI can place it.
    pub field: String,
    /// What is wrong, in Danish.
    pub message: String,
}

/// All problems found in one form; empty means the input is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ValidationErrors {
    /// The problems, in the order of the form's fields.
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Runs a check that may fail and records its message under `field`.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error.to_string());
                None
            }
        }
    }

    /// True when no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(())` when empty, else the problems.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The same problems placed in a larger form: `cpr` becomes `guardians.1.cpr`.
    pub fn prefixed(self, prefix: &str) -> ValidationErrors {
        ValidationErrors {
            errors: prefix_fields(self.errors, prefix),
        }
    }

    /// The messages joined for a single-line display (CLI, logs without personal data).
    pub fn summary(&self) -> String {
        self.errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Field problems or warnings renamed to their place in a larger form.
pub fn prefix_fields(fields: Vec<FieldError>, prefix: &str) -> Vec<FieldError> {
    fields
        .into_iter()
        .map(|mut e| {
            e.field = format!("{prefix}{}", e.field);
            e
        })
        .collect()
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for ValidationErrors {}
