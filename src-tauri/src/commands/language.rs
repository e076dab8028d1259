//! The language the Rust side speaks: the window's choice of Danish or English.

use super::Reply;
use skolekontor_app::language::{self, Language};

/// Makes every later message (refusals, field errors, store errors) in `code`'s
/// language (`da`, `en`); the window calls it at start and when the user switches.
#[tauri::command]
pub async fn set_language(code: String) -> Reply<()> {
    language::choose(Language::from_code(&code));
    Ok(())
}
