//! The privacy notice (*persondatapolitik*, R28) generated from what is in force:
//! the school as controller, the contact person, the data and purposes, legal
//! bases, recipients, the retention periods configured, the rights (never an
//! access fee, R31) and the complaint route to Datatilsynet.

use chrono::NaiveDate;
use skolekontor_domain::dates;
use skolekontor_domain::privacy::{
    backup_sentence, RetentionPeriods, DATA_CATEGORIES, RECIPIENTS, RIGHTS,
};

use crate::contracts::{begin, Letterhead, TemplateUse};
use crate::layout::{Column, DocumentBuilder, Span, Table};
use crate::markdown::render_markdown;
use crate::DocumentError;

/// What the notice states besides the school's own text.
#[derive(Debug, Clone)]
pub struct PrivacyFacts {
    /// Who answers questions about personal data (name and e-mail).
    pub contact: String,
    /// The periods in force.
    pub retention: RetentionPeriods,
    /// The most days a backup is kept (what is deleted lingers there that long).
    pub backup_days: u32,
    /// The last day the notice's content changed (text or settings).
    pub last_changed: NaiveDate,
}

/// Appends the notice to `doc`.
pub fn privacy_notice(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    facts: &PrivacyFacts,
) -> Result<(), DocumentError> {
    let body = begin(doc, template, &head.context())?;
    doc.heading(&format!("Persondatapolitik for {}", head.school.navn), 1);
    doc.rich_paragraph(&[
        Span::bold("Senest opdateret: "),
        Span::plain(dates::long(facts.last_changed)),
    ]);
    render_markdown(doc, &body);

    doc.heading("Dataansvarlig", 2);
    let school = &head.school;
    doc.field("Skole", &school.navn);
    doc.field(
        "Adresse",
        &format!("{}, {} {}", school.adresse, school.postnummer, school.by),
    );
    doc.field("Telefon", &school.telefon);
    doc.field("E-mail", &school.email);
    if !school.web.is_empty() {
        doc.field("Hjemmeside", &school.web);
    }
    doc.field("CVR-nummer", &school.cvr);
    doc.field("Kontaktperson", &facts.contact);

    doc.heading("Hvilke oplysninger, hvorfor og med hvilket grundlag", 2);
    doc.table(&Table {
        columns: vec![
            Column::new("Oplysninger", 3.0),
            Column::new("Formål", 2.4),
            Column::new("Retsgrundlag", 2.0),
        ],
        rows: DATA_CATEGORIES
            .iter()
            .map(|c| vec![c.data.into(), c.purpose.into(), c.legal_basis.into()])
            .collect(),
    });

    doc.heading("Hvem vi videregiver oplysninger til", 2);
    doc.table(&Table {
        columns: vec![Column::new("Modtager", 2.0), Column::new("Hvad", 3.0)],
        rows: RECIPIENTS
            .iter()
            .map(|(who, what)| vec![who.to_string(), what.to_string()])
            .collect(),
    });

    doc.heading("Hvor længe vi gemmer oplysningerne", 2);
    for sentence in facts.retention.sentences() {
        doc.list_item("•", &[Span::plain(sentence)], 0);
    }
    doc.list_item("•", &[Span::plain(backup_sentence(facts.backup_days))], 0);

    doc.heading("Dine rettigheder", 2);
    for right in RIGHTS {
        doc.list_item("•", &[Span::plain(right)], 0);
    }

    doc.heading("Klage til Datatilsynet", 2);
    doc.paragraph(
        "Du kan klage over skolens behandling af personoplysninger til Datatilsynet, Carl Jacobsens Vej 35, \
         2500 Valby, telefon 33 19 32 00, dt@datatilsynet.dk, www.datatilsynet.dk.",
    );
    Ok(())
}
