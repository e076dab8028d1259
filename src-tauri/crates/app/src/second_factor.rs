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

/// The time step of `code` (spaces allowed) at Unix time `now`: the current step, or
/// the one just before or after (a phone's clock may be off by a little). Whether the
/// step is still unused is the caller's check (RFC 6238 §5.2: a code counts once).
pub fn matching_step(secret_base32: &str, code: &str, now: u64) -> Option<u64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret_base32, "x").ok()?.check(&digits, now)
}

/// The code an authenticator app shows at Unix time `unix_seconds` (for tests).
pub fn code_at(secret_base32: &str, unix_seconds: u64) -> AppResult<String> {
    Ok(totp(secret_base32, "x")?.generate(unix_seconds).to_string())
}

/// The current code, for tests and the command line's self-check.
pub fn current_code(secret_base32: &str) -> AppResult<String> {
    Ok(totp(secret_base32, "x")?.generate_current().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r29_a_code_matches_its_own_step_and_its_neighbours_only() {
        let secret = new_secret();
        let now = 1_790_000_000;
        let code = code_at(&secret, now).unwrap();
        assert_eq!(code.len(), 6);
        let step = now / 30;
        assert_eq!(matching_step(&secret, &code, now), Some(step));
        assert_eq!(
            matching_step(&secret, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(step)
        );
        assert_eq!(matching_step(&secret, &code, now + 30), Some(step));
        assert_eq!(matching_step(&secret, &code, now + 90), None, "too old");
        let wrong = format!(
            "{:06}",
            (code.parse::<u32>().unwrap() + 500_000) % 1_000_000
        );
        assert_eq!(matching_step(&secret, &wrong, now), None);
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
