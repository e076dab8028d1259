//! The school's own texts (*skabeloner*): which documents have one, and the rules a
//! text must keep before it is saved as a new version (R21, R28, R31).

use crate::tr;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A document whose text the school owns and edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum TemplateKind {
    /// Elevkontrakt, one per child (R21).
    PupilContract,
    /// Forældrekontrakt, one per family (R21).
    ParentContract,
    /// Skolens vilkår (R6).
    SchoolTerms,
    /// Børnehavens vilkår (R21).
    KindergartenTerms,
    /// Indmeldelsesblanket (R5).
    EnrolmentForm,
    /// Samtykkeerklæring (R23).
    ConsentForm,
    /// Persondatapolitik (R28).
    PrivacyNotice,
    /// Påmindelse om betaling (R10), one payer's letter.
    PaymentReminder,
    /// Opsigelse af børnehaveplads for restance (R14).
    ArrearsTermination,
    /// Kreditnota (R10).
    CreditNoteLetter,
    /// Bekræftelse af udmeldelse with the computed last day (R11).
    WithdrawalConfirmation,
    /// Tilbud om plads (R3).
    PlaceOffer,
    /// Bekræftelse af optagelse with the start and the rates that will apply.
    AdmissionConfirmation,
}

impl TemplateKind {
    /// Every kind, in the order the screen lists them.
    pub const ALL: [TemplateKind; 13] = [
        TemplateKind::PupilContract,
        TemplateKind::ParentContract,
        TemplateKind::SchoolTerms,
        TemplateKind::KindergartenTerms,
        TemplateKind::EnrolmentForm,
        TemplateKind::ConsentForm,
        TemplateKind::PrivacyNotice,
        TemplateKind::PaymentReminder,
        TemplateKind::ArrearsTermination,
        TemplateKind::CreditNoteLetter,
        TemplateKind::WithdrawalConfirmation,
        TemplateKind::PlaceOffer,
        TemplateKind::AdmissionConfirmation,
    ];

    /// The stable code used in the database and for the default text's file name.
    pub fn code(self) -> &'static str {
        match self {
            TemplateKind::PupilContract => "pupil_contract",
            TemplateKind::ParentContract => "parent_contract",
            TemplateKind::SchoolTerms => "school_terms",
            TemplateKind::KindergartenTerms => "kindergarten_terms",
            TemplateKind::EnrolmentForm => "enrolment_form",
            TemplateKind::ConsentForm => "consent_form",
            TemplateKind::PrivacyNotice => "privacy_notice",
            TemplateKind::PaymentReminder => "payment_reminder",
            TemplateKind::ArrearsTermination => "arrears_termination",
            TemplateKind::CreditNoteLetter => "credit_note",
            TemplateKind::WithdrawalConfirmation => "withdrawal_confirmation",
            TemplateKind::PlaceOffer => "place_offer",
            TemplateKind::AdmissionConfirmation => "admission_confirmation",
        }
    }

    /// Reads [`TemplateKind::code`] back.
    pub fn from_code(code: &str) -> Option<TemplateKind> {
        TemplateKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
    }

    /// The document's Danish title.
    pub fn title(self) -> &'static str {
        match self {
            TemplateKind::PupilContract => "Elevkontrakt",
            TemplateKind::ParentContract => "Forældrekontrakt",
            TemplateKind::SchoolTerms => "Skolens vilkår",
            TemplateKind::KindergartenTerms => "Børnehavens vilkår",
            TemplateKind::EnrolmentForm => "Indmeldelsesblanket",
            TemplateKind::ConsentForm => "Samtykkeerklæring",
            TemplateKind::PrivacyNotice => "Persondatapolitik",
            TemplateKind::PaymentReminder => "Påmindelse om betaling",
            TemplateKind::ArrearsTermination => "Opsigelse af børnehaveplads for restance",
            TemplateKind::CreditNoteLetter => "Kreditnota",
            TemplateKind::WithdrawalConfirmation => "Bekræftelse af udmeldelse",
            TemplateKind::PlaceOffer => "Tilbud om plads",
            TemplateKind::AdmissionConfirmation => "Bekræftelse af optagelse",
        }
    }

    /// The terms a family accepts at admission (R6): saving such a text makes a new
    /// version of the terms for this division.
    pub fn terms_division(self) -> Option<crate::school::Division> {
        match self {
            TemplateKind::SchoolTerms => Some(crate::school::Division::School),
            TemplateKind::KindergartenTerms => Some(crate::school::Division::Kindergarten),
            _ => None,
        }
    }
}

/// Why a text cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateRuleError {
    /// An empty text would print an empty contract.
    #[error("{}", tr!("template.empty"))]
    Empty,
    /// A text longer than any school document needs (and than the preview can show).
    #[error("{}", tr!("template.too_long"))]
    TooLong,
    /// R31: a fee for access requests is unlawful; the program never prints one.
    #[error("{}", tr!("template.no_access_fee"))]
    AccessFee,
}

/// The most characters a text may have.
pub const MAX_TEMPLATE_CHARS: usize = 100_000;

/// Checks a text before it becomes a new version.
pub fn check_text(kind: TemplateKind, body: &str) -> Result<(), TemplateRuleError> {
    if body.trim().is_empty() {
        return Err(TemplateRuleError::Empty);
    }
    if body.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(TemplateRuleError::TooLong);
    }
    if kind == TemplateKind::PrivacyNotice && mentions_access_fee(body) {
        return Err(TemplateRuleError::AccessFee);
    }
    Ok(())
}

/// Whether a text charges for access (R31): "10 kr. pr. side", "gebyr for indsigt" …
pub fn mentions_access_fee(text: &str) -> bool {
    let lower = text.to_lowercase();
    let per_page = [
        "kr. pr. side",
        "kr. per side",
        "kr pr side",
        "kr. pr. kopi",
        "kroner pr. side",
    ];
    let no_fee = ["intet gebyr", "ingen gebyr", "uden gebyr", "gratis"];
    per_page.iter().any(|p| lower.contains(p))
        || lower.split("\n\n").any(|paragraph| {
            paragraph.contains("indsigt")
                && (paragraph.contains("gebyr") || paragraph.contains("betaling for indsigt"))
                && !no_fee.iter().any(|w| paragraph.contains(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for kind in TemplateKind::ALL {
            assert_eq!(TemplateKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(TemplateKind::from_code("elevkontrakt"), None);
    }

    #[test]
    fn r31_an_access_fee_in_the_privacy_notice_is_refused() {
        let old_clause = "Ved indsigt opkræves 10 kr. pr. side, dog højst 200 kr.";
        assert_eq!(
            check_text(TemplateKind::PrivacyNotice, old_clause),
            Err(TemplateRuleError::AccessFee)
        );
        let fee = "Du har ret til indsigt.\nSkolen tager et gebyr for kopier.";
        assert_eq!(
            check_text(TemplateKind::PrivacyNotice, fee),
            Err(TemplateRuleError::AccessFee)
        );
        let free =
            "Du har ret til indsigt. Den første kopi er gratis.\n\nSkolen opkræver gebyr for SFO.";
        assert_eq!(
            check_text(
                TemplateKind::PrivacyNotice,
                "Der er intet gebyr for indsigt."
            ),
            Ok(())
        );
        assert_eq!(check_text(TemplateKind::PrivacyNotice, free), Ok(()));
        // Only the privacy notice is held to R31; a contract may well name fees.
        assert_eq!(check_text(TemplateKind::ParentContract, old_clause), Ok(()));
    }

    #[test]
    fn empty_and_overlong_texts_are_refused() {
        assert_eq!(
            check_text(TemplateKind::PupilContract, "  \n "),
            Err(TemplateRuleError::Empty)
        );
        let long = "a".repeat(MAX_TEMPLATE_CHARS + 1);
        assert_eq!(
            check_text(TemplateKind::PupilContract, &long),
            Err(TemplateRuleError::TooLong)
        );
    }
}
