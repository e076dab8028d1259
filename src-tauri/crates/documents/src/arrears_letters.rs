//! Letters about arrears (R10, R14): the reminder (*rykker*) with what is owed,
//! and the kindergarten's termination for arrears with its last day.

use chrono::NaiveDate;
use skolekontor_domain::{dates, Ore};

use crate::contracts::{Letterhead, TemplateUse};
use crate::layout::{Column, DocumentBuilder, Span, Table};
use crate::letters::{self, SchoolText};
use crate::template::{ChildFields, LetterFields};
use crate::DocumentError;

/// Whom a letter goes to.
#[derive(Debug, Clone)]
pub struct Addressee {
    /// Full name.
    pub name: String,
    pub street: String,
    /// `4000 Roskilde`.
    pub postal_town: String,
}

/// An unpaid charge as the reminder lists it.
#[derive(Debug, Clone)]
pub struct UnpaidCharge {
    /// `september 2026`.
    pub month: String,
    /// Due date.
    pub due: NaiveDate,
    /// Still owed.
    pub unpaid: Ore,
}

/// The reminder's content.
#[derive(Debug, Clone)]
pub struct Reminder {
    /// The payer.
    pub to: Addressee,
    /// Kundenummer, to quote with a payment.
    pub customer_number: String,
    /// What is overdue, oldest first.
    pub unpaid: Vec<UnpaidCharge>,
    pub pay_by: NaiveDate,
}

/// The kindergarten's termination for arrears.
#[derive(Debug, Clone)]
pub struct ArrearsTermination {
    /// The payer.
    pub to: Addressee,
    pub child: ChildFields,
    /// The day the notice is given.
    pub notice_on: NaiveDate,
    /// R14: the last day of the place.
    pub last_day: NaiveDate,
    /// R14: with immediate effect (no refund) rather than with notice.
    pub immediate: bool,
    /// What is overdue.
    pub overdue: Ore,
}

/// Starts a letter as a section of its own (`section` is its pages' footer) with the
/// addressee and the day.
pub(crate) fn begin_letter(
    doc: &mut DocumentBuilder,
    section: &str,
    to: &Addressee,
    printed: NaiveDate,
) {
    doc.start_section(section);
    doc.paragraph(&to.name);
    doc.paragraph(&to.street);
    doc.paragraph(&to.postal_town);
    doc.space(12.0);
    doc.rich_paragraph(&[Span::plain(format!("Dato: {}", dates::long(printed)))]);
    doc.space(6.0);
}

/// The reminder letter: what is overdue, then the school's text.
pub fn reminder(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    letter: &Reminder,
) -> Result<(), DocumentError> {
    begin_letter(doc, &template.footer(), &letter.to, head.printed);
    doc.heading("Påmindelse om betaling", 1);
    let total: Ore = letter.unpaid.iter().map(|u| u.unpaid).sum();
    let mut rows: Vec<Vec<String>> = letter
        .unpaid
        .iter()
        .map(|u| vec![u.month.clone(), dates::short(u.due), u.unpaid.to_danish()])
        .collect();
    rows.push(vec!["I alt".into(), String::new(), total.to_danish()]);
    doc.table(&Table {
        columns: vec![
            Column::new("Opkrævning", 3.0),
            Column::new("Forfaldsdato", 2.0),
            Column::new("Mangler", 2.0),
        ],
        rows,
    });
    doc.field("Kundenummer", &letter.customer_number);
    doc.field("Betal senest", &dates::long(letter.pay_by));
    doc.field(
        "Betal til",
        &format!(
            "{} — oplys kundenummeret ved bankoverførsel",
            head.school.navn
        ),
    );
    letters::write(
        doc,
        head,
        SchoolText {
            template,
            fields: LetterFields {
                modtager: letter.to.name.clone(),
                kundenummer: letter.customer_number.clone(),
                beloeb: total.to_danish(),
                betal_senest: dates::long(letter.pay_by),
                ..LetterFields::default()
            },
            child: None,
            guardians: None,
        },
    )
}

/// The termination of a kindergarten place for arrears (R14): the days, then the
/// school's text.
pub fn arrears_termination(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    letter: &ArrearsTermination,
) -> Result<(), DocumentError> {
    begin_letter(doc, &template.footer(), &letter.to, head.printed);
    doc.heading(
        &format!("Opsigelse af {}s plads i børnehaven", letter.child.navn),
        1,
    );
    doc.field("Restance", &letter.overdue.to_danish());
    doc.field("Opsagt", &dates::long(letter.notice_on));
    doc.field("Sidste dag", &dates::long(letter.last_day));
    letters::write(
        doc,
        head,
        SchoolText {
            template,
            fields: LetterFields {
                modtager: letter.to.name.clone(),
                beloeb: letter.overdue.to_danish(),
                opsagt: dates::long(letter.notice_on),
                sidste_dag: dates::long(letter.last_day),
                straks: letter.immediate,
                ..LetterFields::default()
            },
            child: Some(letter.child.clone()),
            guardians: None,
        },
    )
}
