//! The database key in the OS credential store: Secret Service on Linux, Credential
//! Manager on Windows, Keychain on macOS — through the keyring project's
//! `keyring-core` and its native stores.

use skolekontor_domain::tr;
use std::sync::OnceLock;

use keyring_core::{Entry, Error as KeyringError};

use crate::error::{StoreError, StoreResult};
use crate::key::DatabaseKey;

/// The keyring service name all Skolekontor entries use.
pub const SERVICE: &str = "dk.skolekontor";

/// Where database keys are kept. One entry per database, named by its account.
pub trait KeyVault: Send + Sync {
    /// The key for `account`, or `None` when the vault has none.
    fn load(&self, account: &str) -> StoreResult<Option<DatabaseKey>>;
    /// Stores (or replaces) the key for `account`.
    fn save(&self, account: &str, key: &DatabaseKey) -> StoreResult<()>;
    /// Forgets the key for `account`; no error when there was none.
    fn delete(&self, account: &str) -> StoreResult<()>;
    /// A password kept for `account` (the SMTP server's), or `None`.
    fn load_password(&self, account: &str) -> StoreResult<Option<zeroize::Zeroizing<String>>>;
    /// Stores (or replaces) the password for `account`.
    fn save_password(&self, account: &str, password: &str) -> StoreResult<()>;
}

/// The OS keyring of the logged-in user.
#[derive(Debug, Clone, Copy)]
pub struct OsKeyring;

static STORE_READY: OnceLock<Result<(), String>> = OnceLock::new();

fn install_native_store() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    let store = zbus_secret_service_keyring_store::Store::new();
    #[cfg(target_os = "windows")]
    let store = windows_native_keyring_store::Store::new();
    #[cfg(target_os = "macos")]
    let store = apple_native_keyring_store::keychain::Store::new();
    let store = store.map_err(|e| describe(&e))?;
    keyring_core::set_default_store(store);
    Ok(())
}

/// A short description of a keyring failure, without secrets.
fn describe(error: &KeyringError) -> String {
    match error {
        KeyringError::NoStorageAccess(_) => tr!("keyring.locked"),
        KeyringError::PlatformFailure(_) => tr!("keyring.unreachable"),
        KeyringError::NoEntry => tr!("keyring.no_entry"),
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => {
            tr!("keyring.unreadable")
        }
        _ => tr!("keyring.failed"),
    }
}

impl OsKeyring {
    /// Connects to the native store once per process.
    pub fn connect() -> StoreResult<OsKeyring> {
        STORE_READY
            .get_or_init(install_native_store)
            .clone()
            .map_err(StoreError::Keyring)?;
        Ok(OsKeyring)
    }

    fn entry(account: &str) -> StoreResult<Entry> {
        Entry::new(SERVICE, account).map_err(|e| StoreError::Keyring(describe(&e)))
    }
}

/// The OS keyring when it cannot be reached (no Secret Service running, a locked
/// session): every use fails with the same Danish reason, so the program can still
/// start and ask for the recovery key instead of failing at every command.
#[derive(Debug, Clone)]
pub struct UnreachableKeyring {
    reason: String,
}

impl UnreachableKeyring {
    /// A keyring that cannot be reached, for `reason` (Danish).
    pub fn new(reason: &str) -> UnreachableKeyring {
        UnreachableKeyring {
            reason: reason.to_string(),
        }
    }
}

impl KeyVault for UnreachableKeyring {
    fn load(&self, _account: &str) -> StoreResult<Option<DatabaseKey>> {
        Err(StoreError::Keyring(self.reason.clone()))
    }

    fn save(&self, _account: &str, _key: &DatabaseKey) -> StoreResult<()> {
        Err(StoreError::Keyring(self.reason.clone()))
    }

    fn delete(&self, _account: &str) -> StoreResult<()> {
        Err(StoreError::Keyring(self.reason.clone()))
    }

    fn load_password(&self, _account: &str) -> StoreResult<Option<zeroize::Zeroizing<String>>> {
        Err(StoreError::Keyring(self.reason.clone()))
    }

    fn save_password(&self, _account: &str, _password: &str) -> StoreResult<()> {
        Err(StoreError::Keyring(self.reason.clone()))
    }
}

/// The OS keyring, or — when it cannot be reached — a vault that says why at each use.
pub fn os_keyring_or_unreachable() -> Box<dyn KeyVault> {
    match OsKeyring::connect() {
        Ok(keyring) => Box::new(keyring),
        Err(StoreError::Keyring(reason)) => Box::new(UnreachableKeyring { reason }),
        Err(other) => Box::new(UnreachableKeyring {
            reason: other.to_string(),
        }),
    }
}

impl KeyVault for OsKeyring {
    fn load(&self, account: &str) -> StoreResult<Option<DatabaseKey>> {
        match Self::entry(account)?.get_secret() {
            Ok(bytes) => DatabaseKey::from_bytes(&bytes).map(Some),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(StoreError::Keyring(describe(&e))),
        }
    }

    fn save(&self, account: &str, key: &DatabaseKey) -> StoreResult<()> {
        Self::entry(account)?
            .set_secret(key.as_bytes())
            .map_err(|e| StoreError::Keyring(describe(&e)))
    }

    fn delete(&self, account: &str) -> StoreResult<()> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(StoreError::Keyring(describe(&e))),
        }
    }

    fn load_password(&self, account: &str) -> StoreResult<Option<zeroize::Zeroizing<String>>> {
        match Self::entry(account)?.get_password() {
            Ok(password) => Ok(Some(zeroize::Zeroizing::new(password))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(StoreError::Keyring(describe(&e))),
        }
    }

    fn save_password(&self, account: &str, password: &str) -> StoreResult<()> {
        Self::entry(account)?
            .set_password(password)
            .map_err(|e| StoreError::Keyring(describe(&e)))
    }
}
