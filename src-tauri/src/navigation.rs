//! The window stays on the program's own pages: every navigation away from its
//! origin (a link, a script setting `location`, a dropped file) is refused.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether `url` is one of the program's own pages: `tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` in WebView2 on Windows, and — in a development
/// build without the embedded pages — the Vite server.
pub fn is_own_page(url: &Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        ("http", Some("localhost")) => {
            cfg!(not(feature = "custom-protocol")) && url.port() == Some(5173)
        }
        _ => false,
    }
}

/// The plugin that refuses every other navigation.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            let own = is_own_page(url);
            if !own {
                log::warn!("a navigation away from the program was refused");
            }
            own
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_programs_own_pages_may_be_opened_in_the_window() {
        let url = |text: &str| Url::parse(text).unwrap();
        for own in [
            "tauri://localhost/",
            "tauri://localhost/index.html#register",
            "http://tauri.localhost/",
            "https://tauri.localhost/index.html",
        ] {
            assert!(is_own_page(&url(own)), "{own}");
        }
        for foreign in [
            "https://eksempel.dk/",
            "http://localhost:8080/",
            "about:blank",
            "file:///etc/passwd",
            "data:text/html,<h1>x</h1>",
            "javascript:alert(1)",
            "tauri://evil.example/",
        ] {
            assert!(!is_own_page(&url(foreign)), "{foreign}");
        }
    }
}
