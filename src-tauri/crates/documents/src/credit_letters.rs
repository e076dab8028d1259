//! The family's papers for money given back (R10): the credit note (*kreditnota*),
//! numbered for the books, and the notice of a refund (*tilbagebetaling*) with the
//! bank transfer's reference.

use chrono::NaiveDate;
use skolekontor_domain::{contact, dates, Ore};

use crate::arrears_letters::{begin_letter, Addressee};
use crate::contracts::{Letterhead, TemplateUse};
use crate::layout::{Column, DocumentBuilder, Table};
use crate::letters::{self, SchoolText};
use crate::template::LetterFields;
use crate::DocumentError;

/// A credit note's content.
#[derive(Debug, Clone)]
pub struct CreditNoteLetter {
    /// The payer.
    pub to: Addressee,
    /// Kreditnota nr.
    pub number: i64,
    /// Kundenummer.
    pub customer_number: String,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// The child's name, or empty.
    pub child: String,
    /// The reason.
    pub text: String,
    /// Credited.
    pub amount: Ore,
    /// The payer's balance on the day of printing; negative is money to their credit.
    pub balance: Ore,
}

/// A refund's content.
#[derive(Debug, Clone)]
pub struct RefundLetter {
    /// The payer.
    pub to: Addressee,
    /// Kundenummer.
    pub customer_number: String,
    /// Paid back.
    pub amount: Ore,
    /// Day of the transfer.
    pub paid_on: NaiveDate,
    /// The transfer's reference.
    pub bank_reference: String,
}

/// A note may be printed again later, so the balance is the one of the printing day.
fn balance_sentence(balance: Ore, printed: NaiveDate) -> String {
    let on = dates::long(printed);
    match balance.0 {
        0 => format!("Pr. {on} står jeres konto hos skolen i 0,00 kr."),
        // The amount ends in "kr.", which ends the sentence too.
        b if b > 0 => format!("Pr. {on} skylder I skolen {}", balance.to_danish()),
        _ => format!(
            "Pr. {on} har I {} til gode. Beløbet modregnes i næste opkrævning, medmindre I beder kontoret om at få det betalt tilbage.",
            Ore(-balance.0).to_danish()
        ),
    }
}

fn closing(doc: &mut DocumentBuilder, head: &Letterhead) {
    doc.space(6.0);
    doc.paragraph(&format!(
        "Har I spørgsmål, så kontakt kontoret på telefon {} eller {}.",
        contact::phone_display(&head.school.telefon),
        head.school.email
    ));
    doc.space(12.0);
    doc.paragraph("Venlig hilsen");
    doc.paragraph(&format!("{}, kontoret", head.school.navn));
}

/// The credit note: what is credited and the balance, then the school's text.
pub fn credit_note(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    note: &CreditNoteLetter,
) -> Result<(), DocumentError> {
    let section = format!("Kreditnota nr. {} · {}", note.number, template.footer());
    begin_letter(doc, &section, &note.to, head.printed);
    doc.heading(&format!("Kreditnota nr. {}", note.number), 1);
    doc.field("Udstedt", &dates::long(note.issued_on));
    doc.field("Kundenummer", &note.customer_number);
    if !head.school.cvr.is_empty() {
        doc.field("Skolens CVR-nr.", &head.school.cvr);
    }
    let what = if note.child.is_empty() {
        note.text.clone()
    } else {
        format!("{} — {}", note.child, note.text)
    };
    doc.table(&Table {
        columns: vec![Column::new("Krediteret", 5.0), Column::new("Beløb", 2.0)],
        rows: vec![
            vec![what, note.amount.to_danish()],
            vec!["I alt krediteret".into(), note.amount.to_danish()],
        ],
    });
    doc.paragraph(&balance_sentence(note.balance, head.printed));
    letters::write(
        doc,
        head,
        SchoolText {
            template,
            fields: LetterFields {
                modtager: note.to.name.clone(),
                kundenummer: note.customer_number.clone(),
                nummer: note.number.to_string(),
                beloeb: note.amount.to_danish(),
                begrundelse: note.text.clone(),
                ..LetterFields::default()
            },
            child: None,
            guardians: None,
        },
    )
}

/// The notice of a refund.
pub fn refund(doc: &mut DocumentBuilder, head: &Letterhead, refund: &RefundLetter) {
    begin_letter(doc, "Tilbagebetaling", &refund.to, head.printed);
    doc.heading("Tilbagebetaling af for meget betalt", 1);
    doc.paragraph(&format!(
        "I har betalt mere til skolen, end I skyldte. Vi har derfor overført {} til jeres konto.",
        refund.amount.to_danish()
    ));
    doc.field("Overført", &dates::long(refund.paid_on));
    doc.field("Bankens reference", &refund.bank_reference);
    doc.field("Kundenummer", &refund.customer_number);
    closing(doc, head);
}
