//! The audit log's entries (logning): who did what to which record, and which
//! sensitive data was read. An entry names fields, never the value of one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of event an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum AuditKind {
    /// Something was created or changed.
    Change,
    /// Sensitive data (full CPR number, health) was shown.
    SensitiveRead,
    /// Login, second factor, lock.
    Access,
}

impl AuditKind {
    /// Stable code in the database.
    pub fn code(self) -> &'static str {
        match self {
            AuditKind::Change => "change",
            AuditKind::SensitiveRead => "sensitive_read",
            AuditKind::Access => "access",
        }
    }

    /// Reads [`AuditKind::code`] back.
    pub fn from_code(code: &str) -> Option<AuditKind> {
        [
            AuditKind::Change,
            AuditKind::SensitiveRead,
            AuditKind::Access,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One event to write. The store adds the time, the actor and the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Kind of event.
    pub kind: AuditKind,
    /// What was done, a stable code such as `child.update`.
    pub action: &'static str,
    /// The table of the record.
    pub record_type: &'static str,
    pub record_id: Option<i64>,
    /// The child the record concerns, for the person filter.
    pub child_id: Option<i64>,
    /// Names of the fields that changed (or were read) — never their values.
    pub fields: Vec<String>,
}

impl AuditEvent {
    /// A change to `record_type` #`record_id`.
    pub fn change(action: &'static str, record_type: &'static str, record_id: i64) -> AuditEvent {
        AuditEvent {
            kind: AuditKind::Change,
            action,
            record_type,
            record_id: Some(record_id),
            child_id: None,
            fields: Vec::new(),
        }
    }

    /// A read of sensitive data in `record_type` #`record_id`.
    pub fn sensitive_read(
        action: &'static str,
        record_type: &'static str,
        record_id: i64,
    ) -> AuditEvent {
        AuditEvent {
            kind: AuditKind::SensitiveRead,
            ..AuditEvent::change(action, record_type, record_id)
        }
    }

    /// A login-related event of a user.
    pub fn access(action: &'static str, user_id: i64) -> AuditEvent {
        AuditEvent {
            kind: AuditKind::Access,
            ..AuditEvent::change(action, "app_user", user_id)
        }
    }

    /// A failed login, code or unlock by the typed user name (the entry's actor); no
    /// user is named by id, so a name that does not exist reads the same.
    pub fn failed_access(action: &'static str) -> AuditEvent {
        AuditEvent {
            kind: AuditKind::Access,
            record_id: None,
            ..AuditEvent::change(action, "app_user", 0)
        }
    }

    /// Names the child the event concerns.
    pub fn for_child(mut self, child_id: i64) -> AuditEvent {
        self.child_id = Some(child_id);
        self
    }

    /// Names the fields concerned.
    pub fn with_fields<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        fields: I,
    ) -> AuditEvent {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }
}

/// One stored entry, as the audit screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    #[ts(type = "number")]
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// The user's id (none for set-up).
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
    /// The user's name at the time.
    pub user_name: String,
    pub kind: AuditKind,
    /// Action code.
    pub action: String,
    /// Table.
    pub record_type: String,
    #[ts(type = "number | null")]
    pub record_id: Option<i64>,
    /// Child concerned.
    #[ts(type = "number | null")]
    pub child_id: Option<i64>,
    /// Field names.
    pub fields: Vec<String>,
}

/// Which entries to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    /// Entries about this child.
    #[ts(type = "number | null")]
    pub child_id: Option<i64>,
    /// Entries by this user.
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
    /// From this day (`dd-mm-yyyy`, Copenhagen), inclusive.
    pub from: String,
    /// To this day (`dd-mm-yyyy`, Copenhagen), inclusive.
    pub to: String,
    /// Only this kind.
    pub kind: Option<AuditKind>,
}

/// The result of checking the hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AuditCheck {
    /// Entries checked.
    #[ts(type = "number")]
    pub entries: i64,
    /// The first entry where the chain breaks, if any.
    #[ts(type = "number | null")]
    pub broken_at: Option<i64>,
    /// What is wrong there, in Danish.
    pub problem: Option<String>,
    /// Where the log ends: its last entry's number and hash, to be noted outside the
    /// file (a backup's metadata keeps it too), so entries cut off the end show.
    pub last: Option<AuditAnchor>,
    /// How many backups' anchors the log was held against.
    pub anchors_checked: u32,
    /// Of those, how many were of a history a restore replaced (taken before the
    /// restore, within the log it replaced), and so rightly no longer match.
    pub anchors_replaced: u32,
    /// Where the log disagrees with a backup's anchor, in Danish.
    pub anchor_problem: Option<String>,
}

impl AuditCheck {
    /// Whether every entry is where and as it was written, and the log still holds
    /// every entry the backups saw.
    pub fn intact(&self) -> bool {
        self.broken_at.is_none() && self.anchor_problem.is_none()
    }
}

/// Where an audit log ends: its last entry's number and hash (the chain's anchor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AuditAnchor {
    /// The last entry's number.
    #[ts(type = "number")]
    pub seq: i64,
    /// Its hash (SHA-256, hex).
    pub hash: String,
}

impl AuditAnchor {
    /// The hash's first 16 characters, for people to compare.
    pub fn short_hash(&self) -> &str {
        &self.hash[..self.hash.len().min(16)]
    }
}

/// A restore as the log's check sees it: when it happened and where the log it
/// replaced ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSeen {
    /// When the restore was made (UTC, RFC 3339, as stored).
    pub restored_at: String,
    /// The replaced log's last entry, when it could be read.
    pub replaced: Option<AuditAnchor>,
}

/// Whether a backup's anchor that no longer matches the log is explained by a
/// legitimate restore rather than a rewritten log: a backup made before a restore
/// whose anchor lies within the log that restore replaced (at or before its last
/// entry, and that very entry when the numbers are equal). Such a backup was taken of
/// a history the school chose to leave; any other mismatch is reported.
pub fn replaced_by_restore(anchor: &AuditAnchor, made_utc: &str, restores: &[RestoreSeen]) -> bool {
    restores.iter().any(|restore| {
        let Some(replaced) = &restore.replaced else {
            return false;
        };
        made_utc < restore.restored_at.as_str() && (anchor.seq < replaced.seq || anchor == replaced)
    })
}

#[cfg(test)]
mod restore_tests {
    use super::*;

    fn anchor(seq: i64, hash: &str) -> AuditAnchor {
        AuditAnchor {
            seq,
            hash: hash.into(),
        }
    }

    #[test]
    fn a_backup_of_the_replaced_history_is_explained_and_nothing_else_is() {
        let restores = [RestoreSeen {
            restored_at: "2026-11-23T12:00:00.000Z".into(),
            replaced: Some(anchor(40, "ende")),
        }];
        let before = "2026-11-23T09:00:00.000Z";
        let after = "2026-11-23T13:00:00.000Z";
        assert!(replaced_by_restore(&anchor(35, "x"), before, &restores));
        assert!(replaced_by_restore(&anchor(40, "ende"), before, &restores));
        // The replaced log's last entry with another hash is no part of it.
        assert!(!replaced_by_restore(
            &anchor(40, "andet"),
            before,
            &restores
        ));
        // Beyond where the replaced log ended, or made after the restore: not explained.
        assert!(!replaced_by_restore(&anchor(41, "x"), before, &restores));
        assert!(!replaced_by_restore(&anchor(35, "x"), after, &restores));
        assert!(!replaced_by_restore(&anchor(35, "x"), before, &[]));
    }
}
