//! The audit-log screen's use cases: filter the log, and verify its hash chain.
//! Only the headteacher reads it (the table in `access`).

use std::path::Path;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Copenhagen;
use serde::Serialize;
use skolekontor_domain::audit::{replaced_by_restore, AuditCheck, AuditEntry, AuditFilter};
use skolekontor_domain::dates;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::audit::AuditQuery;
use skolekontor_store::backup::anchors_in;
use ts_rs::TS;

use crate::access::Action;
use crate::backup::made_text;
use crate::clock;
use crate::error::AppResult;
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

/// What an action code means, in the chosen language.
pub fn describe(action: &str) -> String {
    match action {
        "school.save" => tr!("audit_event.school.save"),
        "school.settings" => tr!("audit_event.school.settings"),
        "user.create" => tr!("audit_event.user.create"),
        "user.update" => tr!("audit_event.user.update"),
        "user.password" => tr!("audit_event.user.password"),
        "user.totp_enable" => tr!("audit_event.user.totp_enable"),
        "user.totp_reset" => tr!("audit_event.user.totp_reset"),
        "user.login" => tr!("audit_event.user.login"),
        "user.lock" => tr!("audit_event.user.lock"),
        "user.lock_idle" => tr!("audit_event.user.lock_idle"),
        "user.unlock" => tr!("audit_event.user.unlock"),
        "user.login_failed" => tr!("audit_event.user.login_failed"),
        "user.code_failed" => tr!("audit_event.user.code_failed"),
        "user.unlock_failed" => tr!("audit_event.user.unlock_failed"),
        "backup.made" => tr!("audit_event.backup.made"),
        "backup.settings" => tr!("audit_event.backup.settings"),
        "backup.restored" => tr!("audit_event.backup.restored"),
        "database.rekey" => tr!("audit_event.database.rekey"),
        "child.create" => tr!("audit_event.child.create"),
        "child.update" => tr!("audit_event.child.update"),
        "child.archive" => tr!("audit_event.child.archive"),
        "child.restore" => tr!("audit_event.child.restore"),
        "child.fee_paid" => tr!("audit_event.child.fee_paid"),
        "child.cpr_shown" => tr!("audit_event.child.cpr_shown"),
        "guardian.create" => tr!("audit_event.guardian.create"),
        "guardian.update" => tr!("audit_event.guardian.update"),
        "guardianship.create" => tr!("audit_event.guardianship.create"),
        "guardianship.update" => tr!("audit_event.guardianship.update"),
        "waiting.create" => tr!("audit_event.waiting.create"),
        "waiting.offer" => tr!("audit_event.waiting.offer"),
        "waiting.accept" => tr!("audit_event.waiting.accept"),
        "waiting.decline" => tr!("audit_event.waiting.decline"),
        "waiting.meeting" => tr!("audit_event.waiting.meeting"),
        "waiting.approve" => tr!("audit_event.waiting.approve"),
        "waiting.reject" => tr!("audit_event.waiting.reject"),
        "waiting.admit" => tr!("audit_event.waiting.admit"),
        "waiting.withdraw" => tr!("audit_event.waiting.withdraw"),
        "terms.create" => tr!("audit_event.terms.create"),
        "class.capacity" => tr!("audit_event.class.capacity"),
        "template.save" => tr!("audit_event.template.save"),
        "school.logo" => tr!("audit_event.school.logo"),
        "privacy.save" => tr!("audit_event.privacy.save"),
        "absence.record" => tr!("audit_event.absence.record"),
        "absence.decide" => tr!("audit_event.absence.decide"),
        "billing.settings" => tr!("audit_event.billing.settings"),
        "charge.correction" => tr!("audit_event.charge.correction"),
        "billing.credit_note" => tr!("audit_event.billing.credit_note"),
        "billing.refund" => tr!("audit_event.billing.refund"),
        "charge.enrolment_fee" => tr!("audit_event.charge.enrolment_fee"),
        "charges.issue" => tr!("audit_event.charges.issue"),
        "charges.delivery" => tr!("audit_event.charges.delivery"),
        "child.school_start_deferral" => tr!("audit_event.child.school_start_deferral"),
        "class_fund.save" => tr!("audit_event.class_fund.save"),
        "class_fund.entry" => tr!("audit_event.class_fund.entry"),
        "class_fund.cancel" => tr!("audit_event.class_fund.cancel"),
        "consent.record" => tr!("audit_event.consent.record"),
        "consent_type.create" => tr!("audit_event.consent_type.create"),
        "consent_type.active" => tr!("audit_event.consent_type.active"),
        "data.export" => tr!("audit_event.data.export"),
        "data_request.create" => tr!("audit_event.data_request.create"),
        "data_request.update" => tr!("audit_event.data_request.update"),
        "exam_certificate.add" => tr!("audit_event.exam_certificate.add"),
        "health.add" => tr!("audit_event.health.add"),
        "health.delete" => tr!("audit_event.health.delete"),
        "health.read" => tr!("audit_event.health.read"),
        "kindergarten.terminate" => tr!("audit_event.kindergarten.terminate"),
        "payer.customer_number" => tr!("audit_event.payer.customer_number"),
        "payment.add" => tr!("audit_event.payment.add"),
        "payments.import" => tr!("audit_event.payments.import"),
        "rate.add" => tr!("audit_event.rate.add"),
        "rate.save" => tr!("audit_event.rate.save"),
        "rate.correct" => tr!("audit_event.rate.correct"),
        "rate.remove" => tr!("audit_event.rate.remove"),
        "register.import" => tr!("audit_event.register.import"),
        "retention.run" => tr!("audit_event.retention.run"),
        "schooling.end" => tr!("audit_event.schooling.end"),
        "school_year.rollover" => tr!("audit_event.school_year.rollover"),
        "september_count.export" => tr!("audit_event.september_count.export"),
        "september_count.print" => tr!("audit_event.september_count.print"),
        "subsidy.add" => tr!("audit_event.subsidy.add"),
        "subsidy.end" => tr!("audit_event.subsidy.end"),
        "withdrawal.record" => tr!("audit_event.withdrawal.record"),
        "withdrawal.cancel" => tr!("audit_event.withdrawal.cancel"),
        "withdrawal.compensated" => tr!("audit_event.withdrawal.compensated"),
        "placement.admission" => tr!("audit_event.placement.admission"),
        "placement.class_change" => tr!("audit_event.placement.class_change"),
        "placement.sfo_join" => tr!("audit_event.placement.sfo_join"),
        "placement.sfo_switch" => tr!("audit_event.placement.sfo_switch"),
        "placement.sfo_drop" => tr!("audit_event.placement.sfo_drop"),
        "placement.withdrawal" => tr!("audit_event.placement.withdrawal"),
        "placement.arrears_termination" => tr!("audit_event.placement.arrears_termination"),
        "placement.expulsion" => tr!("audit_event.placement.expulsion"),
        "placement.automatic_leaving" => tr!("audit_event.placement.automatic_leaving"),
        "placement.promotion" => tr!("audit_event.placement.promotion"),
        "placement.date_correction" => tr!("audit_event.placement.date_correction"),
        "placement.kindergarten_to_school" => tr!("audit_event.placement.kindergarten_to_school"),
        "placement.withdrawal_cancelled" => tr!("audit_event.placement.withdrawal_cancelled"),
        "list.export" => tr!("audit_event.list.export"),
        "mail.settings" => tr!("audit_event.mail.settings"),
        "mail.sent" => tr!("audit_event.mail.sent"),
        "bookkeeping.accounts" => tr!("audit_event.bookkeeping.accounts"),
        "journal.export" => tr!("audit_event.journal.export"),
        _ => tr!("audit_event.other"),
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
        return tr!(
            "audit_field.account_for",
            item = item.shown().to_lowercase()
        );
    }
    let Some(known) = field_name(field.rsplit('.').next().unwrap_or(field)) else {
        return field.to_string();
    };
    if field.starts_with("guardian.") {
        tr!("audit_field.guardians_field", field = known)
    } else {
        known
    }
}

/// The name of a logged column or field, in the chosen language.
fn field_name(name: &str) -> Option<String> {
    Some(match name {
        "first_name" => tr!("audit_field.first_name"),
        "list" => tr!("audit_field.list"),
        "month" => tr!("audit_field.month"),
        "host" => tr!("audit_field.host"),
        "port" => tr!("audit_field.port"),
        "security" => tr!("audit_field.security"),
        "username" => tr!("audit_field.username"),
        "from_address" => tr!("audit_field.from_address"),
        "document" => tr!("audit_field.document"),
        "last_name" | "full_name" => tr!("audit_field.last_name"),
        "cpr" => tr!("audit_field.cpr"),
        "privacy_contact" => tr!("audit_field.privacy_contact"),
        "logo" => tr!("audit_field.logo"),
        "retention_months_after_leaving" => tr!("audit_field.retention_months_after_leaving"),
        "retention_accounting_years" => tr!("audit_field.retention_accounting_years"),
        "retention_certificate_years" => tr!("audit_field.retention_certificate_years"),
        "birth_date" => tr!("audit_field.birth_date"),
        "gender" => tr!("audit_field.gender"),
        "nationality" => tr!("audit_field.nationality"),
        "phone" => tr!("audit_field.phone"),
        "email" => tr!("audit_field.email"),
        "previous_institution" => tr!("audit_field.previous_institution"),
        "uni_login" => tr!("audit_field.uni_login"),
        "placement" => tr!("audit_field.placement"),
        "address" => tr!("audit_field.address"),
        "relation" => tr!("audit_field.relation"),
        "has_custody" => tr!("audit_field.has_custody"),
        "is_payer" => tr!("audit_field.is_payer"),
        "enrolment_fee_paid_on" => tr!("audit_field.enrolment_fee_paid_on"),
        "role" => tr!("audit_field.role"),
        "scope_division" | "scope_grade" => tr!("audit_field.scope_division"),
        "active" => tr!("audit_field.active"),
        "enrolment" => tr!("audit_field.enrolment"),
        "terms_acceptance" => tr!("audit_field.terms_acceptance"),
        "capacity" | "class_capacity" | "kindergarten_capacity" => tr!("audit_field.capacity"),
        "require_totp_for_all" => tr!("audit_field.require_totp_for_all"),
        "idle_lock_minutes" => tr!("audit_field.idle_lock_minutes"),
        "home_municipality" => tr!("audit_field.home_municipality"),
        "address_protected" => tr!("audit_field.address_protected"),
        "scope" => tr!("audit_field.scope"),
        "received_on" => tr!("audit_field.received_on"),
        "last_day" => tr!("audit_field.last_day"),
        "end_date" => tr!("audit_field.end_date"),
        "compensated_on" => tr!("audit_field.compensated_on"),
        "reason" => tr!("audit_field.reason"),
        "grade" => tr!("audit_field.grade"),
        "customer_number" => tr!("audit_field.customer_number"),
        "amount_ore" => tr!("audit_field.amount_ore"),
        "sfo_module" => tr!("audit_field.sfo_module"),
        "kindergarten_group" => tr!("audit_field.kindergarten_group"),
        "amount" => tr!("audit_field.amount"),
        "cancelled" => tr!("audit_field.cancelled"),
        "contribution" => tr!("audit_field.contribution"),
        "date" => tr!("audit_field.date"),
        "decision" => tr!("audit_field.decision"),
        "enrolment_fee" => tr!("audit_field.enrolment_fee"),
        "first_day" => tr!("audit_field.first_day"),
        "start_date" => tr!("audit_field.start_date"),
        "to_date" => tr!("audit_field.to_date"),
        "grades" => tr!("audit_field.grades"),
        "health" => tr!("audit_field.health"),
        "issued_on" => tr!("audit_field.issued_on"),
        "kind" => tr!("audit_field.kind"),
        "receipt" => tr!("audit_field.receipt"),
        "school_start_deferred_to" => tr!("audit_field.school_start_deferred_to"),
        "status" => tr!("audit_field.status"),
        "text" => tr!("audit_field.text"),
        "backup_folder" => tr!("audit_field.backup_folder"),
        "backup_keep" => tr!("audit_field.backup_keep"),
        "backup_max_age_days" => tr!("audit_field.backup_max_age_days"),
        "after_leaving" => tr!("audit_field.after_leaving"),
        "accounting" => tr!("audit_field.accounting"),
        "waiting_list" => tr!("audit_field.waiting_list"),
        "guardians" => tr!("audit_field.guardians"),
        "delivery_files" => tr!("audit_field.delivery_files"),
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

crate::use_case_handle! {
    /// The audit log (*log*): the use cases, on the office's session.
    audit => AuditUseCases
}

impl AuditUseCases<'_> {
    /// Log entries matching `filter`, newest first (at most [`AUDIT_PAGE`]).
    pub fn audit_log(&mut self, filter: AuditFilter) -> AppResult<Vec<AuditRow>> {
        let context = self
            .office
            .authorize(Action::ViewAuditLog, Subject::School)?;
        let query = query_of(&filter)?;
        let open = context.open;
        let names: Vec<_> = open.index.all_children().collect();
        let entries = open.db.audit().audit_entries(&query)?;
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
        let context = self
            .office
            .authorize(Action::ViewAuditLog, Subject::School)?;
        let open = context.open;
        let mut check = open.db.audit().verify_audit_log()?;
        let folder = open.db.backup().backup_settings()?.folder;
        if folder.is_empty() {
            return Ok(check);
        }
        let restores = open.db.backup().restores()?;
        for (backup, anchor, made_utc) in anchors_in(Path::new(&folder)).unwrap_or_default() {
            let taken = tr!("audit.backup_from", made = made_text(&backup));
            check.anchors_checked += 1;
            if let Some(problem) = open.db.audit().audit_matches_anchor(&anchor, &taken)? {
                // A backup of the history a restore replaced no longer matches, and
                // should not: that is no sign of a rewritten log.
                if replaced_by_restore(&anchor, &made_utc, &restores) {
                    check.anchors_replaced += 1;
                    continue;
                }
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
                    if field_name(field.rsplit('.').next().unwrap_or(&field)).is_none() {
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
