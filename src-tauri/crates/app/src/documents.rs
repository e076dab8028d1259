//! Use cases of printing (R5, R6, R21, R23, R28): one document for a child, a
//! family or the school, or every contract of a class or an intake in one PDF.
//! CPR numbers on forms are masked: a printed sheet travels, so it carries no
//! full number and its printing is no sensitive read.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skolekontor_documents::contracts::{
    self, ChildRecord, Family, GuardianFields, Letterhead, TemplateUse,
};
use skolekontor_documents::layout::DocumentBuilder;
use skolekontor_documents::privacy_notice::{privacy_notice, PrivacyFacts};
use skolekontor_documents::template::{ChildFields, SchoolFields};
use skolekontor_documents::{
    admission_letters, arrears_letters, credit_letters, withdrawal_letter,
};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::billing::RateTable;
use skolekontor_domain::dates;
use skolekontor_domain::register::{ChildDetail, ChildSummary};
use skolekontor_domain::role::Role;
use skolekontor_domain::school::Division;
use skolekontor_domain::template::TemplateKind;
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// What to print.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(
    tag = "document",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DocumentRequest {
    /// Elevkontrakt for a child.
    PupilContract {
        #[ts(type = "number")]
        child_id: i64,
    },
    /// Forældrekontrakt for the family of a child.
    ParentContract {
        /// A child of the family.
        #[ts(type = "number")]
        child_id: i64,
    },
    /// Indmeldelsesblanket, filled from the register or blank.
    EnrolmentForm {
        /// The child; none prints a blank form.
        #[ts(type = "number | null")]
        child_id: Option<i64>,
    },
    /// Samtykkeerklæring for a child.
    ConsentForm {
        #[ts(type = "number")]
        child_id: i64,
    },
    /// The school's or the kindergarten's terms.
    Terms {
        /// School or kindergarten.
        division: Division,
    },
    /// Persondatapolitik.
    PrivacyNotice,
    /// Pupil and parent contracts of every pupil in a grade, one PDF.
    ClassContracts {
        /// 0–9.
        grade: u8,
    },
    /// Pupil and parent contracts of every pupil starting on or after a date, one PDF.
    NewPupilContracts {
        /// `dd-mm-yyyy`.
        since: String,
    },
    /// Påmindelse om betaling: a payer's overdue charges (R10).
    Reminder {
        #[ts(type = "number")]
        payer_id: i64,
    },
    /// Kreditnota: a credit note as issued, with the balance of the printing day.
    CreditNote {
        /// The credit note.
        #[ts(type = "number")]
        id: i64,
    },
    /// The notice of a refund of overpaid money.
    Refund {
        /// The refund.
        #[ts(type = "number")]
        id: i64,
    },
    /// A reminder to every payer with something overdue for more than `days_overdue`
    /// days, one letter each in one file (R10).
    Reminders {
        /// Only payers whose oldest unpaid charge fell due more than this many days ago.
        days_overdue: u32,
    },
    /// The offer of a place on the waiting list to the custody holders (R3).
    PlaceOffer {
        /// The application with an offer.
        #[ts(type = "number")]
        entry_id: i64,
    },
    /// The confirmation of an admission with its start and rates.
    AdmissionConfirmation {
        /// The admitted child.
        #[ts(type = "number")]
        child_id: i64,
    },
    /// The confirmation of a recorded withdrawal to the custody holders, a letter per
    /// home (R11).
    WithdrawalConfirmation {
        #[ts(type = "number")]
        withdrawal_id: i64,
    },
    /// The letter terminating a kindergarten place for arrears, as recorded (R14).
    ArrearsTermination {
        #[ts(type = "number")]
        child_id: i64,
    },
    /// The 5 September report to the home municipalities, with CPR numbers (R36).
    SeptemberCount {
        /// The start year of the school year.
        year: i32,
    },
    /// Everything the school holds about a person (R27).
    AccessReport {
        /// The child or guardian.
        subject: crate::data_access::DataSubject,
    },
    /// The children without one consent, by class (R23).
    ConsentList {
        /// The consent type.
        #[ts(type = "number")]
        type_id: i64,
    },
    /// A class fund's statement for the current school year (R17–R20).
    ClassFundStatement {
        /// The class's cohort.
        cohort: i32,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PrintedDocument {
    /// A file name without personal data beyond the child's first name.
    pub file_name: String,
    pub title: String,
    /// The PDF.
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

pub(crate) fn document_error(error: skolekontor_documents::DocumentError) -> AppError {
    AppError::Document(error.to_string())
}

/// Everything a print run reads from the store.
pub(crate) struct PrintRun<'a> {
    db: &'a Database,
    head: Letterhead,
    /// The rates and each child's SFO module, read once when a contract first needs
    /// what a place costs.
    prices: std::cell::OnceCell<(RateTable, BTreeMap<i64, String>)>,
}

impl<'a> PrintRun<'a> {
    pub(crate) fn new(db: &'a Database, today: NaiveDate) -> AppResult<PrintRun<'a>> {
        let school = db.school().school()?.ok_or(AppError::NotOpen)?;
        let leder = db
            .users()
            .users()?
            .into_iter()
            .find(|u| u.role == Role::Headteacher && u.active)
            .map(|u| u.full_name)
            .unwrap_or_default();
        let school = SchoolFields {
            navn: school.name,
            adresse: school.address,
            postnummer: school.postal_code,
            by: school.town,
            telefon: skolekontor_domain::contact::phone_display(&school.phone),
            email: school.email,
            web: school.web,
            cvr: school.cvr,
            leder,
            indskud: db.school().school_settings()?.enrolment_fee.to_danish(),
        };
        Ok(PrintRun {
            db,
            prices: std::cell::OnceCell::new(),
            head: Letterhead {
                school,
                printed: today,
                logo: db.school().school_logo()?,
            },
        })
    }

    fn template(&self, kind: TemplateKind) -> AppResult<TemplateUse> {
        let stored = self
            .db
            .template()
            .current_template(kind)?
            .ok_or(AppError::WrongState(tr!("documents.texts_missing")))?;
        Ok(TemplateUse {
            kind,
            version: stored.version,
            saved_on: clock::local_date(&stored.saved_at).unwrap_or(self.head.printed),
            body: stored.body,
        })
    }

    /// What `detail`'s place costs a month from today (or from its start, if later).
    fn monthly_rates(&self, detail: &ChildDetail) -> AppResult<String> {
        let Some(placement) = &detail.placement else {
            return Ok(String::new());
        };
        let on = placement.start_date.max(self.head.printed);
        if self.prices.get().is_none() {
            let modules = self
                .db
                .lists()
                .list_facts(on)?
                .into_iter()
                .map(|(id, facts)| (id, facts.sfo_module))
                .collect();
            let _ = self
                .prices
                .set((RateTable::new(self.db.billing().rates()?), modules));
        }
        let (rates, modules) = self.prices.get().expect("set above");
        let module = placement
            .sfo
            .then(|| modules.get(&detail.id).map_or("", String::as_str));
        Ok(rates
            .monthly_rates(placement.division, module, on)
            .unwrap_or_default())
    }

    /// A child for a contract: the child's fields with what the place costs.
    fn contract_fields(&self, detail: &ChildDetail) -> AppResult<ChildFields> {
        Ok(ChildFields {
            takster: self.monthly_rates(detail)?,
            ..child_fields(detail)
        })
    }

    /// A child as forms print it: CPR numbers masked, since paper travels.
    fn detail(&self, id: i64) -> AppResult<ChildDetail> {
        Ok(self.db.register().child_detail(id)?.with_masked_cpr())
    }

    fn child(&self, id: i64) -> AppResult<ChildRecord> {
        let detail = self.detail(id)?;
        let mut record = child_record(&detail);
        record.fields.takster = self.monthly_rates(&detail)?;
        Ok(record)
    }

    fn family(&self, child_id: i64) -> AppResult<Family> {
        let detail = self.detail(child_id)?;
        let holders: Vec<i64> = detail
            .guardians
            .iter()
            .filter(|g| g.link.has_custody)
            .map(|g| g.guardian_id)
            .collect();
        let mut children = Vec::new();
        for id in self.db.template().children_in_custody_of(&holders)? {
            children.push(self.contract_fields(&self.detail(id)?)?);
        }
        if children.is_empty() {
            children.push(self.contract_fields(&detail)?);
        }
        Ok(Family {
            children,
            guardians: guardian_fields(&detail),
        })
    }

    pub(crate) fn builder(&self, title: &str) -> AppResult<DocumentBuilder> {
        self.head.builder(title).map_err(document_error)
    }

    /// Pupil contracts, then one parent contract per family, for `children`.
    fn contracts_for(&self, doc: &mut DocumentBuilder, children: &[i64]) -> AppResult<()> {
        let pupil = self.template(TemplateKind::PupilContract)?;
        let parent = self.template(TemplateKind::ParentContract)?;
        let mut families_done: Vec<Vec<i64>> = Vec::new();
        for &id in children {
            let detail = self.detail(id)?;
            contracts::pupil_contract(doc, &self.head, &pupil, &child_record(&detail))
                .map_err(document_error)?;
            let mut holders: Vec<i64> = detail
                .guardians
                .iter()
                .filter(|g| g.link.has_custody)
                .map(|g| g.guardian_id)
                .collect();
            holders.sort_unstable();
            if !families_done.contains(&holders) {
                contracts::parent_contract(doc, &self.head, &parent, &self.family(id)?)
                    .map_err(document_error)?;
                families_done.push(holders);
            }
        }
        Ok(())
    }
}

/// The custody holders of a child as letters go to them: every name, and one
/// addressee per home.
pub(crate) struct CustodyHomes {
    /// "Anna Hansen og Bo Hansen".
    pub all: String,
    /// Each home with the names of those who live there.
    pub homes: Vec<skolekontor_documents::arrears_letters::Addressee>,
}

pub(crate) fn custody_homes(detail: &ChildDetail) -> AppResult<CustodyHomes> {
    use skolekontor_documents::arrears_letters::Addressee;
    let holders: Vec<_> = detail
        .guardians
        .iter()
        .filter(|g| g.link.has_custody)
        .collect();
    let mut homes: Vec<(Addressee, Vec<String>)> = Vec::new();
    for holder in &holders {
        let name = format!("{} {}", holder.first_name, holder.last_name);
        let postal_town = format!("{} {}", holder.home.postal_code, holder.home.town);
        match homes
            .iter_mut()
            .find(|(to, _)| to.street == holder.home.street && to.postal_town == postal_town)
        {
            Some((_, names)) => names.push(name),
            None => homes.push((
                Addressee {
                    name: String::new(),
                    street: holder.home.street.clone(),
                    postal_town,
                },
                vec![name],
            )),
        }
    }
    if homes.is_empty() {
        return Err(AppError::Refused(tr!("documents.no_custody_holders")));
    }
    let all: Vec<String> = homes.iter().flat_map(|(_, names)| names.clone()).collect();
    Ok(CustodyHomes {
        all: contracts::and_list(&all),
        homes: homes
            .into_iter()
            .map(|(mut to, names)| {
                to.name = contracts::and_list(&names);
                to
            })
            .collect(),
    })
}

pub(crate) fn child_fields(detail: &ChildDetail) -> ChildFields {
    ChildFields {
        navn: format!("{} {}", detail.first_name, detail.last_name),
        fornavn: detail.first_name.clone(),
        foedt: detail.birth_date.map(dates::short).unwrap_or_default(),
        klasse: detail.class_label.clone(),
        start: detail
            .placement
            .as_ref()
            .map(|p| dates::short(p.start_date))
            .unwrap_or_default(),
        takster: String::new(),
    }
}

fn guardian_fields(detail: &ChildDetail) -> Vec<GuardianFields> {
    detail
        .guardians
        .iter()
        .map(|g| GuardianFields {
            name: format!("{} {}", g.first_name, g.last_name),
            address: g.home_for_others().line_for_others(),
            phone: g.phone.clone().unwrap_or_default(),
            email: g.email.clone().unwrap_or_default(),
            cpr: g.cpr.clone().unwrap_or_default(),
            has_custody: g.link.has_custody,
        })
        .collect()
}

fn child_record(detail: &ChildDetail) -> ChildRecord {
    let address = detail
        .households
        .first()
        .map(|h| h.home_for_others().line_for_others())
        .unwrap_or_default();
    ChildRecord {
        fields: child_fields(detail),
        cpr: detail.cpr.clone().unwrap_or_default(),
        address,
        phone: detail.phone.clone().unwrap_or_default(),
        email: detail.email.clone().unwrap_or_default(),
        nationality: detail.nationality.clone(),
        previous_institution: detail.previous_institution.clone(),
        guardians: guardian_fields(detail),
    }
}

/// "Elevkontrakt-Ida-2026-11-23.pdf": letters a file system takes, no CPR.
fn file_name(title: &str, who: Option<&str>, day: NaiveDate) -> String {
    export_file_name(title, who, day, "pdf")
}

/// A file name of `title`, `who` and the day with the extension `ext`.
pub(crate) fn export_file_name(
    title: &str,
    who: Option<&str>,
    day: NaiveDate,
    ext: &str,
) -> String {
    // Runs of spaces and signs become one dash: "Klasseliste – 3. klasse" →
    // "Klasseliste-3-klasse".
    let clean = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    match who {
        Some(name) => format!(
            "{}-{}-{}.{ext}",
            clean(title),
            clean(name),
            day.format("%Y-%m-%d")
        ),
        None => format!("{}-{}.{ext}", clean(title), day.format("%Y-%m-%d")),
    }
}

crate::use_case_handle! {
    /// Printed documents (contracts, forms, letters): the use case, on the office's session.
    documents => DocumentUseCases
}

impl DocumentUseCases<'_> {
    /// Makes the PDF for `request`.
    pub fn document(&mut self, request: DocumentRequest) -> AppResult<PrintedDocument> {
        // The report is read (and logged) like the export it is made from: that use
        // case checks its own access.
        let export = match request {
            DocumentRequest::AccessReport { subject } => {
                Some(self.office.privacy().data_export(subject)?)
            }
            _ => None,
        };
        let context = self
            .office
            .authorize(Action::PrintDocuments, Subject::School)?;
        let user = &context.user;
        let today = context.today;
        // A consent list shows the children this user may see.
        let children: Vec<ChildSummary> = if matches!(request, DocumentRequest::ConsentList { .. })
        {
            context.visible_children(false).cloned().collect()
        } else {
            Vec::new()
        };
        let db = &context.open.db;
        let run = PrintRun::new(db, today)?;
        let (title, who, doc) = match request.clone() {
            DocumentRequest::PupilContract { child_id } => {
                let child = run.child(child_id)?;
                let mut doc = run.builder("Elevkontrakt")?;
                contracts::pupil_contract(
                    &mut doc,
                    &run.head,
                    &run.template(TemplateKind::PupilContract)?,
                    &child,
                )
                .map_err(document_error)?;
                ("Elevkontrakt".to_string(), Some(child.fields.fornavn), doc)
            }
            DocumentRequest::ParentContract { child_id } => {
                let family = run.family(child_id)?;
                let mut doc = run.builder("Forældrekontrakt")?;
                contracts::parent_contract(
                    &mut doc,
                    &run.head,
                    &run.template(TemplateKind::ParentContract)?,
                    &family,
                )
                .map_err(document_error)?;
                let first = family.children.first().map(|c| c.fornavn.clone());
                ("Forældrekontrakt".to_string(), first, doc)
            }
            DocumentRequest::EnrolmentForm { child_id } => {
                let child = child_id.map(|id| run.child(id)).transpose()?;
                let mut doc = run.builder("Indmeldelsesblanket")?;
                contracts::enrolment_form(
                    &mut doc,
                    &run.head,
                    &run.template(TemplateKind::EnrolmentForm)?,
                    child.as_ref(),
                )
                .map_err(document_error)?;
                (
                    "Indmeldelsesblanket".to_string(),
                    child.map(|c| c.fields.fornavn),
                    doc,
                )
            }
            DocumentRequest::ConsentForm { child_id } => {
                let child = run.child(child_id)?;
                let mut doc = run.builder("Samtykkeerklæring")?;
                contracts::consent_form(
                    &mut doc,
                    &run.head,
                    &run.template(TemplateKind::ConsentForm)?,
                    &child,
                )
                .map_err(document_error)?;
                (
                    "Samtykkeerklæring".to_string(),
                    Some(child.fields.fornavn),
                    doc,
                )
            }
            DocumentRequest::Terms { division } => {
                let kind = if division == Division::Kindergarten {
                    TemplateKind::KindergartenTerms
                } else {
                    TemplateKind::SchoolTerms
                };
                let mut doc = run.builder(kind.title())?;
                contracts::terms(&mut doc, &run.head, &run.template(kind)?)
                    .map_err(document_error)?;
                (kind.title().to_string(), None, doc)
            }
            DocumentRequest::PrivacyNotice => {
                let (settings, changed) = db.template().privacy_settings()?;
                let template = run.template(TemplateKind::PrivacyNotice)?;
                let contact = if settings.contact.is_empty() {
                    format!("{}, {}", run.head.school.leder, run.head.school.email)
                } else {
                    settings.contact
                };
                let facts = PrivacyFacts {
                    contact,
                    retention: settings.retention,
                    backup_days: db.backup().backup_settings()?.max_age_days,
                    last_changed: changed.unwrap_or(template.saved_on),
                };
                let mut doc = run.builder("Persondatapolitik")?;
                privacy_notice(&mut doc, &run.head, &template, &facts).map_err(document_error)?;
                ("Persondatapolitik".to_string(), None, doc)
            }
            DocumentRequest::ClassContracts { grade } => {
                let mut children: Vec<(String, i64)> = db
                    .admission()
                    .pupils_on(today)?
                    .into_iter()
                    .filter(|p| p.grade == grade)
                    .map(|p| (p.first_name.clone(), p.child_id))
                    .collect();
                children.sort();
                if children.is_empty() {
                    return Err(AppError::Refused(tr!(
                        "documents.no_pupils_in_grade",
                        grade = grade
                    )));
                }
                let title = format!("Kontrakter {grade}. klasse");
                let mut doc = run.builder(&title)?;
                run.contracts_for(
                    &mut doc,
                    &children.into_iter().map(|(_, id)| id).collect::<Vec<_>>(),
                )?;
                (title, None, doc)
            }
            DocumentRequest::NewPupilContracts { since } => {
                let since = dates::parse(&since)
                    .ok_or_else(|| AppError::Input(tr!("common.date_format")))?;
                let children = db.template().school_starts_since(since)?;
                if children.is_empty() {
                    return Err(AppError::Refused(tr!(
                        "documents.no_pupils_starting",
                        day = dates::short(since)
                    )));
                }
                let title = format!("Kontrakter nye elever fra {}", dates::short(since));
                let mut doc = run.builder(&title)?;
                run.contracts_for(&mut doc, &children)?;
                ("Kontrakter nye elever".to_string(), None, doc)
            }
            DocumentRequest::Reminder { payer_id } => {
                user.require(Action::ViewBilling)?;
                let letter = crate::billing::reminder_letter(db, payer_id, today)?;
                let text = run.template(TemplateKind::PaymentReminder)?;
                let mut doc = run.builder("Påmindelse om betaling")?;
                arrears_letters::reminder(&mut doc, &run.head, &text, &letter)
                    .map_err(document_error)?;
                ("Påmindelse om betaling".to_string(), None, doc)
            }
            DocumentRequest::Reminders { days_overdue } => {
                user.require(Action::ViewBilling)?;
                let payers = crate::billing::payers_overdue_for(db, days_overdue, today)?;
                if payers.is_empty() {
                    return Err(AppError::Refused(tr!(
                        "documents.no_payers_overdue",
                        days = days_overdue
                    )));
                }
                let text = run.template(TemplateKind::PaymentReminder)?;
                let title = format!("Påmindelser om betaling ({} betalere)", payers.len());
                let mut doc = run.builder(&title)?;
                for payer_id in payers {
                    let letter = crate::billing::reminder_letter(db, payer_id, today)?;
                    arrears_letters::reminder(&mut doc, &run.head, &text, &letter)
                        .map_err(document_error)?;
                }
                ("Påmindelser om betaling".to_string(), None, doc)
            }
            DocumentRequest::PlaceOffer { entry_id } => {
                let letters = crate::admission::offer_letters(db, entry_id)?;
                let text = run.template(TemplateKind::PlaceOffer)?;
                let mut doc = run.builder("Tilbud om plads")?;
                for letter in &letters {
                    admission_letters::place_offer(&mut doc, &run.head, &text, letter)
                        .map_err(document_error)?;
                }
                let child = letters[0].child.fornavn.clone();
                ("Tilbud om plads".to_string(), Some(child), doc)
            }
            DocumentRequest::AdmissionConfirmation { child_id } => {
                let letters = crate::admission::admission_letters(db, child_id, today)?;
                let text = run.template(TemplateKind::AdmissionConfirmation)?;
                let mut doc = run.builder("Bekræftelse af optagelse")?;
                for letter in &letters {
                    admission_letters::admission_confirmation(&mut doc, &run.head, &text, letter)
                        .map_err(document_error)?;
                }
                let child = letters[0].child.fornavn.clone();
                ("Optagelse".to_string(), Some(child), doc)
            }
            DocumentRequest::WithdrawalConfirmation { withdrawal_id } => {
                let letters = crate::leaving::withdrawal_letters(db, withdrawal_id)?;
                let text = run.template(TemplateKind::WithdrawalConfirmation)?;
                let mut doc = run.builder("Bekræftelse af udmeldelse")?;
                for letter in &letters {
                    withdrawal_letter::withdrawal_confirmation(&mut doc, &run.head, &text, letter)
                        .map_err(document_error)?;
                }
                let child = letters[0].child.fornavn.clone();
                ("Udmeldelse".to_string(), Some(child), doc)
            }
            DocumentRequest::CreditNote { id } => {
                user.require(Action::ViewBilling)?;
                let letter = crate::payer_credit::credit_note_letter(db, id, today)?;
                let title = format!("Kreditnota {}", letter.number);
                let text = run.template(TemplateKind::CreditNoteLetter)?;
                let mut doc = run.builder(&title)?;
                credit_letters::credit_note(&mut doc, &run.head, &text, &letter)
                    .map_err(document_error)?;
                (title, None, doc)
            }
            DocumentRequest::Refund { id } => {
                user.require(Action::ViewBilling)?;
                let letter = crate::payer_credit::refund_letter(db, id)?;
                let mut doc = run.builder("Tilbagebetaling")?;
                credit_letters::refund(&mut doc, &run.head, &letter);
                ("Tilbagebetaling".to_string(), None, doc)
            }
            DocumentRequest::ArrearsTermination { child_id } => {
                user.require(Action::ViewBilling)?;
                let letter = crate::billing::termination_letter(db, child_id, today)?;
                let text = run.template(TemplateKind::ArrearsTermination)?;
                let mut doc = run.builder("Opsigelse af børnehaveplads")?;
                arrears_letters::arrears_termination(&mut doc, &run.head, &text, &letter)
                    .map_err(document_error)?;
                ("Opsigelse af børnehaveplads".to_string(), None, doc)
            }
            DocumentRequest::SeptemberCount { year } => {
                user.require(Action::ManageSchoolYear)?;
                user.require(Action::ViewFullCpr)?;
                let count = crate::leaving::september_count_of(db, year, today)?;
                let title = format!("Indberetning 5. september {year}");
                let mut doc = run.builder(&title)?;
                skolekontor_documents::municipal_report::september_report(
                    &mut doc, &run.head, &count,
                );
                (title, None, doc)
            }
            DocumentRequest::AccessReport { .. } => {
                let export = export.ok_or(AppError::NotOpen)?;
                let mut doc = run.builder("Indsigt")?;
                let parts =
                    crate::data_access::report_parts(&export, &db.privacy().people_names()?);
                skolekontor_documents::access_report::access_report(
                    &mut doc,
                    &run.head,
                    &export.name,
                    &parts,
                );
                ("Indsigt".to_string(), Some(export.name.clone()), doc)
            }
            DocumentRequest::ConsentList { type_id } => {
                // Printed, so in Danish whatever the window shows.
                let consent_type = db.consent().consent_type(type_id)?;
                let list = skolekontor_domain::language::in_danish(|| {
                    crate::consent::list_of(db, consent_type, &children, today)
                })?;
                let sheet = skolekontor_documents::consent_list::ConsentListSheet {
                    title: list.consent_type.list_title.clone(),
                    consent: list.consent_type.name.clone(),
                    day: list.day.clone(),
                    groups: list
                        .groups
                        .iter()
                        .map(|g| {
                            (
                                g.group.clone(),
                                g.children
                                    .iter()
                                    .map(|c| (c.name.clone(), c.reason.clone()))
                                    .collect(),
                            )
                        })
                        .collect(),
                };
                let mut doc = run.builder(&sheet.title)?;
                skolekontor_documents::consent_list::consent_list(&mut doc, &sheet);
                ("Samtykkeliste".to_string(), None, doc)
            }
            DocumentRequest::ClassFundStatement { cohort } => {
                user.require(Action::ManageClassFunds)?;
                let sheet = crate::class_fund::statement_sheet(db, cohort, today)?;
                let title = format!("Klassekasse {}", sheet.class_name);
                let mut doc = run.builder(&title)?;
                skolekontor_documents::class_fund_statement::class_fund_statement(&mut doc, &sheet);
                (title, None, doc)
            }
        };
        if let DocumentRequest::SeptemberCount { year } = request {
            // The report carries every pupil's full CPR number: a logged read.
            context.open.db.record(
                &AuditEvent::sensitive_read(
                    "september_count.print",
                    "school_year",
                    i64::from(year),
                )
                .with_fields(["cpr"]),
            )?;
        }
        tracing::info!(pages = doc.page_count(), "document printed");
        Ok(PrintedDocument {
            file_name: file_name(&title, who.as_deref(), today),
            title,
            bytes: doc.finish(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_no_spaces_or_slashes() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            file_name("Elevkontrakt", Some("Åse"), day),
            "Elevkontrakt-Åse-2026-11-23.pdf"
        );
        assert_eq!(
            file_name("Kontrakter 3. klasse", None, day),
            "Kontrakter-3-klasse-2026-11-23.pdf"
        );
        assert_eq!(file_name("A/B", Some("x y"), day), "A-B-x-y-2026-11-23.pdf");
    }
}
