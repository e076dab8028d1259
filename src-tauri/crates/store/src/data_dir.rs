//! The data folder: the encrypted database and the id naming its keyring entry.

use std::path::{Path, PathBuf};

use crate::error::StoreResult;

/// Environment variable that moves the data folder (tests, several schools on one PC).
pub const DATA_DIR_ENV: &str = "SKOLEKONTOR_DATA_DIR";

const DATABASE_FILE: &str = "skolekontor.db";
const ID_FILE: &str = "database-id";
/// The backup folder, kept in plain text beside the database as well, so a damaged
/// database can still be offered its newest backup.
const BACKUP_FOLDER_FILE: &str = "backup-folder";

/// One school's data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// A data folder at `root` (created on first write).
    pub fn at(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// `SKOLEKONTOR_DATA_DIR` if set, else `default` (the OS's app-data folder).
    pub fn from_env_or(default: impl Into<PathBuf>) -> DataDir {
        match std::env::var_os(DATA_DIR_ENV) {
            Some(dir) if !dir.is_empty() => DataDir::at(dir),
            _ => DataDir::at(default),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The encrypted database file.
    pub fn database_path(&self) -> PathBuf {
        self.root.join(DATABASE_FILE)
    }

    /// True when a database file exists here.
    pub fn has_database(&self) -> bool {
        self.database_path().exists()
    }

    /// The keyring account of this folder's database, if set up.
    pub fn keyring_account(&self) -> StoreResult<Option<String>> {
        match std::fs::read_to_string(self.root.join(ID_FILE)) {
            Ok(id) if !id.trim().is_empty() => Ok(Some(format!("database-{}", id.trim()))),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The backup folder the school chose, as last remembered here (not secret: a path).
    pub fn backup_folder(&self) -> Option<PathBuf> {
        let text = std::fs::read_to_string(self.root.join(BACKUP_FOLDER_FILE)).ok()?;
        let folder = text.trim();
        (!folder.is_empty()).then(|| PathBuf::from(folder))
    }

    /// Remembers the backup folder beside the database (empty: none).
    pub fn remember_backup_folder(&self, folder: &str) -> StoreResult<()> {
        // Nothing is written when nothing changed: every start remembers the folder,
        // and several programs may start at once.
        let remembered = self.backup_folder();
        if remembered.as_deref() == Some(Path::new(folder))
            || (remembered.is_none() && folder.is_empty())
        {
            return Ok(());
        }
        std::fs::create_dir_all(&self.root)?;
        write_atomically(&self.root.join(BACKUP_FOLDER_FILE), folder.as_bytes())?;
        Ok(())
    }

    /// Claims the automatic backup of `day` for this program. Of several programs
    /// started at once (windows of several users, command lines), exactly one gets
    /// true and makes the day's backup; creating a file that must not exist is atomic
    /// on every file system. Claims of other days are removed.
    pub fn claim_daily_backup(&self, day: chrono::NaiveDate) -> StoreResult<bool> {
        std::fs::create_dir_all(&self.root)?;
        let name = format!("{DAILY_CLAIM_PREFIX}{}", day.format("%Y%m%d"));
        for entry in std::fs::read_dir(&self.root)?.flatten() {
            let other = entry.file_name().to_string_lossy().into_owned();
            if other.starts_with(DAILY_CLAIM_PREFIX) && other != name {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.root.join(&name))
        {
            Ok(_) => Ok(true),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Gives up the claim of `day` after its backup failed, so the next start tries again.
    pub fn release_daily_backup(&self, day: chrono::NaiveDate) {
        let name = format!("{DAILY_CLAIM_PREFIX}{}", day.format("%Y%m%d"));
        let _ = std::fs::remove_file(self.root.join(name));
    }

    /// Gives this folder a new random id (at set-up) and returns its keyring account.
    pub fn assign_new_id(&self) -> StoreResult<String> {
        std::fs::create_dir_all(&self.root)?;
        let id = uuid::Uuid::new_v4().to_string();
        write_atomically(&self.root.join(ID_FILE), id.as_bytes())?;
        Ok(format!("database-{id}"))
    }
}

/// The file that says a day's automatic backup is being (or has been) made.
const DAILY_CLAIM_PREFIX: &str = "dagens-sikkerhedskopi-";

/// Writes through a temporary file and a rename, so a crash leaves old or new, never
/// half. The temporary file has a name of its own (never a fixed `.partial`), so
/// programs writing at the same moment do not take each other's file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".skolekontor-")
        .suffix(".ufaerdig")
        .tempfile_in(folder)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}
