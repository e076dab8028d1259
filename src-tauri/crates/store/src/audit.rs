//! The append-only audit log and its hash chain.
//!
//! Every change is written in the same transaction as the change itself, so a change
//! without its entry (or the reverse) cannot be stored. The table's triggers refuse
//! UPDATE and DELETE; each entry carries the SHA-256 of the entry before, so an edit
//! or a removed entry in the middle is found by [`AuditQueries::verify_audit_log`].

use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use skolekontor_domain::audit::{AuditAnchor, AuditCheck, AuditEntry, AuditEvent, AuditKind};
use skolekontor_domain::tr;

use crate::database::{now_utc, Database};
use crate::error::StoreResult;

/// The hash "before" the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who the log names for a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id; none for set-up and the command line without a user.
    pub user_id: Option<i64>,
    /// The name shown in the log.
    pub name: String,
}

impl Actor {
    /// The program itself (set-up, demo data, migrations).
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            name: "Skolekontor (opsætning)".into(),
        }
    }

    /// A logged-in user.
    pub fn user(user_id: i64, name: &str) -> Actor {
        Actor {
            user_id: Some(user_id),
            name: name.to_string(),
        }
    }
}

/// A time-ordered query window in UTC (RFC 3339 text compares in time order).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Entries about this child.
    pub child_id: Option<i64>,
    /// Entries by this user.
    pub user_id: Option<i64>,
    /// At or after this UTC instant.
    pub from_utc: Option<String>,
    /// Before this UTC instant.
    pub until_utc: Option<String>,
    /// Only this kind.
    pub kind: Option<AuditKind>,
    /// At most this many, newest first.
    pub limit: usize,
}

fn chain_hash(prev_hash: &str, entry: &AuditEntry) -> String {
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let parts = [
        prev_hash.to_string(),
        entry.seq.to_string(),
        entry.at.clone(),
        opt(entry.user_id),
        entry.user_name.clone(),
        entry.kind.code().to_string(),
        entry.action.clone(),
        entry.record_type.clone(),
        opt(entry.record_id),
        opt(entry.child_id),
        entry.fields.join(","),
    ];
    let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends `event` by `actor` on `conn` (inside the caller's transaction).
pub(crate) fn append(conn: &Connection, actor: &Actor, event: &AuditEvent) -> StoreResult<()> {
    let (last_seq, prev_hash): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            other => Err(other),
        })?;
    let entry = AuditEntry {
        seq: last_seq + 1,
        at: now_utc(),
        user_id: actor.user_id,
        user_name: actor.name.clone(),
        kind: event.kind,
        action: event.action.to_string(),
        record_type: event.record_type.to_string(),
        record_id: event.record_id,
        child_id: event.child_id,
        fields: event.fields.clone(),
    };
    let hash = chain_hash(&prev_hash, &entry);
    conn.execute(
        "INSERT INTO audit_entry (seq, at, user_id, user_name, kind, action, record_type, record_id, child_id,
                                  fields, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            entry.seq, entry.at, entry.user_id, entry.user_name, entry.kind.code(), entry.action,
            entry.record_type, entry.record_id, entry.child_id, entry.fields.join(","), prev_hash, hash
        ],
    )?;
    Ok(())
}

const COLUMNS: &str =
    "seq, at, user_id, user_name, kind, action, record_type, record_id, child_id, fields";

fn entry_from(row: &Row) -> rusqlite::Result<AuditEntry> {
    let fields: String = row.get(9)?;
    Ok(AuditEntry {
        seq: row.get(0)?,
        at: row.get(1)?,
        user_id: row.get(2)?,
        user_name: row.get(3)?,
        kind: AuditKind::from_code(&row.get::<_, String>(4)?).unwrap_or(AuditKind::Change),
        action: row.get(5)?,
        record_type: row.get(6)?,
        record_id: row.get(7)?,
        child_id: row.get(8)?,
        fields: fields
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

impl Database {
    /// Writes one event in its own transaction (reads of sensitive data, logins).
    pub fn record(&mut self, event: &AuditEvent) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        append(&tx, &actor, event)?;
        tx.commit()?;
        Ok(())
    }
}

crate::concept_handles! {
    /// The audit log.
    audit => AuditQueries
}

impl AuditQueries<'_> {
    /// Entries matching `query`, newest first.
    pub fn audit_entries(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_entry
             WHERE (?1 IS NULL OR child_id = ?1 OR (record_type = 'child' AND record_id = ?1))
               AND (?2 IS NULL OR user_id = ?2)
               AND (?3 IS NULL OR at >= ?3)
               AND (?4 IS NULL OR at < ?4)
               AND (?5 IS NULL OR kind = ?5)
             ORDER BY seq DESC LIMIT ?6"
        );
        let mut stmt = self.db.conn().prepare(&sql)?;
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![
                query.child_id,
                query.user_id,
                query.from_utc,
                query.until_utc,
                query.kind.map(AuditKind::code),
                limit
            ],
            entry_from,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Walks the whole chain and reports the first entry that is missing or changed.
    pub fn verify_audit_log(&self) -> StoreResult<AuditCheck> {
        verify_chain(self.db.conn())
    }

    /// Where the log ends now.
    pub fn audit_anchor(&self) -> StoreResult<Option<AuditAnchor>> {
        anchor_of(self.db.conn())
    }

    /// Holds the log against an anchor noted outside the file (a backup's metadata):
    /// the entry with that number must still be there with that hash. `None` when it
    /// is; otherwise what is wrong, in Danish. `taken` says where the anchor is from.
    pub fn audit_matches_anchor(
        &self,
        anchor: &AuditAnchor,
        taken: &str,
    ) -> StoreResult<Option<String>> {
        let found: Option<String> = self
            .db
            .conn()
            .query_row(
                "SELECT hash FROM audit_entry WHERE seq = ?1",
                [anchor.seq],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match found {
            Some(hash) if hash == anchor.hash => None,
            Some(_) => Some(tr!("audit.entry_differs", seq = anchor.seq, taken = taken)),
            None => Some(tr!("audit.entry_cut_off", seq = anchor.seq, taken = taken)),
        })
    }
}

/// Where the log of a database file that is not open ends, as far as it can still be
/// read (a damaged file's may not be): for the record of a restore that replaces it.
pub fn anchor_in_file(path: &std::path::Path, key: &crate::DatabaseKey) -> Option<AuditAnchor> {
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = crate::database::connect(path, flags).ok()?;
    crate::database::apply_key(&conn, key).ok()?;
    anchor_of(&conn).ok().flatten()
}

/// The last entry's number and hash on `conn`, if the log has any.
pub(crate) fn anchor_of(conn: &Connection) -> StoreResult<Option<AuditAnchor>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(AuditAnchor {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Walks the whole chain on `conn` (the school's file or a backup).
pub(crate) fn verify_chain(conn: &Connection) -> StoreResult<AuditCheck> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, prev_hash, hash FROM audit_entry ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let (mut expected_seq, mut prev_hash, mut entries) = (1_i64, GENESIS.to_string(), 0_i64);
    while let Some(row) = rows.next()? {
        let entry = entry_from(row)?;
        let (stored_prev, stored_hash): (String, String) = (row.get(10)?, row.get(11)?);
        let broken = |problem: String| AuditCheck {
            entries,
            broken_at: Some(entry.seq),
            problem: Some(problem),
            last: None,
            anchors_checked: 0,
            anchors_replaced: 0,
            anchor_problem: None,
        };
        if entry.seq != expected_seq {
            return Ok(broken(tr!(
                "audit.entry_missing",
                missing = expected_seq,
                seq = entry.seq
            )));
        }
        if stored_prev != prev_hash {
            return Ok(broken(tr!("audit.chain_broken", seq = entry.seq)));
        }
        if chain_hash(&prev_hash, &entry) != stored_hash {
            return Ok(broken(tr!("audit.entry_changed", seq = entry.seq)));
        }
        entries += 1;
        expected_seq += 1;
        prev_hash = stored_hash;
    }
    Ok(AuditCheck {
        entries,
        broken_at: None,
        problem: None,
        last: (entries > 0).then(|| AuditAnchor {
            seq: expected_seq - 1,
            hash: prev_hash,
        }),
        anchors_checked: 0,
        anchors_replaced: 0,
        anchor_problem: None,
    })
}

/// The names of `columns` whose stored value in `table` #`id` differs from the new one
/// (compared by SQLite itself, `IS NOT`, so NULLs compare too).
pub(crate) fn changed_fields(
    conn: &Connection,
    table: &str,
    id: i64,
    columns: &[(&'static str, &dyn rusqlite::ToSql)],
) -> StoreResult<Vec<String>> {
    let tests: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} IS NOT ?{}", i + 2))
        .collect();
    let sql = format!("SELECT {} FROM {table} WHERE id = ?1", tests.join(", "));
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![&id];
    values.extend(columns.iter().map(|(_, v)| *v));
    let flags: Vec<bool> = conn.query_row(&sql, values.as_slice(), |row| {
        (0..columns.len()).map(|i| row.get(i)).collect()
    })?;
    Ok(columns
        .iter()
        .zip(flags)
        .filter(|(_, changed)| *changed)
        .map(|((c, _), _)| c.to_string())
        .collect())
}
