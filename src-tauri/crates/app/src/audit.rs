//! The audit-log screen's use cases: filter the log, and verify its hash chain.
//! Only the headteacher reads it (the table in `access`).

use std::path::Path;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Copenhagen;
use serde::Serialize;
use skolekontor_domain::audit::{AuditCheck, AuditEntry, AuditFilter};
use skolekontor_domain::dates;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::audit::AuditQuery;
use skolekontor_store::backup::anchors_in;
use ts_rs::TS;

use crate::access::Action;
use crate::backup::made_text;
use crate::clock;
use crate::error::AppResult;
use crate::office::Office;
use crate::use_case::Subject;
use skolekontor_domain::tr;

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
        "user.login_failed" => "Forkert brugernavn eller adgangskode ved login",
        "user.code_failed" => "Forkert eller brugt kode fra godkendelsesappen",
        "user.unlock_failed" => "Forkert adgangskode ved oplåsning",
        "backup.made" => "Sikkerhedskopi taget",
        "backup.settings" => "Indstillinger for sikkerhedskopier ændret",
        "backup.restored" => "Sikkerhedskopi gendannet",
        "database.rekey" => "Databasens nøgle skiftet",
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
        "absence.record" => "Fravær registreret",
        "absence.decide" => "Ansøgning om fri afgjort",
        "billing.settings" => "Indstillinger for opkrævning ændret",
        "charge.correction" => "Efterregulering tilføjet",
        "billing.credit_note" => "Kreditnota udstedt",
        "billing.refund" => "Tilbagebetaling registreret",
        "charge.enrolment_fee" => "Indmeldelsesgebyr sat til opkrævning",
        "charges.issue" => "Måned opkrævet",
        "charges.delivery" => "Betalingsservice-fil dannet",
        "child.school_start_deferral" => "Skoleudsættelse ændret",
        "class_fund.save" => "Klassekassens vilkår gemt",
        "class_fund.entry" => "Postering i klassekassen",
        "class_fund.cancel" => "Postering i klassekassen annulleret",
        "consent.record" => "Samtykke registreret",
        "consent_type.create" => "Samtykketype oprettet",
        "consent_type.active" => "Samtykketype slået til/fra",
        "data.export" => "Personoplysninger udleveret (indsigt/dataportabilitet)",
        "data_request.create" => "Anmodning om indsigt/sletning registreret",
        "data_request.update" => "Anmodning om indsigt/sletning opdateret",
        "exam_certificate.add" => "Afgangsbevis registreret",
        "health.add" => "Helbredsoplysning tilføjet",
        "health.delete" => "Helbredsoplysning slettet",
        "health.read" => "Helbredsoplysninger vist",
        "kindergarten.terminate" => "Børnehaveplads opsagt for restance",
        "payer.customer_number" => "Betalers kundenummer ændret",
        "payment.add" => "Betaling registreret",
        "payments.import" => "Betalinger indlæst fra Betalingsservice",
        "rate.add" => "Ny takst",
        "rate.save" => "Takst gemt",
        "rate.correct" => "Takst rettet (før den blev brugt)",
        "rate.remove" => "Takst slettet (før den blev brugt)",
        "register.import" => "Børn og forældre indlæst",
        "retention.run" => "Sletteplanen kørt",
        "schooling.end" => "Skolegang afbrudt (bortvisning)",
        "school_year.rollover" => "Skoleårsskifte kørt",
        "september_count.export" => "Elevtal til kommunerne dannet",
        "september_count.print" => "Elevtal til kommunerne udskrevet",
        "subsidy.add" => "Tilskud eller rabat tilføjet",
        "subsidy.end" => "Tilskud eller rabat afsluttet",
        "withdrawal.record" => "Udmeldelse registreret",
        "withdrawal.cancel" => "Udmeldelse trukket tilbage",
        "withdrawal.compensated" => "Kompensation for tilskud registreret",
        "placement.admission" => "Placering: optaget",
        "placement.class_change" => "Placering: klasseskift",
        "placement.sfo_join" => "Placering: begynder i SFO-modul",
        "placement.sfo_switch" => "Placering: skifter SFO-modul",
        "placement.sfo_drop" => "Placering: udmeldt af SFO-modul",
        "placement.withdrawal" => "Placering: udmeldt",
        "placement.arrears_termination" => "Placering: børnehaveplads opsagt for restance",
        "placement.expulsion" => "Placering: skolegang afbrudt",
        "placement.automatic_leaving" => "Placering: udskrevet ved skoleårets slutning",
        "placement.promotion" => "Placering: rykket op",
        "placement.date_correction" => "Placering: dato rettet",
        "placement.kindergarten_to_school" => "Placering: fra børnehave til skole",
        "placement.withdrawal_cancelled" => "Placering: udmeldelse trukket tilbage",
        "list.export" => "Liste gemt eller udskrevet",
        "mail.settings" => "Indstillinger for e-mail ændret",
        "mail.sent" => "E-mail sendt",
        "bookkeeping.accounts" => "Kontoplan ændret",
        "journal.export" => "Posteringsjournal gemt eller udskrevet",
        _ => "Ændring",
    }
}

/// A logged field name in Danish (fields of guardians read as `guardian.<id>.cpr`,
/// the retention run's counts as `name=count`).
pub fn field_label(field: &str) -> String {
    if let Some((name, count)) = field.split_once('=') {
        return format!("{}: {count}", field_label(name));
    }
    if let Some(item) = field
        .strip_prefix("account.")
        .and_then(skolekontor_domain::billing::journal::PostingItem::from_code)
    {
        return format!("konto for {}", item.danish().to_lowercase());
    }
    let Some(known) = danish_field(field.rsplit('.').next().unwrap_or(field)) else {
        return field.to_string();
    };
    if field.starts_with("guardian.") {
        format!("forælders {known}")
    } else {
        known.to_string()
    }
}

/// The Danish name of a logged column or field.
fn danish_field(name: &str) -> Option<&'static str> {
    Some(match name {
        "first_name" => "fornavn",
        "list" => "liste",
        "month" => "måned",
        "host" => "mailserver",
        "port" => "port",
        "security" => "forbindelsens sikring",
        "username" => "brugernavn",
        "from_address" => "afsenderadresse",
        "document" => "dokument",
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
        "customer_number" => "kundenummer",
        "amount_ore" => "beløb",
        "sfo_module" => "SFO-modul",
        "kindergarten_group" => "børnehavegruppe",
        "amount" => "beløb",
        "cancelled" => "annulleret",
        "contribution" => "månedligt bidrag",
        "date" => "dato",
        "decision" => "afgørelse",
        "enrolment_fee" => "indmeldelsesgebyr",
        "first_day" => "første dag",
        "start_date" => "første dag",
        "to_date" => "til og med",
        "grades" => "klassetrin",
        "health" => "helbredsoplysninger",
        "issued_on" => "udstedt",
        "kind" => "slags",
        "receipt" => "bilag",
        "school_start_deferred_to" => "udsat skolestart",
        "status" => "status",
        "text" => "tekst",
        "backup_folder" => "mappe til sikkerhedskopier",
        "backup_keep" => "antal sikkerhedskopier",
        "backup_max_age_days" => "advarsel efter dage uden sikkerhedskopi",
        "after_leaving" => "efter udmeldelse",
        "accounting" => "regnskab",
        "waiting_list" => "venteliste",
        "guardians" => "forældre",
        "delivery_files" => "Betalingsservice-filer",
        _ => return None,
    })
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
            errors.add(field, tr!("common.date_format"));
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
        let context = self.authorize(Action::ViewAuditLog, Subject::School)?;
        let query = query_of(&filter)?;
        let open = context.open;
        let names: Vec<_> = open.index.all_children().collect();
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

    /// Walks the hash chain of the whole log, and holds it against the anchors kept
    /// outside the file: each backup's metadata notes where the log ended when it was
    /// taken, and that entry must still be here, unchanged.
    pub fn verify_audit_log(&mut self) -> AppResult<AuditCheck> {
        let context = self.authorize(Action::ViewAuditLog, Subject::School)?;
        let open = context.open;
        let mut check = open.db.verify_audit_log()?;
        let folder = open.db.backup_settings()?.folder;
        if folder.is_empty() {
            return Ok(check);
        }
        for (backup, anchor) in anchors_in(Path::new(&folder)).unwrap_or_default() {
            let taken = format!("sikkerhedskopien fra {}", made_text(&backup));
            check.anchors_checked += 1;
            if let Some(problem) = open.db.audit_matches_anchor(&anchor, &taken)? {
                check.anchor_problem = Some(problem);
                break;
            }
        }
        Ok(check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the program logs reads as a Danish sentence in the log, never as
    /// its code: the store's and the app's sources are searched for the codes.
    #[test]
    fn every_logged_action_has_a_danish_description() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut missing = Vec::new();
        for dir in ["store/src", "app/src"] {
            for path in source_files(&crates.join(dir)) {
                let text = std::fs::read_to_string(&path).unwrap();
                for code in action_codes(&text) {
                    if describe(&code) == "Ændring" && !code.starts_with("test.") {
                        missing.push(code);
                    }
                }
            }
        }
        for kind in skolekontor_domain::placement::ChangeKind::ALL {
            if describe(kind.audit_action()) == "Ændring" {
                missing.push(kind.audit_action().to_string());
            }
        }
        assert!(missing.is_empty(), "no description for {missing:?}");
    }

    fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(source_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// The first string literal after each `AuditEvent::…(`.
    fn action_codes(text: &str) -> Vec<String> {
        text.split("AuditEvent::")
            .skip(1)
            .filter_map(|after| {
                let call = &after[after.find('(')? + 1..];
                let literal = call.trim_start().strip_prefix('"')?;
                Some(literal[..literal.find('"')?].to_string())
            })
            .filter(|code| code.contains('.'))
            .collect()
    }

    /// The field names a source file logs: the literals of `with_fields([…])`, of
    /// `fields.push("…")` and of the `("column", &value)` pairs handed to
    /// `changed_fields` and the retention run's summary.
    fn logged_fields(text: &str) -> Vec<String> {
        fn literals(text: &str) -> Vec<String> {
            text.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        }
        let mut fields = Vec::new();
        for after in text.split("with_fields([").skip(1) {
            fields.extend(literals(&after[..after.find(']').unwrap_or(0)]));
        }
        for after in text.split("fields.push(\"").skip(1) {
            fields.extend(after.split('"').next().map(str::to_string));
        }
        if text.contains("changed_fields(") || text.contains("retention.run") {
            for line in text.lines() {
                let line = line.trim_start();
                if let Some(rest) = line.strip_prefix("(\"") {
                    if let Some((name, value)) = rest.split_once("\", ") {
                        if value.starts_with('&') || value.starts_with("counts.") {
                            fields.push(name.to_string());
                        }
                    }
                }
            }
        }
        fields.retain(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        });
        fields
    }

    /// Every field the program logs has a Danish name in the log: the sources are
    /// searched for the names, as for the actions.
    #[test]
    fn every_logged_field_has_a_danish_name() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut missing = std::collections::BTreeSet::new();
        for dir in ["store/src", "app/src"] {
            for path in source_files(&crates.join(dir)) {
                let text = std::fs::read_to_string(&path).unwrap();
                for field in logged_fields(&text) {
                    if danish_field(field.rsplit('.').next().unwrap_or(&field)).is_none() {
                        missing.insert(field);
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no Danish name for {missing:?}");
    }

    #[test]
    fn field_names_read_in_danish() {
        assert_eq!(field_label("after_leaving=3"), "efter udmeldelse: 3");
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
