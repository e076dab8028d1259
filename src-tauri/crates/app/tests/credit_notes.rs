//! Credit notes and refunds (R10) through the use cases, on a real encrypted file with
//! the demo school: what may be credited and paid back, the balance after each
//! (charges − payments − credits + refunds), and the family's PDFs read back.

mod common;

use common::*;
use skolekontor_app::billing::ManualPaymentInput;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::Ore;
use skolekontor_app::{AppError, Office};

fn fields(result: Result<i64, AppError>) -> Vec<(String, String)> {
    match result {
        Err(AppError::Validation(errors)) => errors
            .errors
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect(),
        other => panic!("expected a form error, got {other:?}"),
    }
}

fn balance(office: &mut Office, payer_id: i64) -> Ore {
    office
        .billing()
        .payer_statement(payer_id)
        .unwrap()
        .account
        .account
        .balance
}

fn note(payer_id: i64, child_id: Option<i64>, text: &str, amount: Ore) -> CreditNoteInput {
    CreditNoteInput {
        payer_id,
        child_id,
        text: text.into(),
        amount,
    }
}

fn refund(payer_id: i64, amount: Ore, reference: &str) -> RefundInput {
    RefundInput {
        payer_id,
        amount,
        paid_on: "03-09-2026".into(),
        bank_reference: reference.into(),
    }
}

#[test]
fn r10_a_credit_note_and_a_refund_move_the_balance_and_print_for_the_family() {
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let run = office.billing().issue_charges("2026-09").unwrap();
    let charge = run
        .charges
        .iter()
        .find(|c| c.total > Ore::kroner(1_000))
        .expect("a charge over 1.000 kr.")
        .clone();
    let payer = charge.payer_id;
    let own_child = charge.lines.iter().find_map(|l| l.child_id).unwrap();
    let other_child = run
        .charges
        .iter()
        .flat_map(|c| c.lines.iter().filter_map(|l| l.child_id))
        .find(|id| {
            !office
                .register()
                .child(*id)
                .unwrap()
                .guardians
                .iter()
                .any(|g| g.guardian_id == payer)
        })
        .expect("a child of another family");
    on("2026-09-03");
    assert_eq!(balance(&mut office, payer), charge.total);

    // Refused, and nothing stored: more than was charged, no reason, another family's child.
    let too_much = fields(office.billing().issue_credit_note(note(
        payer,
        None,
        "Fejl",
        charge.total + Ore(1),
    )));
    assert_eq!(too_much[0].0, "amount");
    assert!(
        too_much[0].1.contains(&charge.total.to_danish()),
        "{too_much:?}"
    );
    assert_eq!(
        fields(
            office
                .billing()
                .issue_credit_note(note(payer, None, "  ", Ore::kroner(10)))
        )[0]
        .0,
        "text"
    );
    let stranger = office
        .billing()
        .issue_credit_note(note(
            payer,
            Some(other_child),
            "SFO lukket",
            Ore::kroner(10),
        ))
        .unwrap_err();
    assert!(
        stranger
            .to_string()
            .contains("hører ikke til denne betaler"),
        "{stranger}"
    );
    assert!(office
        .billing()
        .payer_statement(payer)
        .unwrap()
        .credit_notes
        .is_empty());
    assert_eq!(balance(&mut office, payer), charge.total);

    // The credit note lowers the balance and is numbered.
    let credit = Ore::kroner(500);
    let id = office
        .billing()
        .issue_credit_note(note(payer, Some(own_child), "SFO lukket i uge 33", credit))
        .unwrap();
    let statement = office.billing().payer_statement(payer).unwrap();
    assert_eq!(statement.credit_notes.len(), 1);
    assert_eq!(statement.credit_notes[0].number, 1);
    assert_eq!(statement.account.account.balance, charge.total - credit);
    // R10: the credit settles the oldest charge first, so less is overdue.
    assert_eq!(
        statement.account.account.open[0].unpaid,
        charge.total - credit
    );
    let pdf = office
        .documents()
        .document(DocumentRequest::CreditNote { id })
        .unwrap();
    let text = text_of(&pdf.bytes);
    for expected in [
        "Kreditnota nr. 1",
        "SFO lukket i uge 33",
        "500,00 kr.",
        &charge.customer_number,
    ] {
        assert!(text.contains(expected), "{expected:?} missing: {text}");
    }
    assert!(
        !text.contains("kr.."),
        "one full stop after an amount: {text}"
    );

    // Nothing is overpaid yet, so nothing can be paid back.
    let nothing = fields(
        office
            .billing()
            .record_refund(refund(payer, Ore::kroner(1), "OVF 1")),
    );
    assert!(
        nothing[0].1.contains("intet at betale tilbage"),
        "{nothing:?}"
    );

    // The family pays the whole charge anyway: 500 kr. too much.
    office
        .billing()
        .add_manual_payment(ManualPaymentInput {
            payer_id: payer,
            kind: "transfer".into(),
            amount: charge.total,
            paid_on: "02-09-2026".into(),
            note: "netbank".into(),
        })
        .unwrap();
    assert_eq!(balance(&mut office, payer), Ore(-credit.0));
    let more = fields(
        office
            .billing()
            .record_refund(refund(payer, Ore::kroner(501), "OVF 2")),
    );
    assert!(more[0].1.contains("500,00 kr. for meget"), "{more:?}");
    let no_reference = fields(office.billing().record_refund(refund(payer, credit, " ")));
    assert_eq!(no_reference[0].0, "bankReference");
    let refund_id = office
        .billing()
        .record_refund(refund(payer, credit, "OVF 2026-0903-17"))
        .unwrap();
    // Charges − payments − credits + refunds.
    assert_eq!(
        balance(&mut office, payer),
        Ore(charge.total.0 - charge.total.0 - credit.0 + credit.0)
    );
    assert_eq!(
        office.billing().payer_statement(payer).unwrap().refunds[0].bank_reference,
        "OVF 2026-0903-17"
    );
    let letter = text_of(
        &office
            .documents()
            .document(DocumentRequest::Refund { id: refund_id })
            .unwrap()
            .bytes,
    );
    for expected in [
        "Tilbagebetaling af for meget betalt",
        "500,00 kr.",
        "OVF 2026-0903-17",
        "3. september 2026",
    ] {
        assert!(letter.contains(expected), "{expected:?} missing: {letter}");
    }
    // A second credit note gets the next number, and the first one prints unchanged.
    let second = office
        .billing()
        .issue_credit_note(note(payer, None, "Rettelse", Ore::kroner(1)))
        .unwrap();
    assert_eq!(
        office
            .billing()
            .payer_statement(payer)
            .unwrap()
            .credit_notes[1]
            .number,
        2
    );
    assert_ne!(second, id);
    assert_eq!(office.audit().verify_audit_log().unwrap().broken_at, None);
}
