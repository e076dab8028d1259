//! The Skolekontor desktop shell: the window, the state it holds and the IPC
//! commands — wiring only. Every command calls one use case of `skolekontor-app`;
//! no rule, query or file format lives here.
#![forbid(unsafe_code)]

// The titles of the file dialogs (locales/texts.toml), in the window's language.
rust_i18n::i18n!("locales", fallback = "da");

mod commands;
mod navigation;
mod printing;
mod state;
pub mod webview;

use std::sync::{Once, OnceLock};
use std::time::Instant;

use state::AppState;

/// When the program began: the start-up figure in the log is counted from here.
static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Logs, once, how long after launch the first screen's state was served (the login
/// screen shows it at once); `make measure-start` sets it beside WebKitGTK's own.
pub(crate) fn log_first_screen() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Some(launched) = LAUNCHED.get() {
            log::info!(
                "first screen served {} ms after launch",
                launched.elapsed().as_millis()
            );
        }
    });
}

/// Starts the desktop app.
pub fn run() {
    LAUNCHED.get_or_init(Instant::now);
    let office = state::open_office();
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .max_file_size(2_000_000)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation::guard())
        .setup(|app| {
            webview::tune(app);
            if let Ok(dir) = printing::print_dir() {
                printing::clear_old_prints(&dir);
            }
            Ok(())
        })
        .manage(AppState::new(office))
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Skolekontor window could not start");
}
