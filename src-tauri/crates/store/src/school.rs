//! The school's own record (the data controller) — one row.

use rusqlite::{params, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::school::{Division, SchoolProfile, SchoolSettings};

use crate::audit::{append, changed_fields};
use crate::database::{now_utc, Database};
use crate::error::StoreResult;

/// The enrolment fee in force on the program's day, bound as `?1` (R1): the newest
/// enrolment-fee rate that has begun.
const ENROLMENT_FEE_NOW: &str = "COALESCE((SELECT amount_ore FROM rate WHERE kind = 'enrolment_fee'
    AND valid_from <= ?1 ORDER BY valid_from DESC LIMIT 1), 0)";

impl Database {
    /// Marks the school as the fictional demo school (at its set-up).
    pub fn mark_demo(&mut self) -> StoreResult<()> {
        self.conn().execute("UPDATE school SET is_demo = 1", [])?;
        Ok(())
    }

    /// Saves the school's profile (set-up and later edits).
    pub fn save_school(&mut self, school: &SchoolProfile) -> StoreResult<()> {
        let has = |d: Division| school.divisions.contains(&d);
        let actor = self.actor().clone();
        let school_year = skolekontor_domain::dates::school_year_start(self.today());
        let tx = self.transaction()?;
        tx.execute(
            "INSERT INTO school (id, name, address, postal_code, town, phone, email, web, cvr,
                                 has_school, has_sfo, has_kindergarten, created_at, first_school_year)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (id) DO UPDATE SET name = ?1, address = ?2, postal_code = ?3, town = ?4,
                 phone = ?5, email = ?6, web = ?7, cvr = ?8, has_school = ?9, has_sfo = ?10,
                 has_kindergarten = ?11",
            params![
                school.name,
                school.address,
                school.postal_code,
                school.town,
                school.phone,
                school.email,
                school.web,
                school.cvr,
                has(Division::School),
                has(Division::Sfo),
                has(Division::Kindergarten),
                now_utc(),
                school_year
            ],
        )?;
        append(&tx, &actor, &AuditEvent::change("school.save", "school", 1))?;
        tx.commit()?;
        Ok(())
    }

    /// Saves the settings.
    pub fn save_school_settings(&mut self, settings: &SchoolSettings) -> StoreResult<()> {
        let actor = self.actor().clone();
        let today = self.today();
        let tx = self.transaction()?;
        let fields = changed_fields(
            &tx,
            "school",
            1,
            &[
                ("require_totp_for_all", &settings.require_totp_for_all),
                ("idle_lock_minutes", &settings.idle_lock_minutes),
                ("class_capacity", &settings.class_capacity),
                ("kindergarten_capacity", &settings.kindergarten_capacity),
            ],
        )?;
        tx.execute(
            "UPDATE school SET require_totp_for_all = ?1, idle_lock_minutes = ?2, class_capacity = ?3,
                 kindergarten_capacity = ?4 WHERE id = 1",
            params![
                settings.require_totp_for_all, settings.idle_lock_minutes, settings.class_capacity,
                settings.kindergarten_capacity
            ],
        )?;
        append(
            &tx,
            &actor,
            &AuditEvent::change("school.settings", "school", 1).with_fields(fields),
        )?;
        let fee_now: i64 = tx.query_row(&format!("SELECT {ENROLMENT_FEE_NOW}"), [today], |r| {
            r.get(0)
        })?;
        if fee_now != settings.enrolment_fee.0 {
            // The settings screen changes the fee from today; the rates screen can date it.
            tx.execute(
                "INSERT INTO rate (kind, module, amount_ore, valid_from, created_at, created_by)
                 VALUES ('enrolment_fee', '', ?1, ?4, ?2, ?3)
                 ON CONFLICT (kind, module, valid_from) DO UPDATE SET amount_ore = ?1",
                params![settings.enrolment_fee.0, now_utc(), actor.user_id, today],
            )?;
            append(
                &tx,
                &actor,
                &AuditEvent::change("rate.save", "rate", 0).with_fields(["enrolment_fee"]),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets or removes the school's logo.
    pub fn save_school_logo(&mut self, logo: Option<&[u8]>) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        tx.execute("UPDATE school SET logo = ?1 WHERE id = 1", [logo])?;
        append(
            &tx,
            &actor,
            &AuditEvent::change("school.logo", "school", 1).with_fields(["logo"]),
        )?;
        tx.commit()?;
        Ok(())
    }
}

crate::concept_handles! {
    /// The school's profile and settings.
    school => SchoolQueries
}

impl SchoolQueries<'_> {
    /// Whether this is the fictional demo school.
    pub fn is_demo(&self) -> StoreResult<bool> {
        Ok(self
            .db
            .conn()
            .query_row("SELECT is_demo FROM school", [], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }

    /// The school's security and intake settings.
    pub fn school_settings(&self) -> StoreResult<SchoolSettings> {
        Ok(self.db.conn().query_row(
            &format!("SELECT require_totp_for_all, idle_lock_minutes, class_capacity, kindergarten_capacity, {ENROLMENT_FEE_NOW}
               FROM school WHERE id = 1"),
            [self.db.today()],
            |r| {
                Ok(SchoolSettings {
                    require_totp_for_all: r.get(0)?,
                    idle_lock_minutes: r.get(1)?,
                    class_capacity: r.get(2)?,
                    kindergarten_capacity: r.get(3)?,
                    enrolment_fee: skolekontor_domain::Ore(r.get(4)?),
                })
            },
        )?)
    }

    /// The school's logo, if it has one.
    pub fn school_logo(&self) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .db
            .conn()
            .query_row("SELECT logo FROM school WHERE id = 1", [], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The school's profile, if set up.
    pub fn school(&self) -> StoreResult<Option<SchoolProfile>> {
        Ok(self
            .db
            .conn()
            .query_row(
                "SELECT name, address, postal_code, town, phone, email, web, cvr,
                        has_school, has_sfo, has_kindergarten FROM school WHERE id = 1",
                [],
                |r| {
                    let mut divisions = Vec::new();
                    for (column, division) in [
                        (8, Division::School),
                        (9, Division::Sfo),
                        (10, Division::Kindergarten),
                    ] {
                        if r.get::<_, bool>(column)? {
                            divisions.push(division);
                        }
                    }
                    Ok(SchoolProfile {
                        name: r.get(0)?,
                        address: r.get(1)?,
                        postal_code: r.get(2)?,
                        town: r.get(3)?,
                        phone: r.get(4)?,
                        email: r.get(5)?,
                        web: r.get(6)?,
                        cvr: r.get(7)?,
                        divisions,
                    })
                },
            )
            .optional()?)
    }
}
