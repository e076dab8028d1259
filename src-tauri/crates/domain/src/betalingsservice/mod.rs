//! Betalingsservice (R35): the creditor delivery 0601 (section 0112) we send to the
//! bank, our own reader that re-checks it, and the payment information 0602 the
//! bank sends back. Every position of every record lives in this module, so it is
//! one place to correct (see `shared/reference/betalingsservice-0601.md`).

pub mod delivery;
pub mod fixed_width;
pub mod payments;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::validation::ValidationErrors;

use crate::tr;
pub use delivery::{check_0601, write_0601, Collection, Delivery, DeliverySummary};
pub use payments::{parse_0602, PaymentEvent, PaymentRecord};

/// What is wrong with a file, with its line; never the file's personal data.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum BsError {
    /// Nothing in the file.
    #[error("{}", tr!("betalingsservice.empty"))]
    Empty,
    /// A record that is not 128 characters.
    #[error("{}", tr!("betalingsservice.length", line = .line, length = .length))]
    Length {
        /// 1-based.
        line: usize,
        /// Characters found.
        length: usize,
    },
    /// A field that cannot be read.
    #[error("{}", tr!("betalingsservice.field", line = .line, field = .field, reason = .reason))]
    Field {
        /// 1-based.
        line: usize,
        /// The field's Danish name.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A record in the wrong place or of an unknown kind.
    #[error("{}", tr!("betalingsservice.structure", line = .line, reason = .reason))]
    Structure {
        /// 1-based.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The totals do not match the records.
    #[error("{}", tr!("betalingsservice.totals", record = .record, reason = .reason))]
    Totals {
        /// BS092 or BS992.
        record: &'static str,
        /// What differs.
        reason: String,
    },
    /// Something we were asked to write cannot be written.
    #[error("{0}")]
    Content(String),
}

/// The school's agreement with Betalingsservice (the settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Creditor {
    /// PBS-nummer, 8 digits.
    pub pbs_number: String,
    /// Debitorgruppenummer, 5 digits.
    pub debtor_group: String,
    /// Dataleverandørnummer, 8 digits (often the PBS number).
    pub data_supplier: String,
}

impl Creditor {
    /// Checks the numbers, with Danish messages.
    pub fn validate(&self) -> Result<Creditor, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let digits = |text: &str, max: usize| {
            let t = text.trim();
            (!t.is_empty() && t.len() <= max && t.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("{t:0>max$}"))
        };
        let pbs_number = digits(&self.pbs_number, 8);
        if pbs_number.is_none() {
            errors.add("pbsNumber", tr!("betalingsservice.pbs_number"));
        }
        let debtor_group = digits(&self.debtor_group, 5);
        if debtor_group.is_none() {
            errors.add("debtorGroup", tr!("betalingsservice.debtor_group"));
        }
        let data_supplier = digits(&self.data_supplier, 8);
        if data_supplier.is_none() {
            errors.add("dataSupplier", tr!("betalingsservice.data_supplier"));
        }
        errors.into_result()?;
        Ok(Creditor {
            pbs_number: pbs_number.unwrap_or_default(),
            debtor_group: debtor_group.unwrap_or_default(),
            data_supplier: data_supplier.unwrap_or_default(),
        })
    }

    /// Whether the numbers are set at all.
    pub fn is_set(&self) -> bool {
        self.validate().is_ok()
    }
}

/// Kundenummer: up to 15 characters, upper case, Danish letters allowed, no `&`
/// and no spaces. Returns the normalised number or a Danish message.
pub fn customer_number(text: &str) -> Result<String, String> {
    let number = text.trim().to_uppercase();
    if number.is_empty() || number.chars().count() > 15 {
        return Err(tr!("betalingsservice.customer_number_length"));
    }
    if !number
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "ÆØÅÄÖÜÉ-".contains(c))
    {
        return Err(tr!("betalingsservice.customer_number_characters"));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_numbers_follow_the_guide() {
        assert_eq!(customer_number(" 00123 "), Ok("00123".into()));
        assert_eq!(customer_number("bøgh7"), Ok("BØGH7".into()));
        assert!(customer_number("A&B").is_err());
        assert!(customer_number("A B").is_err());
        assert!(customer_number("1234567890123456").is_err());
    }

    #[test]
    fn creditor_numbers_are_padded_and_checked() {
        let creditor = Creditor {
            pbs_number: "12345678".into(),
            debtor_group: "1".into(),
            data_supplier: "x".into(),
        };
        let fields: Vec<String> = creditor
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["dataSupplier"]);
        let ok = Creditor {
            data_supplier: "12345678".into(),
            ..creditor
        }
        .validate()
        .unwrap();
        assert_eq!(ok.debtor_group, "00001");
    }
}
