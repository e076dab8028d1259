//! Search over 100,000 people (issue 2 target: ≤ 16 ms per query).
use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_domain::search::SearchIndex;
use std::hint::black_box;

const FIRST: [&str; 12] = ["Anders", "Sofie", "Mikkel", "Ida", "Frederik", "Emma", "Oliver", "Freja", "Lucas", "Alma", "Søren", "Åse"];
const LAST: [&str; 10] = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Østergaard"];

fn people(n: usize) -> SearchIndex<usize> {
    let mut index = SearchIndex::default();
    for i in 0..n {
        let cpr = format!("{:02}{:02}{:02}-{:04}", 1 + i % 28, 1 + i % 12, i % 100, i % 10_000);
        let class = format!("{}. klasse", i % 10);
        let parts = [FIRST[i % FIRST.len()], LAST[(i / 7) % LAST.len()], cpr.as_str(), class.as_str()];
        index.upsert(i as u64, &parts, i);
    }
    index
}

fn bench(c: &mut Criterion) {
    let index = people(100_000);
    let mut group = c.benchmark_group("search_100k_people");
    for query in ["søren", "ida nielsen", "3. klasse", "0101", "zzz"] {
        group.bench_function(query, |b| b.iter(|| black_box(index.search(black_box(query), 50)).len()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
