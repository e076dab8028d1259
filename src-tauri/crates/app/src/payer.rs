//! Payers: their Betalingsservice customer numbers (*kundenummer*), set by the
//! office or made on the first charge, and kept by the payer whatever child they pay for.

use crate::billing::BillingUseCases;
use skolekontor_domain::betalingsservice::customer_number;
use skolekontor_domain::validation::ValidationErrors;

use crate::access::Action;
use crate::error::AppResult;
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// The normalised number, or the field's Danish message.
fn checked_number(text: &str) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    match customer_number(text) {
        Ok(number) if number.trim_start_matches('0').is_empty() => {
            errors.add("customerNumber", tr!("payer.customer_number_zero"))
        }
        Ok(number) => return Ok(number),
        Err(message) => errors.add("customerNumber", message),
    }
    Err(errors)
}

impl BillingUseCases<'_> {
    /// A guardian's customer number, if one is made or set.
    pub fn customer_number(&mut self, guardian_id: i64) -> AppResult<Option<String>> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        Ok(context.open.db.billing().customer_number_of(guardian_id)?)
    }

    /// Sets a guardian's customer number, e.g. the one the family already uses in
    /// Betalingsservice from the school's former system. Issued runs keep theirs.
    pub fn set_customer_number(&mut self, guardian_id: i64, number: &str) -> AppResult<String> {
        let number = checked_number(number)?;
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let work = context.open.db.begin()?;
        work.billing().set_customer_number(guardian_id, &number)?;
        work.commit()?;
        Ok(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_number_is_upper_case_and_more_than_zeros() {
        assert_eq!(checked_number(" ab12 ").unwrap(), "AB12");
        assert_eq!(checked_number("0042").unwrap(), "0042");
        assert!(checked_number("000").unwrap_err().errors[0]
            .message
            .contains("nuller"));
        assert!(checked_number("A B").is_err());
        assert!(checked_number("").is_err());
    }
}
