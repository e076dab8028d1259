//! Letters about arrears (R10, R14): the reminder (*rykker*) with what is owed,
//! and the kindergarten's termination for arrears with its last day.

use chrono::NaiveDate;
use skolekontor_domain::{contact, dates, Ore};

use crate::contracts::Letterhead;
use crate::layout::{Column, DocumentBuilder, Span, Table};

/// Whom a letter goes to.
#[derive(Debug, Clone)]
pub struct Addressee {
    /// Full name.
    pub name: String,
    /// Street.
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
    /// Pay by.
    pub pay_by: NaiveDate,
}

/// The kindergarten's termination for arrears.
#[derive(Debug, Clone)]
pub struct ArrearsTermination {
    /// The payer.
    pub to: Addressee,
    /// The child's full name.
    pub child: String,
    /// The day the notice is given.
    pub notice_on: NaiveDate,
    /// R14: the last day of the place.
    pub last_day: NaiveDate,
    /// R14: with immediate effect (no refund) rather than with notice.
    pub immediate: bool,
    /// What is overdue.
    pub overdue: Ore,
}

pub(crate) fn address_block(doc: &mut DocumentBuilder, to: &Addressee, printed: NaiveDate) {
    doc.paragraph(&to.name);
    doc.paragraph(&to.street);
    doc.paragraph(&to.postal_town);
    doc.space(12.0);
    doc.rich_paragraph(&[Span::plain(format!("Dato: {}", dates::long(printed)))]);
    doc.space(6.0);
}

/// The reminder letter.
pub fn reminder(doc: &mut DocumentBuilder, head: &Letterhead, letter: &Reminder) {
    doc.start_section("Påmindelse om betaling");
    address_block(doc, &letter.to, head.printed);
    doc.heading("Påmindelse om betaling", 1);
    let total: Ore = letter.unpaid.iter().map(|u| u.unpaid).sum();
    doc.paragraph(&format!(
        "Vi har endnu ikke modtaget betaling for det, der er nævnt nedenfor. Måske har betalingen krydset dette brev; \
         i så fald ser I bort fra det. Ellers beder vi jer betale {} senest {}.",
        total.to_danish(),
        dates::long(letter.pay_by)
    ));
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
    doc.field(
        "Betal til",
        &format!(
            "{} — oplys kundenummeret ved bankoverførsel",
            head.school.navn
        ),
    );
    doc.paragraph(
        "Tilmeld gerne opkrævningen til Betalingsservice i jeres netbank, så sker betalingen af sig selv den første bankdag i måneden.",
    );
    doc.paragraph(&format!(
        "Har I spørgsmål, eller er der noget, vi bør vide, så kontakt kontoret på telefon {} eller {}. \
         Vi finder gerne en aftale.",
        contact::phone_display(&head.school.telefon), head.school.email
    ));
    doc.space(12.0);
    doc.paragraph("Venlig hilsen");
    doc.paragraph(&format!("{}, kontoret", head.school.navn));
}

/// The termination of a kindergarten place for arrears (R14).
pub fn arrears_termination(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    letter: &ArrearsTermination,
) {
    doc.start_section("Opsigelse af børnehaveplads på grund af restance");
    address_block(doc, &letter.to, head.printed);
    doc.heading(
        &format!("Opsigelse af {}s plads i børnehaven", letter.child),
        1,
    );
    let how = if letter.immediate {
        "Sagen er helt særlig, og efter børnehavens vilkår opsiger vi derfor pladsen med øjeblikkelig virkning."
    } else {
        "Efter børnehavens vilkår opsiger vi derfor pladsen med en måneds varsel til udgangen af en måned."
    };
    doc.paragraph(&format!(
        "Der er en restance på {} på jeres opkrævninger fra skolen, og den er ikke betalt trods påmindelse. {how}",
        letter.overdue.to_danish(),
    ));
    doc.field("Opsagt", &dates::long(letter.notice_on));
    doc.field("Sidste dag", &dates::long(letter.last_day));
    if letter.immediate {
        doc.paragraph("Ved opsigelse med øjeblikkelig virkning refunderes allerede betalt forældrebetaling ikke, hverken helt eller delvist. Restancen skal fortsat betales.");
    } else {
        doc.paragraph(
            "Betalingen for perioden til og med sidste dag skal fortsat betales. Bliver restancen betalt inden sidste dag, \
             så kontakt kontoret: så kan vi tale om, at pladsen fortsætter.",
        );
    }
    doc.space(12.0);
    doc.paragraph("Venlig hilsen");
    doc.paragraph(&head.school.leder);
    doc.paragraph(&head.school.navn);
}
