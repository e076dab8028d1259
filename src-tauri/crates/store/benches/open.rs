//! Opening and unlocking the encrypted database (issue 2): verify the key on a
//! read-only connection, reopen for writing, pragmas, migration check.
use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_domain::register::{ChildInput, PlacementInput};
use skolekontor_domain::school::Division;
use skolekontor_store::{Database, DatabaseKey};

fn filled_database(dir: &std::path::Path, children: usize) -> (std::path::PathBuf, DatabaseKey) {
    let path = dir.join("skolekontor.db");
    let key = DatabaseKey::generate();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    Database::create_with(&path, &key, |db| {
        for i in 0..children {
            let child = ChildInput {
                first_name: format!("Barn{i}"),
                last_name: "Jensen".into(),
                birth_date: "01-05-2018".into(),
                placement: Some(PlacementInput {
                    division: Some(Division::School),
                    grade: Some((i % 10) as u8),
                    sfo: false,
                    start_date: "01-08-2026".into(),
                }),
                ..Default::default()
            }
            .validate(today)
            .expect("valid");
            db.add_child(&child, &[])?;
        }
        Ok(())
    })
    .expect("created");
    (path, key)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = filled_database(dir.path(), 240);
    c.bench_function("database_open_and_unlock_240_children", |b| {
        b.iter(|| Database::open(&path, &key).expect("opens"));
    });
    let wrong = DatabaseKey::generate();
    c.bench_function("database_wrong_key_refused", |b| {
        b.iter(|| assert!(Database::open(&path, &wrong).is_err()));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
