//! The staff list of the children without a consent (R23, R32), e.g. "Må ikke
//! fotograferes …", by class and group, to hang in the staff room or take on a trip.

use crate::layout::{Column, DocumentBuilder, Table};

/// What the list prints.
pub struct ConsentListSheet {
    /// "Må ikke fotograferes til hjemmeside og sociale medier".
    pub title: String,
    /// The consent's name.
    pub consent: String,
    /// `23-11-2026`.
    pub day: String,
    /// (class or group, [(name, reason)]).
    pub groups: Vec<(String, Vec<(String, String)>)>,
}

/// Writes the list.
pub fn consent_list(doc: &mut DocumentBuilder, sheet: &ConsentListSheet) {
    doc.heading(&sheet.title, 1);
    doc.paragraph(&format!(
        "Børn uden samtykke til \"{}\" pr. {}. Listen ændrer sig, når forældre giver eller trækker et samtykke tilbage; brug den nyeste.",
        sheet.consent, sheet.day
    ));
    if sheet.groups.is_empty() {
        doc.paragraph("Alle børn har givet samtykket.");
    }
    for (group, children) in &sheet.groups {
        doc.heading(&format!("{group} ({})", children.len()), 2);
        let rows = children
            .iter()
            .map(|(name, reason)| vec![name.clone(), reason.clone()])
            .collect();
        doc.table(&Table {
            columns: vec![Column::new("Navn", 2.0), Column::new("Samtykke", 3.0)],
            rows,
        });
    }
}
