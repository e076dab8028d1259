//! The one error type of the use cases. It crosses IPC as `{ code, message, fields }`
//! with a Danish message a secretary can act on — never personal data.

use serde::Serialize;
use skolekontor_domain::tr;
use skolekontor_domain::validation::{FieldError, ValidationErrors};
use skolekontor_store::StoreError;
use thiserror::Error;
use ts_rs::TS;

/// What went wrong in a use case.
#[derive(Debug, Error)]
pub enum AppError {
    /// Some fields are wrong; each is named.
    #[error("{}", tr!("error.check_fields", fields = .0))]
    Validation(ValidationErrors),
    /// From the encrypted store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Nobody is logged in.
    #[error("{}", tr!("error.not_logged_in"))]
    NotLoggedIn,
    /// The user's role does not allow this.
    #[error("{}", tr!("error.forbidden", role = .role, action = .action))]
    Forbidden {
        /// The role's name.
        role: String,
        /// What was attempted ("se registeret").
        action: String,
    },
    /// Unknown user or wrong password (deliberately not saying which).
    #[error("{}", tr!("error.wrong_password"))]
    WrongPassword,
    /// The program is not set up yet, or the database is not open.
    #[error("{}", tr!("error.not_open"))]
    NotOpen,
    /// The step does not fit where the program is.
    #[error("{0}")]
    WrongState(String),
    /// Input that is not a form (a file, a command line) could not be used.
    #[error("{0}")]
    Input(String),
    /// Password hashing failed.
    #[error("{}", tr!("error.password_hash"))]
    PasswordHash,
    /// A business rule refuses the step; the message says which and why.
    #[error("{0}")]
    Refused(String),
    /// The one-time code is wrong or too old.
    #[error("{}", tr!("error.wrong_code"))]
    WrongCode,
    /// The one-time code was right but has been used already (R29: once each).
    #[error("{}", tr!("error.code_used"))]
    CodeUsed,
    /// Too many failed tries for this user name: wait before the next.
    #[error("{}", tr!("error.too_many_tries", wait = .0))]
    TooManyTries(String),
    /// A login or session ended after too many wrong codes or passwords.
    #[error("{0}")]
    LoginEnded(String),
    /// The stored second-factor secret cannot be used.
    #[error("{}", tr!("error.second_factor_broken"))]
    SecondFactorBroken,
    /// The program is locked after idle time; the password opens it again.
    #[error("{}", tr!("error.locked"))]
    Locked,
    /// A staff user asked for a child outside their class or group.
    #[error("{}", tr!("error.outside_scope"))]
    OutsideScope,
    /// The PDF could not be made.
    #[error("{}", tr!("error.document", error = .0))]
    Document(String),
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Validation(errors)
    }
}

/// Short for results of use cases.
pub type AppResult<T> = Result<T, AppError>;

/// The error as the UI and `--json` receive it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ErrorReply {
    /// Stable machine code: `validation`, `wrongKey`, `forbidden` …
    pub code: String,
    /// Danish text for the user.
    pub message: String,
    /// Field problems, for `validation`.
    pub fields: Vec<FieldError>,
}

impl AppError {
    /// The stable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation",
            AppError::Store(e) => match e {
                StoreError::WrongKey => "wrongKey",
                StoreError::Damaged(_) => "damaged",
                StoreError::Busy => "busy",
                StoreError::Missing => "missing",
                StoreError::AlreadyExists => "alreadyExists",
                StoreError::TooNew { .. } => "tooNew",
                StoreError::UpgradeFailed { .. } => "upgradeFailed",
                StoreError::DiskFull => "diskFull",
                StoreError::Keyring(_) => "keyring",
                StoreError::RecoveryKey(_) => "recoveryKey",
                StoreError::NotFound => "notFound",
                StoreError::Duplicate(_) => "duplicate",
                StoreError::Io(_) => "io",
                StoreError::Sqlite(_) => "database",
                StoreError::Backup(_) => "backup",
            },
            AppError::NotLoggedIn => "notLoggedIn",
            AppError::Forbidden { .. } => "forbidden",
            AppError::WrongPassword => "wrongPassword",
            AppError::NotOpen => "notOpen",
            AppError::WrongState(_) => "wrongState",
            AppError::Input(_) => "input",
            AppError::PasswordHash => "passwordHash",
            AppError::Document(_) => "document",
            AppError::Refused(_) => "refused",
            AppError::WrongCode => "wrongCode",
            AppError::CodeUsed => "codeUsed",
            AppError::TooManyTries(_) => "tooManyTries",
            AppError::LoginEnded(_) => "loginEnded",
            AppError::SecondFactorBroken => "secondFactorBroken",
            AppError::Locked => "locked",
            AppError::OutsideScope => "outsideScope",
        }
    }

    /// The reply for the UI or the CLI.
    pub fn reply(&self) -> ErrorReply {
        let (message, fields) = match self {
            AppError::Validation(errors) => {
                (tr!("error.check_fields_short"), errors.errors.clone())
            }
            other => (other.to_string(), Vec::new()),
        };
        ErrorReply {
            code: self.code().to_string(),
            message,
            fields,
        }
    }
}
