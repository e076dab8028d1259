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
        if self.backup_folder().as_deref() == Some(Path::new(folder)) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.root)?;
        write_atomically(&self.root.join(BACKUP_FOLDER_FILE), folder.as_bytes())?;
        Ok(())
    }

    /// Gives this folder a new random id (at set-up) and returns its keyring account.
    pub fn assign_new_id(&self) -> StoreResult<String> {
        std::fs::create_dir_all(&self.root)?;
        let id = uuid::Uuid::new_v4().to_string();
        write_atomically(&self.root.join(ID_FILE), id.as_bytes())?;
        Ok(format!("database-{id}"))
    }
}

/// Writes through a temporary file and a rename, so a crash leaves old or new, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("partial");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}
