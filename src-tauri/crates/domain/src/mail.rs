//! E-mail to parents: the school's SMTP server as the settings page takes it, and
//! the words of a contract's e-mail. The password is never part of these settings:
//! it lives in the OS keyring. No e-mail carries a CPR number: its text names the
//! children by first name, and its attachment is a document without CPR numbers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact;
use crate::tr;
use crate::validation::ValidationErrors;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum SmtpSecurity {
    /// STARTTLS on the submission port (587).
    StartTls,
    /// TLS from the first byte (465).
    Tls,
}

impl SmtpSecurity {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            SmtpSecurity::StartTls => "starttls",
            SmtpSecurity::Tls => "tls",
        }
    }

    /// The security named by `code`.
    pub fn from_code(code: &str) -> Option<SmtpSecurity> {
        match code {
            "starttls" => Some(SmtpSecurity::StartTls),
            "tls" => Some(SmtpSecurity::Tls),
            _ => None,
        }
    }

    /// The usual port.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        }
    }
}

/// The settings form. Its `Debug` leaves the password out, so no log or panic
/// message can carry it.
#[derive(Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettingsInput {
    /// Server name, `smtp.skolen.dk`.
    pub host: String,
    /// Empty: the usual port of the security chosen.
    pub port: String,
    /// STARTTLS or TLS.
    pub security: SmtpSecurity,
    /// User name; empty when the server takes mail without login.
    pub username: String,
    /// The sender's address, `kontor@skolen.dk`.
    pub from_address: String,
    /// The sender's name, `Bøgely Friskole`.
    pub from_name: String,
    /// A new password; empty keeps the one in the keyring.
    #[serde(default)]
    pub password: String,
}

/// Checked settings (no password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettings {
    /// Server name.
    pub host: String,
    pub port: u16,
    /// STARTTLS or TLS.
    pub security: SmtpSecurity,
    /// User name, or empty.
    pub username: String,
    /// The sender's address.
    pub from_address: String,
    /// The sender's name.
    pub from_name: String,
}

impl std::fmt::Debug for SmtpSettingsInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettingsInput")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("from_address", &self.from_address)
            .field("from_name", &self.from_name)
            .field(
                "password",
                &if self.password.is_empty() {
                    ""
                } else {
                    "(skjult)"
                },
            )
            .finish()
    }
}

impl SmtpSettingsInput {
    /// Checks the form; every problem under its field, in Danish.
    pub fn validate(&self) -> Result<SmtpSettings, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let host = self.host.trim().to_lowercase();
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !host_ok {
            errors.add("host", tr!("mail.host_missing"));
        }
        let port = if self.port.trim().is_empty() {
            Some(self.security.default_port())
        } else {
            match self.port.trim().parse::<u16>() {
                Ok(port) if port > 0 => Some(port),
                _ => {
                    errors.add("port", tr!("mail.port_range"));
                    None
                }
            }
        };
        let from_address = errors.check("fromAddress", contact::email(&self.from_address));
        let from_name = self.from_name.trim().to_string();
        if from_name.is_empty() {
            errors.add("fromName", tr!("mail.sender_missing"));
        }
        let username = self.username.trim().to_string();
        if username.is_empty() && !self.password.is_empty() {
            errors.add("username", tr!("mail.user_missing"));
        }
        errors.into_result()?;
        Ok(SmtpSettings {
            host,
            port: port.unwrap_or_default(),
            security: self.security,
            username,
            from_address: from_address.unwrap_or_default(),
            from_name,
        })
    }
}

/// Names joined the Danish way: "Ida, Bo og Eva".
pub fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

/// The subject and text of the e-mail that carries a family's parent contract.
pub fn contract_mail(school: &str, guardians: &[String], children: &[String]) -> (String, String) {
    let subject = format!("Forældrekontrakt for {} – {school}", and_list(children));
    let body = format!(
        "Kære {}\n\nHer er forældrekontrakten for {} som PDF. Læs den igennem, og skriv under på den, eller kontakt kontoret, hvis noget ikke passer.\n\nVenlig hilsen\n{school}\n",
        and_list(guardians),
        and_list(children)
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SmtpSettingsInput {
        SmtpSettingsInput {
            host: " SMTP.Skolen.dk ".into(),
            port: String::new(),
            security: SmtpSecurity::StartTls,
            username: "kontor".into(),
            from_address: "kontor@skolen.dk".into(),
            from_name: "Bøgely Friskole".into(),
            password: "hemmelig".into(),
        }
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let shown = format!("{:?}", input());
        assert!(!shown.contains("hemmelig"), "{shown}");
        assert!(shown.contains("smtp.skolen.dk") || shown.contains("SMTP.Skolen.dk"));
    }

    #[test]
    fn settings_take_the_usual_port_and_a_clean_host() {
        let settings = input().validate().unwrap();
        assert_eq!(settings.host, "smtp.skolen.dk");
        assert_eq!(settings.port, 587);
        let tls = SmtpSettingsInput {
            security: SmtpSecurity::Tls,
            ..input()
        };
        assert_eq!(tls.validate().unwrap().port, 465);
    }

    #[test]
    fn wrong_settings_are_refused_field_by_field_in_danish() {
        let wrong = SmtpSettingsInput {
            host: "smtp skolen".into(),
            port: "70000".into(),
            username: String::new(),
            from_address: "kontor".into(),
            from_name: " ".into(),
            ..input()
        };
        let errors = wrong.validate().unwrap_err();
        let fields: Vec<&str> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["host", "port", "fromAddress", "fromName", "username"]
        );
        assert!(errors.errors[1].message.contains("65535"));
    }

    #[test]
    fn a_contract_mail_names_parents_and_children_without_cpr() {
        let (subject, body) = contract_mail(
            "Bøgely Friskole",
            &["Mette Hansen".into(), "Jens Hansen".into()],
            &["Ida".into(), "Bo".into()],
        );
        assert_eq!(subject, "Forældrekontrakt for Ida og Bo – Bøgely Friskole");
        assert!(body.starts_with("Kære Mette Hansen og Jens Hansen"));
        assert!(!body.chars().any(|c| c.is_ascii_digit()));
    }
}
