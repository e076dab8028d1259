//! Danish banking days (R35): banks are closed on weekends, the public holidays,
//! the Friday after Ascension Day, 5 June (Grundlovsdag), 24 and 31 December.
//! Store bededag is no longer a holiday from 2024.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm,
/// "Meeus/Jones/Butcher"); every moving holiday follows from it.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

/// The days of `year` on which Danish banks are closed, other than weekends.
pub fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let easter = easter_sunday(year);
    let from_easter = |days: i64| easter + chrono::Duration::days(days);
    let fixed =
        |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day).expect("fixed holiday");
    let mut days = vec![
        fixed(1, 1),
        from_easter(-3), // skærtorsdag
        from_easter(-2), // langfredag
        from_easter(1),  // 2. påskedag
        from_easter(39), // Kristi himmelfartsdag
        from_easter(40), // the Friday after
        from_easter(50), // 2. pinsedag
        fixed(6, 5),
        fixed(12, 24),
        fixed(12, 25),
        fixed(12, 26),
        fixed(12, 31),
    ];
    if year < 2024 {
        days.push(from_easter(26)); // store bededag, abolished from 2024
    }
    days.sort();
    days
}

/// Whether Danish banks are open on `date`.
pub fn is_banking_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        && !bank_holidays(date.year()).contains(&date)
}

/// The first banking day on or after `date`.
pub fn first_banking_day_from(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while !is_banking_day(day) {
        day = day + Days::new(1);
    }
    day
}

/// R8/R35: the payment date of a month's charges, the month's first banking day.
pub fn payment_date(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1).map(first_banking_day_from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_matches_the_almanac() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
    }

    #[test]
    fn r35_banks_close_on_the_danish_holidays() {
        // 2026: Ascension 14 May, the Friday after 15 May, Whit Monday 25 May.
        for closed in [
            d(2026, 1, 1),
            d(2026, 4, 2),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 5, 14),
            d(2026, 5, 15),
            d(2026, 5, 25),
            d(2026, 6, 5),
            d(2026, 12, 24),
            d(2026, 12, 25),
            d(2026, 12, 31),
        ] {
            assert!(!is_banking_day(closed), "{closed}");
        }
        // Store bededag (4th Friday after Easter) is a banking day from 2024 …
        assert!(is_banking_day(d(2026, 5, 1)));
        // … but was not before.
        assert!(!is_banking_day(d(2023, 5, 5)));
        assert!(!is_banking_day(d(2026, 11, 28)), "a Saturday");
    }

    #[test]
    fn r35_payment_date_is_the_first_banking_day_of_the_month() {
        assert_eq!(payment_date(2026, 9,), Some(d(2026, 9, 1)), "a Tuesday");
        assert_eq!(
            payment_date(2026, 8,),
            Some(d(2026, 8, 3)),
            "1 August 2026 is a Saturday"
        );
        assert_eq!(
            payment_date(2027, 1,),
            Some(d(2027, 1, 4)),
            "New Year's Day is a Friday"
        );
        assert_eq!(
            payment_date(2027, 5,),
            Some(d(2027, 5, 3)),
            "1 May 2027 is a Saturday"
        );
        assert_eq!(payment_date(2026, 13), None);
    }
}
