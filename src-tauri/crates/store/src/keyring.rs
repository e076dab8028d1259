//! The database key in the OS credential store: Secret Service on Linux, Credential
//! Manager on Windows, Keychain on macOS — through the keyring project's
//! `keyring-core` and its native stores.

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

/// A short Danish description of a keyring failure, without secrets.
fn describe(error: &KeyringError) -> String {
    match error {
        KeyringError::NoStorageAccess(_) => "nøgleringen er låst eller utilgængelig".into(),
        KeyringError::PlatformFailure(e) => format!("systemfejl: {e}"),
        KeyringError::NoEntry => "ingen nøgle gemt".into(),
        other => format!("{other}"),
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
}
