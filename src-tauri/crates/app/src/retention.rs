//! Use cases of retention (R26, R33): the plan as of today, shown to the office with
//! who, which data, which rule and why; the headteacher approves exactly the plan she
//! saw, and it runs in one transaction.

use crate::data_request::PrivacyUseCases;
use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::dates;
use skolekontor_domain::personal_data::{table, DataSubject, Retention};
use skolekontor_domain::retention::{
    due_deliveries, plan, PlannedDeletion, PlannedFileDeletion, Step,
};
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;
use skolekontor_store::Database;

/// One child or guardian in the plan.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RetentionLine {
    /// Whose data.
    pub subject: DataSubject,
    /// "Barn" or "Forælder".
    pub role: String,
    pub name: String,
    /// "Alt, som regnskabet ikke kræver" or "Alt".
    pub what: String,
    /// The reason with the days it rests on.
    pub reason: String,
    /// The kinds of data that go, by the register's purposes.
    pub data: Vec<String>,
}

/// A stored file in the plan.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RetentionFileLine {
    /// "Betalingsservice-filen for september 2020".
    pub what: String,
    /// Why, with the day it rests on.
    pub reason: String,
}

/// The plan as of today.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPlanView {
    /// `dd-mm-yyyy`.
    pub as_of: String,
    /// Who and what.
    pub lines: Vec<RetentionLine>,
    /// Stored files that go (the Betalingsservice files past their accounting years).
    pub files: Vec<RetentionFileLine>,
    /// The school's data was just restored from a backup: what was deleted since the
    /// backup is back, and this plan must be seen before anything else.
    pub after_restore: bool,
    /// What approval must quote: the plan as shown (ids and steps only).
    pub token: String,
}

/// Everything due today.
struct Due {
    today: chrono::NaiveDate,
    people: Vec<PlannedDeletion>,
    files: Vec<PlannedFileDeletion>,
}

impl Due {
    fn is_empty(&self) -> bool {
        self.people.is_empty() && self.files.is_empty()
    }

    /// What approval must quote: the plan as shown (ids and steps only).
    fn token(&self) -> String {
        let steps: Vec<String> = self
            .people
            .iter()
            .map(|l| format!("{:?}:{:?}", l.subject, l.step))
            .chain(self.files.iter().map(|f| format!("fil:{}", f.delivery_id)))
            .collect();
        format!("{}|{}", self.today, steps.join(","))
    }
}

fn file_line(file: &PlannedFileDeletion) -> RetentionFileLine {
    RetentionFileLine {
        what: tr!(
            "retention.delivery_file",
            month = skolekontor_domain::dates::month_and_year_shown(file.month)
        ),
        reason: file.reason.clone(),
    }
}

fn line_view(line: &PlannedDeletion) -> RetentionLine {
    let mut data: Vec<String> = Vec::new();
    for (name, _) in &line.fields {
        let purpose = table(name).map_or(*name, |t| t.purpose_shown()).to_string();
        if !data.contains(&purpose) {
            data.push(purpose);
        }
    }
    let child = matches!(line.subject, DataSubject::Child { .. });
    let what = match (child, line.step, line.rule) {
        (_, Step::KeepOnlyAccounting, _) => tr!("retention.all_but_accounting"),
        (_, Step::KeepOnlyCertificate, _) => tr!("retention.all_but_certificate"),
        (true, Step::DeleteAll, Retention::Certificate) => tr!("retention.child_with_certificate"),
        (true, Step::DeleteAll, Retention::WaitingList) => tr!("retention.child_waiting_list"),
        (true, Step::DeleteAll, _) => tr!("retention.child_with_accounting"),
        (false, Step::DeleteAll, Retention::Accounting) => {
            tr!("retention.guardian_with_accounting")
        }
        (false, Step::DeleteAll, _) => tr!("retention.guardian_all"),
    };
    RetentionLine {
        subject: line.subject,
        role: if child {
            tr!("retention.child")
        } else {
            tr!("retention.guardian")
        },
        name: line.name.clone(),
        what,
        reason: line.reason.clone(),
        data,
    }
}

/// What R26 makes due for deletion on `today`.
fn due_on(db: &Database, today: NaiveDate) -> AppResult<Due> {
    let periods = db.template().privacy_settings()?.0.retention;
    let (children, guardians) = (
        db.privacy().retention_facts()?,
        db.privacy().guardian_retention_facts()?,
    );
    Ok(Due {
        today,
        people: plan(&children, &guardians, &periods, today),
        files: due_deliveries(&db.privacy().delivery_retention_facts()?, &periods, today),
    })
}

impl PrivacyUseCases<'_> {
    /// How many people and files are due today (for the notice after a restore).
    pub(crate) fn retention_due_count(&mut self, today: NaiveDate) -> AppResult<usize> {
        let due = due_on(&self.office.opened()?.db, today)?;
        Ok(due.people.len() + due.files.len())
    }

    /// R26: what is due for deletion today, child by child, then guardian by guardian,
    /// then the stored files. Seeing it after a restore is what the restore asked for.
    pub fn retention_plan(&mut self) -> AppResult<RetentionPlanView> {
        let context = self
            .office
            .authorize(Action::HandleDataRequests, Subject::School)?;
        let db = &mut context.open.db;
        let due = due_on(db, context.today)?;
        let after_restore = db.backup().unreviewed_restore()?;
        if after_restore {
            db.mark_restore_reviewed()?;
        }
        Ok(RetentionPlanView {
            as_of: dates::short(due.today),
            token: due.token(),
            lines: due.people.iter().map(line_view).collect(),
            files: due.files.iter().map(file_line).collect(),
            after_restore,
        })
    }

    /// The headteacher approves the plan she saw (`token`), and it runs in one
    /// transaction; a plan that changed since is refused and nothing is deleted.
    pub fn run_retention(&mut self, shown: &str) -> AppResult<String> {
        let context = self
            .office
            .authorize(Action::ApproveRetention, Subject::School)?;
        let open = context.open;
        let work = open.db.begin()?;
        let due = due_on(work.db(), context.today)?;
        if due.token() != shown {
            return Err(AppError::Refused(tr!("retention.plan_changed")));
        }
        if due.is_empty() {
            return Err(AppError::Refused(tr!("retention.nothing_due")));
        }
        let counts = work
            .privacy()
            .run_retention(due.today, &due.people, &due.files)?;
        work.commit()?;
        // What was deleted must not linger in the write-ahead log beside the file.
        if !open.db.backup().checkpoint()? {
            // Another process is reading; the log is emptied at the next checkpoint
            // (the next deletion, backup or restore, or SQLite's own at 1,000 pages).
            tracing::warn!("the write-ahead log could not be emptied after the deletion");
        }
        open.refresh_index()?;
        Ok(tr!(
            "retention.done",
            after_leaving = counts.after_leaving,
            accounting = counts.accounting,
            waiting_list = counts.waiting_list,
            guardians = counts.guardians,
            files = counts.delivery_files
        ))
    }
}
