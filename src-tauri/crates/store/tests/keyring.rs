//! The database key in the real OS keyring (Secret Service on Linux: run under
//! `dbus-run-session` with an unlocked gnome-keyring, as `make test` does).

use skolekontor_store::{DatabaseKey, KeyVault, OsKeyring};

fn account() -> String {
    format!("test-{}", std::process::id() as u64 * 1_000 + rand_suffix())
}

fn rand_suffix() -> u64 {
    u64::from(DatabaseKey::generate().as_bytes()[0])
}

#[test]
fn a_key_round_trips_through_the_real_keyring_and_is_forgotten() {
    let vault = OsKeyring::connect().expect("no Secret Service: run the tests through `make test`");
    let account = account();
    assert!(vault.load(&account).unwrap().is_none());
    let key = DatabaseKey::generate();
    vault.save(&account, &key).unwrap();
    assert_eq!(vault.load(&account).unwrap().as_ref(), Some(&key));
    let replacement = DatabaseKey::generate();
    vault.save(&account, &replacement).unwrap();
    assert_eq!(vault.load(&account).unwrap().as_ref(), Some(&replacement));
    vault.delete(&account).unwrap();
    assert!(vault.load(&account).unwrap().is_none());
    vault.delete(&account).unwrap();
}
