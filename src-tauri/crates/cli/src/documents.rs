//! `document` and `text`: print a PDF to a file; read, save and version the
//! school's texts and the privacy settings.

use clap::Subcommand;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::privacy::PrivacySettings;
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::print;

fn kind_of(code: &str) -> AppResult<TemplateKind> {
    TemplateKind::from_code(code).ok_or_else(|| AppError::Input(format!("Ukendt tekst: {code}")))
}

const KINDS: [&str; 7] = [
    "pupil_contract",
    "parent_contract",
    "school_terms",
    "kindergarten_terms",
    "enrolment_form",
    "consent_form",
    "privacy_notice",
];

/// Dokumenter som PDF.
#[derive(Subcommand)]
pub enum DocumentCommand {
    /// Elevkontrakt for et barn.
    PupilContract {
        child_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Forældrekontrakt for et barns familie.
    ParentContract {
        child_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Indmeldelsesblanket, udfyldt for et barn eller blank.
    EnrolmentForm {
        child_id: Option<i64>,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Samtykkeerklæring for et barn.
    ConsentForm {
        child_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Skolens eller børnehavens vilkår.
    Terms {
        #[arg(long, value_parser = ["school", "kindergarten"])]
        division: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Persondatapolitikken.
    PrivacyNotice {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Alle kontrakter for en klasse i én PDF.
    Class {
        grade: u8,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Alle kontrakter for nye elever fra en dato (dd-mm-åååå) i én PDF.
    NewPupils {
        #[arg(long)]
        since: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Påmindelse om betaling til en betaler i restance.
    Reminder {
        payer_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Påmindelser til alle betalere med noget forfaldent i mere end --days dage, i én fil.
    Reminders {
        #[arg(long)]
        days: u32,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Tilbud om plads til forældrene (ansøgningens nummer på ventelisten), et brev pr. hjem.
    PlaceOffer {
        entry_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Bekræftelse af optagelse med start og takster, et brev pr. hjem.
    AdmissionConfirmation {
        child_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Bekræftelse af en udmeldelse til forældrene med forældremyndighed, et brev pr. hjem.
    WithdrawalConfirmation {
        withdrawal_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// En kreditnota, som den blev udstedt, med saldoen i dag.
    CreditNote {
        id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Brevet om en tilbagebetaling af for meget betalt.
    Refund {
        id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Opsigelsesbrevet for en børnehaveplads opsagt for restance.
    Termination {
        child_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Indberetningen 5. september til kommunerne, med fulde CPR-numre.
    SeptemberCount {
        year: i32,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Kontoudtog for en klassekasse i skoleåret (årgang = året for 0. klasse).
    ClassFund {
        cohort: i32,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

impl DocumentCommand {
    fn request(&self) -> (DocumentRequest, &std::path::Path) {
        match self {
            DocumentCommand::PupilContract { child_id, out } => (
                DocumentRequest::PupilContract {
                    child_id: *child_id,
                },
                out,
            ),
            DocumentCommand::ParentContract { child_id, out } => (
                DocumentRequest::ParentContract {
                    child_id: *child_id,
                },
                out,
            ),
            DocumentCommand::EnrolmentForm { child_id, out } => (
                DocumentRequest::EnrolmentForm {
                    child_id: *child_id,
                },
                out,
            ),
            DocumentCommand::ConsentForm { child_id, out } => (
                DocumentRequest::ConsentForm {
                    child_id: *child_id,
                },
                out,
            ),
            DocumentCommand::Terms { division, out } => {
                let division = Division::from_code(division).unwrap_or(Division::School);
                (DocumentRequest::Terms { division }, out)
            }
            DocumentCommand::PrivacyNotice { out } => (DocumentRequest::PrivacyNotice, out),
            DocumentCommand::Class { grade, out } => {
                (DocumentRequest::ClassContracts { grade: *grade }, out)
            }
            DocumentCommand::NewPupils { since, out } => (
                DocumentRequest::NewPupilContracts {
                    since: since.clone(),
                },
                out,
            ),
            DocumentCommand::Reminder { payer_id, out } => (
                DocumentRequest::Reminder {
                    payer_id: *payer_id,
                },
                out,
            ),
            DocumentCommand::Reminders { days, out } => (
                DocumentRequest::Reminders {
                    days_overdue: *days,
                },
                out,
            ),
            DocumentCommand::PlaceOffer { entry_id, out } => (
                DocumentRequest::PlaceOffer {
                    entry_id: *entry_id,
                },
                out,
            ),
            DocumentCommand::AdmissionConfirmation { child_id, out } => (
                DocumentRequest::AdmissionConfirmation {
                    child_id: *child_id,
                },
                out,
            ),
            DocumentCommand::WithdrawalConfirmation { withdrawal_id, out } => (
                DocumentRequest::WithdrawalConfirmation {
                    withdrawal_id: *withdrawal_id,
                },
                out,
            ),
            DocumentCommand::CreditNote { id, out } => {
                (DocumentRequest::CreditNote { id: *id }, out)
            }
            DocumentCommand::Refund { id, out } => (DocumentRequest::Refund { id: *id }, out),
            DocumentCommand::Termination { child_id, out } => (
                DocumentRequest::ArrearsTermination {
                    child_id: *child_id,
                },
                out,
            ),
            DocumentCommand::SeptemberCount { year, out } => {
                (DocumentRequest::SeptemberCount { year: *year }, out)
            }
            DocumentCommand::ClassFund { cohort, out } => {
                (DocumentRequest::ClassFundStatement { cohort: *cohort }, out)
            }
        }
    }
}

/// Runs a document subcommand: the PDF goes to `--out`.
pub fn run_document(office: &mut Office, json: bool, command: &DocumentCommand) -> AppResult<()> {
    let (request, out) = command.request();
    let printed = office.documents().document(request)?;
    std::fs::write(out, &printed.bytes)
        .map_err(|e| AppError::Input(format!("PDF'en kunne ikke gemmes: {e}")))?;
    print(json, &printed, |p| {
        format!("{} gemt ({} byte).", p.title, p.bytes.len())
    });
    Ok(())
}

/// Skolens tekster.
#[derive(Subcommand)]
pub enum TextCommand {
    /// Den gældende version af hver tekst.
    List,
    /// En teksts versioner, nyeste først (med --body også selve teksten).
    Versions {
        #[arg(value_parser = KINDS)]
        kind: String,
        #[arg(long)]
        body: bool,
    },
    /// Gem en ny version af en tekst fra en Markdown-fil.
    Save {
        #[arg(value_parser = KINDS)]
        kind: String,
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Persondatapolitikkens kontaktperson og slettefrister.
    Privacy,
    /// Ret kontaktperson og slettefrister (JSON som PrivacySettings).
    SetPrivacy {
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

/// Runs a text subcommand.
pub fn run_text(office: &mut Office, json: bool, command: &TextCommand) -> AppResult<()> {
    match command {
        TextCommand::List => {
            let texts = office.template().texts()?;
            print(json, &texts, |t| {
                t.iter()
                    .map(|t| {
                        format!(
                            "{:<20} {:<22} version {:>3}  {}  {}",
                            t.kind.code(),
                            t.title,
                            t.version,
                            t.saved_at,
                            t.saved_by
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        TextCommand::Versions { kind, body } => {
            let versions = office.template().text_versions(kind_of(kind)?)?;
            print(json, &versions, |v| {
                v.iter()
                    .map(|t| {
                        let head =
                            format!("version {:>3}  {}  {}", t.version, t.saved_at, t.saved_by);
                        if *body {
                            format!("{head}\n{}\n", t.body)
                        } else {
                            head
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        TextCommand::Save { kind, from } => {
            let body = std::fs::read_to_string(from)
                .map_err(|e| AppError::Input(format!("Filen kunne ikke læses: {e}")))?;
            let saved = office.template().save_text(kind_of(kind)?, &body)?;
            print(json, &saved, |t| {
                format!("{} gemt som version {}.", t.title, t.version)
            });
        }
        TextCommand::Privacy => {
            let view = office.template().privacy_settings()?;
            print(json, &view, |v| {
                let months = v
                    .settings
                    .retention
                    .months_after_leaving
                    .map(|m| format!("{m} måneder"))
                    .unwrap_or("udgangen af kalenderåret".into());
                format!(
                    "Kontaktperson: {}\nSletning efter udmeldelse: {months}\nRegnskab: {} år\nAfgangsbeviser: {} år\nSenest ændret: {}",
                    v.settings.contact,
                    v.settings.retention.accounting_years,
                    v.settings.retention.certificate_years,
                    v.changed_on.clone().unwrap_or_default()
                )
            });
        }
        TextCommand::SetPrivacy { from } => {
            let text = std::fs::read_to_string(from)
                .map_err(|e| AppError::Input(format!("Filen kunne ikke læses: {e}")))?;
            let settings: PrivacySettings = serde_json::from_str(&text)
                .map_err(|e| AppError::Input(format!("JSON-fejl: {e}")))?;
            let view = office.template().save_privacy_settings(settings)?;
            print(json, &view, |_| "Gemt.".into());
        }
    }
    Ok(())
}
