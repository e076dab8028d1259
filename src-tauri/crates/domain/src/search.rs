//! Search as you type over people: every word typed must occur in the person's
//! name, class or — for those who may see full CPR numbers (R24) — CPR number; hits
//! at the start of a word rank first.
//!
//! The index lives in memory: the database is encrypted, so a scan there would
//! decrypt every page per keystroke, while a scan over prepared lowercase text
//! stays within a few milliseconds for 100,000 people.

/// Lowercases and folds the text people type, so `Søren` finds `søren`, a name
/// typed without the Danish letters finds the name with them (`Bogh` finds `Bøgh`,
/// `Aase` finds `Åse`, `Maehl` finds `Mæhl`, `Kierkegård` finds `Kierkegaard`), and
/// a CPR number matches with or without its dash. The typed text and the names are
/// folded alike. `oe` is not folded to `ø`: `Boe` must not find `Bøgh`.
///
/// Letters from other alphabets fold to their Latin spelling, so the office finds
/// "Mikołaj" by typing `mikolaj` and "Жанна" by typing `zhanna`; accents typed as
/// separate combining marks fold like the composed letter.
pub fn normalise(text: &str) -> String {
    let composed;
    let text = if text.is_ascii() {
        text
    } else {
        composed = crate::text::composed(text);
        &composed
    };
    let mut folded = String::with_capacity(text.len() + 4);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            c if c.is_ascii() => folded.push(c),
            'æ' | 'ä' => folded.push_str("ae"),
            'ø' | 'ö' => folded.push('o'),
            'å' => folded.push_str("aa"),
            c => match crate::text::in_latin(c) {
                Some(latin) => folded.extend(latin.chars().flat_map(char::to_lowercase)),
                None => folded.push(c),
            },
        }
    }
    folded
}

/// One searchable item: its prepared text and the value handed back on a hit.
#[derive(Debug, Clone)]
struct Entry<T> {
    key: u64,
    haystack: String,
    /// The parts only some searchers may match (CPR numbers), kept apart so that for
    /// everyone else no part of them matches.
    restricted: String,
    item: T,
}

/// Which parts of an entry a search may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Names and classes only.
    Public,
    /// Also the restricted parts (CPR numbers): for those who may see them (R24).
    WithRestricted,
}

/// An in-memory index of items kept in display order (the order they were given).
#[derive(Debug, Clone)]
pub struct SearchIndex<T> {
    entries: Vec<Entry<T>>,
}

impl<T> Default for SearchIndex<T> {
    fn default() -> Self {
        SearchIndex {
            entries: Vec::new(),
        }
    }
}

fn haystack_of(parts: &[&str]) -> String {
    let mut text = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        text.push(' ');
        text.push_str(&normalise(part));
        // A CPR-like part is also indexed without its dash.
        if part.len() == 11 && part.as_bytes()[6] == b'-' {
            text.push(' ');
            text.push_str(&part.replace('-', ""));
        }
    }
    text
}

impl<T> SearchIndex<T> {
    /// Adds an item (or replaces the one with the same key) at the end; `restricted`
    /// parts match only a [`Reach::WithRestricted`] search.
    pub fn upsert(&mut self, key: u64, parts: &[&str], restricted: &[&str], item: T) {
        self.remove(key);
        self.push(key, parts, restricted, item);
    }

    /// Adds an item at the end without looking for an older one with its key
    /// (for building from rows whose keys are known to be unique).
    pub fn push(&mut self, key: u64, parts: &[&str], restricted: &[&str], item: T) {
        self.entries.push(Entry {
            key,
            haystack: haystack_of(parts),
            restricted: haystack_of(restricted),
            item,
        });
    }

    /// Removes the item with `key`, if present.
    pub fn remove(&mut self, key: u64) {
        self.entries.retain(|e| e.key != key);
    }

    /// Re-orders items, e.g. by name after an insert.
    pub fn sort_by<F: FnMut(&T, &T) -> std::cmp::Ordering>(&mut self, mut compare: F) {
        self.entries.sort_by(|a, b| compare(&a.item, &b.item));
    }

    /// Every item, in index order.
    pub fn all(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|e| &e.item)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Up to `limit` items matching every word of `query` within `reach`, best first;
    /// ties keep the index order. An empty query matches everything.
    pub fn search(&self, query: &str, limit: usize, reach: Reach) -> Vec<&T> {
        let words: Vec<Word> = normalise(query).split_whitespace().map(Word::new).collect();
        fn restricted<T>(entry: &Entry<T>, reach: Reach) -> Option<&str> {
            match reach {
                Reach::Public => None,
                Reach::WithRestricted => Some(entry.restricted.as_str()),
            }
        }
        let mut hits: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(position, entry)| {
                score(&entry.haystack, restricted(entry, reach), &words).map(|s| (s, position))
            })
            .collect();
        let order = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.truncate(limit);
        hits.sort_unstable_by(order);
        hits.into_iter()
            .map(|(_, position)| &self.entries[position].item)
            .collect()
    }
}

/// A typed word, prepared once per query rather than once per entry.
struct Word {
    plain: String,
    at_word_start: String,
}

impl Word {
    fn new(word: &str) -> Word {
        Word {
            plain: word.to_string(),
            at_word_start: format!(" {word}"),
        }
    }
}

/// `None` when a word is missing from both texts; otherwise the number of words found
/// at a word start.
fn score(haystack: &str, restricted: Option<&str>, words: &[Word]) -> Option<u32> {
    let mut score = 0;
    for word in words {
        let (text, at) = match haystack.find(word.plain.as_str()) {
            Some(at) => (haystack, at),
            None => {
                let text = restricted?;
                (text, text.find(word.plain.as_str())?)
            }
        };
        // `at` is where a match starts, so always between two letters; one byte
        // before it may be inside a letter of two or more bytes ("ł").
        if text[..at].ends_with(' ') || text[at..].contains(&word.at_word_start) {
            score += 1;
        }
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Reach::{Public, WithRestricted as Full};

    fn index() -> SearchIndex<&'static str> {
        let mut index = SearchIndex::default();
        index.upsert(
            1,
            &["Anders", "Østergaard", "3. klasse"],
            &["070761-4285"],
            "anders",
        );
        index.upsert(
            2,
            &["Sanne", "Andersen", "5. klasse"],
            &["211062-0090"],
            "sanne",
        );
        index.upsert(3, &["Søren", "Kierkegaard", "Børnehave"], &[], "søren");
        index
    }

    #[test]
    fn a_name_typed_without_the_danish_letters_finds_the_name_with_them() {
        let mut index = SearchIndex::default();
        index.upsert(1, &["Ellen", "Bøgh"], &[], "bøgh");
        index.upsert(2, &["Åse", "Mæhl"], &[], "åse");
        index.upsert(3, &["Aksel", "Boe"], &[], "boe");
        for (typed, found) in [
            ("Bogh", "bøgh"),
            ("BØGH", "bøgh"),
            ("Aase", "åse"),
            ("åse", "åse"),
            ("maehl", "åse"),
            ("Mæhl", "åse"),
        ] {
            assert_eq!(index.search(typed, 10, Public), vec![&found], "{typed}");
        }
        assert!(index.search("Bugh", 10, Public).is_empty(), "ø is not u");
        assert_eq!(
            index.search("boe", 10, Public),
            vec![&"boe"],
            "Boe is not Bøgh"
        );
    }

    #[test]
    fn finds_by_name_in_any_case_with_danish_letters() {
        assert_eq!(index().search("østergaard", 10, Public), vec![&"anders"]);
        assert_eq!(index().search("SØREN", 10, Public), vec![&"søren"]);
    }

    #[test]
    fn every_word_must_match() {
        assert_eq!(index().search("anders 5.", 10, Public), vec![&"sanne"]);
        assert!(index().search("anders kierkegaard", 10, Full).is_empty());
    }

    #[test]
    fn finds_by_cpr_with_or_without_dash_and_by_class() {
        assert_eq!(index().search("0707614285", 10, Full), vec![&"anders"]);
        assert_eq!(index().search("070761-4285", 10, Full), vec![&"anders"]);
        assert_eq!(index().search("anders 4285", 10, Full), vec![&"anders"]);
        assert_eq!(index().search("3. klasse", 10, Public), vec![&"anders"]);
        assert_eq!(index().search("børnehave", 10, Public), vec![&"søren"]);
    }

    #[test]
    fn r24_without_the_right_to_see_cpr_numbers_no_part_of_one_matches() {
        let index = index();
        for typed in [
            "070761",
            "0707614",
            "07076142",
            "4285",
            "070761-4285",
            "0707614285",
            "61-42",
            "anders 4285",
        ] {
            assert!(
                index.search(typed, 10, Public).is_empty(),
                "{typed} must find nobody"
            );
        }
        assert_eq!(
            index.search("anders", 10, Public),
            vec![&"anders", &"sanne"]
        );
    }

    #[test]
    fn word_starts_rank_before_inner_matches() {
        // "anders" starts a word for both Anders and Sanne Andersen.
        assert_eq!(
            index().search("anders", 10, Public),
            vec![&"anders", &"sanne"]
        );
        let mut index = index();
        index.upsert(4, &["Lise", "Sanders"], &[], "lise");
        // Lise matches "anders" only inside a word, so ranks after both word starts.
        assert_eq!(
            index.search("anders", 10, Public),
            vec![&"anders", &"sanne", &"lise"]
        );
    }

    #[test]
    fn limit_keeps_the_best() {
        let mut index = index();
        index.upsert(4, &["Lise", "Sanders"], &[], "lise");
        assert_eq!(index.search("anders", 1, Public), vec![&"anders"]);
        assert_eq!(index.search("", 2, Public).len(), 2);
    }

    /// Names from ten alphabets and spellings, composed and decomposed (fictional).
    const NAMES_FROM_EVERY_ALPHABET: &[(&str, &str)] = &[
        ("Mikołaj", "Wiśniewski"),
        ("Şevval", "Yıldız"),
        ("Nguyễn", "Thị Ánh"),
        ("Žygimantas", "Kęstutis"),
        ("Þórdís", "Guðmundsdóttir"),
        ("Анастасия", "Иванова"),
        ("Ευάγγελος", "Παπαδόπουλος"),
        ("محمد", "العلي"),
        ("Đorđe", "Petrović"),
        ("Zoe\u{308}", "Mu\u{308}ller"),
        ("A\u{30a}se", "Ærø"),
        ("İlkay", "Öztürk"),
        ("Jürgen", "Straße"),
    ];

    #[test]
    fn any_part_of_a_name_from_any_alphabet_is_searched_without_a_crash() {
        let mut index = SearchIndex::default();
        for (key, (first, last)) in NAMES_FROM_EVERY_ALPHABET.iter().enumerate() {
            index.upsert(key as u64, &[first, last, "3. klasse"], &[], key);
        }
        let mut searches = 0;
        for (key, (first, last)) in NAMES_FROM_EVERY_ALPHABET.iter().enumerate() {
            let name: Vec<char> = format!("{first} {last}").chars().collect();
            // Every run of letters in the name, as typed one letter at a time.
            for start in 0..name.len() {
                for end in start + 1..=name.len() {
                    let typed: String = name[start..end].iter().collect();
                    let found = index.search(&typed, 20, Public);
                    searches += 1;
                    if typed.trim().chars().any(char::is_alphanumeric) && !typed.contains(' ') {
                        assert!(found.contains(&&key), "{typed:?} must find its own name");
                    }
                }
            }
            // The whole name finds the one child only.
            assert_eq!(
                index.search(&format!("{first} {last}"), 20, Public),
                vec![&key]
            );
        }
        assert!(searches > 1_000, "{searches} searches");
    }

    #[test]
    fn a_name_from_another_alphabet_is_found_by_its_latin_spelling() {
        let mut index = SearchIndex::default();
        for (key, (first, last)) in NAMES_FROM_EVERY_ALPHABET.iter().enumerate() {
            index.upsert(key as u64, &[first, last], &[], *first);
        }
        for (typed, found) in [
            ("mikolaj", "Mikołaj"),
            ("Mikołaj", "Mikołaj"),
            ("sevval yildiz", "Şevval"),
            ("anastasiia", "Анастасия"),
            ("Иванова", "Анастасия"),
            ("thordis", "Þórdís"),
            ("dorde petrovic", "Đorđe"),
            ("Zoë", "Zoe\u{308}"),
            ("zoe muller", "Zoe\u{308}"),
            ("Åse", "A\u{30a}se"),
            ("aase", "A\u{30a}se"),
        ] {
            assert_eq!(index.search(typed, 20, Public), vec![&found], "{typed}");
        }
    }

    proptest::proptest! {
        #[test]
        fn no_text_typed_or_stored_crashes_the_search(
            names in proptest::collection::vec(("\\PC{0,12}", "\\PC{0,12}"), 1..8),
            typed in "\\PC{0,8}",
        ) {
            let mut index = SearchIndex::default();
            for (key, (first, last)) in names.iter().enumerate() {
                index.upsert(key as u64, &[first, last], &[last], key);
            }
            let found = index.search(&typed, 5, Full);
            proptest::prop_assert!(found.len() <= 5);
            // Every name finds itself by its own first word.
            for (key, (first, _)) in names.iter().enumerate() {
                if let Some(word) = first.split_whitespace().next() {
                    let hits = index.search(word, names.len(), Public);
                    proptest::prop_assert!(hits.contains(&&key), "{:?} lost", word);
                }
            }
        }
    }

    #[test]
    fn upsert_replaces_and_remove_forgets() {
        let mut index = index();
        index.upsert(3, &["Søren", "Kirk"], &[], "søren");
        assert!(index.search("kierkegaard", 10, Public).is_empty());
        index.remove(3);
        assert!(index.search("søren", 10, Public).is_empty());
        assert_eq!(index.len(), 2);
    }
}
