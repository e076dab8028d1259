//! Several threads opening the process's very first encrypted connections at once.
//!
//! SQLite runs SQLCipher's own set-up after it has marked itself initialised; a thread
//! that keyed its connection inside that window got "An error occurred with PRAGMA key"
//! (seen once in CI). This file holds one test so that its threads really are the
//! process's first connections.

use std::sync::{Arc, Barrier};

use skolekontor_store::{Database, DatabaseKey};

#[test]
fn the_first_connections_of_a_process_can_be_keyed_from_many_threads_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let threads = 16;
    let start = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|n| {
            let path = dir.path().join(format!("skole-{n}.db"));
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                Database::create(&path, &DatabaseKey::generate()).map(|_| ())
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
}
