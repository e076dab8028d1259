//! Contact details by R34: postal codes, phone numbers, e-mail addresses, CVR.

use crate::tr;
use thiserror::Error;

/// Why a contact detail was refused. Danish, for the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ContactError {
    /// Postnummer: four digits, kept as text (0800 exists).
    #[error("{}", tr!("contact.postal_code"))]
    PostalCode,
    /// Telefonnummer: eight digits, optionally after +45.
    #[error("{}", tr!("contact.phone"))]
    Phone,
    /// E-mail address not of the form name@domain.
    #[error("{}", tr!("contact.email"))]
    Email,
    /// CVR: eight digits.
    #[error("{}", tr!("contact.cvr"))]
    Cvr,
    /// A required text left empty.
    #[error("{}", tr!("common.required"))]
    Required,
}

/// A Danish postal code as four characters (R34: a string, never a number).
pub fn postal_code(text: &str) -> Result<String, ContactError> {
    let t = text.trim();
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err(ContactError::PostalCode)
    }
}

/// A Danish phone number, normalised to its 8 digits (`+45` and spaces dropped).
pub fn phone(text: &str) -> Result<String, ContactError> {
    let mut digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if let Some(rest) = digits
        .strip_prefix("+45")
        .or_else(|| digits.strip_prefix("0045"))
    {
        digits = rest.to_string();
    }
    if digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(ContactError::Phone)
    }
}

/// An 8-digit phone number for people: `12 34 56 78`.
pub fn phone_display(digits: &str) -> String {
    if digits.len() != 8 {
        return digits.to_string();
    }
    format!(
        "{} {} {} {}",
        &digits[0..2],
        &digits[2..4],
        &digits[4..6],
        &digits[6..8]
    )
}

/// An e-mail address, trimmed.
pub fn email(text: &str) -> Result<String, ContactError> {
    let t = text.trim();
    let parsed: email_address::EmailAddress = t.parse().map_err(|_| ContactError::Email)?;
    // A school writes to real mailboxes: require a dot in the domain.
    if parsed.domain().contains('.') {
        Ok(t.to_string())
    } else {
        Err(ContactError::Email)
    }
}

/// CVR number of the school: 8 digits.
pub fn cvr(text: &str) -> Result<String, ContactError> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        Ok(t)
    } else {
        Err(ContactError::Cvr)
    }
}

/// A required, trimmed text in the one form every name is stored in (NFC, R38): a
/// "Zoë" typed as `e` with a combining diaeresis is stored like one typed as `ë`.
pub fn required(text: &str) -> Result<String, ContactError> {
    let t = text.trim();
    if t.is_empty() {
        Err(ContactError::Required)
    } else {
        Ok(crate::text::composed(t))
    }
}

/// Empty text means "not given"; anything else must pass `check`.
pub fn optional(
    text: &str,
    check: fn(&str) -> Result<String, ContactError>,
) -> Result<Option<String>, ContactError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        check(text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r34_postal_codes_are_four_character_strings() {
        assert_eq!(postal_code("0800").unwrap(), "0800");
        assert_eq!(postal_code(" 8000 ").unwrap(), "8000");
        assert_eq!(postal_code("800"), Err(ContactError::PostalCode));
        assert_eq!(postal_code("80000"), Err(ContactError::PostalCode));
        assert_eq!(postal_code("8OOO"), Err(ContactError::PostalCode));
    }

    #[test]
    fn r34_phone_numbers_have_eight_digits() {
        assert_eq!(phone("+45 12 34 56 78").unwrap(), "12345678");
        assert_eq!(phone("0045-12345678").unwrap(), "12345678");
        assert_eq!(phone("1234567"), Err(ContactError::Phone));
        assert_eq!(phone("+46 12345678"), Err(ContactError::Phone));
        assert_eq!(phone_display("12345678"), "12 34 56 78");
    }

    #[test]
    fn emails_need_a_mailbox_and_a_domain() {
        assert_eq!(email(" kontor@friskole.dk ").unwrap(), "kontor@friskole.dk");
        assert!(email("kontor@friskole").is_err());
        assert!(email("kontor.friskole.dk").is_err());
    }

    #[test]
    fn cvr_has_eight_digits() {
        assert_eq!(cvr("1234 5678").unwrap(), "12345678");
        assert!(cvr("1234567").is_err());
    }

    #[test]
    fn optional_fields_accept_empty() {
        assert_eq!(optional("  ", phone), Ok(None));
        assert_eq!(optional("12345678", phone), Ok(Some("12345678".into())));
        assert!(optional("12", phone).is_err());
    }
}
