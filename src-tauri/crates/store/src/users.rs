//! Application users (the people who log in to the program).

use rusqlite::{params, OptionalExtension, Row};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::role::{Role, StaffScope};

use crate::audit::append;
use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};
use skolekontor_domain::tr;

/// A user as stored, with the password hash and TOTP secret for the login check.
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
    /// The class or group a staff user works with.
    pub scope: Option<StaffScope>,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Base32 TOTP secret once the second factor is set up.
    pub totp_secret: Option<String>,
    /// May log in.
    pub active: bool,
    /// The last one-time code's time step this user has used (a step is taken once).
    pub totp_last_step: u64,
}

impl std::fmt::Debug for StoredUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredUser")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish()
    }
}

/// A user's details as an administrator sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserProfile {
    /// Navn.
    pub full_name: String,
    /// Rolle.
    pub role: Role,
    /// Class or group (staff only).
    pub scope: Option<StaffScope>,
    /// May log in.
    pub active: bool,
}

const USER_COLUMNS: &str = "id, username, full_name, role, scope_division, scope_grade, password_hash, totp_secret, active, totp_last_step";

fn user_from(r: &Row) -> rusqlite::Result<StoredUser> {
    let scope = match (
        r.get::<_, Option<String>>(4)?.as_deref(),
        r.get::<_, Option<u8>>(5)?,
    ) {
        (Some("school"), Some(grade)) => Some(StaffScope::Class { grade }),
        (Some("kindergarten"), _) => Some(StaffScope::Kindergarten),
        _ => None,
    };
    Ok(StoredUser {
        id: r.get(0)?,
        username: r.get(1)?,
        full_name: r.get(2)?,
        role: Role::from_code(&r.get::<_, String>(3)?).unwrap_or(Role::Staff),
        scope,
        password_hash: r.get(6)?,
        totp_secret: r.get(7)?,
        active: r.get(8)?,
        totp_last_step: r.get::<_, i64>(9)?.max(0) as u64,
    })
}

/// The user named `username` (any case) in a database file that is not open — a
/// backup the headteacher restores from when the school's own file is damaged. Read
/// only; the file is checked first.
pub fn user_in_file(
    path: &std::path::Path,
    key: &crate::DatabaseKey,
    username: &str,
) -> StoreResult<Option<StoredUser>> {
    crate::database::check_file(path, key)?;
    let conn = crate::database::connect(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::database::apply_key(&conn, key)?;
    let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE username = ?1");
    Ok(conn.query_row(&sql, [username], user_from).optional()?)
}

fn scope_columns(scope: Option<StaffScope>) -> (Option<&'static str>, Option<u8>) {
    match scope {
        Some(StaffScope::Class { grade }) => (Some("school"), Some(grade)),
        Some(StaffScope::Kindergarten) => (Some("kindergarten"), None),
        None => (None, None),
    }
}

impl Database {
    /// Adds a user; a taken user name is refused.
    pub fn insert_user(
        &mut self,
        username: &str,
        profile: &UserProfile,
        password_hash: &str,
    ) -> StoreResult<i64> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        let (division, grade) = scope_columns(profile.scope);
        let result = tx.execute(
            "INSERT INTO app_user (username, full_name, role, scope_division, scope_grade, password_hash, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![username, profile.full_name, profile.role.code(), division, grade, password_hash, profile.active, now_utc()],
        );
        match result {
            Ok(_) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                return Err(StoreError::Duplicate(tr!("users.name_taken")));
            }
            Err(e) => return Err(e.into()),
        }
        let id = tx.last_insert_rowid();
        append(
            &tx,
            &actor,
            &AuditEvent::change("user.create", "app_user", id).with_fields(["role"]),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes name, role, scope and whether the user may log in.
    pub fn update_user(&mut self, id: i64, profile: &UserProfile) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        let (division, grade) = scope_columns(profile.scope);
        let fields = crate::audit::changed_fields(
            &tx,
            "app_user",
            id,
            &[
                ("full_name", &profile.full_name),
                ("role", &profile.role.code()),
                ("scope_division", &division),
                ("scope_grade", &grade),
                ("active", &profile.active),
            ],
        )?;
        tx.execute(
            "UPDATE app_user SET full_name = ?2, role = ?3, scope_division = ?4, scope_grade = ?5, active = ?6 WHERE id = ?1",
            params![id, profile.full_name, profile.role.code(), division, grade, profile.active],
        )?;
        if !fields.is_empty() {
            append(
                &tx,
                &actor,
                &AuditEvent::change("user.update", "app_user", id).with_fields(fields),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces a user's password hash.
    pub fn set_password_hash(&mut self, id: i64, password_hash: &str) -> StoreResult<()> {
        self.update_secret(
            id,
            "UPDATE app_user SET password_hash = ?2 WHERE id = ?1",
            Some(password_hash),
            "user.password",
        )
    }

    /// Sets (or with `None` removes) a user's TOTP secret.
    pub fn set_totp_secret(&mut self, id: i64, secret: Option<&str>) -> StoreResult<()> {
        let action = if secret.is_some() {
            "user.totp_enable"
        } else {
            "user.totp_reset"
        };
        self.update_secret(
            id,
            "UPDATE app_user SET totp_secret = ?2 WHERE id = ?1",
            secret,
            action,
        )
    }

    fn update_secret(
        &mut self,
        id: i64,
        sql: &str,
        value: Option<&str>,
        action: &'static str,
    ) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        if tx.execute(sql, params![id, value])? == 0 {
            return Err(StoreError::NotFound);
        }
        append(&tx, &actor, &AuditEvent::change(action, "app_user", id))?;
        tx.commit()?;
        Ok(())
    }
}

crate::concept_handles! {
    /// Users.
    users => UsersQueries
}

impl UsersQueries<'_> {
    /// The user with this user name (any case), if any.
    pub fn user_by_name(&self, username: &str) -> StoreResult<Option<StoredUser>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE username = ?1");
        Ok(self
            .db
            .conn()
            .query_row(&sql, [username], user_from)
            .optional()?)
    }

    /// The user with this id.
    pub fn user_by_id(&self, id: i64) -> StoreResult<StoredUser> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1");
        Ok(self.db.conn().query_row(&sql, [id], user_from)?)
    }

    /// Every user, by name.
    pub fn users(&self) -> StoreResult<Vec<StoredUser>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY full_name COLLATE NOCASE");
        let mut stmt = self.db.conn().prepare(&sql)?;
        let rows = stmt.query_map([], user_from)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of users.
    pub fn user_count(&self) -> StoreResult<i64> {
        Ok(self
            .db
            .conn()
            .query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))?)
    }
}
