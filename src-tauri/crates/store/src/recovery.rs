//! The recovery key (*gendannelsesnøgle*): the database key written for people, to
//! be printed once at set-up and kept in the school's safe.
//!
//! Crockford base32 (no I, L, O or U; case and look-alikes forgiven) in groups of
//! four, and a final check group from a hash of the key, so a typo is caught before
//! the key is tried against the file.

use base32::Alphabet;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::StoreError;
use crate::key::DatabaseKey;
use skolekontor_domain::tr;

const ALPHABET: Alphabet = Alphabet::Crockford;
const KEY_CHARS: usize = 52;
const CHECK_CHARS: usize = 4;
const GROUP: usize = 4;

/// Number of four-character groups in a recovery key, the check group included.
pub const GROUPS: usize = (KEY_CHARS + CHECK_CHARS) / GROUP;

fn check_group(key: &DatabaseKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    base32::encode(ALPHABET, &digest)[..CHECK_CHARS].to_string()
}

/// The key as people write it: `ABCD-EFGH-…` (14 groups, the last one a check), in
/// memory that is wiped when dropped.
pub fn encode(key: &DatabaseKey) -> Zeroizing<String> {
    let plain = Zeroizing::new(base32::encode(ALPHABET, key.as_bytes()) + &check_group(key));
    let mut grouped = Zeroizing::new(String::with_capacity(GROUPS * (GROUP + 1)));
    for (index, c) in plain.chars().enumerate() {
        if index > 0 && index % GROUP == 0 {
            grouped.push('-');
        }
        grouped.push(c);
    }
    grouped
}

/// Reads a typed recovery key; spaces, dashes and case do not matter.
pub fn decode(typed: &str) -> Result<DatabaseKey, StoreError> {
    let compact: Zeroizing<String> = Zeroizing::new(
        typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    );
    if compact.chars().count() != KEY_CHARS + CHECK_CHARS {
        return Err(StoreError::RecoveryKey(tr!("recovery.groups")));
    }
    let (key_part, check_part) = compact.split_at(KEY_CHARS);
    let bytes = Zeroizing::new(
        base32::decode(ALPHABET, key_part)
            .ok_or(StoreError::RecoveryKey(tr!("recovery.character")))?,
    );
    let key = DatabaseKey::from_bytes(&bytes[..bytes.len().min(32)])
        .map_err(|_| StoreError::RecoveryKey(tr!("recovery.unreadable")))?;
    let expected = check_group(&key);
    let typed_check = base32::decode(ALPHABET, &format!("{check_part}0000"))
        .map(|b| base32::encode(ALPHABET, &b)[..CHECK_CHARS].to_string());
    if typed_check.as_deref() != Some(expected.as_str()) {
        return Err(StoreError::RecoveryKey(tr!("recovery.typo")));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_fourteen_groups() {
        let key = DatabaseKey::generate();
        let text = encode(&key);
        assert_eq!(text.split('-').count(), GROUPS);
        assert!(text.split('-').all(|g| g.len() == 4));
        assert_eq!(decode(&text).unwrap(), key);
    }

    #[test]
    fn forgives_case_spaces_and_look_alikes() {
        let key = DatabaseKey::generate();
        let text = encode(&key);
        let sloppy = text
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(decode(&sloppy).unwrap(), key);
    }

    #[test]
    fn a_typo_is_caught_by_the_check_group() {
        let key = DatabaseKey::generate();
        let text = encode(&key);
        let mut chars: Vec<char> = text.chars().collect();
        chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert!(
            matches!(decode(&typo), Err(StoreError::RecoveryKey(m)) if m.contains("tastefejl"))
        );
    }

    #[test]
    fn a_missing_group_is_named() {
        let key = DatabaseKey::generate();
        let text = encode(&key);
        let short = &text[5..];
        assert!(
            matches!(decode(short), Err(StoreError::RecoveryKey(m)) if m.contains("14 grupper"))
        );
    }
}
