//! Worked examples of the charge run, each with the figures a secretary would
//! check by hand (R7–R11).

use chrono::NaiveDate;

use super::*;
use crate::school::Division;
use crate::Ore;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn month(y: i32, m: u32) -> ChargeMonth {
    ChargeMonth::new(y, m).unwrap()
}

fn rates() -> RateTable {
    let rate = |kind, module: &str, kroner, from| Rate {
        kind,
        module: module.into(),
        amount: Ore::kroner(kroner),
        valid_from: from,
    };
    RateTable::new(vec![
        rate(RateKind::School, "", 2_900, d(2025, 8, 1)),
        rate(RateKind::School, "", 3_100, d(2026, 8, 1)),
        rate(RateKind::Sfo, "Fuld tid", 1_650, d(2025, 8, 1)),
        rate(RateKind::Kindergarten, "", 2_400, d(2025, 8, 1)),
    ])
}

fn placement(division: Division, start: NaiveDate, end: Option<NaiveDate>) -> BillablePlacement {
    let sfo_module = if division == Division::Sfo {
        "Fuld tid".into()
    } else {
        String::new()
    };
    BillablePlacement {
        division,
        sfo_module,
        start,
        end,
    }
}

fn child(
    id: i64,
    name: &str,
    born: i32,
    payer: i64,
    placements: Vec<BillablePlacement>,
) -> BillableChild {
    BillableChild {
        child_id: id,
        first_name: name.into(),
        birth_date: Some(d(born, 3, 1)),
        payer_id: Some(payer),
        households: vec![payer * 10],
        placements,
    }
}

fn run(
    m: ChargeMonth,
    children: &[BillableChild],
    settings: &BillingSettings,
    subsidies: &[Subsidy],
) -> ChargeRun {
    let rates = rates();
    let run = compute_month(
        m,
        children,
        &ChargeRules {
            rates: &rates,
            settings,
            subsidies,
        },
        &[],
    );
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    run
}

fn amounts(charge: &PayerCharge) -> Vec<(LineKind, i64)> {
    charge.lines.iter().map(|l| (l.kind, l.amount.0)).collect()
}

#[test]
fn r9_three_siblings_oldest_full_second_half_third_free() {
    let kids = [
        child(
            1,
            "Asta",
            2013,
            7,
            vec![placement(Division::School, d(2019, 8, 1), None)],
        ),
        child(
            2,
            "Bo",
            2016,
            7,
            vec![
                placement(Division::School, d(2022, 8, 1), None),
                placement(Division::Sfo, d(2022, 8, 1), None),
            ],
        ),
        child(
            3,
            "Cille",
            2018,
            7,
            vec![placement(Division::School, d(2024, 8, 1), None)],
        ),
    ];
    let charges = run(month(2026, 9), &kids, &BillingSettings::default(), &[]).charges;
    assert_eq!(charges.len(), 1, "one charge per payer (R35)");
    let charge = &charges[0];
    assert_eq!(
        amounts(charge),
        vec![
            (LineKind::Rate, 310_000),
            (LineKind::Rate, 310_000),
            (LineKind::SiblingDiscount, -155_000),
            (LineKind::Rate, 165_000), // SFO is not in the discount's divisions
            (LineKind::Rate, 310_000),
            (LineKind::SiblingDiscount, -310_000),
        ]
    );
    assert_eq!(charge.total, Ore(630_000), "3.100 + 1.550 + 1.650 + 0");
    assert_eq!(
        charge.lines[2].text,
        "Bo, søskenderabat 2. barn (50 %) september 2026"
    );
    assert_eq!(charge.lines[0].text, "Asta, skolepenge september 2026");
}

#[test]
fn r9_a_child_with_friplads_pays_the_reduced_rate_in_its_period_only() {
    let kids = [child(
        1,
        "Dagmar",
        2015,
        4,
        vec![placement(Division::School, d(2021, 8, 1), None)],
    )];
    let friplads = Subsidy {
        id: 1,
        child_id: 1,
        kind: SubsidyKind::Friplads,
        division: Division::School,
        reduction: Reduction::Percent(75),
        from: d(2026, 9, 1),
        to: Some(d(2026, 12, 31)),
    };
    let settings = BillingSettings::default();
    let october = run(
        month(2026, 10),
        &kids,
        &settings,
        std::slice::from_ref(&friplads),
    )
    .charges;
    assert_eq!(
        amounts(&october[0]),
        vec![(LineKind::Rate, 310_000), (LineKind::Subsidy, -232_500)]
    );
    assert_eq!(october[0].total, Ore(77_500));
    assert_eq!(
        october[0].lines[1].text,
        "Dagmar, friplads (75 %) oktober 2026"
    );
    let january = run(month(2027, 1), &kids, &settings, &[friplads]).charges;
    assert_eq!(
        january[0].total,
        Ore(310_000),
        "the friplads ended 31 December"
    );
}

#[test]
fn r9_the_municipal_subsidy_comes_after_the_sibling_discount() {
    let settings = BillingSettings {
        sibling_discount: SiblingDiscountPolicy {
            divisions: vec![Division::School, Division::Kindergarten],
            ..Default::default()
        },
        ..Default::default()
    };
    let kids = [
        child(
            1,
            "Ea",
            2016,
            2,
            vec![placement(Division::School, d(2022, 8, 1), None)],
        ),
        child(
            2,
            "Frej",
            2022,
            2,
            vec![placement(Division::Kindergarten, d(2025, 8, 1), None)],
        ),
    ];
    let subsidy = Subsidy {
        id: 1,
        child_id: 2,
        kind: SubsidyKind::MunicipalSubsidy,
        division: Division::Kindergarten,
        reduction: Reduction::Amount(Ore::kroner(500)),
        from: d(2026, 1, 1),
        to: None,
    };
    let charge = &run(month(2026, 9), &kids, &settings, &[subsidy]).charges[0];
    assert_eq!(
        amounts(charge),
        vec![
            (LineKind::Rate, 310_000),
            (LineKind::Rate, 240_000),
            (LineKind::SiblingDiscount, -120_000),
            (LineKind::Subsidy, -50_000)
        ]
    );
    assert_eq!(charge.total, Ore(380_000));
}

#[test]
fn r11_a_child_who_leaves_mid_year_is_charged_nothing_after_the_last_day() {
    let leaver = child(
        1,
        "Gro",
        2015,
        3,
        vec![
            placement(Division::School, d(2021, 8, 1), Some(d(2027, 1, 31))),
            placement(Division::Sfo, d(2021, 8, 1), Some(d(2026, 12, 15))),
        ],
    );
    let whole = BillingSettings::default();
    let december = run(month(2026, 12), std::slice::from_ref(&leaver), &whole, &[]).charges;
    assert_eq!(
        december[0].total,
        Ore(310_000 + 165_000),
        "a month with one enrolled day is a whole month by default"
    );
    let january = run(month(2027, 1), std::slice::from_ref(&leaver), &whole, &[]).charges;
    assert_eq!(
        amounts(&january[0]),
        vec![(LineKind::Rate, 310_000)],
        "SFO ended in December"
    );
    assert!(
        run(month(2027, 2), std::slice::from_ref(&leaver), &whole, &[])
            .charges
            .is_empty(),
        "nothing after the last day"
    );

    let by_days = BillingSettings {
        proration: Proration::ByDays,
        ..Default::default()
    };
    let december = run(month(2026, 12), &[leaver], &by_days, &[]).charges;
    // SFO 1–15 December: 1.650 × 15/31 = 798,387… → 798,39 kr.
    assert_eq!(
        amounts(&december[0]),
        vec![(LineKind::Rate, 310_000), (LineKind::Rate, 79_839)]
    );
    assert_eq!(
        december[0].lines[1].text,
        "Gro, SFO fuld tid december 2026 (15 af 31 dage)"
    );
}

#[test]
fn r7_a_july_free_division_charges_eleven_months() {
    let kids = [
        child(
            1,
            "Hjalte",
            2021,
            5,
            vec![placement(Division::Kindergarten, d(2024, 8, 1), None)],
        ),
        child(
            2,
            "Ida",
            2015,
            5,
            vec![placement(Division::School, d(2021, 8, 1), None)],
        ),
    ];
    let settings = BillingSettings {
        july_free: vec![Division::School],
        ..Default::default()
    };
    let mut school_months = 0;
    for m in [8, 9, 10, 11, 12]
        .map(|m| month(2026, m))
        .into_iter()
        .chain((1..=7).map(|m| month(2027, m)))
    {
        let charge = &run(m, &kids, &settings, &[]).charges[0];
        school_months += charge
            .lines
            .iter()
            .filter(|l| l.division == Some(Division::School))
            .count();
        if m.month == 7 {
            assert_eq!(
                amounts(charge),
                vec![(LineKind::Rate, 240_000)],
                "July: kindergarten only"
            );
        }
    }
    assert_eq!(school_months, 11);
}

#[test]
fn r7_a_rate_change_on_1_august_applies_from_august() {
    let kids = [child(
        1,
        "Jens",
        2014,
        6,
        vec![placement(Division::School, d(2020, 8, 1), None)],
    )];
    let settings = BillingSettings {
        july_free: vec![],
        ..Default::default()
    };
    assert_eq!(
        run(month(2026, 7), &kids, &settings, &[]).charges[0].total,
        Ore::kroner(2_900)
    );
    assert_eq!(
        run(month(2026, 8), &kids, &settings, &[]).charges[0].total,
        Ore::kroner(3_100)
    );
}

#[test]
fn missing_rates_and_payers_stop_the_run_with_a_danish_reason() {
    let mut no_payer = child(
        1,
        "Karl",
        2015,
        1,
        vec![placement(Division::School, d(2021, 8, 1), None)],
    );
    no_payer.payer_id = None;
    let mut odd_module = child(
        2,
        "Lise",
        2017,
        2,
        vec![placement(Division::Sfo, d(2023, 8, 1), None)],
    );
    odd_module.placements[0].sfo_module = "Morgen".into();
    let rates = rates();
    let settings = BillingSettings::default();
    let result = compute_month(
        month(2026, 9),
        &[no_payer, odd_module],
        &ChargeRules {
            rates: &rates,
            settings: &settings,
            subsidies: &[],
        },
        &[],
    );
    assert_eq!(
        result.problems,
        vec![
            "Karl har ingen betaler: vælg en betaler under barnets forældre.".to_string(),
            "Der er ingen takst for SFO-modulet «Morgen» i september 2026.".to_string(),
        ]
    );
}

#[test]
fn r1_pending_fees_and_corrections_join_the_payers_charge() {
    let kids = [child(
        1,
        "Mads",
        2015,
        8,
        vec![placement(Division::School, d(2021, 8, 1), None)],
    )];
    let rates = rates();
    let settings = BillingSettings::default();
    let pending = [
        PendingItem {
            id: 5,
            payer_id: 8,
            child_id: Some(2),
            kind: LineKind::EnrolmentFee,
            text: "Nora, indmeldelsesgebyr".into(),
            amount: Ore::kroner(1_500),
        },
        PendingItem {
            id: 6,
            payer_id: 9,
            child_id: None,
            kind: LineKind::Correction,
            text: "Regulering august".into(),
            amount: Ore::kroner(-200),
        },
    ];
    let charges = compute_month(
        month(2026, 9),
        &kids,
        &ChargeRules {
            rates: &rates,
            settings: &settings,
            subsidies: &[],
        },
        &pending,
    )
    .charges;
    assert_eq!(charges.len(), 2);
    assert_eq!(charges[0].total, Ore::kroner(4_600));
    assert_eq!(charges[0].lines[1].pending_item_id, Some(5));
    assert_eq!(charges[1].total, Ore::kroner(-200));
}
