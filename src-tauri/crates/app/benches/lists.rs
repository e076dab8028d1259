//! The office's lists (issue 19 target: the whole school's register as .xlsx in
//! ≤ 200 ms): from the encrypted store of the demo school (about 240 children) to
//! the workbook's bytes, and the same list as CSV and as PDF; and a class list PDF.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_app::demo::{generate, load, DemoSize, DEMO_SEED};
use skolekontor_app::domain::lists::{build, ListFilter, ListKind, ListRequest};
use skolekontor_app::lists::list_children;
use skolekontor_documents::layout::DocumentBuilder;
use skolekontor_store::{Database, DatabaseKey};

fn request(kind: ListKind, grade: Option<u8>) -> ListRequest {
    ListRequest {
        kind,
        filter: ListFilter {
            grade,
            ..ListFilter::default()
        },
        sort: None,
    }
}

fn bench(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let school = generate(DEMO_SEED, DemoSize::SCHOOL, today);
    let mut db = Database::create_with(
        &dir.path().join("skolekontor.db"),
        &DatabaseKey::generate(),
        |db| {
            db.save_school(&school.school.validate().expect("demo school"))?;
            load(db, &school, today)
        },
    )
    .unwrap();
    db.set_today(today);
    let summaries = || -> Vec<_> {
        db.register()
            .child_summaries()
            .unwrap()
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| !c.archived)
            .collect()
    };
    let register = request(ListKind::Register, None);
    let children = list_children(&db, &summaries(), false, today).unwrap();
    eprintln!(
        "the register holds {} children",
        build(&register, &children, today).row_count()
    );

    let mut group = c.benchmark_group("lists");
    group.bench_function("register as .xlsx, from the encrypted store", |b| {
        b.iter(|| {
            let children = list_children(&db, &summaries(), false, today).unwrap();
            let table = build(&register, &children, today);
            black_box(skolekontor_documents::spreadsheet::xlsx(&table).unwrap())
        })
    });
    group.bench_function("register as CSV, from the encrypted store", |b| {
        b.iter(|| {
            let children = list_children(&db, &summaries(), false, today).unwrap();
            let table = build(&register, &children, today);
            black_box(skolekontor_documents::spreadsheet::csv(&table).unwrap())
        })
    });
    group.bench_function(
        "class list PDF (3rd grade), from the encrypted store",
        |b| {
            let class = request(ListKind::Class, Some(3));
            b.iter(|| {
                let children = list_children(&db, &summaries(), false, today).unwrap();
                let table = build(&class, &children, today);
                let mut doc = DocumentBuilder::new(&table.title, "Bøgely Friskole", today).unwrap();
                skolekontor_documents::lists::list_pdf(&mut doc, &table);
                black_box(doc.finish())
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
