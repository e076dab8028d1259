//! Danish date formats (R34) and the school year (1 August – 31 July).

use chrono::{Datelike, NaiveDate};

use crate::language::Language;

/// The Danish month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// `05-09-2026`.
pub fn short(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

/// `5. september 2026`.
pub fn long(date: NaiveDate) -> String {
    format!(
        "{}. {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// `september 2026`.
pub fn month_and_year(date: NaiveDate) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

/// The date as the reader's language writes it on a screen: `5. september 2026` or
/// `5 September 2026`. Printed documents are Danish and use [`long`].
pub fn long_shown(date: NaiveDate) -> String {
    match crate::language::current() {
        Language::Danish => long(date),
        Language::English => date.format("%-d %B %Y").to_string(),
    }
}

/// A month's name (1–12) as the reader's language writes it: `august`, `August`.
pub fn month_name_shown(month: u32) -> String {
    let index = month.clamp(1, 12) as usize - 1;
    match crate::language::current() {
        Language::Danish => MONTHS[index].to_string(),
        Language::English => NaiveDate::from_ymd_opt(2000, month.clamp(1, 12), 1)
            .map(|d| d.format("%B").to_string())
            .unwrap_or_default(),
    }
}

/// A birthday as the reader's language writes it: `5. september`, `5 September`.
pub fn day_and_month_shown(date: NaiveDate) -> String {
    match crate::language::current() {
        Language::Danish => format!("{}. {}", date.day(), MONTHS[date.month0() as usize]),
        Language::English => date.format("%-d %B").to_string(),
    }
}

/// The month as the reader's language writes it on a screen: `september 2026` or
/// `September 2026`.
pub fn month_and_year_shown(date: NaiveDate) -> String {
    match crate::language::current() {
        Language::Danish => month_and_year(date),
        Language::English => date.format("%B %Y").to_string(),
    }
}

/// Reads `dd-mm-yyyy` (also with `.` or `/`), or ISO `yyyy-mm-dd` from date inputs.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&t.replace(['.', '/'], "-"), "%d-%m-%Y"))
        .ok()
        // The year has four digits: "20-08-202" is a date still being typed, not one
        // in the year 202.
        .filter(|date| (1000..=9999).contains(&date.year()))
}

/// The school year a date falls in, written `2026/27` (1 August – 31 July).
pub fn school_year_label(date: NaiveDate) -> String {
    let start = school_year_start(date);
    format!("{}/{:02}", start, (start + 1) % 100)
}

/// The calendar year in which the school year containing `date` began.
pub fn school_year_start(date: NaiveDate) -> i32 {
    if date.month() >= 8 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// R11/R14: one month's notice to the end of a month — the last day of the month
/// after the month in which the notice was given or received.
pub fn notice_last_day(received: NaiveDate) -> NaiveDate {
    let (year, month) = if received.month() >= 11 {
        (received.year() + 1, received.month() - 10)
    } else {
        (received.year(), received.month() + 2)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.pred_opt())
        .expect("a real month")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r34_dates_short_and_long() {
        assert_eq!(short(d(2026, 9, 5)), "05-09-2026");
        assert_eq!(long(d(2026, 9, 5)), "5. september 2026");
        assert_eq!(long(d(2027, 2, 28)), "28. februar 2027");
    }

    #[test]
    fn parses_danish_and_iso() {
        assert_eq!(parse("05-09-2026"), Some(d(2026, 9, 5)));
        assert_eq!(parse("5.9.2026"), Some(d(2026, 9, 5)));
        assert_eq!(parse("2026-09-05"), Some(d(2026, 9, 5)));
        assert_eq!(parse("31-02-2026"), None);
        assert_eq!(parse("i morgen"), None);
    }

    #[test]
    fn a_date_whose_year_is_still_being_typed_is_no_date() {
        for half_typed in ["20-08-2", "20-08-20", "20-08-202", "202-08-20"] {
            assert_eq!(parse(half_typed), None, "{half_typed}");
        }
        assert_eq!(parse("20-08-2026"), Some(d(2026, 8, 20)));
    }

    #[test]
    fn r11_notice_runs_to_the_end_of_the_following_month() {
        assert_eq!(notice_last_day(d(2026, 3, 15)), d(2026, 4, 30));
        assert_eq!(notice_last_day(d(2027, 1, 31)), d(2027, 2, 28));
        assert_eq!(notice_last_day(d(2028, 1, 31)), d(2028, 2, 29));
        assert_eq!(notice_last_day(d(2026, 3, 1)), d(2026, 4, 30));
        assert_eq!(notice_last_day(d(2026, 11, 23)), d(2026, 12, 31));
        assert_eq!(notice_last_day(d(2026, 12, 2)), d(2027, 1, 31));
    }

    #[test]
    fn school_year_runs_august_to_july() {
        assert_eq!(school_year_label(d(2026, 8, 1)), "2026/27");
        assert_eq!(school_year_label(d(2027, 7, 31)), "2026/27");
        assert_eq!(school_year_label(d(2099, 9, 1)), "2099/00");
    }
}
