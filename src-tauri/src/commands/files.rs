//! The system's file dialogs, shared by the commands that save or pick a file.

use super::{reply, Reply};
use skolekontor_app::AppError;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// In a build for tests only: a folder to save files in without the save dialog, for
/// the end-to-end tests, which cannot drive the system's file dialog.
pub(super) fn test_save_dir() -> Option<std::path::PathBuf> {
    #[cfg(feature = "test-hooks")]
    return std::env::var_os("SKOLEKONTOR_SAVE_DIR").map(std::path::PathBuf::from);
    #[cfg(not(feature = "test-hooks"))]
    None
}

/// Asks where to save a file and writes it there; `None` when the user cancelled.
pub(super) fn save_file_as<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
    bytes: &[u8],
) -> Reply<Option<std::path::PathBuf>> {
    let chosen = match test_save_dir() {
        Some(dir) => Some(dir.join(file_name)),
        None => app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter.0, filter.1)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = chosen else { return Ok(None) };
    reply(std::fs::write(&path, bytes).map_err(|e| AppError::Store(e.into())))?;
    Ok(Some(path))
}

/// Asks for one file to open; `None` when the user cancelled.
pub(super) fn pick_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filter: Option<(&str, &[&str])>,
) -> Option<std::path::PathBuf> {
    let mut dialog = app.dialog().file().set_title(title);
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    dialog.blocking_pick_file().and_then(|p| p.into_path().ok())
}

/// Asks where to save a PDF and writes it there; `None` when the user cancelled.
pub(super) fn save_pdf_as<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    pdf: &[u8],
) -> Reply<Option<std::path::PathBuf>> {
    save_file_as(app, title, file_name, ("PDF", &["pdf"]), pdf)
}

/// Writes a PDF to the user's private print folder and opens it in the system's PDF
/// viewer, to print from there; returns where it was written. A missing viewer is
/// logged, not an error: the file is there to open by hand.
pub(super) fn print_pdf<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    pdf: &[u8],
) -> Reply<String> {
    let path =
        reply(crate::printing::write_print(file_name, pdf).map_err(|e| AppError::Store(e.into())))?;
    let shown = path.to_string_lossy().to_string();
    if let Err(error) = app.opener().open_path(&shown, None::<&str>) {
        tracing::warn!(%error, "no PDF viewer opened");
    }
    Ok(shown)
}
