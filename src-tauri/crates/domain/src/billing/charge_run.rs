//! The monthly charge run (R7–R9, R11): per payer one charge for a month, with a
//! line per child and division, and sibling discounts, subsidies, the enrolment
//! fee and corrections as lines of their own.

use crate::tr;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rates::{RateKind, RateTable};
use super::sibling_discount::{SiblingCandidate, SiblingDiscountPolicy};
use super::subsidy::Subsidy;
use crate::dates::MONTHS;
use crate::school::Division;
use crate::validation::ValidationErrors;
use crate::Ore;

/// A calendar month that is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChargeMonth {
    /// e.g. 2026.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl ChargeMonth {
    /// The month, if `month` is 1–12.
    pub fn new(year: i32, month: u32) -> Option<ChargeMonth> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| ChargeMonth { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> ChargeMonth {
        ChargeMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Reads `2026-09`.
    pub fn parse(text: &str) -> Option<ChargeMonth> {
        let (year, month) = text.trim().split_once('-')?;
        ChargeMonth::new(year.parse().ok()?, month.parse().ok()?)
    }

    /// `2026-09`, the stable key.
    pub fn key(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// `september 2026`.
    pub fn danish(self) -> String {
        format!("{} {}", MONTHS[self.month as usize - 1], self.year)
    }

    /// The month in the reader's language, for a screen: `september 2026`,
    /// `September 2026`.
    pub fn shown(self) -> String {
        crate::dates::month_and_year_shown(self.first_day())
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a day before")
    }

    /// The following month.
    pub fn next(self) -> ChargeMonth {
        if self.month == 12 {
            ChargeMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            ChargeMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    fn days(self) -> i64 {
        i64::from(self.last_day().day())
    }
}

/// How a child who starts or leaves during a month is charged (R11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Proration {
    /// A whole month for any month with at least one enrolled day.
    WholeMonth,
    /// The month's rate times enrolled days over the month's days.
    ByDays,
}

/// The school's billing settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BillingSettings {
    /// Start or leave during a month.
    pub proration: Proration,
    /// Divisions with 11 payments a year: July is free.
    pub july_free: Vec<Division>,
    /// Søskenderabat.
    pub sibling_discount: SiblingDiscountPolicy,
}

impl Default for BillingSettings {
    fn default() -> Self {
        BillingSettings {
            proration: Proration::WholeMonth,
            july_free: vec![Division::School, Division::Sfo],
            sibling_discount: SiblingDiscountPolicy::default(),
        }
    }
}

impl BillingSettings {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        self.sibling_discount.validate()
    }
}

/// One placement (enrolment row) as billing sees it.
#[derive(Debug, Clone)]
pub struct BillablePlacement {
    /// Which division.
    pub division: Division,
    /// The SFO module; empty otherwise.
    pub sfo_module: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day, if it ends (R11: nothing is charged after it).
    pub end: Option<NaiveDate>,
}

/// A child with what is needed to charge for it.
#[derive(Debug, Clone)]
pub struct BillableChild {
    pub child_id: i64,
    /// For the charge text.
    pub first_name: String,
    /// For the sibling order.
    pub birth_date: Option<NaiveDate>,
    /// Betaler; `None` is a problem to fix before issuing.
    pub payer_id: Option<i64>,
    /// The child's households.
    pub households: Vec<i64>,
    /// Every placement, old and new.
    pub placements: Vec<BillablePlacement>,
}

/// A one-off line waiting for the next run: the enrolment fee or a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingItem {
    /// Id of the pending item.
    pub id: i64,
    /// Who pays (or is credited).
    pub payer_id: i64,
    /// The child it concerns, if any.
    pub child_id: Option<i64>,
    /// Enrolment fee or correction.
    pub kind: LineKind,
    /// The text on the charge.
    pub text: String,
    /// Positive = debit, negative = credit.
    pub amount: Ore,
}

/// What a charge line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    /// A monthly rate.
    Rate,
    /// Søskenderabat.
    SiblingDiscount,
    /// Friplads or municipal subsidy.
    Subsidy,
    /// Indmeldelsesgebyr (R1).
    EnrolmentFee,
    /// A credit or debit that corrects an earlier charge.
    Correction,
}

impl LineKind {
    /// The stable code used in the database.
    pub fn code(self) -> &'static str {
        match self {
            LineKind::Rate => "rate",
            LineKind::SiblingDiscount => "sibling_discount",
            LineKind::Subsidy => "subsidy",
            LineKind::EnrolmentFee => "enrolment_fee",
            LineKind::Correction => "correction",
        }
    }

    /// Reads [`LineKind::code`] back.
    pub fn from_code(code: &str) -> Option<LineKind> {
        [
            LineKind::Rate,
            LineKind::SiblingDiscount,
            LineKind::Subsidy,
            LineKind::EnrolmentFee,
            LineKind::Correction,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One line of a charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChargeLine {
    /// The child, if the line is about one.
    #[ts(type = "number | null")]
    pub child_id: Option<i64>,
    /// The division, for rates, discounts and subsidies.
    pub division: Option<Division>,
    /// The SFO module a rate line charges for (the bookkeeping posts each module to
    /// its own account); empty otherwise.
    #[serde(default)]
    pub sfo_module: String,
    /// What the line is.
    pub kind: LineKind,
    /// The text on the charge and on the Betalingsservice overview.
    pub text: String,
    /// Positive = debit, negative = credit.
    pub amount: Ore,
    /// The pending item this line settles.
    #[ts(type = "number | null")]
    pub pending_item_id: Option<i64>,
    /// For a correction made by the run itself: the charged month it corrects (`yyyy-mm`).
    #[serde(default)]
    pub corrects_month: Option<String>,
}

/// One payer's charge for the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PayerCharge {
    /// The payer (a guardian).
    #[ts(type = "number")]
    pub payer_id: i64,
    /// The lines, children in order.
    pub lines: Vec<ChargeLine>,
    /// The sum of the lines.
    pub total: Ore,
}

/// Everything the run needs besides the children.
pub struct ChargeRules<'a> {
    pub rates: &'a RateTable,
    pub settings: &'a BillingSettings,
    /// Every subsidy.
    pub subsidies: &'a [Subsidy],
}

/// The run's result: the charges, and the problems that stop it from being issued.
#[derive(Debug, Clone, Default)]
pub struct ChargeRun {
    /// Per payer, in payer order.
    pub charges: Vec<PayerCharge>,
    /// Danish descriptions of what is missing (a rate, a payer).
    pub problems: Vec<String>,
}

/// Computes `month`'s charges. Pure: the same input always gives the same charges.
pub fn compute_month(
    month: ChargeMonth,
    children: &[BillableChild],
    rules: &ChargeRules,
    pending: &[PendingItem],
) -> ChargeRun {
    let mut run = ChargeRun::default();
    let mut subsidies: BTreeMap<i64, Vec<&Subsidy>> = BTreeMap::new();
    for subsidy in rules
        .subsidies
        .iter()
        .filter(|s| s.overlaps(month.first_day(), month.last_day()))
    {
        subsidies.entry(subsidy.child_id).or_default().push(subsidy);
    }
    let mut by_payer: BTreeMap<i64, Vec<ChargeLine>> = BTreeMap::new();
    let mut rate_lines: Vec<(&BillableChild, i64, Vec<ChargeLine>)> = Vec::new();
    for child in children {
        let lines = rate_lines_for(month, child, rules, &mut run.problems);
        if lines.is_empty() {
            continue;
        }
        match child.payer_id {
            Some(payer) => rate_lines.push((child, payer, lines)),
            None => run
                .problems
                .push(tr!("charge_run.no_payer", child = child.first_name)),
        }
    }
    let policy = &rules.settings.sibling_discount;
    let candidates: Vec<SiblingCandidate> = rate_lines
        .iter()
        .filter(|(_, _, lines)| {
            lines
                .iter()
                .any(|l| l.division.is_some_and(|d| policy.divisions.contains(&d)))
        })
        .map(|(child, payer, _)| SiblingCandidate {
            child_id: child.child_id,
            birth_date: child.birth_date,
            payer_id: *payer,
            households: child.households.clone(),
        })
        .collect();
    let positions = policy.positions(&candidates);
    for (child, payer, lines) in rate_lines {
        let position = positions.get(&child.child_id).copied().unwrap_or(1);
        let no_subsidies = Vec::new();
        let child_subsidies = subsidies.get(&child.child_id).unwrap_or(&no_subsidies);
        let out = by_payer.entry(payer).or_default();
        out.extend(reduced_lines(
            month,
            child,
            lines,
            position,
            policy,
            child_subsidies,
        ));
    }
    for item in pending {
        by_payer.entry(item.payer_id).or_default().push(ChargeLine {
            child_id: item.child_id,
            division: None,
            sfo_module: String::new(),
            kind: item.kind,
            text: item.text.clone(),
            amount: item.amount,
            pending_item_id: Some(item.id),
            corrects_month: None,
        });
    }
    run.charges = by_payer
        .into_iter()
        .map(|(payer_id, lines)| PayerCharge {
            payer_id,
            total: lines.iter().map(|l| l.amount).sum(),
            lines,
        })
        .collect();
    run
}

/// The rate lines of one child: one per division (and SFO module under pro rata).
fn rate_lines_for(
    month: ChargeMonth,
    child: &BillableChild,
    rules: &ChargeRules,
    problems: &mut Vec<String>,
) -> Vec<ChargeLine> {
    // Each SFO module is its own place with its own rate; a class change within the
    // school is one place whose rows follow each other.
    let mut by_division: BTreeMap<(Division, String), Vec<(&BillablePlacement, NaiveDate, i64)>> =
        BTreeMap::new();
    for placement in &child.placements {
        let first = placement.start.max(month.first_day());
        let last = placement
            .end
            .map_or(month.last_day(), |end| end.min(month.last_day()));
        if first > last
            || (month.month == 7 && rules.settings.july_free.contains(&placement.division))
        {
            continue;
        }
        let days = (last - first).num_days() + 1;
        by_division
            .entry((placement.division, placement.sfo_module.to_lowercase()))
            .or_default()
            .push((placement, first, days));
    }
    let mut lines = Vec::new();
    for ((division, _), mut placements) in by_division {
        if rules.settings.proration == Proration::WholeMonth {
            // One month is one charge: the placement with the most days (the later one on a tie).
            placements.sort_by_key(|(p, _, days)| (*days, p.start));
            placements.drain(..placements.len() - 1);
        }
        for (placement, first, days) in placements {
            let kind = RateKind::of_division(division);
            let Some(rate) = rules.rates.in_force(kind, &placement.sfo_module, first) else {
                problems.push(missing_rate(division, &placement.sfo_module, month));
                continue;
            };
            let (amount, part) = match rules.settings.proration {
                Proration::ByDays if days < month.days() => (
                    Ore((rate.0 * days * 2 + month.days()) / (month.days() * 2)),
                    format!(" ({days} af {} dage)", month.days()),
                ),
                _ => (rate, String::new()),
            };
            lines.push(ChargeLine {
                child_id: Some(child.child_id),
                division: Some(division),
                sfo_module: placement.sfo_module.clone(),
                kind: LineKind::Rate,
                text: format!(
                    "{}, {} {}{part}",
                    child.first_name,
                    division_text(division, &placement.sfo_module),
                    month.danish()
                ),
                amount,
                pending_item_id: None,
                corrects_month: None,
            });
        }
    }
    lines
}

/// The rate lines followed by the child's sibling discount and subsidies.
fn reduced_lines(
    month: ChargeMonth,
    child: &BillableChild,
    lines: Vec<ChargeLine>,
    position: usize,
    policy: &SiblingDiscountPolicy,
    subsidies: &[&Subsidy],
) -> Vec<ChargeLine> {
    let step = policy.step_for(position);
    let mut out = Vec::with_capacity(lines.len() * 2);
    let mut amount_left = step.and_then(|s| match s {
        super::reduction::Reduction::Amount(a) => Some(a),
        super::reduction::Reduction::Percent(_) => None,
    });
    for line in lines {
        let division = line.division.expect("rate lines have a division");
        let mut remaining = line.amount;
        let mut extra = Vec::new();
        if let Some(step) = step.filter(|_| policy.divisions.contains(&division)) {
            // An amount discount is given once per child, spread over its lines.
            let off = match amount_left {
                Some(left) => {
                    let off = super::reduction::Reduction::Amount(left).off(remaining);
                    amount_left = Some(Ore(left.0 - off.0));
                    off
                }
                None => step.off(remaining),
            };
            if off.0 > 0 {
                remaining = Ore(remaining.0 - off.0);
                extra.push(reduction_line(
                    child,
                    division,
                    LineKind::SiblingDiscount,
                    format!(
                        "{}, søskenderabat {}. barn ({}) {}",
                        child.first_name,
                        position,
                        step.to_danish(),
                        month.danish()
                    ),
                    off,
                ));
            }
        }
        for subsidy in subsidies.iter().filter(|s| s.division == division) {
            let off = subsidy.reduction.off(remaining);
            if off.0 > 0 {
                remaining = Ore(remaining.0 - off.0);
                extra.push(reduction_line(
                    child,
                    division,
                    LineKind::Subsidy,
                    format!(
                        "{}, {} ({}) {}",
                        child.first_name,
                        subsidy.kind.danish().to_lowercase(),
                        subsidy.reduction.to_danish(),
                        month.danish()
                    ),
                    off,
                ));
            }
        }
        out.push(line);
        out.extend(extra);
    }
    out
}

fn reduction_line(
    child: &BillableChild,
    division: Division,
    kind: LineKind,
    text: String,
    off: Ore,
) -> ChargeLine {
    ChargeLine {
        child_id: Some(child.child_id),
        division: Some(division),
        sfo_module: String::new(),
        kind,
        text,
        amount: Ore(-off.0),
        pending_item_id: None,
        corrects_month: None,
    }
}

pub(crate) fn division_text(division: Division, module: &str) -> String {
    match division {
        Division::School => "skolepenge".into(),
        Division::Sfo if module.is_empty() => "SFO".into(),
        Division::Sfo => format!("SFO {}", module.to_lowercase()),
        Division::Kindergarten => "børnehave".into(),
    }
}

fn missing_rate(division: Division, module: &str, month: ChargeMonth) -> String {
    match division {
        Division::Sfo => tr!(
            "charge_run.no_module_rate",
            module = module,
            month = month.shown()
        ),
        Division::School => tr!("charge_run.no_school_rate", month = month.shown()),
        Division::Kindergarten => tr!("charge_run.no_kindergarten_rate", month = month.shown()),
    }
}
