//! The access report (*indsigt*, R27, R31): everything the school holds about a person
//! (and a custody holder's children), table by table from the personal-data register,
//! with why, on which legal basis and for how long; then the recipients and the rights.
//! The first copy is free (R31), so the report says nothing of a fee.

use skolekontor_domain::privacy::{RECIPIENTS, RIGHTS};

use crate::contracts::Letterhead;
use crate::layout::{Column, DocumentBuilder, Table};

/// One table's rows.
pub struct AccessSection {
    /// Why the school holds it.
    pub purpose: String,
    pub legal_basis: String,
    /// When it is deleted (each sentence once).
    pub retention: Vec<String>,
    /// Rows of (what, value).
    pub rows: Vec<Vec<(String, String)>>,
}

/// One person's part.
pub struct AccessPart {
    /// "Oplysninger om Ida Holm (barn)".
    pub title: String,
    pub sections: Vec<AccessSection>,
}

/// Writes the report.
pub fn access_report(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    person: &str,
    parts: &[AccessPart],
) {
    doc.heading(&format!("Indsigt: oplysninger om {person}"), 1);
    doc.paragraph(&format!(
        "{} sender her alle de oplysninger, skolen har registreret om dig{}, med formål, retsgrundlag og hvornår de slettes. Den første kopi er gratis.",
        head.school.navn,
        if parts.len() > 1 { " og de børn, du har forældremyndighed over" } else { "" }
    ));
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            doc.page_break();
        }
        doc.heading(&part.title, 2);
        for section in &part.sections {
            doc.heading(&section.purpose, 3);
            doc.field("Retsgrundlag", &section.legal_basis);
            let mut rows = Vec::new();
            for (i, row) in section.rows.iter().enumerate() {
                for (what, value) in row {
                    let number = if section.rows.len() > 1 {
                        (i + 1).to_string()
                    } else {
                        String::new()
                    };
                    rows.push(vec![number, what.clone(), value.clone()]);
                }
            }
            doc.table(&Table {
                columns: vec![
                    Column::new("Nr.", 0.6),
                    Column::new("Oplysning", 3.0),
                    Column::new("Værdi", 5.0),
                ],
                rows,
            });
            for sentence in &section.retention {
                doc.paragraph(&format!("Sletning: {sentence}"));
            }
        }
    }
    doc.heading("Hvem får oplysningerne", 2);
    for (who, what) in RECIPIENTS {
        doc.paragraph(&format!("{who}: {what}."));
    }
    doc.heading("Dine rettigheder", 2);
    for right in RIGHTS {
        doc.paragraph(right);
    }
    doc.paragraph(
        "Du kan klage til Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby, www.datatilsynet.dk.",
    );
}
