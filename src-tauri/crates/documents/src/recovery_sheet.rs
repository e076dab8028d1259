//! The recovery-key sheet (*gendannelsesnøgle*): one page for the school's safe.

use chrono::NaiveDate;
use skolekontor_domain::dates;

use crate::fonts::Face;
use crate::layout::DocumentBuilder;
use crate::DocumentError;

/// What the sheet shows.
pub struct RecoverySheet<'a> {
    pub school_name: &'a str,
    /// The recovery key in groups, as [`skolekontor_store::recovery`] writes it.
    pub recovery_key: &'a str,
    /// The day it was made.
    pub created: NaiveDate,
}

/// The one-page PDF.
pub fn recovery_sheet(sheet: &RecoverySheet<'_>) -> Result<Vec<u8>, DocumentError> {
    let header = format!("{} · Skolekontor · Fortroligt", sheet.school_name);
    let mut doc = DocumentBuilder::new("Gendannelsesnøgle", &header, sheet.created)?;
    doc.heading("Gendannelsesnøgle til Skolekontor", 1);
    doc.field("Skole", sheet.school_name);
    doc.field("Lavet", &dates::long(sheet.created));
    doc.space(8.0);
    doc.paragraph(
        "Skolens data er krypteret. Nøglen ligger i computerens nøglering for den bruger, der satte \
         programmet op. Hvis computeren går tabt, bliver geninstalleret, eller nøgleringen forsvinder, \
         åbner denne gendannelsesnøgle databasen igen — også en sikkerhedskopi på en anden computer.",
    );
    let groups: Vec<&str> = sheet.recovery_key.split('-').collect();
    let rows: Vec<String> = groups.chunks(5).map(|row| row.join("  ")).collect();
    doc.boxed_code(&rows, 15.0);
    doc.heading("Sådan opbevares den", 2);
    doc.paragraph("Læg arket i skolens pengeskab eller et andet aflåst sted. Tag ikke en kopi, og gem den ikke som fil på computeren eller i en mail.");
    doc.paragraph("Nøglen har 14 grupper med 4 tegn. Den sidste gruppe er en kontrol, så programmet kan se, hvis en gruppe er skrevet forkert. Der skelnes ikke mellem store og små bogstaver.");
    doc.styled_paragraph(
        "Den, der har både databasefilen og denne nøgle, kan læse alle skolens oplysninger om børn og forældre.",
        Face::Bold,
        10.5,
    );
    doc.signature_line("Lagt i pengeskabet af (navn og dato)");
    Ok(doc.finish())
}
