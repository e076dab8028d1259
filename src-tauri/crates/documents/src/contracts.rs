//! The documents a family signs or keeps (R5, R6, R21, R23): pupil contract, parent
//! contract, the terms, the enrolment form and the consent form. Each is the
//! school's text (a versioned template) between parts the program fills in.

use chrono::NaiveDate;
use skolekontor_domain::dates;
use skolekontor_domain::template::TemplateKind;

use crate::layout::{Column, DocumentBuilder, Signer, Table};
use crate::markdown::render_markdown;
use crate::template::{render, ChildFields, SchoolFields, TemplateContext};
use crate::DocumentError;

/// The version of a school text a document is printed from.
#[derive(Debug, Clone)]
pub struct TemplateUse {
    /// Which text.
    pub kind: TemplateKind,
    /// Its version number (1, 2, …).
    pub version: i64,
    /// The day that version was saved.
    pub saved_on: NaiveDate,
    /// The Markdown.
    pub body: String,
}

impl TemplateUse {
    /// What every page's footer says of the text: "Elevkontrakt, tekst version 3 af 23-11-2026".
    pub fn footer(&self) -> String {
        format!(
            "{}, tekst version {} af {}",
            self.kind.title(),
            self.version,
            dates::short(self.saved_on)
        )
    }
}

/// A guardian as a form shows them.
#[derive(Debug, Clone, Default)]
pub struct GuardianFields {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The CPR number as the reader may see it (masked unless the role may see it).
    pub cpr: String,
    pub has_custody: bool,
}

/// A child with what its forms need.
#[derive(Debug, Clone, Default)]
pub struct ChildRecord {
    pub fields: ChildFields,
    /// As the reader may see it.
    pub cpr: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub nationality: String,
    pub previous_institution: String,
    pub guardians: Vec<GuardianFields>,
}

impl ChildRecord {
    fn custody_names(&self) -> Vec<String> {
        self.guardians
            .iter()
            .filter(|g| g.has_custody)
            .map(|g| g.name.clone())
            .collect()
    }
}

/// A family for the parent contract: the children and the guardians who share custody.
#[derive(Debug, Clone, Default)]
pub struct Family {
    pub children: Vec<ChildFields>,
    pub guardians: Vec<GuardianFields>,
}

/// What every document of a print run shares.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub school: SchoolFields,
    /// The day of printing.
    pub printed: NaiveDate,
    /// The school's logo (PNG or JPEG), in every page's header.
    pub logo: Option<Vec<u8>>,
}

impl Letterhead {
    /// The header line of every page.
    pub fn header(&self) -> String {
        let school = &self.school;
        format!(
            "{} · {}, {} {}",
            school.navn, school.adresse, school.postnummer, school.by
        )
    }

    pub(crate) fn context(&self) -> TemplateContext {
        TemplateContext {
            skole: self.school.clone(),
            dato: dates::long(self.printed),
            ..TemplateContext::default()
        }
    }

    /// A builder for a run of documents titled `title`.
    pub fn builder(&self, title: &str) -> Result<DocumentBuilder, DocumentError> {
        let mut builder = DocumentBuilder::new(title, &self.header(), self.printed)?;
        if let Some(logo) = &self.logo {
            builder.set_logo(logo)?;
        }
        Ok(builder)
    }
}

/// "Anna Hansen og Bo Hansen"; "Anna, Bo og Carl".
pub fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} og {}", rest.join(", "), last),
    }
}

fn school_signer(letterhead: &Letterhead) -> Signer {
    Signer {
        role: "For skolen".into(),
        name: letterhead.school.leder.clone(),
    }
}

fn guardian_signers(names: &[String]) -> Vec<Signer> {
    let mut signers: Vec<Signer> = names
        .iter()
        .map(|n| Signer {
            role: "Forælder".into(),
            name: n.clone(),
        })
        .collect();
    if signers.is_empty() {
        signers.push(Signer {
            role: "Forælder".into(),
            name: String::new(),
        });
    }
    signers
}

/// Fills the text and starts its document on a fresh page. The text is filled
/// first, so a text that cannot be filled leaves a batch untouched.
pub(crate) fn begin(
    doc: &mut DocumentBuilder,
    template: &TemplateUse,
    context: &TemplateContext,
) -> Result<String, DocumentError> {
    let body = render(&template.body, context)?;
    doc.start_section(&template.footer());
    Ok(body)
}

/// What a text about one child may name: the child and its custody holders.
fn child_context(head: &Letterhead, child: &ChildRecord) -> TemplateContext {
    TemplateContext {
        barn: Some(child.fields.clone()),
        foraeldre: Some(and_list(&child.custody_names())),
        ..head.context()
    }
}

/// The contract's text, its last paragraph kept on the page with the signatures:
/// a signature belongs under what it signs.
fn text_then_signatures(doc: &mut DocumentBuilder, body: &str, signers: &[Signer]) {
    let body = body.trim_end();
    let (before, last) = body.rsplit_once("\n\n").unwrap_or(("", body));
    render_markdown(doc, before);
    doc.keep_together(|doc| {
        render_markdown(doc, last);
        doc.signatures(signers);
    });
}

/// Elevkontrakt for one child (R21), appended to `doc` as its own section.
pub fn pupil_contract(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    child: &ChildRecord,
) -> Result<(), DocumentError> {
    let guardians = child.custody_names();
    let body = begin(doc, template, &child_context(head, child))?;
    doc.heading(&format!("Elevkontrakt for {}", child.fields.navn), 1);
    doc.field("Elev", &child.fields.navn);
    doc.field("Født", &child.fields.foedt);
    doc.field("Klasse", &child.fields.klasse);
    if !child.fields.start.is_empty() {
        doc.field("Start", &child.fields.start);
    }
    doc.field("Forældre", &and_list(&guardians));
    doc.space(8.0);
    let mut signers = vec![Signer {
        role: "Elev".into(),
        name: child.fields.navn.clone(),
    }];
    signers.extend(guardian_signers(&guardians));
    signers.push(school_signer(head));
    text_then_signatures(doc, &body, &signers);
    Ok(())
}

/// Forældrekontrakt for one family (R21, R6).
pub fn parent_contract(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    family: &Family,
) -> Result<(), DocumentError> {
    let guardians: Vec<String> = family
        .guardians
        .iter()
        .filter(|g| g.has_custody)
        .map(|g| g.name.clone())
        .collect();
    let children: Vec<String> = family.children.iter().map(|c| c.fornavn.clone()).collect();
    let context = TemplateContext {
        boern: Some(and_list(&children)),
        foraeldre: Some(and_list(&guardians)),
        ..head.context()
    };
    let body = begin(doc, template, &context)?;
    doc.heading("Forældrekontrakt", 1);
    doc.table(&Table {
        columns: vec![
            Column::new("Barn", 3.0),
            Column::new("Født", 1.4),
            Column::new("Klasse", 1.6),
        ],
        rows: family
            .children
            .iter()
            .map(|c| vec![c.navn.clone(), c.foedt.clone(), c.klasse.clone()])
            .collect(),
    });
    for child in family.children.iter().filter(|c| !c.takster.is_empty()) {
        doc.paragraph(&format!("Takst for {}: {}.", child.fornavn, child.takster));
    }
    for guardian in family.guardians.iter().filter(|g| g.has_custody) {
        doc.field(
            "Forælder",
            &format!("{}, {}", guardian.name, guardian.address),
        );
    }
    doc.space(8.0);
    let mut signers = guardian_signers(&guardians);
    signers.push(school_signer(head));
    text_then_signatures(doc, &body, &signers);
    Ok(())
}

/// The school's or the kindergarten's terms (R6, R21).
pub fn terms(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
) -> Result<(), DocumentError> {
    let body = begin(doc, template, &head.context())?;
    render_markdown(doc, &body);
    Ok(())
}

/// Indmeldelsesblanket (R5): filled from the register, or blank to fill by hand.
pub fn enrolment_form(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    child: Option<&ChildRecord>,
) -> Result<(), DocumentError> {
    let blank = ChildRecord {
        guardians: vec![GuardianFields::default(), GuardianFields::default()],
        ..ChildRecord::default()
    };
    let record = child.unwrap_or(&blank);
    let body = begin(doc, template, &child_context(head, record))?;
    doc.heading("Indmeldelsesblanket", 1);
    render_markdown(doc, &body);
    doc.heading("Barnet", 2);
    let row = |doc: &mut DocumentBuilder, label: &str, value: &str| {
        if child.is_some() {
            doc.field(label, value)
        } else {
            doc.blank_field(label)
        }
    };
    row(doc, "Navn", &record.fields.navn);
    row(doc, "CPR-nummer", &record.cpr);
    row(doc, "Adresse", &record.address);
    row(doc, "Telefon", &record.phone);
    row(doc, "E-mail", &record.email);
    row(doc, "Nationalitet", &record.nationality);
    row(
        doc,
        "Tidligere skole/dagtilbud",
        &record.previous_institution,
    );
    row(doc, "Klasse eller afdeling", &record.fields.klasse);
    row(doc, "Ønsket start", &record.fields.start);
    for (n, guardian) in record.guardians.iter().enumerate() {
        doc.heading(&format!("Forælder {}", n + 1), 2);
        row(doc, "Navn", &guardian.name);
        row(doc, "CPR-nummer", &guardian.cpr);
        row(doc, "Adresse", &guardian.address);
        row(doc, "Telefon", &guardian.phone);
        row(doc, "E-mail", &guardian.email);
        row(
            doc,
            "Forældremyndighed",
            if child.is_none() {
                ""
            } else if guardian.has_custody {
                "Ja"
            } else {
                "Nej"
            },
        );
    }
    doc.signatures(&guardian_signers(&record.custody_names()));
    Ok(())
}

/// The consents the form asks for (R23).
pub const CONSENTS: [&str; 5] = [
    "Billeder, hvor barnet kan genkendes, i brochurer, på hjemmesiden, i årbogen og på sociale medier",
    "Portrætter og klassebilleder på skolens intranet",
    "Skolen må behandle helbredsoplysninger om barnet (allergier, medicin, særlige behov)",
    "Skolen må indhente oplysninger fra tidligere skole eller dagtilbud og fra PPR",
    "Kontaktoplysninger og billede må deles med de andre forældre i klassen",
];

/// Samtykkeerklæring for one child (R23): each consent given or refused, by hand.
pub fn consent_form(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    template: &TemplateUse,
    child: &ChildRecord,
) -> Result<(), DocumentError> {
    let guardians = child.custody_names();
    let body = begin(doc, template, &child_context(head, child))?;
    doc.heading(&format!("Samtykkeerklæring for {}", child.fields.navn), 1);
    render_markdown(doc, &body);
    doc.table(&Table {
        columns: vec![
            Column::new("Samtykke", 6.0),
            Column::new("Ja", 0.8),
            Column::new("Nej", 0.8),
        ],
        rows: CONSENTS
            .iter()
            .map(|c| vec![c.to_string(), "☐".into(), "☐".into()])
            .collect(),
    });
    doc.signatures(&guardian_signers(&guardians));
    Ok(())
}
