//! Import from the old system (issue 8): look a file through, then store all of it
//! or nothing. The preview names no CPR number; it shows names, places and problems.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use skolekontor_domain::billing::RateTable;
use skolekontor_domain::register::placement_label;
use skolekontor_domain::school::Division;
use skolekontor_import::{plan_import, ImportPlan, ImportProblem, KnownRecords, PlannedGuardian};
use skolekontor_store::register::GuardianRef;
use skolekontor_store::{Database, StoreError, Work};
use ts_rs::TS;

pub use skolekontor_import::columns::template_csv;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// What an import file would add, and everything wrong with it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The file looked through.
    pub path: String,
    /// The file's SHA-256; the import refuses a file changed since its preview.
    pub fingerprint: String,
    /// Rows with text under the header.
    pub rows: usize,
    /// Children that would be added.
    pub children: usize,
    /// New guardians (each once, however many children they have).
    pub new_guardians: usize,
    /// Guardians already in the register that the file links to.
    pub known_guardians: usize,
    /// Homes of the new guardians.
    pub households: usize,
    /// Children placed in school, of them in SFO, in kindergarten, and without a place.
    pub placements: PlacementCounts,
    /// What stops the import; empty when it can run.
    pub problems: Vec<ImportProblem>,
    /// What to look at that does not stop it.
    pub warnings: Vec<ImportProblem>,
    /// One line per child that would be added.
    pub lines: Vec<PreviewLine>,
}

/// Children per place in a preview.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PlacementCounts {
    /// Skole.
    pub school: usize,
    /// Of them also in SFO.
    pub sfo: usize,
    /// Børnehave.
    pub kindergarten: usize,
    /// Without a place (e.g. on the waiting list).
    pub none: usize,
}

/// One child of a preview, without CPR number.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PreviewLine {
    /// The file's row.
    pub row: u32,
    /// The child's name.
    pub child: String,
    /// Class or kindergarten, as the register shows it.
    pub placement: String,
    /// The guardians' names, the payer marked.
    pub guardians: String,
}

/// What an import stored.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ImportDone {
    /// Children added.
    pub children: usize,
    /// Guardians added.
    pub guardians: usize,
    /// Households the new guardians live in.
    pub households: usize,
}

/// Reads the chosen file, which must be an ordinary file of at most
/// [`skolekontor_import::MAX_BYTES`]: a link, a device (`/dev/zero`) or a pipe named
/// `elever.csv` is refused, and the read stops past the limit whatever the size the
/// file system reported.
fn read_file(path: &str) -> AppResult<Vec<u8>> {
    use std::io::Read;
    let too_large = || AppError::Input(skolekontor_import::ImportError::TooLarge.to_string());
    let metadata = std::fs::symlink_metadata(Path::new(path))
        .map_err(|_| AppError::Input(tr!("import.cannot_open")))?;
    if !metadata.file_type().is_file() {
        return Err(AppError::Input(tr!("import.not_a_file")));
    }
    if metadata.len() > skolekontor_import::MAX_BYTES as u64 {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|_| AppError::Input(tr!("import.cannot_read")))?;
    let mut bytes = Vec::new();
    file.take(skolekontor_import::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| AppError::Input(tr!("import.cannot_read")))?;
    if bytes.len() > skolekontor_import::MAX_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn fingerprint(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The file checked against what the register already knows (CPR numbers, SFO
/// modules, customer numbers).
fn plan_file(db: &Database, path: &str, bytes: &[u8], today: NaiveDate) -> AppResult<ImportPlan> {
    let (child_cprs, guardians_by_cpr) = db.register().known_cprs()?;
    let known = KnownRecords {
        child_cprs,
        guardians_by_cpr,
        sfo_modules: RateTable::new(db.billing().rates()?)
            .sfo_modules()
            .into_iter()
            .filter(|m| !m.is_empty())
            .collect(),
        customer_numbers: db.billing().customer_numbers()?,
    };
    let name = Path::new(path).file_name().and_then(|n| n.to_str());
    plan_import(bytes, name, &known, today).map_err(|e| AppError::Input(e.to_string()))
}

crate::use_case_handle! {
    /// The register's import from a spreadsheet: the use cases, on the office's session.
    import => ImportUseCases
}

impl ImportUseCases<'_> {
    /// Reads and checks an import file; nothing is stored.
    pub fn preview_import(&mut self, path: &str) -> AppResult<ImportPreview> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let bytes = read_file(path)?;
        let plan = plan_file(&context.open.db, path, &bytes, context.today)?;
        Ok(preview(path, fingerprint(&bytes), &plan))
    }

    /// Stores the file's families, children, guardians and places — all or nothing,
    /// and only the file that was looked through (same fingerprint) with no problem.
    pub fn import_register(&mut self, path: &str, expected: &str) -> AppResult<ImportDone> {
        let context = self
            .office
            .authorize(Action::EditRegister, Subject::School)?;
        let bytes = read_file(path)?;
        if fingerprint(&bytes) != expected {
            return Err(AppError::Refused(tr!("import.changed_since_review")));
        }
        let open = context.open;
        // The check and the writes in one unit of work: a CPR number added by someone
        // else meanwhile cannot slip in as a second child.
        let work = open.db.begin()?;
        let plan = plan_file(work.db(), path, &bytes, context.today)?;
        if !plan.is_clean() {
            return Err(AppError::Refused(tr!(
                "import.problems",
                count = plan.problems.len()
            )));
        }
        let added = store_plan(&work, &plan)?;
        work.commit()?;
        open.refresh_index()?;
        let done = ImportDone {
            children: added,
            guardians: new_guardians(&plan),
            households: plan.new_households(),
        };
        tracing::info!(
            children = done.children,
            guardians = done.guardians,
            "register imported"
        );
        Ok(done)
    }
}

/// Writes a clean plan in the use case's unit of work; returns the number of
/// children added.
pub fn store_plan(work: &Work<'_>, plan: &ImportPlan) -> Result<usize, StoreError> {
    let guardians: Vec<GuardianRef> = plan
        .guardians
        .iter()
        .map(|g| match g {
            PlannedGuardian::Existing(id) => GuardianRef::Existing(*id),
            PlannedGuardian::New { person, .. } => GuardianRef::New((**person).clone()),
        })
        .collect();
    let children: Vec<_> = plan
        .children
        .iter()
        .map(|c| (c.child.clone(), c.guardians.clone(), c.extras.clone()))
        .collect();
    work.register()
        .import_register(&guardians, &children, &plan.customer_numbers)
}

fn new_guardians(plan: &ImportPlan) -> usize {
    plan.guardians
        .iter()
        .filter(|g| matches!(g, PlannedGuardian::New { .. }))
        .count()
}

fn preview(path: &str, fingerprint: String, plan: &ImportPlan) -> ImportPreview {
    let mut placements = PlacementCounts::default();
    for child in &plan.children {
        match &child.child.placement {
            Some(p) if p.division == Division::School => {
                placements.school += 1;
                placements.sfo += usize::from(p.sfo);
            }
            Some(_) => placements.kindergarten += 1,
            None => placements.none += 1,
        }
    }
    ImportPreview {
        path: path.to_string(),
        fingerprint,
        rows: plan.rows,
        children: plan.children.len(),
        new_guardians: new_guardians(plan),
        known_guardians: plan.guardians.len() - new_guardians(plan),
        households: plan.new_households(),
        placements,
        problems: plan.problems.clone(),
        warnings: plan.warnings.clone(),
        lines: plan.children.iter().map(|c| line(plan, c)).collect(),
    }
}

fn line(plan: &ImportPlan, child: &skolekontor_import::PlannedChild) -> PreviewLine {
    let guardians = child
        .guardians
        .iter()
        .map(|(index, link)| {
            let name = match &plan.guardians[*index] {
                PlannedGuardian::New { person, .. } => {
                    format!("{} {}", person.first_name, person.last_name)
                }
                PlannedGuardian::Existing(_) => tr!("import.existing_guardian"),
            };
            if link.is_payer {
                tr!("import.payer", name = name)
            } else {
                name
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    PreviewLine {
        row: child.row,
        child: format!("{} {}", child.child.first_name, child.child.last_name),
        placement: match &child.child.placement {
            Some(p) if p.sfo => format!("{} · SFO", placement_label(Some(p))),
            other => placement_label(other.as_ref()),
        },
        guardians,
    }
}
