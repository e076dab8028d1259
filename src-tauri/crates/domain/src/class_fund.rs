//! Class funds (*klassekasse*, R17–R20). A fund belongs to the class, not to the
//! school: nothing here touches charges, rates or Betalingsservice. The office keeps
//! the ledger for the class; the parents agree what the money is for (R20) and choose a
//! treasurer among themselves.
//!
//! A class is named by its cohort, the school year in which it began in grade 0
//! (*børnehaveklasse*), so the fund follows the pupils through every rollover.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::money::Ore;
use crate::tr;
use crate::validation::ValidationErrors;

/// The longest purpose, text or receipt reference kept.
const PURPOSE_MAX: usize = 2000;
const TEXT_MAX: usize = 200;
const RECEIPT_MAX: usize = 60;

/// The cohort of a class that is in `grade` in the school year starting in `year_start`.
pub fn cohort_of(grade: u8, year_start: i32) -> i32 {
    year_start - i32::from(grade)
}

/// The grade of `cohort` in the school year starting in `year_start`, if it is at school.
pub fn grade_in(cohort: i32, year_start: i32) -> Option<u8> {
    u8::try_from(year_start - cohort)
        .ok()
        .filter(|grade| *grade <= 9)
}

/// "4. klasse", or "Årgang 2016" once the class has left the school (in the
/// reader's language).
pub fn class_name(cohort: i32, today: NaiveDate) -> String {
    match grade_in(cohort, dates::school_year_start(today)) {
        Some(grade) => tr!("class_fund.grade", grade = grade),
        None => tr!("class_fund.cohort", cohort = cohort),
    }
}

/// A deposit or an expense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum EntryKind {
    /// Indbetaling: money in, usually from a family.
    Deposit,
    /// Udgift: money out, with a receipt.
    Expense,
}

impl EntryKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Deposit => "deposit",
            EntryKind::Expense => "expense",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<EntryKind> {
        [EntryKind::Deposit, EntryKind::Expense]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// One line of a fund's ledger (*kassebog*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The entry's id in the store (orders entries of the same day).
    pub id: i64,
    /// The day of the payment.
    pub date: NaiveDate,
    /// In or out.
    pub kind: EntryKind,
    /// Always positive; `kind` gives the sign.
    pub amount: Ore,
    /// The pupil whose family paid a deposit.
    pub child_id: Option<i64>,
    /// Cancelled entries stay in the ledger and count for nothing.
    pub cancelled: bool,
}

impl LedgerEntry {
    /// What the entry does to the balance.
    pub fn effect(&self) -> Ore {
        match (self.cancelled, self.kind) {
            (true, _) => Ore(0),
            (false, EntryKind::Deposit) => self.amount,
            (false, EntryKind::Expense) => Ore(-self.amount.0),
        }
    }
}

/// The balance after each entry, in ledger order (by day, then as recorded).
pub fn running_balances(entries: &[LedgerEntry]) -> Vec<(i64, Ore)> {
    let mut ordered: Vec<&LedgerEntry> = entries.iter().collect();
    ordered.sort_by_key(|e| (e.date, e.id));
    let mut balance = Ore(0);
    ordered
        .into_iter()
        .map(|e| {
            balance = balance + e.effect();
            (e.id, balance)
        })
        .collect()
}

/// The balance at the end of `day`.
pub fn balance_on(entries: &[LedgerEntry], day: NaiveDate) -> Ore {
    entries
        .iter()
        .filter(|e| e.date <= day)
        .map(LedgerEntry::effect)
        .sum()
}

/// The first day on which the ledger would be below zero, with the balance then. A
/// fund cannot spend money it does not have, not even for a day: an expense dated
/// before the deposits that cover it is refused too.
pub fn first_shortfall(entries: &[LedgerEntry]) -> Option<(NaiveDate, Ore)> {
    let mut ordered: Vec<&LedgerEntry> = entries.iter().collect();
    ordered.sort_by_key(|e| (e.date, e.id));
    let mut balance = Ore(0);
    for (n, entry) in ordered.iter().enumerate() {
        balance = balance + entry.effect();
        let last_of_day = ordered
            .get(n + 1)
            .is_none_or(|next| next.date != entry.date);
        if last_of_day && balance.0 < 0 {
            return Some((entry.date, balance));
        }
    }
    None
}

/// A ledger line as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct FundEntryInput {
    /// The class.
    pub cohort: i32,
    /// In or out.
    pub kind: Option<EntryKind>,
    /// `dd-mm-yyyy`.
    pub date: String,
    /// `150,00`.
    pub amount: String,
    /// "Indbetaling september", "Bowling 3. klasse".
    pub text: String,
    /// The receipt's number or name (*bilag*): required for an expense.
    pub receipt: String,
    /// For a deposit: the pupil whose family paid.
    #[ts(type = "number | null")]
    pub child_id: Option<i64>,
}

/// A checked ledger line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFundEntry {
    /// The class.
    pub cohort: i32,
    /// In or out.
    pub kind: EntryKind,
    /// The day.
    pub date: NaiveDate,
    /// Positive.
    pub amount: Ore,
    pub text: String,
    /// The receipt reference.
    pub receipt: String,
    /// The paying family's pupil.
    pub child_id: Option<i64>,
}

impl FundEntryInput {
    /// Checks the form: a day not in the future, a positive amount, a text, and a
    /// receipt for every expense.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidFundEntry, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if self.kind.is_none() {
            errors.add("kind", tr!("class_fund.kind_missing"));
        }
        let date = dates::parse(&self.date);
        match date {
            None => errors.add("date", tr!("common.date_format")),
            Some(day) if day > today => errors.add("date", tr!("class_fund.date_future")),
            Some(_) => {}
        }
        let amount = Ore::parse_danish(&self.amount);
        match amount {
            None => errors.add("amount", tr!("class_fund.amount_format")),
            Some(ore) if ore.0 <= 0 => errors.add("amount", tr!("class_fund.amount_positive")),
            Some(ore) if ore.0 > 10_000_000 => errors.add("amount", tr!("class_fund.amount_check")),
            Some(_) => {}
        }
        let text = self.text.trim();
        if text.is_empty() {
            errors.add("text", tr!("class_fund.text_missing"));
        } else if text.chars().count() > TEXT_MAX {
            errors.add("text", tr!("class_fund.text_length", max = TEXT_MAX));
        }
        let receipt = self.receipt.trim();
        if self.kind == Some(EntryKind::Expense) && receipt.is_empty() {
            errors.add("receipt", tr!("class_fund.receipt_missing"));
        } else if receipt.chars().count() > RECEIPT_MAX {
            errors.add(
                "receipt",
                tr!("class_fund.receipt_length", max = RECEIPT_MAX),
            );
        }
        if self.kind == Some(EntryKind::Expense) && self.child_id.is_some() {
            errors.add("childId", tr!("class_fund.expense_not_family"));
        }
        errors.into_result()?;
        Ok(ValidFundEntry {
            cohort: self.cohort,
            kind: self.kind.expect("checked"),
            date: date.expect("checked"),
            amount: amount.expect("checked"),
            text: text.to_string(),
            receipt: receipt.to_string(),
            child_id: self.child_id,
        })
    }
}

/// The fund's terms as typed: the purpose (R20), the treasurer and the agreed monthly
/// contribution, if any.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ClassFundInput {
    /// The class.
    pub cohort: i32,
    /// What the parents agreed the money may be used for.
    pub purpose: String,
    /// The treasurer, a guardian of a pupil in the class.
    #[ts(type = "number | null")]
    pub treasurer_guardian_id: Option<i64>,
    /// Agreed per family per month, `50,00`; empty for none.
    pub monthly_contribution: String,
    /// From when the contribution applies, `dd-mm-yyyy`: the first of a month.
    pub contribution_from: String,
}

/// Checked terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidClassFund {
    /// The class.
    pub cohort: i32,
    pub purpose: String,
    pub treasurer_guardian_id: Option<i64>,
    /// A new contribution and its first month, when one was typed.
    pub contribution: Option<Contribution>,
}

impl ClassFundInput {
    /// Checks the form; a contribution starts on the first of a month.
    pub fn validate(&self) -> Result<ValidClassFund, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let purpose = self.purpose.trim();
        if purpose.is_empty() {
            errors.add("purpose", tr!("class_fund.purpose_missing"));
        } else if purpose.chars().count() > PURPOSE_MAX {
            errors.add("purpose", tr!("class_fund.purpose_length"));
        }
        let contribution = if self.monthly_contribution.trim().is_empty() {
            None
        } else {
            let monthly = Ore::parse_danish(&self.monthly_contribution).filter(|o| o.0 >= 0);
            if monthly.is_none() {
                errors.add("monthlyContribution", tr!("class_fund.monthly_format"));
            }
            let from = dates::parse(&self.contribution_from);
            match from {
                None => errors.add("contributionFrom", tr!("class_fund.valid_from_format")),
                Some(day) if day.day() != 1 => {
                    errors.add("contributionFrom", tr!("class_fund.valid_from_first"))
                }
                Some(_) => {}
            }
            monthly.zip(from).map(|(monthly, valid_from)| Contribution {
                valid_from,
                monthly,
            })
        };
        errors.into_result()?;
        Ok(ValidClassFund {
            cohort: self.cohort,
            purpose: purpose.to_string(),
            treasurer_guardian_id: self.treasurer_guardian_id,
            contribution,
        })
    }
}

/// An agreed monthly contribution per family, in force from a first of a month until
/// the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contribution {
    /// The first month.
    pub valid_from: NaiveDate,
    /// Per family per month; 0 ends the agreement.
    pub monthly: Ore,
}

/// A pupil's time in the class: from the first school day in it to the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassMember {
    pub child_id: i64,
    /// The child's name.
    pub name: String,
    /// First day in the class.
    pub first_day: NaiveDate,
    /// Last day, if known.
    pub last_day: Option<NaiveDate>,
}

/// One school placement row of a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolRow {
    pub child_id: i64,
    /// The child's name.
    pub name: String,
    /// The grade of the row.
    pub grade: u8,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: Option<NaiveDate>,
}

/// The pupils who have ever been in `cohort`'s class, by name: a row belongs to the
/// class whose cohort its grade gives in the school year the row starts.
pub fn members(rows: &[SchoolRow], cohort: i32) -> Vec<ClassMember> {
    let mut found: Vec<ClassMember> = Vec::new();
    for row in rows.iter().filter(|r| {
        cohort_of(r.grade, dates::school_year_start(r.start)) == cohort
            && r.end.is_none_or(|end| end >= r.start)
    }) {
        match found.iter_mut().find(|m| m.child_id == row.child_id) {
            Some(member) => {
                member.first_day = member.first_day.min(row.start);
                member.last_day = member.last_day.zip(row.end).map(|(a, b)| a.max(b));
            }
            None => found.push(ClassMember {
                child_id: row.child_id,
                name: row.name.clone(),
                first_day: row.start,
                last_day: row.end,
            }),
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name).then(a.child_id.cmp(&b.child_id)));
    found
}

/// The first days of the months from `from` through `to`.
fn month_starts(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).expect("a real month");
    let first = if first < from {
        first
            .checked_add_months(chrono::Months::new(1))
            .expect("a real month")
    } else {
        first
    };
    std::iter::successors(Some(first), |d| {
        d.checked_add_months(chrono::Months::new(1))
    })
    .take_while(move |d| *d <= to)
}

/// What the agreement asks of a member's family up to `today`: the contribution of
/// each first of a month on which the pupil was in the class. A pupil who joins is
/// asked nothing for the months before (R19).
pub fn expected_from(
    member: &ClassMember,
    contributions: &[Contribution],
    today: NaiveDate,
) -> Ore {
    let last = member.last_day.map_or(today, |end| end.min(today));
    month_starts(member.first_day, last)
        .map(|month| {
            contributions
                .iter()
                .filter(|c| c.valid_from <= month)
                .max_by_key(|c| c.valid_from)
                .map_or(Ore(0), |c| c.monthly)
        })
        .sum()
}

/// Where a member stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum MemberStanding {
    /// In the class since before the fund began.
    InClass,
    /// Joined after the fund began: no back-payment (R19).
    Joined,
    /// Has left: no share paid out (R18).
    Left,
    /// Will start later.
    Starting,
}

/// A member's place in the fund's accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyAccount {
    pub member: ClassMember,
    /// Where they stand.
    pub standing: MemberStanding,
    /// Deposits from the family.
    pub paid: Ore,
    /// What the agreement asks up to today.
    pub expected: Ore,
}

impl FamilyAccount {
    /// The note the screen and the statement show, in the reader's language.
    pub fn note(&self) -> String {
        let first_day = dates::short(self.member.first_day);
        match self.standing {
            MemberStanding::InClass => String::new(),
            MemberStanding::Joined => tr!("class_fund.joined_note", day = first_day),
            MemberStanding::Left => tr!(
                "class_fund.left_note",
                day = self.member.last_day.map(dates::short).unwrap_or_default()
            ),
            MemberStanding::Starting => tr!("class_fund.starting_note", day = first_day),
        }
    }
}

/// Every member's deposits against what the agreement asks of them, by name.
pub fn family_accounts(
    members: &[ClassMember],
    entries: &[LedgerEntry],
    contributions: &[Contribution],
    fund_began: NaiveDate,
    today: NaiveDate,
) -> Vec<FamilyAccount> {
    members
        .iter()
        .map(|member| {
            let standing = if member.first_day > today {
                MemberStanding::Starting
            } else if member.last_day.is_some_and(|end| end < today) {
                MemberStanding::Left
            } else if member.first_day > fund_began {
                MemberStanding::Joined
            } else {
                MemberStanding::InClass
            };
            let paid = entries
                .iter()
                .filter(|e| e.child_id == Some(member.child_id) && e.kind == EntryKind::Deposit)
                .map(LedgerEntry::effect)
                .sum();
            FamilyAccount {
                member: member.clone(),
                standing,
                paid,
                expected: expected_from(member, contributions, today),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(id: i64, date: NaiveDate, kind: EntryKind, kroner: i64) -> LedgerEntry {
        LedgerEntry {
            id,
            date,
            kind,
            amount: Ore::kroner(kroner),
            child_id: None,
            cancelled: false,
        }
    }

    #[test]
    fn a_cohort_follows_its_class_up_the_grades() {
        assert_eq!(cohort_of(3, 2026), 2023);
        assert_eq!(grade_in(2023, 2027), Some(4));
        assert_eq!(grade_in(2023, 2033), None);
        assert_eq!(grade_in(2023, 2022), None);
        assert_eq!(class_name(2023, d(2026, 11, 23)), "3. klasse");
        assert_eq!(class_name(2016, d(2026, 11, 23)), "Årgang 2016");
    }

    #[test]
    fn r17_the_running_balance_follows_the_days_not_the_order_typed() {
        let entries = [
            entry(1, d(2026, 9, 10), EntryKind::Deposit, 500),
            entry(2, d(2026, 9, 1), EntryKind::Deposit, 200),
            entry(3, d(2026, 9, 20), EntryKind::Expense, 650),
        ];
        assert_eq!(
            running_balances(&entries),
            vec![
                (2, Ore::kroner(200)),
                (1, Ore::kroner(700)),
                (3, Ore::kroner(50))
            ]
        );
        assert_eq!(balance_on(&entries, d(2026, 9, 15)), Ore::kroner(700));
        assert_eq!(first_shortfall(&entries), None);
    }

    #[test]
    fn an_expense_beyond_the_balance_or_before_the_money_came_is_a_shortfall() {
        let mut entries = vec![entry(1, d(2026, 9, 10), EntryKind::Deposit, 500)];
        entries.push(entry(2, d(2026, 9, 12), EntryKind::Expense, 501));
        assert_eq!(
            first_shortfall(&entries),
            Some((d(2026, 9, 12), Ore::kroner(-1)))
        );
        entries[1] = entry(2, d(2026, 9, 5), EntryKind::Expense, 100);
        assert_eq!(
            first_shortfall(&entries),
            Some((d(2026, 9, 5), Ore::kroner(-100)))
        );
        // Money in and out on the same day nets out.
        entries[1] = entry(2, d(2026, 9, 10), EntryKind::Expense, 500);
        entries.insert(0, entry(3, d(2026, 9, 10), EntryKind::Expense, 0));
        assert_eq!(first_shortfall(&entries), None);
    }

    #[test]
    fn a_cancelled_entry_counts_for_nothing() {
        let mut deposit = entry(1, d(2026, 9, 10), EntryKind::Deposit, 500);
        deposit.cancelled = true;
        let entries = [deposit, entry(2, d(2026, 9, 12), EntryKind::Expense, 100)];
        assert_eq!(
            first_shortfall(&entries),
            Some((d(2026, 9, 12), Ore::kroner(-100)))
        );
    }

    #[test]
    fn an_entry_is_checked_field_by_field() {
        let today = d(2026, 11, 23);
        let fields = |input: &FundEntryInput| {
            input
                .validate(today)
                .unwrap_err()
                .errors
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        let mut input = FundEntryInput {
            cohort: 2023,
            kind: Some(EntryKind::Expense),
            date: "24-11-2026".into(),
            amount: "-5".into(),
            text: " ".into(),
            receipt: "".into(),
            child_id: Some(1),
        };
        assert_eq!(
            fields(&input),
            ["date", "amount", "text", "receipt", "childId"]
        );
        input = FundEntryInput {
            date: "23-11-2026".into(),
            amount: "1.234,50".into(),
            text: "Bowling".into(),
            receipt: "B-7".into(),
            child_id: None,
            ..input
        };
        let valid = input.validate(today).unwrap();
        assert_eq!(
            (valid.amount, valid.date, valid.receipt.as_str()),
            (Ore(123_450), today, "B-7")
        );
        let deposit = FundEntryInput {
            kind: Some(EntryKind::Deposit),
            receipt: String::new(),
            child_id: Some(4),
            ..input
        };
        assert_eq!(deposit.validate(today).unwrap().child_id, Some(4));
    }

    #[test]
    fn r20_the_purpose_is_required_and_a_contribution_starts_on_a_first() {
        let input = ClassFundInput {
            cohort: 2023,
            purpose: "".into(),
            treasurer_guardian_id: None,
            monthly_contribution: "50".into(),
            contribution_from: "15-09-2026".into(),
        };
        let fields: Vec<String> = input
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["purpose", "contributionFrom"]);
        let input = ClassFundInput {
            purpose: "Lejrskole i 6. klasse".into(),
            contribution_from: "01-09-2026".into(),
            ..input
        };
        assert_eq!(
            input.validate().unwrap().contribution,
            Some(Contribution {
                valid_from: d(2026, 9, 1),
                monthly: Ore::kroner(50)
            })
        );
        let none = ClassFundInput {
            monthly_contribution: " ".into(),
            contribution_from: "".into(),
            ..input
        };
        assert_eq!(none.validate().unwrap().contribution, None);
    }

    fn row(child_id: i64, grade: u8, start: NaiveDate, end: Option<NaiveDate>) -> SchoolRow {
        SchoolRow {
            child_id,
            name: format!("Elev {child_id}"),
            grade,
            start,
            end,
        }
    }

    #[test]
    fn members_are_found_through_the_rollover_and_mid_year_starts() {
        let rows = [
            row(1, 2, d(2025, 8, 1), Some(d(2026, 7, 31))),
            row(1, 3, d(2026, 8, 1), None),
            row(2, 3, d(2026, 11, 1), None),
            row(3, 4, d(2026, 8, 1), None),
            row(4, 3, d(2026, 8, 1), Some(d(2026, 9, 30))),
        ];
        let found = members(&rows, 2023);
        let ids: Vec<i64> = found.iter().map(|m| m.child_id).collect();
        assert_eq!(ids, [1, 2, 4]);
        assert_eq!(
            (found[0].first_day, found[0].last_day),
            (d(2025, 8, 1), None)
        );
        assert_eq!(found[2].last_day, Some(d(2026, 9, 30)));
    }

    #[test]
    fn r19_a_pupil_who_joins_is_asked_nothing_for_the_months_before() {
        let contributions = [
            Contribution {
                valid_from: d(2026, 8, 1),
                monthly: Ore::kroner(50),
            },
            Contribution {
                valid_from: d(2026, 10, 1),
                monthly: Ore::kroner(60),
            },
        ];
        let today = d(2026, 11, 23);
        let from_start = ClassMember {
            child_id: 1,
            name: "A".into(),
            first_day: d(2025, 8, 1),
            last_day: None,
        };
        // Aug, Sep at 50; Oct, Nov at 60.
        assert_eq!(
            expected_from(&from_start, &contributions, today),
            Ore::kroner(220)
        );
        let joined_mid_october = ClassMember {
            first_day: d(2026, 10, 15),
            ..from_start.clone()
        };
        assert_eq!(
            expected_from(&joined_mid_october, &contributions, today),
            Ore::kroner(60)
        );
        let left_in_september = ClassMember {
            last_day: Some(d(2026, 9, 30)),
            ..from_start.clone()
        };
        assert_eq!(
            expected_from(&left_in_september, &contributions, today),
            Ore::kroner(100)
        );
    }

    #[test]
    fn r18_r19_standings_say_who_left_and_who_joined() {
        let today = d(2026, 11, 23);
        let began = d(2026, 8, 1);
        let members = [
            ClassMember {
                child_id: 1,
                name: "A".into(),
                first_day: d(2025, 8, 1),
                last_day: None,
            },
            ClassMember {
                child_id: 2,
                name: "B".into(),
                first_day: d(2026, 11, 1),
                last_day: None,
            },
            ClassMember {
                child_id: 3,
                name: "C".into(),
                first_day: d(2025, 8, 1),
                last_day: Some(d(2026, 9, 30)),
            },
            ClassMember {
                child_id: 4,
                name: "D".into(),
                first_day: d(2027, 1, 4),
                last_day: None,
            },
        ];
        let mut paid = entry(1, d(2026, 9, 1), EntryKind::Deposit, 100);
        paid.child_id = Some(3);
        let accounts = family_accounts(&members, &[paid], &[], began, today);
        let standings: Vec<MemberStanding> = accounts.iter().map(|a| a.standing).collect();
        assert_eq!(
            standings,
            [
                MemberStanding::InClass,
                MemberStanding::Joined,
                MemberStanding::Left,
                MemberStanding::Starting
            ]
        );
        assert_eq!(accounts[2].paid, Ore::kroner(100));
        // R18, R19: the notes say the rule in words, never by its code.
        assert!(accounts[2].note().contains("ingen andel") && !accounts[2].note().contains("(R"));
        assert!(accounts[1].note().contains("betaler ikke for tiden før"));
    }

    proptest! {
        #[test]
        fn no_ledger_without_a_shortfall_ever_dips_below_zero(lines in proptest::collection::vec((0u32..60, any::<bool>(), 1i64..1000), 0..30)) {
            let entries: Vec<LedgerEntry> = lines.iter().enumerate().map(|(n, (day, deposit, kroner))| {
                entry(n as i64, d(2026, 8, 1) + chrono::Days::new(u64::from(*day)), if *deposit { EntryKind::Deposit } else { EntryKind::Expense }, *kroner)
            }).collect();
            let balances = running_balances(&entries);
            if first_shortfall(&entries).is_none() {
                let last = d(2026, 8, 1) + chrono::Days::new(60);
                prop_assert!(balance_on(&entries, last).0 >= 0);
                for day in 0..60u64 {
                    prop_assert!(balance_on(&entries, d(2026, 8, 1) + chrono::Days::new(day)).0 >= 0);
                }
            }
            let total: Ore = entries.iter().map(LedgerEntry::effect).sum();
            prop_assert_eq!(balances.last().map_or(Ore(0), |b| b.1), total);
        }
    }
}
