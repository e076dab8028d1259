//! Second factor (R29): time-based one-time codes (RFC 6238, 6 digits, 30 s) from any
//! authenticator app, set up from a QR code. totp-rs does the arithmetic.

use serde::Serialize;
use totp_rs::{Builder, Secret, Totp};
use ts_rs::TS;

use crate::error::{AppError, AppResult};

/// What the set-up screen shows: the QR code and, for typing by hand, the secret.
#[derive(Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SecondFactorSetup {
    /// PNG of the QR code, base64.
    pub qr_png_base64: String,
    /// The secret in base32, grouped in fours for typing.
    pub secret: String,
}

impl std::fmt::Debug for SecondFactorSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecondFactorSetup(..)")
    }
}

fn totp(secret_base32: &str, account: &str) -> AppResult<Totp> {
    let secret =
        Secret::try_from_base32(secret_base32).map_err(|_| AppError::SecondFactorBroken)?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some("Skolekontor"))
        .with_account_name(account)
        .build()
        .map_err(|_| AppError::SecondFactorBroken)
}

/// A new random secret (160 bits) in base32.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

/// The QR code and secret for `account` (the user name).
pub fn setup_for(secret_base32: &str, account: &str) -> AppResult<SecondFactorSetup> {
    let qr_png_base64 = totp(secret_base32, account)?
        .to_qr_base64()
        .map_err(|_| AppError::SecondFactorBroken)?;
    let grouped: Vec<String> = secret_base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    Ok(SecondFactorSetup {
        qr_png_base64,
        secret: grouped.join(" "),
    })
}

/// Whether `code` (spaces allowed) is the current code, or the one just before or after.
pub fn code_matches(secret_base32: &str, code: &str) -> bool {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret_base32, "x")
        .map(|t| t.check_current(&digits).is_some())
        .unwrap_or(false)
}

/// The current code, for tests and the command line's self-check.
pub fn current_code(secret_base32: &str) -> AppResult<String> {
    Ok(totp(secret_base32, "x")?.generate_current().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r29_the_current_code_matches_and_others_do_not() {
        let secret = new_secret();
        let code = current_code(&secret).unwrap();
        assert_eq!(code.len(), 6);
        assert!(code_matches(&secret, &code));
        assert!(code_matches(
            &secret,
            &format!("{} {}", &code[..3], &code[3..])
        ));
        let wrong = format!(
            "{:06}",
            (code.parse::<u32>().unwrap() + 500_000) % 1_000_000
        );
        assert!(!code_matches(&secret, &wrong));
    }

    #[test]
    fn the_setup_has_a_png_qr_code_and_a_grouped_secret() {
        let secret = new_secret();
        let setup = setup_for(&secret, "sekretaer").unwrap();
        assert!(
            setup.qr_png_base64.starts_with("iVBORw0KGgo"),
            "a base64 PNG"
        );
        assert_eq!(setup.secret.replace(' ', ""), secret);
        assert!(!format!("{setup:?}").contains(&secret[..8]));
    }
}
