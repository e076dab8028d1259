//! Use cases of the data subject's rights (R27, R31): everything held about a child or
//! a guardian (and, for a custody holder, about their children), read table by table
//! from the personal-data register, as the access report (PDF) and the portability
//! export (JSON with a documented schema, and CSV). Every export is a logged read of
//! sensitive data: it carries CPR numbers and health information.

use crate::data_request::PrivacyUseCases;
use serde::Serialize;
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::betalingsservice::delivery::customer_lines;
use skolekontor_domain::dates;
pub use skolekontor_domain::personal_data::DataSubject;
use skolekontor_domain::personal_data::{Category, Link, RegisterTable, Retention, REGISTER};
use skolekontor_domain::privacy::RetentionPeriods;
use skolekontor_store::personal_data::PeopleNames;
use skolekontor_store::Database;

use crate::access::Action;
use crate::clock;
use crate::documents::document_error;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_documents::csv_file::CsvFile;
use skolekontor_domain::tr;

/// The schema the JSON export follows; `docs/data-export.md` describes it.
pub const EXPORT_SCHEMA: &str = "skolekontor-dataudtraek/1";

/// One field a section holds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportField {
    pub column: &'static str,
    /// What it is, in Danish.
    pub data: &'static str,
    /// `almindelig`, `cpr`, `følsom`.
    pub category: &'static str,
    /// When it is deleted, in Danish.
    pub retention: String,
}

/// One table's rows about the person.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSection {
    pub table: &'static str,
    /// Why the school holds it.
    pub purpose: &'static str,
    pub legal_basis: &'static str,
    pub fields: Vec<ExportField>,
    /// The rows, each a map from column to value.
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Everything about one person.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataExport {
    /// [`EXPORT_SCHEMA`].
    pub schema: &'static str,
    /// `yyyy-mm-dd`.
    pub generated_on: String,
    /// `barn` or `forælder`.
    pub person: &'static str,
    /// The id in the school's register.
    pub id: i64,
    pub name: String,
    /// Table by table, only tables with rows.
    pub sections: Vec<ExportSection>,
    /// A custody holder's children.
    pub children: Vec<DataExport>,
}

fn category(category: Category) -> &'static str {
    match category {
        Category::Ordinary => "almindelig",
        Category::Cpr => "cpr",
        Category::Sensitive => "følsom",
    }
}

fn retention_text(retention: Retention, periods: &RetentionPeriods) -> String {
    let sentences = periods.sentences();
    match retention {
        Retention::AfterLeaving => sentences[0].clone(),
        Retention::Accounting | Retention::AuditLog => sentences[1].clone(),
        Retention::WaitingList => sentences[3].clone(),
        Retention::Certificate => sentences[4].clone(),
        Retention::WhileUser => "Så længe brugeren findes.".into(),
    }
}

fn section(
    db: &Database,
    table: &'static RegisterTable,
    link: Link,
    id: i64,
    periods: &RetentionPeriods,
) -> AppResult<Option<ExportSection>> {
    let rows = db.privacy().personal_rows(table, link, id)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let fields = table
        .personal
        .iter()
        .map(|f| ExportField {
            column: f.column,
            data: f.data,
            category: category(f.category),
            retention: retention_text(f.retention, periods),
        })
        .collect();
    let rows = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(column, value)| (column.to_string(), value))
                .collect()
        })
        .collect();
    Ok(Some(ExportSection {
        table: table.table,
        purpose: table.purpose,
        legal_basis: table.legal_basis,
        fields,
        rows,
    }))
}

/// The stored Betalingsservice files that collected from a payer: one blob holds every
/// payer of a month, so the register links no rows to a person; the payer's own lines
/// are read out of each file instead (R27).
fn delivery_section(
    db: &Database,
    guardian_id: i64,
    periods: &RetentionPeriods,
) -> AppResult<Option<ExportSection>> {
    let Some(table) = skolekontor_domain::personal_data::table("bs_delivery") else {
        return Ok(None);
    };
    let mut rows = Vec::new();
    for (month, created_on, file, customer) in db.privacy().deliveries_naming(guardian_id)? {
        let lines = customer_lines(&file, &customer)
            .map_err(|_| AppError::Refused(tr!("privacy.stored_file_unreadable")))?;
        let mut row = serde_json::Map::new();
        row.insert(
            "file".into(),
            format!(
                "Filen for {month} (lavet {created_on}): {}",
                lines.join(" · ")
            )
            .into(),
        );
        row.insert("month".into(), month.into());
        row.insert("created_on".into(), created_on.into());
        row.insert("customer_number".into(), customer.into());
        row.insert("lines".into(), lines.into());
        rows.push(row);
    }
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(ExportSection {
        table: table.table,
        purpose: table.purpose,
        legal_basis: table.legal_basis,
        fields: table
            .personal
            .iter()
            .map(|f| ExportField {
                column: f.column,
                data: "dine linjer i filen: navn, adresse, kundenummer, beløb og tekst",
                category: category(f.category),
                retention: retention_text(f.retention, periods),
            })
            .collect(),
        rows,
    }))
}

fn text_of(section: Option<&ExportSection>, column: &str) -> String {
    section
        .and_then(|s| s.rows.first())
        .and_then(|r| r.get(column))
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// Reads everything about `subject` from the register's tables.
pub(crate) fn export_of(
    db: &Database,
    subject: DataSubject,
    today: chrono::NaiveDate,
) -> AppResult<DataExport> {
    let periods = db.template().privacy_settings()?.0.retention;
    let (person, id, own_table) = match subject {
        DataSubject::Child { id } => ("barn", id, "child"),
        DataSubject::Guardian { id } => ("forælder", id, "guardian"),
    };
    let mut sections = Vec::new();
    for table in REGISTER {
        let link = match subject {
            DataSubject::Child { .. } => table.child,
            DataSubject::Guardian { .. } => table.guardian,
        };
        sections.extend(section(db, table, link, id, &periods)?);
    }
    if let DataSubject::Guardian { id } = subject {
        sections.extend(delivery_section(db, id, &periods)?);
    }
    let own = sections.iter().find(|s| s.table == own_table);
    if own.is_none() {
        return Err(AppError::Refused(tr!("privacy.person_not_found")));
    }
    let name = format!(
        "{} {}",
        text_of(own, "first_name"),
        text_of(own, "last_name")
    );
    let mut children = Vec::new();
    if let DataSubject::Guardian { .. } = subject {
        let custody = sections
            .iter()
            .find(|s| s.table == "guardianship")
            .map(|s| s.rows.clone())
            .unwrap_or_default();
        for row in custody
            .iter()
            .filter(|r| r.get("has_custody").and_then(|v| v.as_i64()) == Some(1))
        {
            if let Some(child) = row.get("child_id").and_then(|v| v.as_i64()) {
                children.push(export_of(db, DataSubject::Child { id: child }, today)?);
            }
        }
    }
    Ok(DataExport {
        schema: EXPORT_SCHEMA,
        generated_on: today.to_string(),
        person,
        id,
        name,
        sections,
        children,
    })
}

fn csv_rows(export: &DataExport, file: &mut CsvFile) -> AppResult<()> {
    for section in &export.sections {
        for (n, row) in section.rows.iter().enumerate() {
            for field in &section.fields {
                let value = match row.get(field.column) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                let record = [
                    export.person,
                    &export.id.to_string(),
                    &export.name,
                    section.table,
                    &(n + 1).to_string(),
                    field.column,
                    field.data,
                    &value,
                ];
                file.row(record).map_err(document_error)?;
            }
        }
    }
    for child in &export.children {
        csv_rows(child, file)?;
    }
    Ok(())
}

impl PrivacyUseCases<'_> {
    /// R27: everything held about a person; a logged read of sensitive data.
    pub fn data_export(&mut self, subject: DataSubject) -> AppResult<DataExport> {
        // The whole school: only the office sees full CPR numbers, and a person
        // deleted under R26 is answered by the export itself ("nothing is held").
        let context = self
            .office
            .authorize(Action::ViewFullCpr, Subject::School)?;
        context.user.require(Action::ViewHealth)?;
        let work = context.open.db.begin()?;
        let export = export_of(work.db(), subject, context.today)?;
        let (record_type, id) = match subject {
            DataSubject::Child { id } => ("child", id),
            DataSubject::Guardian { id } => ("guardian", id),
        };
        let mut event = AuditEvent::sensitive_read("data.export", record_type, id)
            .with_fields(["cpr", "health"]);
        if let DataSubject::Child { id } = subject {
            event = event.for_child(id);
        }
        work.audit(&event)?;
        work.commit()?;
        Ok(export)
    }

    /// The portability export as JSON (R27): the schema in `docs/data-export.md`.
    pub fn data_export_json(&mut self, subject: DataSubject) -> AppResult<Vec<u8>> {
        let export = self.data_export(subject)?;
        serde_json::to_vec_pretty(&export)
            .map_err(|e| AppError::Input(tr!("common.json_not_written", error = e)))
    }

    /// The same as CSV, one line per field: person, id, name, table, row, field, description, value.
    pub fn data_export_csv(&mut self, subject: DataSubject) -> AppResult<Vec<u8>> {
        let export = self.data_export(subject)?;
        let mut file = CsvFile::new();
        file.row([
            "person",
            "id",
            "navn",
            "tabel",
            "række",
            "felt",
            "beskrivelse",
            "værdi",
        ])
        .map_err(document_error)?;
        csv_rows(&export, &mut file)?;
        file.finish().map_err(document_error)
    }
}

/// A file name for an export: the kind of person and the day, no name.
pub fn data_export_file_name(subject: DataSubject, extension: &str) -> String {
    let (person, id) = match subject {
        DataSubject::Child { id } => ("barn", id),
        DataSubject::Guardian { id } => ("foraelder", id),
    };
    format!(
        "dataudtraek-{person}-{id}-{}.{extension}",
        dates::short(clock::today())
    )
}

/// Columns that hold yes or no as 0 or 1.
const FLAGS: [&str; 10] = [
    "has_custody",
    "is_payer",
    "approved",
    "all_agree",
    "with_leadership",
    "with_child",
    "with_parents",
    "with_class_teacher",
    "immediate",
    "active",
];

/// The Danish word for a code the register stores (`female`, `school`, `bs_paid` …).
fn code_text(column: &str, code: &str) -> Option<&'static str> {
    Some(match (column, code) {
        ("gender", "female") => "pige",
        ("gender", "male") => "dreng",
        ("division", "school") => "skole",
        ("division", "sfo") => "SFO",
        ("division", "kindergarten") => "børnehave",
        ("kind", "rate") => "takst",
        ("kind", "sibling_discount") => "søskenderabat",
        ("kind", "subsidy") => "tilskud",
        ("kind", "enrolment_fee") => "indmeldelsesgebyr",
        ("kind", "correction") => "regulering",
        ("kind", "friplads") => "økonomisk friplads",
        ("kind", "municipal") => "kommunalt tilskud",
        ("kind", "bs_paid") => "betalt via Betalingsservice",
        ("kind", "bs_rejected") => "afvist i Betalingsservice",
        ("kind", "bs_cancelled") => "annulleret i Betalingsservice",
        ("kind", "bs_charged_back") => "tilbageført",
        ("kind", "transfer") => "bankoverførsel",
        ("kind", "cash") => "kontant",
        ("kind", "sick") => "sygdom",
        ("role", "headteacher") => "skoleleder",
        ("role", "secretary") => "sekretær",
        ("role", "staff") => "medarbejder",
        _ => return None,
    })
}

/// A reference to a person by name; another reference as its number.
fn reference(column: &str, id: i64, names: &PeopleNames) -> String {
    let name = match column {
        "child_id" => names.children.get(&id),
        "guardian_id" | "payer_id" | "from_guardian_id" | "cashier_guardian_id" => {
            names.guardians.get(&id)
        }
        c if c.ends_with("_by") => names.users.get(&id),
        _ => None,
    };
    name.cloned().unwrap_or_else(|| format!("nr. {id}"))
}

/// A value as the report prints it: dates in Danish, flags as ja/nej, amounts in
/// kroner, codes in Danish words, people by name, nothing as a dash. The JSON export
/// keeps the stored values.
fn printed(column: &str, value: &serde_json::Value, names: &PeopleNames) -> String {
    match value {
        serde_json::Value::Null => "–".into(),
        serde_json::Value::String(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(dates::short)
            .ok()
            .or_else(|| code_text(column, s).map(str::to_string))
            .unwrap_or_else(|| s.clone()),
        serde_json::Value::Number(n) if FLAGS.contains(&column) => {
            if n.as_i64() == Some(1) { "ja" } else { "nej" }.into()
        }
        serde_json::Value::Number(n) if column.ends_with("_ore") || column == "amount" => {
            skolekontor_domain::Ore(n.as_i64().unwrap_or_default()).to_danish()
        }
        serde_json::Value::Number(n)
            if column == "id" || column.ends_with("_id") || column.ends_with("_by") =>
        {
            reference(column, n.as_i64().unwrap_or_default(), names)
        }
        other => other.to_string(),
    }
}

/// The export as the access report's parts: the person, then each child.
pub(crate) fn report_parts(
    export: &DataExport,
    names: &PeopleNames,
) -> Vec<skolekontor_documents::access_report::AccessPart> {
    use skolekontor_documents::access_report::{AccessPart, AccessSection};
    let mut parts = vec![AccessPart {
        title: format!("Oplysninger om {} ({})", export.name, export.person),
        sections: export
            .sections
            .iter()
            .map(|s| {
                let mut retention: Vec<String> = Vec::new();
                for field in &s.fields {
                    if !retention.contains(&field.retention) {
                        retention.push(field.retention.clone());
                    }
                }
                AccessSection {
                    purpose: s.purpose.to_string(),
                    legal_basis: s.legal_basis.to_string(),
                    retention,
                    rows: s
                        .rows
                        .iter()
                        .map(|row| {
                            s.fields
                                .iter()
                                .map(|f| {
                                    (
                                        f.data.to_string(),
                                        row.get(f.column)
                                            .map(|v| printed(f.column, v, names))
                                            .unwrap_or_default(),
                                    )
                                })
                                .collect()
                        })
                        .collect(),
                }
            })
            .collect(),
    }];
    for child in &export.children {
        parts.extend(report_parts(child, names));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{printed, retention_text, PeopleNames, Retention, RetentionPeriods};
    use serde_json::json;

    #[test]
    fn the_report_prints_flags_amounts_dates_codes_and_people_by_name() {
        let mut names = PeopleNames::default();
        names.guardians.insert(109, "Mette Sørensen".into());
        names.children.insert(94, "Ida Sørensen".into());
        names.users.insert(2, "Birgitte Holm".into());
        let printed = |column: &str, value: serde_json::Value| printed(column, &value, &names);
        assert_eq!(printed("has_custody", json!(1)), "ja");
        assert_eq!(printed("is_payer", json!(0)), "nej");
        assert_eq!(printed("amount_ore", json!(155_000)), "1.550,00 kr.");
        assert_eq!(printed("given_on", json!("2026-09-01")), "01-09-2026");
        assert_eq!(printed("guardian_id", json!(109)), "Mette Sørensen");
        assert_eq!(printed("child_id", json!(94)), "Ida Sørensen");
        assert_eq!(printed("made_by", json!(2)), "Birgitte Holm");
        assert_eq!(printed("charge_id", json!(7)), "nr. 7");
        assert_eq!(printed("gender", json!("female")), "pige");
        assert_eq!(printed("division", json!("kindergarten")), "børnehave");
        assert_eq!(
            printed("kind", json!("bs_paid")),
            "betalt via Betalingsservice"
        );
        assert_eq!(printed("school_days", json!(3)), "3");
        assert_eq!(printed("phone", serde_json::Value::Null), "–");
    }

    #[test]
    fn each_rule_quotes_its_own_sentence_of_the_notice() {
        let periods = RetentionPeriods::default();
        for (rule, words) in [
            (Retention::AfterLeaving, "Når et barn udmeldes"),
            (Retention::Accounting, "Regnskabsoplysninger"),
            (Retention::WaitingList, "ventelisten"),
            (Retention::Certificate, "Afgangsprøvebeviser"),
            (Retention::WhileUser, "brugeren"),
        ] {
            let text = retention_text(rule, &periods);
            assert!(text.contains(words), "{rule:?}: {text}");
        }
    }
}
