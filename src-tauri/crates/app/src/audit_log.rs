//! The audit-log screen's use cases: filter the log, and verify its hash chain.
//! Only the headteacher reads it (the table in `access`).

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Copenhagen;
use serde::Serialize;
use skolekontor_domain::audit::{AuditCheck, AuditEntry, AuditFilter};
use skolekontor_domain::dates;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::audit::AuditQuery;
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::AppResult;
use crate::office::Office;

/// Most entries one screen shows.
pub const AUDIT_PAGE: usize = 500;

/// One entry as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    /// The stored entry.
    pub entry: AuditEntry,
    /// `dd-mm-yyyy hh:mm`, Copenhagen time.
    pub at_local: String,
    /// What happened, in Danish.
    pub description: String,
    /// The fields concerned, in Danish.
    pub field_labels: Vec<String>,
    /// The child's name, if the entry concerns a child still in the register.
    pub child_name: Option<String>,
}

/// What an action code means, in Danish.
pub fn describe(action: &str) -> &'static str {
    match action {
        "school.save" => "Skolens oplysninger gemt",
        "school.settings" => "Skolens indstillinger ændret",
        "user.create" => "Bruger oprettet",
        "user.update" => "Bruger ændret",
        "user.password" => "Adgangskode skiftet",
        "user.totp_enable" => "Totrinsbekræftelse sat op",
        "user.totp_reset" => "Totrinsbekræftelse nulstillet",
        "user.login" => "Logget ind",
        "user.lock" => "Låst efter inaktivitet",
        "user.unlock" => "Låst op",
        "child.create" => "Barn oprettet",
        "child.update" => "Barn ændret",
        "child.archive" => "Barn arkiveret",
        "child.restore" => "Barn genoprettet",
        "child.fee_paid" => "Indmeldelsesgebyr registreret betalt",
        "child.cpr_shown" => "Fulde CPR-numre vist",
        "guardian.create" => "Forælder oprettet",
        "guardian.update" => "Forælder ændret",
        "guardianship.create" => "Forælder knyttet til barn",
        "guardianship.update" => "Forældremyndighed/betaler ændret",
        "waiting.create" => "Skrevet op på indmeldelseslisten",
        "waiting.offer" => "Plads tilbudt",
        "waiting.accept" => "Tilbud accepteret",
        "waiting.decline" => "Tilbud afslået",
        "waiting.meeting" => "Optagelsesmøde registreret",
        "waiting.approve" => "Optagelse godkendt af skolelederen",
        "waiting.reject" => "Optagelse afvist af skolelederen",
        "waiting.admit" => "Optaget (indskrevet)",
        "waiting.withdraw" => "Taget af listen",
        "terms.create" => "Ny version af vilkårene",
        "class.capacity" => "Klassens pladser ændret",
        "template.save" => "Ny version af en tekst",
        "school.logo" => "Skolens logo ændret",
        "privacy.save" => "Persondatapolitikkens indstillinger ændret",
        _ => "Ændring",
    }
}

/// A logged field name in Danish (fields of guardians read as `guardian.<id>.cpr`).
pub fn field_label(field: &str) -> String {
    let known = match field.rsplit('.').next().unwrap_or(field) {
        "first_name" => "fornavn",
        "last_name" | "full_name" => "navn",
        "cpr" => "CPR-nummer",
        "privacy_contact" => "kontaktperson",
        "logo" => "logo",
        "retention_months_after_leaving" => "sletning efter udmeldelse",
        "retention_accounting_years" => "opbevaring af regnskab",
        "retention_certificate_years" => "opbevaring af afgangsbeviser",
        "birth_date" => "fødselsdato",
        "gender" => "køn",
        "nationality" => "nationalitet",
        "phone" => "telefon",
        "email" => "e-mail",
        "previous_institution" => "tidligere skole/dagtilbud",
        "uni_login" => "UNI-Login",
        "placement" => "placering",
        "address" => "adresse",
        "relation" => "relation",
        "has_custody" => "forældremyndighed",
        "is_payer" => "betaler",
        "enrolment_fee_paid_on" => "indmeldelsesgebyr",
        "role" => "rolle",
        "scope_division" | "scope_grade" => "klasse/gruppe",
        "active" => "kan logge ind",
        "enrolment" => "indskrivning",
        "terms_acceptance" => "accepterede vilkår",
        "capacity" | "class_capacity" | "kindergarten_capacity" => "pladser",
        "require_totp_for_all" => "totrin for alle",
        "idle_lock_minutes" => "låsetid",
        "home_municipality" => "bopælskommune",
        "scope" => "udmeldelsens omfang",
        "received_on" => "opsigelse modtaget",
        "last_day" => "sidste dag",
        "end_date" => "slutdato",
        "compensated_on" => "kompensation for tilskud",
        "reason" => "begrundelse",
        "grade" => "klassetrin",
        _ => return field.to_string(),
    };
    if field.starts_with("guardian.") {
        format!("forælders {known}")
    } else {
        known.to_string()
    }
}

fn day_start_utc(day: NaiveDate) -> Option<String> {
    let local = Copenhagen
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()?;
    Some(
        local
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    )
}

fn query_of(filter: &AuditFilter) -> AppResult<AuditQuery> {
    let mut errors = ValidationErrors::default();
    let mut day = |text: &str, field: &str| match text.trim() {
        "" => None,
        t => dates::parse(t).or_else(|| {
            errors.add(field, "Skriv datoen som dd-mm-åååå.");
            None
        }),
    };
    let (from, to) = (day(&filter.from, "from"), day(&filter.to, "to"));
    errors.into_result()?;
    Ok(AuditQuery {
        child_id: filter.child_id,
        user_id: filter.user_id,
        from_utc: from.and_then(day_start_utc),
        until_utc: to.and_then(|d| day_start_utc(d + Duration::days(1))),
        kind: filter.kind,
        limit: AUDIT_PAGE,
    })
}

impl Office {
    /// Log entries matching `filter`, newest first (at most [`AUDIT_PAGE`]).
    pub fn audit_log(&mut self, filter: AuditFilter) -> AppResult<Vec<AuditRow>> {
        self.user()?.require(Action::ViewAuditLog)?;
        let query = query_of(&filter)?;
        let open = self.opened()?;
        let names = open.index.children.search("", usize::MAX);
        let entries = open.db.audit_entries(&query)?;
        Ok(entries
            .into_iter()
            .map(|entry| AuditRow {
                at_local: clock::local_display(&entry.at).unwrap_or_default(),
                description: describe(&entry.action).to_string(),
                field_labels: entry.fields.iter().map(|f| field_label(f)).collect(),
                child_name: entry
                    .child_id
                    .and_then(|id| names.iter().find(|c| c.id == id))
                    .map(|c| format!("{} {}", c.first_name, c.last_name)),
                entry,
            })
            .collect())
    }

    /// Walks the hash chain of the whole log.
    pub fn verify_audit_log(&mut self) -> AppResult<AuditCheck> {
        self.user()?.require(Action::ViewAuditLog)?;
        Ok(self.opened()?.db.verify_audit_log()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_read_in_danish() {
        assert_eq!(field_label("first_name"), "fornavn");
        assert_eq!(field_label("guardian.12.cpr"), "forælders CPR-nummer");
        assert_eq!(field_label("something_new"), "something_new");
    }

    #[test]
    fn a_day_filter_covers_the_copenhagen_day_in_utc() {
        let filter = AuditFilter {
            from: "01-07-2026".into(),
            to: "01-07-2026".into(),
            ..Default::default()
        };
        let query = query_of(&filter).unwrap();
        assert_eq!(query.from_utc.as_deref(), Some("2026-06-30T22:00:00.000Z"));
        assert_eq!(query.until_utc.as_deref(), Some("2026-07-01T22:00:00.000Z"));
        let bad = AuditFilter {
            from: "32-13-2026".into(),
            ..Default::default()
        };
        assert!(query_of(&bad).is_err());
    }
}
