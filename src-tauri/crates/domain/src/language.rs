//! The language of the texts a user reads (*sprog*): Danish unless the window has
//! chosen English.
//!
//! Each crate keeps its texts in `locales/texts.toml`, Danish and English side by
//! side under one key, and looks them up with [`tr!`](crate::tr). The language is
//! the one process-wide value the rules read: the shell sets it when the user picks a
//! language, so every message made afterwards, deep in a rule or a use case, is in
//! that language without being passed down. The CLI and the tests never set it and
//! stay Danish.

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language the program speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Danish,
    English,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// Danish for this thread while a printed text is made (see [`in_danish`]).
    static PRINTING: Cell<bool> = const { Cell::new(false) };
}

impl Language {
    /// The catalogs' name for it (`da`, `en`), also the UI's.
    pub fn code(self) -> &'static str {
        match self {
            Language::Danish => "da",
            Language::English => "en",
        }
    }

    /// The language of a catalog code; anything else is Danish.
    pub fn from_code(code: &str) -> Language {
        if code == "en" {
            Language::English
        } else {
            Language::Danish
        }
    }
}

/// The language texts are made in now.
pub fn current() -> Language {
    if PRINTING.with(Cell::get) {
        return Language::Danish;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::English,
        _ => Language::Danish,
    }
}

/// Makes every later text in `language`.
pub fn choose(language: Language) {
    CURRENT.store(language as u8, Ordering::Relaxed);
}

/// Runs `make` with every text in Danish on this thread, whatever the window chose:
/// what is printed for parents, the bank or the authorities is Danish, and a label
/// shared by a screen and a document (a withdrawal's scope) is Danish in the document.
pub fn in_danish<T>(make: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            PRINTING.with(|p| p.set(self.0));
        }
    }
    let _restore = Restore(PRINTING.with(|p| p.replace(true)));
    make()
}

/// A text from the calling crate's `locales/texts.toml` in the current language, with
/// `%{name}` placeholders filled: `tr!("placement.already_in_grade", grade = 3)`. A key with no
/// English text falls back to the Danish one.
#[macro_export]
macro_rules! tr {
    ($key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        ::rust_i18n::t!($key, locale = $crate::language::current().code() $(, $name = $value)*)
            .into_owned()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_text_is_danish_and_the_screen_language_returns_after_it() {
        assert_eq!(in_danish(current), Language::Danish);
        assert_eq!(in_danish(|| in_danish(current)), Language::Danish);
        assert!(
            !PRINTING.with(Cell::get),
            "the thread is back to the chosen language"
        );
    }

    #[test]
    fn the_program_speaks_danish_until_english_is_chosen() {
        assert_eq!(current(), Language::Danish);
        assert_eq!(Language::from_code("en"), Language::English);
        assert_eq!(Language::from_code("de"), Language::Danish);
    }
}
