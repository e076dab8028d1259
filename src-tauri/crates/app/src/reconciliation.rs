//! The run's corrections for charged months (efterregulering): every charged month
//! of this and the previous school year is computed again with today's data, and
//! what it should have cost is set against what was charged for it. Months before
//! that are closed books. See `domain::billing::reconcile`.

use skolekontor_domain::tr;
use std::collections::BTreeMap;

use skolekontor_domain::billing::reconcile::corrections;
use skolekontor_domain::billing::{
    compute_month, ChargeLine, ChargeMonth, ChargeRules, ChargeRun, PayerCharge,
};
use skolekontor_domain::dates::school_year_start;
use skolekontor_store::Database;

use crate::error::AppResult;

/// The first month still open to correction when `month` is charged.
fn first_correctable(month: ChargeMonth) -> ChargeMonth {
    ChargeMonth::new(school_year_start(month.first_day()) - 1, 8).expect("August")
}

/// Adds to `run` (the charges of `month`) the corrections for earlier charged months;
/// a month that cannot be computed again becomes a problem that stops the run.
pub(crate) fn add_corrections(
    db: &Database,
    month: ChargeMonth,
    rules: &ChargeRules,
    run: &mut ChargeRun,
) -> AppResult<()> {
    let first = first_correctable(month);
    let months: Vec<ChargeMonth> = db
        .billing()
        .charged_months()?
        .into_iter()
        .filter(|m| *m >= first && *m < month)
        .collect();
    let (Some(&earliest), Some(&latest)) = (months.first(), months.last()) else {
        return Ok(());
    };
    // Read once for the whole span: each month's charges only count the places
    // that run in it.
    let everyone = db.billing().billable_children_between(earliest, latest)?;
    let mut charged = db.billing().charged_lines_since(earliest)?;
    let mut lines: Vec<(i64, ChargeLine)> = Vec::new();
    for charged_month in months {
        let charged = charged.remove(&charged_month).unwrap_or_default();
        // The month is computed again for the payers it charged, so a later payer
        // change moves no money by itself (that is the office's question to ask).
        let payer_then: BTreeMap<i64, i64> =
            charged.iter().map(|l| (l.child_id, l.payer_id)).collect();
        let mut children = everyone.clone();
        for child in &mut children {
            if let Some(payer) = payer_then.get(&child.child_id) {
                child.payer_id = Some(*payer);
            }
        }
        let should_cost = compute_month(charged_month, &children, rules, &[]);
        if !should_cost.problems.is_empty() {
            run.problems.push(tr!(
                "billing.cannot_adjust",
                month = charged_month.shown(),
                problems = should_cost.problems.join(" ")
            ));
            continue;
        }
        lines.extend(corrections(charged_month, &should_cost, &charged));
    }
    merge(run, lines);
    Ok(())
}

/// Puts each correction on its payer's charge (a charge of its own if the payer has
/// nothing else this month), in payer order as the run keeps them.
fn merge(run: &mut ChargeRun, lines: Vec<(i64, ChargeLine)>) {
    if lines.is_empty() {
        return;
    }
    let mut by_payer: BTreeMap<i64, PayerCharge> =
        run.charges.drain(..).map(|c| (c.payer_id, c)).collect();
    for (payer_id, line) in lines {
        let charge = by_payer.entry(payer_id).or_insert_with(|| PayerCharge {
            payer_id,
            lines: Vec::new(),
            total: Default::default(),
        });
        charge.lines.push(line);
    }
    run.charges = by_payer
        .into_values()
        .map(|mut c| {
            c.total = c.lines.iter().map(|l| l.amount).sum();
            c
        })
        .collect();
}
