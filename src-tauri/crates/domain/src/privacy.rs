//! What the privacy notice (*persondatapolitik*, R28) says about the data the
//! program holds: categories, purposes, legal bases (R22), recipients (R25), the
//! retention periods in force (R26) and the rights (R27, R31).

use crate::tr;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A kind of personal data, why it is held and on which legal basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataCategory {
    /// What is held.
    pub data: &'static str,
    /// Why.
    pub purpose: &'static str,
    /// The legal basis (R22).
    pub legal_basis: &'static str,
}

/// The data the program holds, for the notice's table.
/// The rows follow [`crate::personal_data::NoticeGroup`]: the register says which
/// row states each field, so the notice covers everything the program holds.
pub const DATA_CATEGORIES: [DataCategory; 8] = [
    DataCategory {
        data: "Barnets navn, adresse, telefon, e-mail, nationalitet, tidligere skole eller dagtilbud, klassetrin",
        purpose: "Optagelse, undervisning, pasning og kontakt til hjemmet",
        legal_basis: "GDPR art. 6, stk. 1, litra b, c og e",
    },
    DataCategory {
        data: "Forældres og værgers navn, adresse, e-mail, telefon og forældremyndighed",
        purpose: "Kontakt, kontrakter og opkrævning af betaling",
        legal_basis: "Art. 6, stk. 1, litra b og c",
    },
    DataCategory {
        data: "CPR-numre på børn og forældre",
        purpose: "Entydig identifikation, statstilskud og indberetning til ministeriet",
        legal_basis: "Databeskyttelsesloven § 11, stk. 2",
    },
    DataCategory {
        data: "Fravær og UNI-Login",
        purpose: "Undervisning og skolens pligter efter friskoleloven",
        legal_basis: "Art. 6, stk. 1, litra c og e",
    },
    DataCategory {
        data: "Helbredsoplysninger (allergier, medicin, særlige behov)",
        purpose: "Barnets sikkerhed og trivsel i skole, SFO og børnehave",
        legal_basis: "Samtykke, art. 9, stk. 2, litra a",
    },
    DataCategory {
        data: "Betalingsoplysninger (takster, tilskud, Betalingsservice) og klassekassens indbetalinger pr. familie",
        purpose: "Opkrævning og regnskab; klassekassen føres for klassen",
        legal_basis: "Art. 6, stk. 1, litra b, c og f; bogføringsloven",
    },
    DataCategory {
        data: "Samtykker: hvem der har givet, afvist eller trukket et samtykke tilbage, hvornår og hvordan",
        purpose: "At kunne dokumentere samtykket og respektere et nej",
        legal_basis: "Art. 7, stk. 1",
    },
    DataCategory {
        data: "Anmodninger om indsigt, sletning og de andre rettigheder, og skolens svar",
        purpose: "At svare til tiden og kunne dokumentere det",
        legal_basis: "Art. 6, stk. 1, litra c",
    },
];

/// Who receives data, and what (R25).
pub const RECIPIENTS: [(&str, &str); 4] = [
    (
        "Børne- og Undervisningsministeriet og Danmarks Statistik",
        "elevtal og CPR-numre til statstilskud og statistik",
    ),
    (
        "UNI-Login (STIL)",
        "navn, klassetrin, alder, skole og e-mail",
    ),
    (
        "Banken via Betalingsservice",
        "betalers navn, CPR- eller kundenummer og beløb",
    ),
    (
        "Rejsearrangør ved studieture",
        "de oplysninger rejsen kræver, kun når barnet deltager",
    ),
];

/// The rights of the data subject (R27), the access rule of R31 included.
pub const RIGHTS: [&str; 7] = [
    "Ret til indsigt i de oplysninger, skolen har om dig og dit barn. Den første kopi er gratis, og du får svar hurtigst muligt og senest inden for en måned.",
    "Ret til at få urigtige oplysninger rettet.",
    "Ret til at få oplysninger slettet, når skolen ikke længere må eller skal have dem.",
    "Ret til at få behandlingen begrænset.",
    "Ret til at få dine egne oplysninger udleveret i et struktureret, maskinlæsbart format (dataportabilitet).",
    "Ret til at gøre indsigelse mod behandlingen.",
    "Ret til når som helst at trække et samtykke tilbage, med virkning fra da af.",
];

/// The retention periods in force (R26); other schools use other periods, so they are settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPeriods {
    /// Months after a pupil leaves before what the accounts do not need is deleted;
    /// `None`: by the end of the calendar year the pupil left (the reference school).
    pub months_after_leaving: Option<u32>,
    /// Years after the end of the financial year before accounting data is deleted.
    pub accounting_years: u32,
    /// Years grade 9 exam certificates are kept.
    pub certificate_years: u32,
}

impl Default for RetentionPeriods {
    fn default() -> Self {
        RetentionPeriods {
            months_after_leaving: None,
            accounting_years: 5,
            certificate_years: 30,
        }
    }
}

impl RetentionPeriods {
    /// The periods as the notice states them, one sentence each: leaving, accounts,
    /// parents, waiting list, certificates (the access report quotes them by place).
    pub fn sentences(&self) -> Vec<String> {
        let leaving = match self.months_after_leaving {
            None => "Når et barn udmeldes, sletter vi inden udgangen af samme kalenderår alt, som regnskabet ikke kræver.".to_string(),
            Some(months) => format!("Når et barn udmeldes, sletter vi {months} måneder efter alt, som regnskabet ikke kræver."),
        };
        vec![
            leaving,
            format!(
                "Regnskabsoplysninger (navn, klassetrin, CPR-nummer og betalinger) slettes {} år efter udgangen af det regnskabsår, de hører til.",
                self.accounting_years
            ),
            "Forældres oplysninger følger børnenes: kontaktoplysningerne slettes, når intet af familiens børn går her længere, og forældre, der ikke står i regnskabet, slettes helt; betalerens navn, CPR-nummer og adresse hører til regnskabsoplysningerne.".to_string(),
            "Børn på ventelisten slettes senest, når den undervisningspligtige alder slutter; på børnehavens venteliste, når barnet når skolealderen.".to_string(),
            format!("Afgangsprøvebeviser fra 9. klasse opbevares i {} år.", self.certificate_years),
        ]
    }
}

/// The notice's sentence on backups (R26, R28): what is deleted stays in the backups
/// until the oldest of them is gone, at most `days` days.
pub fn backup_sentence(days: u32) -> String {
    format!(
        "Skolens sikkerhedskopier gemmes i højst {days} dage. Oplysninger, vi har slettet, kan derfor findes i en sikkerhedskopi i op til {days} dage, før også den slettes; de bruges kun til at genskabe skolens data efter et nedbrud."
    )
}

/// What the school sets for its privacy notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PrivacySettings {
    /// Who answers questions about personal data: name and e-mail or phone.
    pub contact: String,
    /// The retention periods in force.
    pub retention: RetentionPeriods,
}

impl PrivacySettings {
    /// Checks the ranges the database also enforces, with Danish messages.
    pub fn validate(&self) -> Result<(), crate::ValidationErrors> {
        let mut errors = crate::ValidationErrors::default();
        if self.contact.trim().is_empty() {
            errors.add("contact", tr!("privacy.contact_missing"));
        }
        if self
            .retention
            .months_after_leaving
            .is_some_and(|m| !(1..=120).contains(&m))
        {
            errors.add("monthsAfterLeaving", tr!("privacy.months_range"));
        }
        if !(5..=30).contains(&self.retention.accounting_years) {
            errors.add("accountingYears", tr!("privacy.accounting_years"));
        }
        if !(1..=100).contains(&self.retention.certificate_years) {
            errors.add("certificateYears", tr!("privacy.years_range"));
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::mentions_access_fee;

    #[test]
    fn r26_the_sentences_state_the_periods_in_force() {
        let reference = RetentionPeriods::default().sentences().join(" ");
        assert!(reference.contains("udgangen af samme kalenderår"));
        assert!(reference.contains("slettes 5 år efter"));
        let municipal = RetentionPeriods {
            months_after_leaving: Some(15),
            accounting_years: 10,
            certificate_years: 30,
        };
        let text = municipal.sentences().join(" ");
        assert!(text.contains("15 måneder efter"), "{text}");
        assert!(text.contains("slettes 10 år efter"));
    }

    #[test]
    fn privacy_settings_keep_the_bookkeeping_minimum() {
        let mut settings = PrivacySettings {
            contact: "Mette Skov, kontor@lindely.dk".into(),
            retention: RetentionPeriods::default(),
        };
        assert!(settings.validate().is_ok());
        settings.retention.accounting_years = 3;
        let errors = settings.validate().unwrap_err();
        assert!(
            errors.to_string().contains("mindst 5 år")
                || format!("{errors:?}").contains("mindst 5 år")
        );
    }

    #[test]
    fn r31_the_rights_promise_a_free_first_copy_and_name_no_fee() {
        let rights = RIGHTS.join("\n\n");
        assert!(rights.contains("første kopi er gratis"));
        assert!(!mentions_access_fee(&rights));
    }
}
