//! The confirmation of a withdrawal (*bekræftelse af udmeldelse*) to the custody
//! holders: what it covers, when it was received and the last day (R11), then the
//! school's text.

use chrono::NaiveDate;
use skolekontor_domain::dates;

use crate::arrears_letters::{begin_letter, Addressee};
use crate::contracts::{Letterhead, TemplateUse};
use crate::layout::DocumentBuilder;
use crate::letters::{self, SchoolText};
use crate::template::{ChildFields, LetterFields};
use crate::DocumentError;

/// A recorded withdrawal as the letter tells it.
#[derive(Debug, Clone)]
pub struct WithdrawalLetter {
    /// The custody holders' home (one letter per home).
    pub to: Addressee,
    /// The custody holders, "Anna Hansen og Bo Hansen".
    pub guardians: String,
    pub child: ChildFields,
    /// "skolen (og SFO)", "SFO-modulet Morgen", "børnehaven".
    pub scope: String,
    /// The day the office received the notice.
    pub received_on: NaiveDate,
    /// R11's last day.
    pub last_day: NaiveDate,
}

pub fn withdrawal_confirmation(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    letter: &WithdrawalLetter,
) -> Result<(), DocumentError> {
    begin_letter(doc, &template.footer(), &letter.to, head.printed);
    doc.heading(&format!("Udmeldelse af {}", letter.child.navn), 1);
    doc.field("Udmeldt af", &letter.scope);
    doc.field("Udmeldelsen modtaget", &dates::long(letter.received_on));
    doc.field("Sidste dag", &dates::long(letter.last_day));
    letters::write(
        doc,
        head,
        SchoolText {
            template,
            fields: LetterFields {
                opsagt: dates::long(letter.received_on),
                omfang: letter.scope.clone(),
                sidste_dag: dates::long(letter.last_day),
                ..LetterFields::default()
            },
            child: Some(letter.child.clone()),
            guardians: Some(letter.guardians.clone()),
        },
    )
}
