//! Where printed PDFs wait for the system's viewer: a private folder of the OS user's
//! own (the runtime folder on Linux, the local app-data folder on Windows), never a
//! fixed name in a shared temp folder another user could claim first; emptied of
//! prints older than a day, so contracts with children's names do not pile up.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const KEEP: Duration = Duration::from_secs(24 * 60 * 60);

/// The user's own folder the prints go in: `$XDG_RUNTIME_DIR` (tmpfs, the user's
/// alone) or else the user's cache folder.
fn user_folder() -> std::io::Result<PathBuf> {
    dirs::runtime_dir()
        .or_else(dirs::cache_dir)
        .map(|base| base.join(skolekontor_app::APP_IDENTIFIER))
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
}

/// The private folder for prints.
pub fn print_dir() -> std::io::Result<PathBuf> {
    let dir = user_folder()?.join("udskrifter");
    std::fs::create_dir_all(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}

/// Removes prints older than a day.
pub fn clear_old_prints(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .map(|modified| {
                SystemTime::now()
                    .duration_since(modified)
                    .unwrap_or_default()
                    > KEEP
            })
            .unwrap_or(false);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes one print (the recovery sheet once its key is kept safe).
pub fn remove_print(file_name: &str) {
    if let Ok(dir) = print_dir() {
        let _ = std::fs::remove_file(dir.join(file_name));
    }
}

/// How long a viewer is given to read a print that must not stay on disk.
pub const VIEWER_GRACE: Duration = Duration::from_secs(60);

/// Removes the print at `path` once the viewer has had `grace` to read it, trying
/// again for ten minutes where the system will not delete a file a viewer still holds
/// open (Windows). For the recovery sheet: its key must not lie on disk.
pub fn remove_after(path: PathBuf, grace: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(grace);
        for _ in 0..60 {
            match std::fs::remove_file(&path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    std::thread::sleep(Duration::from_secs(10));
                }
                _ => return,
            }
        }
        tracing::warn!("a print that holds a key could not be removed");
    });
}

/// Writes `bytes` as `file_name` in the print folder and returns the path.
pub fn write_print(file_name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = print_dir()?;
    clear_old_prints(&dir);
    let path = dir.join(file_name);
    std::fs::write(&path, bytes)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_print_that_must_not_stay_is_removed_after_the_viewers_grace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ark.pdf");
        std::fs::write(&path, b"%PDF-1.7").unwrap();
        super::remove_after(path.clone(), std::time::Duration::from_millis(50));
        assert!(path.exists(), "the viewer gets its time");
        let gone = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            !path.exists()
        });
        assert!(gone, "removed after the grace");
    }

    #[test]
    fn prints_go_to_a_folder_of_the_users_own_not_the_shared_temp_folder() {
        let dir = super::print_dir().unwrap();
        // The tests' keyring session puts the runtime folder under /tmp, so the check
        // is that the prints' base is the user's own folder, not the shared temp folder
        // itself where another user could claim a fixed name first.
        let home_or_runtime = dirs::runtime_dir().or_else(dirs::cache_dir).unwrap();
        assert_ne!(home_or_runtime, std::env::temp_dir());
        assert!(dir.starts_with(&home_or_runtime), "{}", dir.display());
        assert_ne!(dir.parent(), Some(std::env::temp_dir().as_path()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "no one else may read it");
        }
    }
}
