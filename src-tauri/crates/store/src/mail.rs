//! The school's SMTP settings at rest (one row). The password is kept by the
//! keyring (`KeyVault::save_password`), never here.

use rusqlite::{params, OptionalExtension};

use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::mail::{SmtpSecurity, SmtpSettings};

use crate::database::{now_utc, Database};
use crate::error::StoreResult;

impl Database {
    /// Saves the SMTP settings, logged.
    pub fn save_smtp_settings(&mut self, settings: &SmtpSettings) -> StoreResult<()> {
        let work = self.begin()?;
        work.conn().execute(
            "INSERT INTO smtp_settings (id, host, port, security, username, from_address, from_name, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET host = ?1, port = ?2, security = ?3, username = ?4,
                 from_address = ?5, from_name = ?6, updated_at = ?7",
            params![
                settings.host,
                settings.port,
                settings.security.code(),
                settings.username,
                settings.from_address,
                settings.from_name,
                now_utc()
            ],
        )?;
        work.audit(
            &AuditEvent::change("mail.settings", "smtp_settings", 1).with_fields([
                "host",
                "port",
                "security",
                "username",
                "from_address",
            ]),
        )?;
        work.commit()
    }
}

crate::concept_handles! {
    /// E-mail to parents.
    mail => MailQueries
}

impl MailQueries<'_> {
    /// The SMTP settings, if the school has saved any.
    pub fn smtp_settings(&self) -> StoreResult<Option<SmtpSettings>> {
        Ok(self
            .db.conn()
            .query_row(
                "SELECT host, port, security, username, from_address, from_name FROM smtp_settings WHERE id = 1",
                [],
                |r| {
                    let security: String = r.get(2)?;
                    Ok(SmtpSettings {
                        host: r.get(0)?,
                        port: r.get(1)?,
                        security: SmtpSecurity::from_code(&security)
                            .unwrap_or(SmtpSecurity::StartTls),
                        username: r.get(3)?,
                        from_address: r.get(4)?,
                        from_name: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }
}
