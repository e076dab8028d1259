//! A payer change (*betalerskift*) and the child's open balance: when another guardian
//! takes over paying for a child, the office chooses whether what is still unpaid for
//! the child stays with the former payer or moves to the new one. A move is two
//! correction lines in the same unit of work as the change — minus for the former
//! payer, plus for the new — so the next run carries both or neither.

use crate::billing::BillingUseCases;
use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::billing::arrears::open_for_child;
use skolekontor_domain::Ore;
use skolekontor_store::{Database, Work};
use ts_rs::TS;

use crate::access::Action;
use crate::error::AppResult;
use crate::use_case::Subject;

/// What a payer change would leave behind, shown before it is saved.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PayerChangePreview {
    /// The payer now, by name; none when the child has no payer.
    pub current_payer: Option<String>,
    /// What is unpaid for the child at the current payer: issued and still waiting.
    pub open_for_child: Ore,
}

/// What `payer` owes for the child on `today`: the child's lines on charges not yet
/// paid, and the items for the child waiting for the next run — so a balance moved
/// away before (a minus waiting) is not moved twice.
fn open_amount(db: &Database, payer: i64, child_id: i64, today: NaiveDate) -> AppResult<Ore> {
    let account = db
        .billing()
        .ledgers()?
        .remove(&payer)
        .unwrap_or_default()
        .account(today);
    let issued = open_for_child(
        &account,
        &db.billing().child_lines_by_charge(payer, child_id)?,
    );
    let waiting = db.billing().pending_for_child(payer, child_id)?;
    Ok(Ore((issued.0 + waiting.0).max(0)))
}

/// Moves the child's open amount from `from` to `to` as two correction lines on their
/// next charges, inside the caller's work; returns the amount moved.
pub(crate) fn move_open_balance(
    work: &Work<'_>,
    child_id: i64,
    from: i64,
    to: i64,
    today: NaiveDate,
) -> AppResult<Ore> {
    let db = work.db();
    let amount = open_amount(db, from, child_id, today)?;
    if amount.0 > 0 {
        let child = db.billing().child_full_name(child_id)?;
        work.billing().add_correction(
            from,
            Some(child_id),
            &format!("Ubetalt for {child} flyttet til ny betaler"),
            Ore(-amount.0),
        )?;
        work.billing().add_correction(
            to,
            Some(child_id),
            &format!("Ubetalt for {child} overtaget fra tidligere betaler"),
            amount,
        )?;
    }
    Ok(amount)
}

impl BillingUseCases<'_> {
    /// Before another guardian becomes the child's payer: who pays now and what is
    /// unpaid for the child there, so the office can choose whether it moves.
    pub fn payer_change_preview(&mut self, child_id: i64) -> AppResult<PayerChangePreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let db = &context.open.db;
        let payer = db
            .register()
            .guardian_links(child_id)?
            .into_iter()
            .find(|(_, link)| link.is_payer)
            .map(|(id, _)| id);
        let Some(payer) = payer else {
            return Ok(PayerChangePreview {
                current_payer: None,
                open_for_child: Ore(0),
            });
        };
        Ok(PayerChangePreview {
            current_payer: db
                .billing()
                .payer_addresses()?
                .get(&payer)
                .map(|a| a.name.clone()),
            open_for_child: open_amount(db, payer, child_id, context.today)?,
        })
    }
}
