//! The in-memory search index over the register, rebuilt from the store after
//! every change (cheap at a school's size; see `docs/performance.md`).
//!
//! CPR numbers are indexed apart from names and classes: only a search made for a
//! user who may see full CPR numbers matches them (R24).

use skolekontor_domain::register::{ChildSummary, GuardianSummary};
use skolekontor_domain::search::{Reach, SearchIndex};
use skolekontor_store::Database;

use crate::error::AppResult;

/// Children and guardians, searchable by name and class, and by CPR number for those
/// who may see it.
#[derive(Default)]
pub struct RegisterIndex {
    children: SearchIndex<ChildSummary>,
    guardians: SearchIndex<GuardianSummary>,
}

impl RegisterIndex {
    /// How many children and guardians match, as the search box asks (for benchmarks).
    pub fn hit_counts(&self, query: &str, limit: usize, reach: Reach) -> (usize, usize) {
        (
            self.children.search(query, limit, reach).len(),
            self.guardians.search(query, limit, reach).len(),
        )
    }

    /// Reads everything from the store.
    pub fn build(db: &Database) -> AppResult<RegisterIndex> {
        Ok(Self::from_summaries(
            db.register().child_summaries()?,
            db.register().guardian_summaries()?,
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
                child.first_name.as_str(),
                child.last_name.as_str(),
                child.class_label.as_str(),
            ];
            let cpr = [cpr.as_deref().unwrap_or_default()];
            let (parts, cpr) = (parts.map(str::to_owned), cpr.map(str::to_owned));
            index.children.push(
                child.id as u64,
                &parts.each_ref().map(String::as_str),
                &cpr.each_ref().map(String::as_str),
                child,
            );
        }
        for (guardian, cpr) in guardians {
            let parts = [guardian.first_name.clone(), guardian.last_name.clone()];
            let cpr = [cpr.unwrap_or_default()];
            index.guardians.push(
                guardian.id as u64,
                &parts.each_ref().map(String::as_str),
                &cpr.each_ref().map(String::as_str),
                guardian,
            );
        }
        index
    }

    /// Children matching `query` within `reach`, best first.
    pub(crate) fn children_matching(
        &self,
        query: &str,
        limit: usize,
        reach: Reach,
    ) -> Vec<&ChildSummary> {
        self.children.search(query, limit, reach)
    }

    /// Guardians matching `query` within `reach`, best first.
    pub(crate) fn guardians_matching(
        &self,
        query: &str,
        limit: usize,
        reach: Reach,
    ) -> Vec<&GuardianSummary> {
        self.guardians.search(query, limit, reach)
    }

    /// Every child, by name.
    pub(crate) fn all_children(&self) -> impl Iterator<Item = &ChildSummary> {
        self.children.all()
    }

    /// One child's summary.
    pub(crate) fn child(&self, id: i64) -> Option<&ChildSummary> {
        self.children.all().find(|c| c.id == id)
    }
}
