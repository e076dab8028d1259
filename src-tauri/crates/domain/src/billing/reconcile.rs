//! Efterregulering: a change that reaches back into a charged month (a subsidy from
//! an earlier date, a rate from an earlier date, a place that should have started
//! sooner) never edits that month's run. The next run instead carries correction
//! lines, one per child and division, that say which month they correct and bring
//! what was charged for it to what it should have cost.
//!
//! "Charged for a month" is the month's rate, discount and subsidy lines plus every
//! correction made for that month since, so a month is corrected once and then nets
//! to what it should cost: a second run finds nothing left to correct.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charge_run::{division_text, ChargeLine, ChargeMonth, ChargeRun, LineKind};
use crate::school::Division;
use crate::Ore;

/// One line already charged for a month, as reconciliation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChargedLine {
    /// Who was charged.
    pub payer_id: i64,
    pub child_id: i64,
    /// The child's first name, for the correction's text.
    pub first_name: String,
    pub division: Division,
    /// Debit positive, credit negative.
    pub amount: Ore,
}

/// The lines a month's charge is reconciled on: rates, discounts and subsidies
/// (the enrolment fee and the office's own corrections are one-off lines).
pub fn counts_for_month(line: &ChargeLine) -> bool {
    matches!(
        line.kind,
        LineKind::Rate | LineKind::SiblingDiscount | LineKind::Subsidy
    ) && line.child_id.is_some()
        && line.division.is_some()
}

type Key = (i64, Division);

/// The correction lines that bring `month` from what was `charged` to what it
/// `should_cost` (the month computed again with today's data), each for the payer
/// who was charged for that child and division (or, for a place never charged, the
/// payer the month would charge now).
pub fn corrections(
    month: ChargeMonth,
    should_cost: &ChargeRun,
    charged: &[ChargedLine],
) -> Vec<(i64, ChargeLine)> {
    // (amount, payer, first name) per child and division.
    let mut expected: BTreeMap<Key, (Ore, i64, String)> = BTreeMap::new();
    for charge in &should_cost.charges {
        for line in charge.lines.iter().filter(|l| counts_for_month(l)) {
            let key = (
                line.child_id.expect("counted"),
                line.division.expect("counted"),
            );
            let name = line.text.split(',').next().unwrap_or_default().to_string();
            let entry = expected
                .entry(key)
                .or_insert((Ore(0), charge.payer_id, name));
            entry.0 += line.amount;
        }
    }
    let mut actual: BTreeMap<Key, (Ore, i64, String)> = BTreeMap::new();
    for line in charged {
        let entry = actual.entry((line.child_id, line.division)).or_insert((
            Ore(0),
            line.payer_id,
            line.first_name.clone(),
        ));
        entry.0 += line.amount;
        entry.1 = line.payer_id;
    }
    let keys: std::collections::BTreeSet<Key> =
        expected.keys().chain(actual.keys()).copied().collect();
    keys.into_iter()
        .filter_map(|key| {
            let (should, new_payer, new_name) = expected.get(&key).cloned().unwrap_or_default();
            let (was, old_payer, old_name) = actual.get(&key).cloned().unwrap_or_default();
            let difference = should - was;
            if difference.0 == 0 {
                return None;
            }
            let (payer, name) = if actual.contains_key(&key) {
                (old_payer, old_name)
            } else {
                (new_payer, new_name)
            };
            Some((
                payer,
                ChargeLine {
                    child_id: Some(key.0),
                    division: Some(key.1),
                    sfo_module: String::new(),
                    kind: LineKind::Correction,
                    text: format!(
                        "Regulering for {}: {name}, {}",
                        month.danish(),
                        division_text(key.1, "")
                    ),
                    amount: difference,
                    pending_item_id: None,
                    corrects_month: Some(month.key()),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::PayerCharge;

    fn line(child: i64, division: Division, kind: LineKind, text: &str, amount: i64) -> ChargeLine {
        ChargeLine {
            child_id: Some(child),
            division: Some(division),
            sfo_module: String::new(),
            kind,
            text: text.into(),
            amount: Ore(amount),
            pending_item_id: None,
            corrects_month: None,
        }
    }

    fn charged(payer: i64, child: i64, division: Division, amount: i64) -> ChargedLine {
        ChargedLine {
            payer_id: payer,
            child_id: child,
            first_name: "Ida".into(),
            division,
            amount: Ore(amount),
        }
    }

    fn november() -> ChargeMonth {
        ChargeMonth::new(2026, 11).unwrap()
    }

    #[test]
    fn a_subsidy_from_an_earlier_month_is_credited_once_to_the_payer_who_paid() {
        let should = ChargeRun {
            charges: vec![PayerCharge {
                payer_id: 9, // the payer today
                lines: vec![
                    line(
                        1,
                        Division::School,
                        LineKind::Rate,
                        "Ida, skolepenge november 2026",
                        310_000,
                    ),
                    line(
                        1,
                        Division::School,
                        LineKind::Subsidy,
                        "Ida, friplads 50 %",
                        -155_000,
                    ),
                ],
                total: Ore(155_000),
            }],
            problems: Vec::new(),
        };
        let was = [charged(7, 1, Division::School, 310_000)];
        let lines = corrections(november(), &should, &was);
        assert_eq!(lines.len(), 1);
        let (payer, correction) = &lines[0];
        assert_eq!(*payer, 7, "the payer who was charged is credited");
        assert_eq!(correction.amount, Ore(-155_000));
        assert_eq!(correction.kind, LineKind::Correction);
        assert_eq!(correction.corrects_month.as_deref(), Some("2026-11"));
        assert_eq!(
            correction.text,
            "Regulering for november 2026: Ida, skolepenge"
        );

        // Charged again with the correction counted: nothing is left to correct.
        let after = [
            charged(7, 1, Division::School, 310_000),
            charged(7, 1, Division::School, -155_000),
        ];
        assert!(corrections(november(), &should, &after).is_empty());
    }

    #[test]
    fn a_place_never_charged_is_charged_and_a_place_that_should_not_have_been_is_credited() {
        let should = ChargeRun {
            charges: vec![PayerCharge {
                payer_id: 3,
                lines: vec![line(
                    2,
                    Division::Sfo,
                    LineKind::Rate,
                    "Bo, SFO morgen november 2026",
                    90_000,
                )],
                total: Ore(90_000),
            }],
            problems: Vec::new(),
        };
        let was = [charged(4, 5, Division::Kindergarten, 200_000)];
        let mut lines = corrections(november(), &should, &was);
        lines.sort_by_key(|(payer, _)| *payer);
        assert_eq!(lines[0].0, 3);
        assert_eq!(lines[0].1.amount, Ore(90_000));
        assert_eq!(lines[0].1.text, "Regulering for november 2026: Bo, SFO");
        assert_eq!(lines[1].0, 4);
        assert_eq!(lines[1].1.amount, Ore(-200_000));
    }

    #[test]
    fn the_enrolment_fee_and_the_offices_corrections_are_not_reconciled() {
        let fee = ChargeLine {
            child_id: Some(1),
            division: None,
            sfo_module: String::new(),
            kind: LineKind::EnrolmentFee,
            text: "Indmeldelsesgebyr".into(),
            amount: Ore(50_000),
            pending_item_id: Some(1),
            corrects_month: None,
        };
        assert!(!counts_for_month(&fee));
        let manual = line(
            1,
            Division::School,
            LineKind::Correction,
            "Regulering",
            -100,
        );
        assert!(!counts_for_month(&manual));
    }
}
