//! The database key: 256 random bits, wiped from memory when dropped.

use rand::RngCore;
use skolekontor_domain::tr;
use zeroize::Zeroizing;

use crate::error::StoreError;

/// A raw SQLCipher key. Never printed: `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey(Zeroizing<[u8; 32]>);

impl DatabaseKey {
    /// A fresh key from the OS's random source.
    pub fn generate() -> DatabaseKey {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(bytes.as_mut());
        DatabaseKey(bytes)
    }

    /// A key from exactly 32 bytes (the keyring's copy, the recovery key).
    pub fn from_bytes(bytes: &[u8]) -> Result<DatabaseKey, StoreError> {
        let array: [u8; 32] = bytes
            .try_into()
            .map_err(|_| StoreError::Keyring(tr!("keyring.wrong_length")))?;
        Ok(DatabaseKey(Zeroizing::new(array)))
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The `PRAGMA key` statement for a raw key (no passphrase derivation).
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        self.statement("key")
    }

    /// The `PRAGMA rekey` statement that re-encrypts a database with this key.
    pub(crate) fn rekey_pragma(&self) -> Zeroizing<String> {
        self.statement("rekey")
    }

    /// `PRAGMA <pragma> = "x'<64 hex digits>'";`, built in one zeroized buffer of
    /// exactly its size: no reallocation leaves a partial copy of the key behind, and
    /// no formatted temporary holds a byte of it.
    fn statement(&self, pragma: &str) -> Zeroizing<String> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let (head, tail) = (format!("PRAGMA {pragma} = \"x'"), "'\";");
        let mut sql = Zeroizing::new(String::with_capacity(head.len() + 64 + tail.len()));
        let capacity = sql.capacity();
        sql.push_str(&head);
        for byte in self.0.iter() {
            sql.push(char::from(HEX[usize::from(byte >> 4)]));
            sql.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        sql.push_str(tail);
        debug_assert_eq!(sql.capacity(), capacity, "the key's buffer never grew");
        sql
    }
}

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_never_debug_printed() {
        let a = DatabaseKey::generate();
        let b = DatabaseKey::generate();
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "DatabaseKey(…)");
        assert!(a.pragma().starts_with("PRAGMA key = \"x'"));
        assert_eq!(a.pragma().len(), "PRAGMA key = \"x'".len() + 64 + 3);
    }

    #[test]
    fn the_hex_key_is_built_in_a_buffer_of_exactly_its_size() {
        let key = DatabaseKey::from_bytes(&[0xAB; 32]).unwrap();
        for sql in [key.pragma(), key.rekey_pragma()] {
            assert_eq!(sql.len(), sql.capacity(), "{}", &sql[..12]);
            assert!(sql.contains(&"AB".repeat(32)));
        }
        assert_eq!(
            key.rekey_pragma().as_str(),
            format!("PRAGMA rekey = \"x'{}'\";", "AB".repeat(32))
        );
    }

    #[test]
    fn wrong_length_is_refused() {
        assert!(DatabaseKey::from_bytes(&[0; 31]).is_err());
        assert!(DatabaseKey::from_bytes(&[0; 32]).is_ok());
    }
}
