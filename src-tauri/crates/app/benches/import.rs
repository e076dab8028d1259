//! Import from the old system (issue 8): checking a 340-child export (the reference
//! school of 300 pupils and 40 kindergarten children) and storing it in one
//! transaction on the real encrypted store.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use skolekontor_app::demo::{generate, import_file, DemoSize};
use skolekontor_app::import::store_plan;
use skolekontor_import::{plan_import, KnownRecords};
use skolekontor_store::{Database, DatabaseKey};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let size = DemoSize {
        pupils: 300,
        kindergarten: 40,
    };
    let file = import_file(&generate(7, size, today));
    let known = KnownRecords::default();
    let plan = plan_import(&file, Some("eksport.csv"), &known, today).unwrap();
    assert!(plan.is_clean() && plan.children.len() == 340);

    c.bench_function("import_check_340_children", |b| {
        b.iter(|| {
            black_box(plan_import(black_box(&file), Some("eksport.csv"), &known, today).unwrap())
        })
    });
    let mut group = c.benchmark_group("import_store");
    group.sample_size(20);
    group.bench_function("check_and_store_340_children", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let db =
                    Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate())
                        .unwrap();
                (dir, db)
            },
            |(dir, mut db)| {
                let plan = plan_import(&file, Some("eksport.csv"), &known, today).unwrap();
                let work = db.begin().unwrap();
                assert_eq!(store_plan(&work, &plan).unwrap(), 340);
                work.commit().unwrap();
                (dir, db)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
