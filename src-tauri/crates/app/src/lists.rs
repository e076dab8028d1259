//! Use cases of the office's lists: a list on the screen (sorted and filtered as
//! the user asks), and the same list as PDF, .xlsx or CSV. A user sees the children
//! their role and scope allow; the contact list holds only the families whose
//! contact-sharing consent is given today (R23). Every list written to a file is in
//! the audit log: it leaves the program with personal data on it.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skolekontor_domain::audit::{AuditEvent, AuditKind};
use skolekontor_domain::lists::{self, ListChild, ListKind, ListRequest, ListTable};
use skolekontor_domain::register::ChildSummary;
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::documents::{document_error, export_file_name, PrintRun};
use crate::error::AppResult;
use crate::use_case::{Context, Subject};

/// The file formats of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ListFormat {
    /// A printable PDF (labels: the label sheet).
    Pdf,
    /// An Excel workbook.
    Xlsx,
    /// CSV for Danish Excel.
    Csv,
}

impl ListFormat {
    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ListFormat::Pdf => "pdf",
            ListFormat::Xlsx => "xlsx",
            ListFormat::Csv => "csv",
        }
    }
}

/// A list written as a file.
#[derive(Debug, Clone)]
pub struct ListFile {
    /// "Klasseliste-3--klasse-2026-12-01.xlsx".
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The children whose contact-sharing consent allows the contact list today.
fn sharing_families(
    db: &Database,
    children: &[ChildSummary],
    today: NaiveDate,
) -> AppResult<HashSet<i64>> {
    let Some(kind) = db
        .consent()
        .consent_types()?
        .into_iter()
        .find(|t| t.covers_contact_sharing)
    else {
        return Ok(HashSet::new());
    };
    let without = crate::consent::list_of(db, kind, children, today)?;
    let refused: HashSet<i64> = without
        .groups
        .iter()
        .flat_map(|g| g.children.iter().map(|c| c.child_id))
        .collect();
    Ok(children
        .iter()
        .map(|c| c.id)
        .filter(|id| !refused.contains(id))
        .collect())
}

/// The children of `children` with what the lists need (the contact list also reads
/// the consents).
pub fn list_children(
    db: &Database,
    children: &[ChildSummary],
    with_consent: bool,
    today: NaiveDate,
) -> AppResult<Vec<ListChild>> {
    let mut facts = db.lists().list_facts(today)?;
    let sharing = if with_consent {
        sharing_families(db, children, today)?
    } else {
        HashSet::new()
    };
    Ok(children
        .iter()
        .map(|c| {
            let facts = facts.remove(&c.id).unwrap_or_default();
            ListChild {
                id: c.id,
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
                birth_date: c.birth_date,
                division: c.division,
                grade: c.grade,
                sfo: c.sfo,
                sfo_module: facts.sfo_module,
                kindergarten_group: facts.kindergarten_group,
                phone: facts.phone,
                guardians: facts.guardians,
                shares_contact: sharing.contains(&c.id),
            }
        })
        .collect())
}

crate::use_case_handle! {
    /// The office's lists, on screen and as files: the use cases, on the office's session.
    lists => ListUseCases
}

impl ListUseCases<'_> {
    /// The list as the screen shows it.
    pub fn list_table(&mut self, request: ListRequest) -> AppResult<ListTable> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        table_of(&context, &request)
    }

    /// The list as a file in `format`, logged.
    pub fn list_file(&mut self, request: ListRequest, format: ListFormat) -> AppResult<ListFile> {
        let context = self
            .office
            .authorize(Action::PrintDocuments, Subject::School)?;
        // A list file is handed on (to parents, the staff room, a spreadsheet): Danish,
        // whatever the window shows; the log names it in Danish too.
        let table = skolekontor_domain::language::in_danish(|| table_of(&context, &request))?;
        let db = &mut context.open.db;
        let bytes = match format {
            ListFormat::Pdf => {
                let run = PrintRun::new(db, context.today)?;
                let mut doc = run.builder(&table.title)?;
                skolekontor_documents::lists::list_pdf(&mut doc, &table);
                doc.finish()
            }
            ListFormat::Xlsx => {
                skolekontor_documents::spreadsheet::xlsx(&table).map_err(document_error)?
            }
            ListFormat::Csv => {
                skolekontor_documents::spreadsheet::csv(&table).map_err(document_error)?
            }
        };
        db.record(&AuditEvent {
            kind: AuditKind::Change,
            action: "list.export",
            record_type: "child",
            record_id: None,
            child_id: None,
            fields: vec![format!("list={}", table.title)],
        })?;
        tracing::info!(rows = table.row_count(), "list written");
        Ok(ListFile {
            file_name: export_file_name(&table.title, None, table.day, format.extension()),
            bytes,
        })
    }
}

/// The list the user asked for, of the children they may see (R24).
fn table_of(context: &Context<'_>, request: &ListRequest) -> AppResult<ListTable> {
    let children: Vec<ChildSummary> = context.visible_children(false).cloned().collect();
    let with_consent = request.kind == ListKind::Contact;
    let rows = list_children(&context.open.db, &children, with_consent, context.today)?;
    Ok(lists::build(request, &rows, context.today))
}
