//! Credit notes (*kreditnota*) and refunds (*tilbagebetaling*) of an overpaid
//! balance (R10): each one use case in one unit of work, each with a PDF for the family.

use crate::billing::BillingUseCases;
use serde::Serialize;
use skolekontor_documents::credit_letters::{CreditNoteLetter, RefundLetter};
use skolekontor_domain::billing::credit::{
    check_credit_note, check_refund, CreditNoteInput, RefundInput,
};
use skolekontor_domain::{dates, Ore};
use skolekontor_store::payer_credit::{StoredCreditNote, StoredRefund};
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::billing::addressee;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// A credit note in a payer's statement.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CreditNoteView {
    /// For printing it again.
    #[ts(type = "number")]
    pub id: i64,
    /// Kreditnota nr.
    #[ts(type = "number")]
    pub number: i64,
    /// `dd-mm-yyyy`.
    pub issued_on: String,
    /// The child's name, or empty.
    pub child: String,
    /// The reason.
    pub text: String,
    /// Credited.
    pub amount: Ore,
}

/// A refund in a payer's statement.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RefundView {
    /// For printing it again.
    #[ts(type = "number")]
    pub id: i64,
    /// `dd-mm-yyyy`.
    pub paid_on: String,
    /// Paid back.
    pub amount: Ore,
    /// The transfer's reference.
    pub bank_reference: String,
}

/// The payer's credit notes for the statement.
pub(crate) fn credit_note_views(db: &Database, payer_id: i64) -> AppResult<Vec<CreditNoteView>> {
    db.billing()
        .credit_notes(payer_id)?
        .into_iter()
        .map(|note| credit_note_view(db, note))
        .collect()
}

fn credit_note_view(db: &Database, note: StoredCreditNote) -> AppResult<CreditNoteView> {
    Ok(CreditNoteView {
        id: note.id,
        number: note.number,
        issued_on: dates::short(note.issued_on),
        child: match note.child_id {
            Some(id) => db.billing().child_full_name(id)?,
            None => String::new(),
        },
        text: note.text,
        amount: note.amount,
    })
}

/// The payer's refunds for the statement.
pub(crate) fn refund_views(db: &Database, payer_id: i64) -> AppResult<Vec<RefundView>> {
    Ok(db
        .billing()
        .refunds(payer_id)?
        .into_iter()
        .map(|r: StoredRefund| RefundView {
            id: r.id,
            paid_on: dates::short(r.paid_on),
            amount: r.amount,
            bank_reference: r.bank_reference,
        })
        .collect())
}

fn not_a_payer() -> AppError {
    AppError::Refused(tr!("payer.never_charged"))
}

impl BillingUseCases<'_> {
    /// Issues a credit note to a payer; returns its id (to print it).
    pub fn issue_credit_note(&mut self, input: CreditNoteInput) -> AppResult<i64> {
        let subject = input.child_id.map_or(Subject::School, Subject::Child);
        let context = self.office.authorize(Action::ManageBilling, subject)?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let db = work.db();
        if db.billing().customer_number_of(input.payer_id)?.is_none() {
            return Err(not_a_payer());
        }
        if let Some(child_id) = input.child_id {
            let linked = db
                .register()
                .guardian_links(child_id)?
                .iter()
                .any(|(guardian, _)| *guardian == input.payer_id);
            if !linked {
                return Err(AppError::Refused(tr!("payer.child_not_payers")));
            }
        }
        let note = check_credit_note(&input, db.billing().creditable(input.payer_id)?)?;
        let id = work.billing().issue_credit_note(&note, today)?;
        work.commit()?;
        Ok(id)
    }

    /// Records that an overpaid balance was paid back by bank transfer; returns its id.
    pub fn record_refund(&mut self, input: RefundInput) -> AppResult<i64> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let db = work.db();
        if db.billing().customer_number_of(input.payer_id)?.is_none() {
            return Err(not_a_payer());
        }
        let balance = db
            .billing()
            .ledgers()?
            .remove(&input.payer_id)
            .unwrap_or_default()
            .account(today)
            .balance;
        let refund = check_refund(&input, balance, today)?;
        let id = work.billing().record_refund(&refund)?;
        work.commit()?;
        Ok(id)
    }
}

/// The credit note's letter, with the payer's balance on `today`.
pub(crate) fn credit_note_letter(
    db: &Database,
    id: i64,
    today: chrono::NaiveDate,
) -> AppResult<CreditNoteLetter> {
    let note = db.billing().credit_note(id)?;
    let view = credit_note_view(db, note.clone())?;
    Ok(CreditNoteLetter {
        to: addressee(db.billing().payer_addresses()?.get(&note.payer_id)),
        number: note.number,
        customer_number: db
            .billing()
            .customer_number_of(note.payer_id)?
            .unwrap_or_default(),
        issued_on: note.issued_on,
        child: view.child,
        text: note.text,
        amount: note.amount,
        balance: db
            .billing()
            .ledgers()?
            .remove(&note.payer_id)
            .unwrap_or_default()
            .account(today)
            .balance,
    })
}

pub(crate) fn refund_letter(db: &Database, id: i64) -> AppResult<RefundLetter> {
    let refund = db.billing().refund(id)?;
    Ok(RefundLetter {
        to: addressee(db.billing().payer_addresses()?.get(&refund.payer_id)),
        customer_number: db
            .billing()
            .customer_number_of(refund.payer_id)?
            .unwrap_or_default(),
        amount: refund.amount,
        paid_on: refund.paid_on,
        bank_reference: refund.bank_reference,
    })
}
