//! Property tests (issue 8) for money in whole øre (R34) and for dates: thousands of
//! generated cases each, so a rounding slip or an off-by-one month shows.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use skolekontor_domain::billing::Reduction;
use skolekontor_domain::dates;
use skolekontor_domain::Ore;

/// A school's amounts stay far below this (10 billion kroner); within it no sum of a
/// few thousand amounts can overflow.
const LARGEST: i64 = 1_000_000_000_000;

fn day() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn r34_an_amount_written_in_danish_reads_back_as_itself(ore in -LARGEST..LARGEST) {
        let text = Ore(ore).to_danish();
        prop_assert!(text.ends_with(" kr."));
        prop_assert_eq!(Ore::parse_danish(&text), Some(Ore(ore)));
    }

    #[test]
    fn r34_a_sum_in_ore_is_exact_and_does_not_depend_on_order(
        amounts in proptest::collection::vec(-LARGEST..LARGEST, 0..200)
    ) {
        let total: Ore = amounts.iter().copied().map(Ore).sum();
        prop_assert_eq!(total.0, amounts.iter().sum::<i64>());
        let reversed: Ore = amounts.iter().rev().copied().map(Ore).sum();
        prop_assert_eq!(total, reversed);
        let checked = amounts.iter().try_fold(Ore(0), |a, b| a.checked_add(Ore(*b)));
        prop_assert_eq!(checked, Some(total));
    }

    #[test]
    fn a_reduction_never_takes_more_than_the_amount_and_loses_no_ore(
        amount in 0..LARGEST, percent in 0u8..=100, fixed in 0..LARGEST
    ) {
        for reduction in [Reduction::Percent(percent), Reduction::Amount(Ore(fixed))] {
            let off = reduction.off(Ore(amount));
            prop_assert!(off.0 >= 0 && off.0 <= amount);
        }
        prop_assert_eq!(Reduction::Amount(Ore(fixed)).off(Ore(amount)), Ore(fixed.min(amount)));
        prop_assert_eq!(Reduction::Percent(100).off(Ore(amount)), Ore(amount));
        prop_assert_eq!(Reduction::Percent(0).off(Ore(amount)), Ore(0));
        // Half-up rounding: off by at most half an øre from the exact share.
        let exact = amount as i128 * i128::from(percent);
        let off = i128::from(Reduction::Percent(percent).off(Ore(amount)).0) * 100;
        prop_assert!((off - exact).abs() <= 50);
    }

    #[test]
    fn r34_a_date_written_short_or_iso_reads_back(date in day()) {
        prop_assert_eq!(dates::parse(&dates::short(date)), Some(date));
        prop_assert_eq!(dates::parse(&date.format("%Y-%m-%d").to_string()), Some(date));
        prop_assert_eq!(dates::parse(&date.format("%d.%m.%Y").to_string()), Some(date));
    }

    #[test]
    fn r11_notice_ends_on_the_last_day_of_the_following_month(received in day()) {
        let last = dates::notice_last_day(received);
        prop_assert!(last > received);
        prop_assert_eq!((last + Duration::days(1)).day(), 1, "the last day of a month");
        let months = (last.year() - received.year()) * 12 + last.month() as i32 - received.month() as i32;
        prop_assert_eq!(months, 1);
        prop_assert!((last - received).num_days() >= 28 && (last - received).num_days() <= 61);
    }

    #[test]
    fn a_school_year_runs_from_1_august_to_31_july(date in day()) {
        let start = dates::school_year_start(date);
        let first = NaiveDate::from_ymd_opt(start, 8, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(start + 1, 7, 31).unwrap();
        prop_assert!(first <= date && date <= last);
        prop_assert_eq!(dates::school_year_label(date), dates::school_year_label(first));
        prop_assert!(dates::school_year_label(last) != dates::school_year_label(last + Duration::days(1)));
    }
}
