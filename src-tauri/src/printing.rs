//! Where printed PDFs wait for the system's viewer: one private folder in the temp
//! directory (only this OS user can read it), emptied of prints older than a day,
//! so contracts with children's names do not pile up on the office PC.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const KEEP: Duration = Duration::from_secs(24 * 60 * 60);

/// The private folder for prints.
pub fn print_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join("skolekontor-udskrifter");
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

/// Writes `bytes` as `file_name` in the print folder and returns the path.
pub fn write_print(file_name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = print_dir()?;
    clear_old_prints(&dir);
    let path = dir.join(file_name);
    std::fs::write(&path, bytes)?;
    Ok(path)
}
