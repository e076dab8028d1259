//! Changing the database key (*nøgleskift*, R29): the headteacher rotates the key when
//! a recovery sheet may have gone astray. The new key is put in the keyring beside the
//! old one before the file is re-encrypted, so an interruption at any point leaves a
//! key in the keyring that opens the file; the next start finishes the change.

use skolekontor_store::{recovery, DatabaseKey};

use crate::access::Action;
use crate::error::AppResult;
use crate::office::Office;
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// The keyring account that holds a new key while the file is being re-encrypted.
fn next_account(account: &str) -> String {
    format!("{account}-ny")
}

impl Office {
    /// Re-encrypts the database with a new random key, stores it in the keyring and
    /// returns the new recovery key, shown once (its sheet prints like the first).
    /// Backups taken before open only with the old recovery key; one is taken now if
    /// the school has a backup folder.
    pub fn change_database_key(&mut self) -> AppResult<String> {
        self.authorize(Action::ChangeDatabaseKey, Subject::School)?;
        let account =
            self.data_dir
                .keyring_account()?
                .ok_or(crate::error::AppError::WrongState(tr!(
                    "key.id_file_missing"
                )))?;
        let new = DatabaseKey::generate();
        self.vault.save(&next_account(&account), &new)?;
        self.opened()?.db.rekey(&new)?;
        self.vault.save(&account, &new)?;
        self.vault.delete(&next_account(&account))?;
        self.opened()?.key = new.clone();
        tracing::info!("database key changed");
        let has_folder = !self
            .opened()?
            .db
            .backup()
            .backup_settings()?
            .folder
            .is_empty();
        if has_folder {
            if let Err(error) = self.backup().back_up_now() {
                self.opened()?.backup_problem = Some(tr!("key.backup_failed", error = error));
            }
        }
        let recovery_key = recovery::encode(&new);
        let shown = recovery_key.to_string();
        self.pending_recovery_key = Some(recovery_key);
        Ok(shown)
    }

    /// At start, when the keyring's key does not open the file: a key change was
    /// interrupted after the re-encryption. The new key waits beside the old one; if it
    /// opens the file, it takes the old one's place.
    pub(crate) fn finish_key_change(&mut self, account: &str) -> AppResult<bool> {
        let Some(new) = self.vault.load(&next_account(account))? else {
            return Ok(false);
        };
        if self.open_with(&new).is_err() {
            return Ok(false);
        }
        self.vault.save(account, &new)?;
        self.vault.delete(&next_account(account))?;
        tracing::info!("an interrupted key change was finished");
        Ok(true)
    }
}
