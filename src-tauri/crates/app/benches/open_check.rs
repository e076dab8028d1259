//! The check at every open (issue 17): every page's checksum (SQLCipher's
//! `cipher_integrity_check`) and SQLite's `quick_check`, before the first write —
//! on the demo school and on a generated school with ten years of charges (120
//! monthly runs with their 0601 files), and the whole open with it.

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_app::billing::issue_month;
use skolekontor_app::demo::{
    generate, load, load_admissions, load_billing, load_class_funds, DemoSize, DEMO_SEED,
};
use skolekontor_app::domain::billing::ChargeMonth;
use skolekontor_store::database::check_file;
use skolekontor_store::{Database, DatabaseKey};

/// The demo school, set up on `day`; with `months`, that many monthly runs issued.
fn school(
    dir: &std::path::Path,
    name: &str,
    day: NaiveDate,
    months: u32,
) -> (std::path::PathBuf, DatabaseKey) {
    let path = dir.join(name);
    let key = DatabaseKey::generate();
    let demo = generate(DEMO_SEED, DemoSize::SCHOOL, day);
    let mut db = Database::create_with(&path, &key, |db| {
        db.save_school(&demo.school.validate().expect("demo school"))?;
        load(db, &demo, day)?;
        load_admissions(db, day)?;
        load_billing(db, day)?;
        load_class_funds(db, day)
    })
    .expect("created");
    let mut month = ChargeMonth::of(day).next();
    for _ in 0..months {
        issue_month(&mut db, month, month.first_day() - Days::new(10)).expect("issued");
        month = month.next();
    }
    drop(db);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("{name}: {:.1} MB, {} pages", size as f64 / 1e6, size / 4096);
    (path, key)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // `cargo test` runs benchmarks once to see that they work: two years will do.
    let years = if std::env::args().any(|a| a == "--bench") {
        10
    } else {
        2
    };
    let day = NaiveDate::from_ymd_opt(2026 - years, 8, 20).unwrap();
    let schools = [
        school(
            dir.path(),
            "demo.db",
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            0,
        ),
        school(dir.path(), "ten_years.db", day, 12 * years as u32),
    ];
    let mut group = c.benchmark_group("open_check");
    group.sample_size(20);
    for ((path, key), name) in schools.iter().zip(["demo_school", "ten_year_school"]) {
        group.bench_function(format!("check_every_page/{name}"), |b| {
            b.iter(|| check_file(path, key).expect("whole"))
        });
        group.bench_function(format!("open_with_the_check/{name}"), |b| {
            b.iter(|| Database::open(path, key).expect("opens"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
