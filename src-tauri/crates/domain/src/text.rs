//! Text from every alphabet: one stored form per name, and plain Latin where a file
//! format (the bank's 0601) or a search must do without the original letters.
//!
//! Names arrive typed, pasted from e-mails and imported from other systems, so the
//! same "Zoë" can come as one letter or as `e` with a combining diaeresis. Stored in
//! NFC, they compare, sort and search as one name.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;

/// Danish alphabetical order from CLDR's Danish collation (ICU4X): æ, ø, å after z,
/// "Aa" as Å, other alphabets after the Latin one, each in its own order. Case is
/// ignored; accents count only between names otherwise equal (R38).
static DANISH: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let mut options = CollatorOptions::default();
    options.strength = Some(Strength::Secondary);
    Collator::try_new(locale!("da").into(), options)
        .expect("the Danish collation data is compiled into the program")
});

/// `a` against `b` in Danish alphabetical order.
pub fn danish_order(a: &str, b: &str) -> Ordering {
    DANISH.compare(a, b)
}

/// A key whose byte order is the Danish alphabetical order of `text`, for sorting
/// and grouping by key.
pub fn danish_sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::new();
    let Ok(()) = DANISH.write_sort_key_to(text, &mut key);
    key
}

/// The text in Unicode's composed form (NFC), the one form every name is stored in.
pub fn composed(text: &str) -> String {
    text.nfc().collect()
}

/// A letter in plain Latin letters, for a format or a search that cannot hold it:
/// `ł` → `l`, `Ж` → `Zh`, `ş` → `s`. `None` for a letter nobody has spelled in
/// Latin (the caller decides what stands in its place). Combining marks left over
/// from decomposed text become nothing.
pub fn in_latin(letter: char) -> Option<&'static str> {
    deunicode::deunicode_char(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_typed_two_ways_is_stored_as_one() {
        let decomposed = "Zoe\u{308}";
        let composed_form = "Zo\u{eb}";
        assert_ne!(decomposed, composed_form);
        assert_eq!(composed(decomposed), composed_form);
        assert_eq!(composed("A\u{30a}se"), "Åse");
    }

    #[test]
    fn names_sort_in_danish_order() {
        let mut names = vec![
            "Åse", "Zakarias", "Ærø", "Aase", "Øster", "Anders", "ølund", "Emil", "Ämmä",
            "Mikołaj", "Mikkel", "Şahin", "Sara", "Zoë", "Zoe",
        ];
        names.sort_by(|a, b| danish_order(a, b));
        assert_eq!(
            names[..13],
            [
                "Anders", "Emil", "Mikkel", "Mikołaj", "Şahin", "Sara", "Zakarias", "Zoe", "Zoë",
                "Ämmä", "Ærø", "ølund", "Øster",
            ]
        );
        // "Aa" in a name is Å: the two sort as one, last.
        assert_eq!(danish_order("Aase", "Åse"), Ordering::Equal);
        assert!(names[13..].contains(&"Aase") && names[13..].contains(&"Åse"));
        assert_eq!(
            danish_order("Søren", "søren"),
            Ordering::Equal,
            "case is ignored"
        );
        let keys: Vec<Vec<u8>> = ["Anders", "Ærø", "Åse"].map(danish_sort_key).to_vec();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn letters_outside_danish_have_a_latin_spelling() {
        let spelled: String = "Mikołaj Şahin Жанна"
            .chars()
            .map(|c| in_latin(c).unwrap_or("?").to_string())
            .collect();
        assert_eq!(spelled, "Mikolaj Sahin Zhanna");
    }
}
