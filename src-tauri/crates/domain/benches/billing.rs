//! The monthly charge run and its 0601 file for 10,000 payers (issue 5: ≤ 1 s).
//! The families are generated, fictional and deterministic: 1–3 children each,
//! school, SFO and kindergarten places, sibling discounts and subsidies.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_domain::betalingsservice::delivery::text_line;
use skolekontor_domain::betalingsservice::{
    check_0601, write_0601, Collection, Creditor, Delivery,
};
use skolekontor_domain::billing::*;
use skolekontor_domain::school::Division;
use skolekontor_domain::Ore;

const PAYERS: i64 = 10_000;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn children() -> Vec<BillableChild> {
    let mut out = Vec::new();
    let mut id = 0;
    for payer in 1..=PAYERS {
        for sibling in 0..(1 + payer % 3) {
            id += 1;
            let division = if id % 5 == 0 {
                Division::Kindergarten
            } else {
                Division::School
            };
            let mut placements = vec![BillablePlacement {
                division,
                sfo_module: String::new(),
                start: d(2020, 8, 1),
                end: None,
            }];
            if division == Division::School && id % 2 == 0 {
                placements.push(BillablePlacement {
                    division: Division::Sfo,
                    sfo_module: String::new(),
                    start: d(2022, 8, 1),
                    end: None,
                });
            }
            out.push(BillableChild {
                child_id: id,
                first_name: format!("Barn{id}"),
                birth_date: Some(d(2012 + sibling as i32 * 2, 5, 1)),
                payer_id: Some(payer),
                households: vec![payer],
                placements,
            });
        }
    }
    out
}

fn run_and_file(
    children: &[BillableChild],
    rates: &RateTable,
    settings: &BillingSettings,
    subsidies: &[Subsidy],
) -> Vec<u8> {
    let month = ChargeMonth::new(2026, 9).unwrap();
    let run = compute_month(
        month,
        children,
        &ChargeRules {
            rates,
            settings,
            subsidies,
        },
        &[],
    );
    let collections = run
        .charges
        .iter()
        .filter(|c| c.total.0 > 0)
        .map(|c| Collection {
            customer_number: c.payer_id.to_string(),
            name: format!("Forælder {}", c.payer_id),
            street: "Skolevej 1".into(),
            postal_code: "4000".into(),
            payment_date: d(2026, 9, 1),
            amount: c.total,
            reference: format!("{:09}", c.payer_id),
            text_lines: c
                .lines
                .iter()
                .map(|l| text_line(&l.text, l.amount))
                .collect(),
        })
        .collect();
    let delivery = Delivery {
        delivery_id: 1,
        created: d(2026, 8, 20),
        creditor: Creditor {
            pbs_number: "01234567".into(),
            debtor_group: "00001".into(),
            data_supplier: "01234567".into(),
        },
        main_text: "Bøgely Friskole - opkrævning september 2026".into(),
        collections,
    };
    let bytes = write_0601(&delivery).unwrap();
    check_0601(&bytes).unwrap();
    bytes
}

fn bench(c: &mut Criterion) {
    let children = children();
    let rate = |kind, kroner| Rate {
        kind,
        module: String::new(),
        amount: Ore::kroner(kroner),
        valid_from: d(2026, 8, 1),
    };
    let rates = RateTable::new(vec![
        rate(RateKind::School, 3_100),
        rate(RateKind::Sfo, 1_650),
        rate(RateKind::Kindergarten, 2_400),
    ]);
    let settings = BillingSettings::default();
    let subsidies: Vec<Subsidy> = (1..=children.len() as i64)
        .step_by(25)
        .map(|child_id| Subsidy {
            id: child_id,
            child_id,
            kind: SubsidyKind::Friplads,
            division: Division::School,
            reduction: Reduction::Percent(50),
            from: d(2026, 8, 1),
            to: None,
        })
        .collect();
    let bytes = run_and_file(&children, &rates, &settings, &subsidies);
    eprintln!(
        "{} children, {} payers, 0601 file of {} bytes",
        children.len(),
        PAYERS,
        bytes.len()
    );
    let mut group = c.benchmark_group("billing");
    group.sample_size(10);
    group.bench_function("charge run + 0601 file, 10,000 payers", |b| {
        b.iter(|| run_and_file(&children, &rates, &settings, &subsidies))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
