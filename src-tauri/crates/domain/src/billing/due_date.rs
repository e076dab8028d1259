//! When a month's charges fall due (R8, R35): the date the 0601 file asks the bank
//! to collect on, and whether the bank takes that date yet.

use crate::tr;
use chrono::{Days, NaiveDate};

use super::ChargeMonth;
use crate::bank_calendar::{first_banking_day_from, payment_date};
use crate::betalingsservice::delivery::MAX_DAYS_AHEAD;

/// R8/R35: the month's first banking day; once that has passed, the next banking
/// day after `today`, since Betalingsservice takes no payment date in the past.
pub fn due_date(month: ChargeMonth, today: NaiveDate) -> NaiveDate {
    let first = payment_date(month.year, month.month).expect("a ChargeMonth is a real month");
    if first > today {
        first
    } else {
        first_banking_day_from(today + Days::new(1))
    }
}

/// R35: the due date of `month` if the bank takes it on `today`. Betalingsservice
/// refuses a payment date more than [`MAX_DAYS_AHEAD`] days ahead, so a month too far
/// off cannot be issued yet; the message says so in the office's words.
pub fn issuable_due_date(month: ChargeMonth, today: NaiveDate) -> Result<NaiveDate, String> {
    let due = due_date(month, today);
    if (due - today).num_days() > MAX_DAYS_AHEAD {
        return Err(tr!(
            "due_date.too_far_ahead",
            month = month.shown(),
            days = MAX_DAYS_AHEAD
        ));
    }
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn month(y: i32, m: u32) -> ChargeMonth {
        ChargeMonth::new(y, m).unwrap()
    }

    #[test]
    fn r8_a_month_issued_ahead_falls_due_on_its_first_banking_day() {
        // 1 August 2026 is a Saturday: the first banking day is Monday the 3rd.
        assert_eq!(due_date(month(2026, 8), d(2026, 7, 10)), d(2026, 8, 3));
        assert_eq!(due_date(month(2026, 9), d(2026, 8, 20)), d(2026, 9, 1));
    }

    #[test]
    fn r35_a_late_month_falls_due_on_the_next_banking_day_after_today() {
        // Issued on its own first banking day: the bank takes no date in the past
        // nor today, so the next banking day.
        assert_eq!(due_date(month(2026, 9), d(2026, 9, 1)), d(2026, 9, 2));
        // Issued on Friday 11 December 2026: Monday the 14th.
        assert_eq!(due_date(month(2026, 12), d(2026, 12, 11)), d(2026, 12, 14));
        // Issued on 23 December: the 24th, 25th, 26th (Saturday) and 27th are closed.
        assert_eq!(due_date(month(2026, 12), d(2026, 12, 23)), d(2026, 12, 28));
    }

    #[test]
    fn r35_the_bank_takes_a_payment_date_at_most_90_days_ahead() {
        // 1 December 2026 (Tuesday) is 90 days after 2 September.
        assert_eq!(
            issuable_due_date(month(2026, 12), d(2026, 9, 2)),
            Ok(d(2026, 12, 1))
        );
        let refused = issuable_due_date(month(2026, 12), d(2026, 9, 1)).unwrap_err();
        assert!(
            refused.starts_with("december 2026 ligger mere end 90 dage"),
            "{refused}"
        );
        // A late month is always issuable: its due date is days away.
        assert!(issuable_due_date(month(2026, 9), d(2026, 9, 15)).is_ok());
    }
}
