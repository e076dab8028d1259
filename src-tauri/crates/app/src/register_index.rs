//! The in-memory search index over the register, rebuilt from the store after
//! every change (cheap at a school's size; see `docs/performance.md`).

use skolekontor_domain::register::{ChildSummary, GuardianSummary};
use skolekontor_domain::search::SearchIndex;
use skolekontor_store::Database;

use crate::error::AppResult;

/// Children and guardians, searchable by name, CPR and class.
#[derive(Default)]
pub struct RegisterIndex {
    pub(crate) children: SearchIndex<ChildSummary>,
    pub(crate) guardians: SearchIndex<GuardianSummary>,
}

impl RegisterIndex {
    /// How many children and guardians match, as the search box asks (for benchmarks).
    pub fn hit_counts(&self, query: &str, limit: usize) -> (usize, usize) {
        (
            self.children.search(query, limit).len(),
            self.guardians.search(query, limit).len(),
        )
    }

    /// Reads everything from the store.
    pub fn build(db: &Database) -> AppResult<RegisterIndex> {
        Ok(Self::from_summaries(
            db.child_summaries()?,
            db.guardian_summaries()?,
        ))
    }

    /// Builds from summaries already read (also used by the benchmarks).
    pub fn from_summaries(
        children: Vec<(ChildSummary, Option<String>)>,
        guardians: Vec<(GuardianSummary, Option<String>)>,
    ) -> RegisterIndex {
        let mut index = RegisterIndex::default();
        for (child, cpr) in children {
            let parts = [
                child.first_name.clone(),
                child.last_name.clone(),
                cpr.unwrap_or_default(),
                child.class_label.clone(),
            ];
            index.children.push(
                child.id as u64,
                &parts.each_ref().map(String::as_str),
                child,
            );
        }
        for (guardian, cpr) in guardians {
            let parts = [
                guardian.first_name.clone(),
                guardian.last_name.clone(),
                cpr.unwrap_or_default(),
            ];
            index.guardians.push(
                guardian.id as u64,
                &parts.each_ref().map(String::as_str),
                guardian,
            );
        }
        index
    }
}
