//! Issuing a month on the real encrypted store for a generated school of about
//! 10,000 payers (15,000 children): reading placements, rates and subsidies,
//! computing the charges, writing them and the checked 0601 file (issue 5).
//! The pure run and file for 10,000 payers is `domain/benches/billing.rs`.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_app::billing::issue_month;
use skolekontor_app::demo::{generate, load, load_billing, DemoSize, DEMO_SEED};
use skolekontor_app::domain::billing::ChargeMonth;
use skolekontor_store::{Database, DatabaseKey};

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 8, 20).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    // `cargo test` runs benchmarks once to see that they work: a small school will do.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let size = if benchmarking {
        DemoSize {
            pupils: 12_000,
            kindergarten: 3_000,
        }
    } else {
        DemoSize {
            pupils: 400,
            kindergarten: 80,
        }
    };
    let school = generate(DEMO_SEED, size, today);
    let started = Instant::now();
    let mut db = Database::create_with(&path, &DatabaseKey::generate(), |db| {
        db.save_school(&school.school.validate().expect("demo school"))?;
        load(db, &school, today)?;
        load_billing(db, today)
    })
    .unwrap();
    let payers = db
        .billing()
        .billable_children(ChargeMonth::of(today))
        .unwrap()
        .iter()
        .filter_map(|c| c.payer_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    eprintln!(
        "generated {} families, {payers} payers in {:.1} s",
        school.families.len(),
        started.elapsed().as_secs_f64()
    );
    let mut month = ChargeMonth::new(2026, 9).unwrap();
    let mut group = c.benchmark_group("billing_store");
    group.sample_size(10);
    group.bench_function(format!("issue a month, {payers} payers"), |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let day = month.first_day() - Days::new(10);
                let started = Instant::now();
                issue_month(&mut db, month, day).unwrap();
                spent += started.elapsed();
                month = month.next();
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
