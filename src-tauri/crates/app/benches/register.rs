//! Search as you type over 100,000 generated people (issue 2 target: ≤ 16 ms), the
//! index build, and reading the demo school's register from the encrypted store.
use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_app::demo::{generate, DemoSize, DEMO_SEED};
use skolekontor_app::domain::register::{
    placement_label, Address, ChildRef, ChildSummary, GuardianSummary,
};
use skolekontor_app::domain::search::Reach;
use skolekontor_app::domain::Cpr;
use skolekontor_app::register_index::RegisterIndex;
use std::hint::black_box;

type Rows = (
    Vec<(ChildSummary, Option<String>)>,
    Vec<(GuardianSummary, Option<String>)>,
);

/// The demo generator's people as the store would summarise them.
fn people(size: DemoSize) -> Rows {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let school = generate(DEMO_SEED, size, today);
    let (mut children, mut guardians) = (Vec::new(), Vec::new());
    for family in &school.families {
        let first_child = children.len() as i64;
        for (child, _) in &family.children {
            let valid = child.validate(today).expect("demo children are valid");
            let summary = ChildSummary {
                id: children.len() as i64,
                first_name: valid.first_name.clone(),
                last_name: valid.last_name.clone(),
                birth_date: valid.birth_date,
                class_label: placement_label(valid.placement.as_ref()),
                division: valid.placement.as_ref().map(|p| p.division),
                grade: valid.placement.as_ref().and_then(|p| p.grade),
                sfo: valid.placement.as_ref().is_some_and(|p| p.sfo),
                archived: false,
                guardian_names: family
                    .guardians
                    .iter()
                    .map(|g| format!("{} {}", g.first_name, g.last_name))
                    .collect(),
            };
            children.push((summary, valid.cpr.as_ref().map(Cpr::formatted)));
        }
        for g in &family.guardians {
            let refs = (first_child..children.len() as i64)
                .map(|id| ChildRef {
                    id,
                    name: String::new(),
                })
                .collect();
            let summary = GuardianSummary {
                id: guardians.len() as i64,
                first_name: g.first_name.clone(),
                last_name: g.last_name.clone(),
                home: Address {
                    street: g.address.clone(),
                    postal_code: g.postal_code.clone(),
                    town: g.town.clone(),
                },
                children: refs,
            };
            guardians.push((summary, Some(g.cpr.clone())));
        }
    }
    (children, guardians)
}

fn bench(c: &mut Criterion) {
    let (children, guardians) = people(DemoSize {
        pupils: 40_000,
        kindergarten: 8_000,
    });
    let persons = children.len() + guardians.len();
    eprintln!(
        "search benchmark over {persons} people ({} children, {} guardians)",
        children.len(),
        guardians.len()
    );
    let index = RegisterIndex::from_summaries(children.clone(), guardians.clone());
    let mut group = c.benchmark_group(format!("search_{persons}_people"));
    for query in [
        "søren",
        "ida jensen",
        "3. klasse",
        "1503",
        "0707614285",
        "zzz",
    ] {
        group.bench_function(query, |b| {
            // As the secretary searches: CPR numbers included (the widest search).
            b.iter(|| black_box(index.hit_counts(black_box(query), 200, Reach::WithRestricted)))
        });
    }
    group.finish();
    c.bench_function(&format!("index_build_{persons}_people"), |b| {
        b.iter(|| RegisterIndex::from_summaries(children.clone(), guardians.clone()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
