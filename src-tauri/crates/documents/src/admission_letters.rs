//! Letters of an admission to the custody holders, a letter per home: the offer of
//! a place (R3) and the confirmation of the admission with the start and the rates
//! that will apply, each with the school's own text.

use chrono::NaiveDate;
use skolekontor_domain::dates;

use crate::arrears_letters::{begin_letter, Addressee};
use crate::contracts::{Letterhead, TemplateUse};
use crate::layout::DocumentBuilder;
use crate::letters::{self, SchoolText};
use crate::template::{ChildFields, LetterFields};
use crate::DocumentError;

/// A place as the letters tell it.
#[derive(Debug, Clone)]
pub struct PlaceLetter {
    /// One home of the custody holders.
    pub to: Addressee,
    /// All custody holders, "Anna Hansen og Bo Hansen".
    pub guardians: String,
    pub child: ChildFields,
    /// "0. klasse", "børnehaven".
    pub place: String,
    /// "2027/28".
    pub school_year: String,
    /// The first day.
    pub start: NaiveDate,
    /// What the place costs a month, or a note that the rates are not set yet.
    pub rates: String,
    /// The enrolment fee (R1).
    pub fee: String,
    /// The day the place was offered (an offer).
    pub offered_on: Option<NaiveDate>,
}

impl PlaceLetter {
    fn fields(&self) -> LetterFields {
        LetterFields {
            tilbudt: self.offered_on.map(dates::long).unwrap_or_default(),
            skoleaar: self.school_year.clone(),
            plads: self.place.clone(),
            start: dates::long(self.start),
            takster: self.rates.clone(),
            indskud: self.fee.clone(),
            ..LetterFields::default()
        }
    }

    fn write(
        &self,
        doc: &mut DocumentBuilder,
        head: &Letterhead,
        template: &TemplateUse,
    ) -> Result<(), DocumentError> {
        letters::write(
            doc,
            head,
            SchoolText {
                template,
                fields: self.fields(),
                child: Some(self.child.clone()),
                guardians: Some(self.guardians.clone()),
            },
        )
    }
}

pub fn place_offer(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    letter: &PlaceLetter,
) -> Result<(), DocumentError> {
    begin_letter(doc, &template.footer(), &letter.to, head.printed);
    doc.heading(&format!("Tilbud om plads til {}", letter.child.navn), 1);
    doc.field(
        "Plads",
        &format!("{}, skoleåret {}", letter.place, letter.school_year),
    );
    doc.field("Start", &dates::long(letter.start));
    letter.write(doc, head, template)
}

pub fn admission_confirmation(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    letter: &PlaceLetter,
) -> Result<(), DocumentError> {
    begin_letter(doc, &template.footer(), &letter.to, head.printed);
    doc.heading(&format!("{} er optaget", letter.child.navn), 1);
    doc.field("Plads", &letter.place);
    doc.field("Første dag", &dates::long(letter.start));
    doc.field("Betaling", &letter.rates);
    letter.write(doc, head, template)
}
