//! Application roles (R24): who uses the program.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A user's role; what each may do is the table in the `app` crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Skoleleder: sees and may do everything.
    Headteacher,
    /// Sekretær: the daily administration.
    Secretary,
    /// Other staff: only what their work needs.
    Staff,
}

impl Role {
    /// Stable code in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Headteacher => "headteacher",
            Role::Secretary => "secretary",
            Role::Staff => "staff",
        }
    }

    /// Reads [`Role::code`] back.
    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "headteacher" => Some(Role::Headteacher),
            "secretary" => Some(Role::Secretary),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }

    /// Danish name.
    pub fn danish(self) -> &'static str {
        match self {
            Role::Headteacher => "Skoleleder",
            Role::Secretary => "Sekretær",
            Role::Staff => "Medarbejder",
        }
    }
}

/// What a staff user works with (R24: they see only those children).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StaffScope {
    /// Klasselærer for one grade (one class per grade).
    Class {
        /// Klassetrin 0–9.
        grade: u8,
    },
    /// Børnehaveleder.
    Kindergarten,
}

impl StaffScope {
    /// Danish label: "3. klasse", "Børnehaven".
    pub fn danish(self) -> String {
        match self {
            StaffScope::Class { grade } => format!("{grade}. klasse"),
            StaffScope::Kindergarten => "Børnehaven".to_string(),
        }
    }
}
