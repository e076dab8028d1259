//! Search as you type over names from every alphabet (R38, issue 33): whatever is
//! stored and whatever is typed, the search answers without a crash, within its
//! limit, and a stored name's own first word finds it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skolekontor_domain::search::{Reach, SearchIndex};

fuzz_target!(|input: (Vec<(String, String)>, String)| {
    let (names, typed) = input;
    let mut index = SearchIndex::default();
    for (key, (first, last)) in names.iter().enumerate().take(50) {
        index.upsert(key as u64, &[first, last], &[last], key);
    }
    assert!(index.search(&typed, 5, Reach::WithRestricted).len() <= 5);
    for (key, (first, _)) in names.iter().enumerate().take(50) {
        if let Some(word) = first.split_whitespace().next() {
            assert!(index
                .search(word, usize::MAX, Reach::Public)
                .contains(&&key));
        }
    }
});
