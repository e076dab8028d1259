//! A use case's unit of work: one write transaction, begun before the first read, in
//! which every read and write of the use case runs and its audit events are appended;
//! nothing is stored unless [`Work::commit`] is called, and a process killed at any
//! point leaves the file as it was before `begin`.
//!
//! Reads go through [`Work::db`], the same connection inside the transaction; writes
//! are `Work` methods. While a `Work` lives the database is borrowed, so a repository
//! method that opens its own transaction cannot be called in the middle of one.

use rusqlite::{Connection, Transaction, TransactionBehavior};
use skolekontor_domain::audit::AuditEvent;

use crate::audit::{append, Actor};
use crate::database::Database;
use crate::error::StoreResult;

/// One transaction for one use case.
pub struct Work<'db> {
    db: &'db Database,
    tx: Transaction<'db>,
    actor: Actor,
}

impl Database {
    /// Runs one write of a concept in a unit of work of its own and commits it, for
    /// callers without a work (the demo school, the store's tests):
    /// `db.in_own_work(|work| work.billing().add_payment(&payment))`.
    pub fn in_own_work<T>(
        &mut self,
        write: impl FnOnce(&Work<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let work = self.begin()?;
        let result = write(&work)?;
        work.commit()?;
        Ok(result)
    }

    /// Begins a unit of work. The write lock is taken at once (`BEGIN IMMEDIATE`),
    /// so what the use case reads cannot change under it before it writes.
    pub fn begin(&mut self) -> StoreResult<Work<'_>> {
        let actor = self.actor().clone();
        let db: &Database = self;
        let tx = Transaction::new_unchecked(db.conn(), TransactionBehavior::Immediate)?;
        Ok(Work { db, tx, actor })
    }
}

impl<'db> Work<'db> {
    /// The database for reads, inside this transaction.
    pub fn db(&self) -> &'db Database {
        self.db
    }

    /// Who the work's changes are written as.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Appends an audit event by the database's actor, inside this transaction.
    pub fn audit(&self, event: &AuditEvent) -> StoreResult<()> {
        append(&self.tx, &self.actor, event)
    }

    /// Stores everything the use case wrote.
    pub fn commit(self) -> StoreResult<()> {
        Ok(self.tx.commit()?)
    }

    /// The connection, for this crate's repositories.
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DatabaseKey;

    fn count(db: &Database) -> i64 {
        db.conn()
            .query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_unit_of_work_not_committed_leaves_nothing_and_a_committed_one_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::create(&dir.path().join("s.db"), &DatabaseKey::generate()).unwrap();
        let before = count(&db);
        {
            let work = db.begin().unwrap();
            work.audit(&AuditEvent::change("test.one", "school", 1))
                .unwrap();
            work.audit(&AuditEvent::change("test.two", "school", 1))
                .unwrap();
            assert_eq!(
                count(work.db()),
                before + 2,
                "reads see the work's own writes"
            );
        }
        assert_eq!(count(&db), before, "dropped without commit: nothing stored");
        let work = db.begin().unwrap();
        work.audit(&AuditEvent::change("test.one", "school", 1))
            .unwrap();
        work.commit().unwrap();
        assert_eq!(count(&db), before + 1);
        assert!(db.audit().verify_audit_log().unwrap().problem.is_none());
    }
}
