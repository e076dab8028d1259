//! Restance (R10): a payer's balance and what is overdue, by age. Payments settle
//! the oldest charge first.

use crate::tr;
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Ore;

/// An issued charge as the ledger sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerCharge {
    pub charge_id: i64,
    /// When it fell due (the payment date).
    pub due: NaiveDate,
    /// Its total; negative for a credit.
    pub total: Ore,
}

/// What is still owed of one charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct OpenCharge {
    #[ts(type = "number")]
    pub charge_id: i64,
    /// Due date.
    #[ts(type = "string")]
    pub due: NaiveDate,
    /// Still owed.
    pub unpaid: Ore,
    /// Days past due on the day of the list (0 if not yet due).
    #[ts(type = "number")]
    pub days_overdue: i64,
}

/// The age groups of the arrears list, in days past due.
pub const AGE_GROUPS: [(i64, i64); 4] = [(1, 30), (31, 60), (61, 90), (91, i64::MAX)];

/// A payer's account on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Charged minus paid; negative is money to the payer's credit.
    pub balance: Ore,
    /// What is past due.
    pub overdue: Ore,
    /// Overdue by age group: 1–30, 31–60, 61–90, over 90 days.
    pub by_age: [Ore; 4],
    /// The charges not fully paid, oldest first.
    pub open: Vec<OpenCharge>,
}

impl Account {
    /// R10: the payer is in arrears (*i restance*) when anything is past due.
    pub fn in_arrears(&self) -> bool {
        self.overdue.0 > 0
    }

    /// The charges past due, oldest first (what a reminder lists).
    pub fn overdue_charges(&self) -> impl Iterator<Item = &OpenCharge> {
        self.open.iter().filter(|open| open.days_overdue > 0)
    }

    /// Whether something has been past due for more than `days` days: who gets a
    /// reminder when the office sends them to every payer behind by that much.
    pub fn overdue_for_more_than(&self, days: u32) -> bool {
        self.open
            .iter()
            .any(|open| open.days_overdue > i64::from(days))
    }
}

/// A payment reminder (*påmindelse*) gives the payer this many days to pay.
pub const REMINDER_DAYS_TO_PAY: u64 = 10;

/// The last day to pay that a reminder written on `today` names.
pub fn reminder_pay_by(today: NaiveDate) -> NaiveDate {
    today + Days::new(REMINDER_DAYS_TO_PAY)
}

/// R14: the last day of a kindergarten place the school terminates for arrears on
/// `today` — one month's notice to the end of a month, or `today` itself when it
/// takes immediate effect. Refused while the payer is not in arrears (R10).
pub fn arrears_termination_last_day(
    account: &Account,
    today: NaiveDate,
    immediate: bool,
) -> Result<NaiveDate, String> {
    if !account.in_arrears() {
        return Err(tr!("arrears.not_in_arrears"));
    }
    Ok(if immediate {
        today
    } else {
        crate::dates::notice_last_day(today)
    })
}

/// The payer's account: `paid` is the net of every payment (payments minus
/// charge-backs). Credits and payments settle the oldest charges first.
pub fn account(charges: &[LedgerCharge], paid: Ore, today: NaiveDate) -> Account {
    let mut sorted: Vec<&LedgerCharge> = charges.iter().collect();
    sorted.sort_by_key(|c| (c.due, c.charge_id));
    let credits: i64 = sorted
        .iter()
        .filter(|c| c.total.0 < 0)
        .map(|c| -c.total.0)
        .sum();
    let mut to_settle = paid.0 + credits;
    let mut account = Account {
        balance: Ore(charges.iter().map(|c| c.total.0).sum::<i64>() - paid.0),
        overdue: Ore(0),
        by_age: [Ore(0); 4],
        open: Vec::new(),
    };
    for charge in sorted.into_iter().filter(|c| c.total.0 > 0) {
        let settled = to_settle.clamp(0, charge.total.0);
        to_settle -= settled;
        let unpaid = charge.total.0 - settled;
        if unpaid == 0 {
            continue;
        }
        let days_overdue = (today - charge.due).num_days().max(0);
        if days_overdue > 0 {
            account.overdue.0 += unpaid;
            let group = AGE_GROUPS
                .iter()
                .position(|(from, to)| (*from..=*to).contains(&days_overdue))
                .expect("groups cover every day");
            account.by_age[group].0 += unpaid;
        }
        account.open.push(OpenCharge {
            charge_id: charge.charge_id,
            due: charge.due,
            unpaid: Ore(unpaid),
            days_overdue,
        });
    }
    account
}

/// What of a payer's open charges is for one child (for a payer change that moves
/// the child's open balance): on each charge not fully paid, the child's lines, but
/// never more than is unpaid of that charge. `child_lines` is the sum of the child's
/// lines per charge id.
pub fn open_for_child(account: &Account, child_lines: &BTreeMap<i64, Ore>) -> Ore {
    Ore(account
        .open
        .iter()
        .map(|open| {
            let lines = child_lines.get(&open.charge_id).map_or(0, |o| o.0);
            lines.clamp(0, open.unpaid.0)
        })
        .sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn charge(id: i64, due: NaiveDate, kroner: i64) -> LedgerCharge {
        LedgerCharge {
            charge_id: id,
            due,
            total: Ore::kroner(kroner),
        }
    }

    #[test]
    fn r10_payments_settle_the_oldest_charge_and_the_rest_is_aged() {
        let charges = [
            charge(1, d(2026, 8, 3), 3_000),
            charge(2, d(2026, 9, 1), 3_000),
            charge(3, d(2026, 10, 1), 3_000),
            charge(4, d(2026, 11, 2), 3_000),
            charge(5, d(2026, 12, 1), 3_000),
        ];
        let account = account(&charges, Ore::kroner(4_000), d(2026, 11, 23));
        assert_eq!(account.balance, Ore::kroner(11_000));
        assert_eq!(
            account.open.iter().map(|o| o.charge_id).collect::<Vec<_>>(),
            vec![2, 3, 4, 5]
        );
        assert_eq!(account.open[0].unpaid, Ore::kroner(2_000));
        assert_eq!(account.open[0].days_overdue, 83);
        assert_eq!(
            account.by_age,
            [
                Ore::kroner(3_000),
                Ore::kroner(3_000),
                Ore::kroner(2_000),
                Ore(0)
            ]
        );
        assert_eq!(
            account.overdue,
            Ore::kroner(8_000),
            "December's charge is not due yet"
        );
    }

    #[test]
    fn a_credit_settles_like_a_payment_and_a_paid_account_has_nothing_open() {
        let charges = [
            charge(1, d(2026, 8, 3), 3_000),
            LedgerCharge {
                charge_id: 2,
                due: d(2026, 9, 1),
                total: Ore::kroner(-500),
            },
        ];
        let account = account(&charges, Ore::kroner(2_500), d(2026, 11, 23));
        assert_eq!(account.balance, Ore(0));
        assert!(account.open.is_empty());
        assert_eq!(account.overdue, Ore(0));
    }

    #[test]
    fn r10_a_childs_open_balance_is_its_lines_on_unpaid_charges_at_most_what_is_unpaid() {
        let charges = [
            charge(1, d(2026, 9, 1), 3_000),
            charge(2, d(2026, 10, 1), 3_000),
            charge(3, d(2026, 11, 2), 3_000),
        ];
        // Paid: the first charge and 1.000 kr. of the second.
        let account = account(&charges, Ore::kroner(4_000), d(2026, 11, 20));
        let lines = BTreeMap::from([
            (1, Ore::kroner(1_000)),
            (2, Ore::kroner(2_500)),
            (3, Ore::kroner(1_200)),
        ]);
        // Charge 1 is paid; of charge 2 only 2.000 kr. is unpaid; charge 3 all open.
        assert_eq!(open_for_child(&account, &lines), Ore::kroner(2_000 + 1_200));
        assert_eq!(open_for_child(&account, &BTreeMap::new()), Ore(0));
    }

    #[test]
    fn r10_in_arrears_only_when_something_is_past_due_and_reminders_go_by_age() {
        let charges = [
            charge(1, d(2026, 10, 1), 3_000),
            charge(2, d(2026, 12, 1), 3_000),
        ];
        let before_due = account(&charges, Ore::kroner(3_000), d(2026, 11, 20));
        assert!(
            !before_due.in_arrears(),
            "October paid, December not yet due"
        );
        let behind = account(&charges, Ore(0), d(2026, 11, 20));
        assert!(behind.in_arrears());
        assert_eq!(
            behind
                .overdue_charges()
                .map(|o| o.charge_id)
                .collect::<Vec<_>>(),
            vec![1],
            "December is open but not overdue"
        );
        // October's charge is 50 days past due on 20 November.
        assert!(behind.overdue_for_more_than(49));
        assert!(!behind.overdue_for_more_than(50));
        assert_eq!(reminder_pay_by(d(2026, 11, 20)), d(2026, 11, 30));
    }

    #[test]
    fn r14_termination_for_arrears_needs_arrears_and_gives_a_month_to_the_end_of_a_month() {
        let charges = [charge(1, d(2026, 10, 1), 3_000)];
        let behind = account(&charges, Ore(0), d(2026, 11, 20));
        assert_eq!(
            arrears_termination_last_day(&behind, d(2026, 11, 20), false),
            Ok(d(2026, 12, 31))
        );
        assert_eq!(
            arrears_termination_last_day(&behind, d(2026, 11, 20), true),
            Ok(d(2026, 11, 20)),
            "immediate effect: today is the last day"
        );
        let paid = account(&charges, Ore::kroner(3_000), d(2026, 11, 20));
        assert!(arrears_termination_last_day(&paid, d(2026, 11, 20), true)
            .unwrap_err()
            .contains("ikke i restance"));
    }
}
