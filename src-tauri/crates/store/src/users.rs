//! Application users (the people who log in to the program).

use rusqlite::{params, OptionalExtension};
use skolekontor_domain::role::Role;

use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};

/// A user as stored, with the password hash for the login check.
#[derive(Clone)]
pub struct StoredUser {
    /// Database id.
    pub id: i64,
    /// Brugernavn.
    pub username: String,
    /// Navn.
    pub full_name: String,
    /// Rolle.
    pub role: Role,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// May log in.
    pub active: bool,
}

impl std::fmt::Debug for StoredUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredUser").field("id", &self.id).field("role", &self.role).finish()
    }
}

impl Database {
    /// Adds a user; a taken user name is refused.
    pub fn insert_user(&self, username: &str, full_name: &str, role: Role, password_hash: &str) -> StoreResult<i64> {
        let result = self.conn().execute(
            "INSERT INTO app_user (username, full_name, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![username, full_name, role.code(), password_hash, now_utc()],
        );
        match result {
            Ok(_) => Ok(self.conn().last_insert_rowid()),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                Err(StoreError::Duplicate("Brugernavnet er allerede i brug."))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The user with this user name (any case), if any.
    pub fn user_by_name(&self, username: &str) -> StoreResult<Option<StoredUser>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, username, full_name, role, password_hash, active FROM app_user WHERE username = ?1",
                [username],
                |r| {
                    Ok(StoredUser {
                        id: r.get(0)?,
                        username: r.get(1)?,
                        full_name: r.get(2)?,
                        role: Role::from_code(&r.get::<_, String>(3)?).unwrap_or(Role::Staff),
                        password_hash: r.get(4)?,
                        active: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Number of users.
    pub fn user_count(&self) -> StoreResult<i64> {
        Ok(self.conn().query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))?)
    }
}
