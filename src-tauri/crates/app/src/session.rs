//! Who is logged in, and the password hashing behind it (Argon2id).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use skolekontor_domain::register::ChildSummary;
use skolekontor_domain::role::{Role, StaffScope};
use skolekontor_domain::school::Division;
use skolekontor_domain::validation::ValidationErrors;
use ts_rs::TS;

use crate::access::{allowed, Action};
use crate::error::{AppError, AppResult};
use skolekontor_domain::tr;

/// The logged-in user as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SessionUser {
    /// Database id.
    #[ts(type = "number")]
    pub id: i64,
    /// Brugernavn.
    pub username: String,
    /// Navn.
    pub full_name: String,
    /// Rolle.
    pub role: Role,
    /// The class or group of a staff user.
    pub scope: Option<StaffScope>,
    /// What this user may do, so the UI can hide the rest.
    pub may: Vec<Action>,
    /// Minutes without use before the program locks.
    pub idle_lock_minutes: u32,
    /// Logged in with a second factor: needed for sensitive data (R29).
    pub second_factor: bool,
    /// Days from the machine's date to the program's day (0 unless the day is moved
    /// in a build for tests), so the forms' date fields start on the right day.
    pub day_offset: i32,
    /// The school is the fictional demo school: the screens carry a visible mark.
    pub demo: bool,
    /// The school's data was restored from a backup and nobody has seen the retention
    /// plan since: the window shows it before anything else.
    pub after_restore: bool,
}

impl SessionUser {
    /// Builds the session view of a user from their role.
    pub fn new(id: i64, username: String, full_name: String, role: Role) -> SessionUser {
        let may = Action::ALL
            .into_iter()
            .filter(|a| allowed(role, *a))
            .collect();
        let day_offset =
            (crate::clock::today() - chrono::Local::now().date_naive()).num_days() as i32;
        SessionUser {
            id,
            username,
            full_name,
            role,
            scope: None,
            may,
            idle_lock_minutes: 10,
            second_factor: false,
            day_offset,
            demo: false,
            after_restore: false,
        }
    }

    /// R24: staff see only the children of their own class or group.
    pub fn may_see(&self, child: &ChildSummary) -> bool {
        if self.role != Role::Staff {
            return true;
        }
        match self.scope {
            Some(StaffScope::Class { grade }) => {
                child.division == Some(Division::School) && child.grade == Some(grade)
            }
            Some(StaffScope::Kindergarten) => child.division == Some(Division::Kindergarten),
            None => false,
        }
    }

    /// R24: staff see only their own class; the office and the headteacher every class.
    pub fn may_see_class(&self, grade: u8) -> bool {
        self.role != Role::Staff || self.scope == Some(StaffScope::Class { grade })
    }

    /// R24 for a class's fund (R17): staff see the fund of the class they have this
    /// school year; a fund follows its class by cohort.
    pub fn may_see_cohort(&self, cohort: i32, today: chrono::NaiveDate) -> bool {
        match (self.role, self.scope) {
            (Role::Staff, Some(StaffScope::Class { grade })) => {
                cohort
                    == skolekontor_domain::class_fund::cohort_of(
                        grade,
                        skolekontor_domain::dates::school_year_start(today),
                    )
            }
            (Role::Staff, _) => false,
            _ => true,
        }
    }

    /// Whether this session may do `action`: the role allows it and, for sensitive
    /// data, the login had its second factor (R29).
    pub fn may(&self, action: Action) -> bool {
        self.may.contains(&action)
    }

    /// Refuses unless this session may do `action` ([`SessionUser::may`]).
    pub fn require(&self, action: Action) -> AppResult<()> {
        if self.may(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden {
                role: crate::access::role_name(self.role),
                action: action.described(),
            })
        }
    }
}

/// A new user as typed at set-up. Its `Debug` leaves both passwords out.
#[derive(Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct NewUserInput {
    /// Navn.
    pub full_name: String,
    /// Brugernavn.
    pub username: String,
    /// Adgangskode.
    pub password: String,
    /// Adgangskode igen.
    pub password_repeat: String,
}

impl std::fmt::Debug for NewUserInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUserInput")
            .field("full_name", &self.full_name)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

impl NewUserInput {
    /// Checks the form; prefixes field names with `prefix`.
    pub fn validate(&self, prefix: &str, errors: &mut ValidationErrors) {
        if self.full_name.trim().is_empty() {
            errors.add(format!("{prefix}fullName"), tr!("common.required"));
        }
        let username = self.username.trim();
        if username.len() < 3
            || !username
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            errors.add(format!("{prefix}username"), tr!("session.user_name_rule"));
        }
        if self.password.chars().count() < MIN_PASSWORD_CHARS {
            errors.add(
                format!("{prefix}password"),
                tr!("session.password_length", count = MIN_PASSWORD_CHARS),
            );
        } else if self.password != self.password_repeat {
            errors.add(
                format!("{prefix}passwordRepeat"),
                tr!("session.passwords_differ"),
            );
        }
    }
}

/// Whether more than `minutes` have passed since `last_activity`.
pub fn idle_expired(
    last_activity: std::time::Instant,
    now: std::time::Instant,
    minutes: u32,
) -> bool {
    now.saturating_duration_since(last_activity)
        > std::time::Duration::from_secs(u64::from(minutes) * 60)
}

/// An Argon2id hash (PHC string) of `password`.
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::PasswordHash)
}

/// The work of checking a password, for a user name that does not exist: Argon2id
/// with the program's parameters over the typed password and a fixed salt, so an
/// unknown name takes as long as a known one and does not give itself away. Always
/// false.
pub fn spend_like_a_password_check(password: &str) -> bool {
    const SALT: &str = "c2tvbGVrb250b3ItaW5nZW4tYnJ1Z2Vy";
    if let Ok(salt) = SaltString::from_b64(SALT) {
        let _ = Argon2::default().hash_password(password.as_bytes(), &salt);
    }
    false
}

/// Whether `password` matches the stored hash.
pub fn password_matches(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_idle_lock_falls_after_the_set_minutes_and_not_before() {
        let start = std::time::Instant::now();
        let after = |s: u64| start + std::time::Duration::from_secs(s);
        assert!(!idle_expired(start, after(600), 10));
        assert!(idle_expired(start, after(601), 10));
        assert!(idle_expired(start, after(61), 1));
    }

    #[test]
    fn hashes_verify_and_differ_per_salt() {
        let a = hash_password("korrekt hest batteri").unwrap();
        let b = hash_password("korrekt hest batteri").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(password_matches("korrekt hest batteri", &a));
        assert!(!password_matches("forkert", &a));
        assert!(!password_matches("x", "not a hash"));
    }

    #[test]
    fn r29_an_unknown_name_is_checked_with_the_parameters_of_a_real_hash() {
        let real = hash_password("korrekt hest batteri").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        let salt = SaltString::from_b64("c2tvbGVrb250b3ItaW5nZW4tYnJ1Z2Vy").unwrap();
        let dummy = Argon2::default().hash_password(b"noget", &salt).unwrap();
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.params, real.params, "the same memory, time and lanes");
        assert!(!spend_like_a_password_check("noget"));
    }

    #[test]
    fn short_or_mismatched_passwords_are_refused() {
        let mut errors = ValidationErrors::default();
        NewUserInput {
            full_name: "A".into(),
            username: "ab".into(),
            password: "kort".into(),
            password_repeat: "kort".into(),
        }
        .validate("user.", &mut errors);
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["user.username", "user.password"]);
        let mut errors = ValidationErrors::default();
        NewUserInput {
            full_name: "A".into(),
            username: "abc".into(),
            password: "1234567890".into(),
            password_repeat: "1234567891".into(),
        }
        .validate("", &mut errors);
        assert_eq!(errors.errors[0].field, "passwordRepeat");
    }
}
