//! Credit notes (*kreditnota*) and refunds (*tilbagebetaling*), R10: money given
//! back to a payer. A credit note lowers what the payer owes, for a stated reason;
//! it can never credit more than the payer was charged. A refund pays an overpaid
//! balance back by bank transfer and can never pay back more than is overpaid.
//! The balance is then charges − payments − credits + refunds.

use chrono::NaiveDate;
use serde::Deserialize;
use ts_rs::TS;

use crate::tr;
use crate::validation::ValidationErrors;
use crate::{dates, Ore};

/// The most one credit note or refund may be (a typing slip of a zero too many is
/// refused rather than paid).
pub const MOST: Ore = Ore(100_000 * 100);

/// A credit note as the office types it.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CreditNoteInput {
    #[ts(type = "number")]
    pub payer_id: i64,
    /// The child it is about, if one.
    #[ts(type = "number | null")]
    pub child_id: Option<i64>,
    /// Why, as the family reads it: `SFO lukket i uge 30`.
    pub text: String,
    /// In øre, positive.
    pub amount: Ore,
}

/// A refund as the office types it, after the bank transfer is made.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RefundInput {
    #[ts(type = "number")]
    pub payer_id: i64,
    /// In øre, positive.
    pub amount: Ore,
    /// The day of the transfer, `dd-mm-yyyy`.
    pub paid_on: String,
    /// The transfer's reference in the school's bank.
    pub bank_reference: String,
}

/// A credit note that may be issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCreditNote {
    pub payer_id: i64,
    /// The child, if one.
    pub child_id: Option<i64>,
    /// Trimmed text.
    pub text: String,
    /// Positive amount.
    pub amount: Ore,
}

/// A refund that may be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRefund {
    pub payer_id: i64,
    /// Positive amount.
    pub amount: Ore,
    /// The transfer's day.
    pub paid_on: NaiveDate,
    /// Trimmed reference.
    pub bank_reference: String,
}

fn check_amount(errors: &mut ValidationErrors, amount: Ore) {
    if amount.0 <= 0 {
        errors.add("amount", tr!("billing.amount_positive"));
    } else if amount > MOST {
        errors.add("amount", tr!("credit.at_most", amount = MOST.to_danish()));
    }
}

/// Checks a credit note. `creditable` is what the payer was charged less what was
/// credited before.
pub fn check_credit_note(
    input: &CreditNoteInput,
    creditable: Ore,
) -> Result<ValidCreditNote, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let text = input.text.trim();
    if text.is_empty() || text.chars().count() > 80 {
        errors.add("text", tr!("credit.reason_length"));
    }
    check_amount(&mut errors, input.amount);
    if errors.is_empty() && input.amount > creditable {
        errors.add(
            "amount",
            tr!(
                "credit.at_most_creditable",
                amount = creditable.max(Ore(0)).to_danish()
            ),
        );
    }
    errors.into_result()?;
    Ok(ValidCreditNote {
        payer_id: input.payer_id,
        child_id: input.child_id,
        text: text.to_string(),
        amount: input.amount,
    })
}

/// Checks a refund against the payer's balance on `today` (negative when overpaid).
pub fn check_refund(
    input: &RefundInput,
    balance: Ore,
    today: NaiveDate,
) -> Result<ValidRefund, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    check_amount(&mut errors, input.amount);
    let overpaid = Ore((-balance.0).max(0));
    if input.amount.0 > 0 && input.amount > overpaid {
        errors.add(
            "amount",
            if overpaid.0 == 0 {
                tr!("credit.nothing_overpaid")
            } else {
                tr!("credit.overpaid", amount = overpaid.to_danish())
            },
        );
    }
    let paid_on = dates::parse(&input.paid_on);
    match paid_on {
        None => errors.add("paidOn", tr!("credit.transfer_date_format")),
        Some(day) if day > today => errors.add("paidOn", tr!("billing.date_in_future")),
        Some(_) => {}
    }
    let reference = input.bank_reference.trim();
    if reference.is_empty() || reference.chars().count() > 60 {
        errors.add("bankReference", tr!("credit.reference_length"));
    }
    errors.into_result()?;
    Ok(ValidRefund {
        payer_id: input.payer_id,
        amount: input.amount,
        paid_on: paid_on.expect("checked"),
        bank_reference: reference.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn note(text: &str, kroner: i64) -> CreditNoteInput {
        CreditNoteInput {
            payer_id: 1,
            child_id: None,
            text: text.into(),
            amount: Ore::kroner(kroner),
        }
    }

    fn refund(kroner: i64, on: &str, reference: &str) -> RefundInput {
        RefundInput {
            payer_id: 1,
            amount: Ore::kroner(kroner),
            paid_on: on.into(),
            bank_reference: reference.into(),
        }
    }

    fn fields(errors: ValidationErrors) -> Vec<String> {
        errors.errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn r10_a_credit_note_needs_a_reason_and_never_credits_more_than_was_charged() {
        let ok = check_credit_note(&note("  SFO lukket i uge 30 ", 500), Ore::kroner(500)).unwrap();
        assert_eq!(ok.text, "SFO lukket i uge 30");
        assert_eq!(ok.amount, Ore::kroner(500));
        let too_much = check_credit_note(&note("SFO", 501), Ore::kroner(500)).unwrap_err();
        assert!(too_much.errors[0].message.contains("500,00 kr."));
        assert_eq!(
            fields(check_credit_note(&note(" ", 0), Ore::kroner(500)).unwrap_err()),
            ["text", "amount"]
        );
        assert_eq!(
            fields(check_credit_note(&note("x", 100_001), Ore::kroner(200_000)).unwrap_err()),
            ["amount"]
        );
    }

    #[test]
    fn r10_a_refund_pays_back_at_most_what_is_overpaid_with_the_banks_reference() {
        let today = d(2026, 12, 2);
        let ok = check_refund(
            &refund(300, "01-12-2026", " OVF 4411 "),
            Ore::kroner(-300),
            today,
        )
        .unwrap();
        assert_eq!(
            (ok.paid_on, ok.bank_reference.as_str()),
            (d(2026, 12, 1), "OVF 4411")
        );
        let more =
            check_refund(&refund(301, "01-12-2026", "x"), Ore::kroner(-300), today).unwrap_err();
        assert!(more.errors[0].message.contains("300,00 kr. for meget"));
        let owes = check_refund(&refund(1, "01-12-2026", "x"), Ore::kroner(50), today).unwrap_err();
        assert!(owes.errors[0].message.contains("intet at betale tilbage"));
        let bad = check_refund(&refund(1, "03-12-2026", ""), Ore::kroner(-5), today).unwrap_err();
        assert_eq!(fields(bad), ["paidOn", "bankReference"]);
    }
}
