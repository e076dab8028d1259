//! `data`: the data subject's rights (R27, R31): the portability export and requests.

use clap::{Subcommand, ValueEnum};
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::data_request::RequestAnswer;
use skolekontor_app::domain::data_request::{RequestInput, RequestKind};
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::print;

/// Whose data.
#[derive(Clone, Copy, ValueEnum)]
pub enum Person {
    /// Et barn.
    Child,
    /// En forælder (med de børn, forælderen har forældremyndighed over).
    Guardian,
}

fn subject(person: Person, id: i64) -> DataSubject {
    match person {
        Person::Child => DataSubject::Child { id },
        Person::Guardian => DataSubject::Guardian { id },
    }
}

/// Persondata: dataudtræk og anmodninger om indsigt, sletning m.m.
#[derive(Subcommand)]
pub enum DataCommand {
    /// Alt om en person som JSON (skema: docs/data-export.md) eller CSV; skrives i loggen.
    Export {
        #[arg(value_enum)]
        person: Person,
        id: i64,
        #[arg(long, value_parser = ["json", "csv"], default_value = "json")]
        format: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Anmodningerne med frister.
    Requests,
    /// Registrér en anmodning; svarfristen er en måned.
    Request {
        #[arg(value_enum)]
        person: Person,
        id: i64,
        #[arg(long, value_parser = ["access", "rectification", "erasure", "restriction", "portability", "objection"], default_value = "access")]
        kind: String,
        /// Hvem der bad om det.
        #[arg(long)]
        from: String,
        /// Modtaget, dd-mm-åååå.
        #[arg(long)]
        received: String,
    },
    /// Besvar (eller med --refuse afvis) en anmodning.
    Answer {
        request_id: i64,
        #[arg(long)]
        text: String,
        #[arg(long)]
        refuse: bool,
    },
    /// Sletteplanen i dag: hvem, hvad, regel og hvorfor; med --approve kører
    /// skolelederen netop den plan, hun så (dens kode).
    Retention {
        /// Koden, som sletteplanen viste.
        #[arg(long)]
        approve: Option<String>,
    },
}

/// Runs a `data` subcommand.
pub fn run_data(office: &mut Office, json: bool, command: &DataCommand) -> AppResult<()> {
    let requests = match command {
        DataCommand::Export {
            person,
            id,
            format,
            out,
        } => {
            let subject = subject(*person, *id);
            let bytes = if format == "csv" {
                office.privacy().data_export_csv(subject)?
            } else {
                office.privacy().data_export_json(subject)?
            };
            std::fs::write(out, &bytes).map_err(|e| AppError::Store(e.into()))?;
            print(
                json,
                &serde_json::json!({ "file": out, "bytes": bytes.len() }),
                |_| format!("Dataudtrækket er skrevet til {}.", out.display()),
            );
            return Ok(());
        }
        DataCommand::Retention {
            approve: Some(token),
        } => {
            let done = office.privacy().run_retention(token)?;
            print(json, &serde_json::json!({ "done": done }), |_| done.clone());
            return Ok(());
        }
        DataCommand::Retention { approve: None } => {
            let plan = office.privacy().retention_plan()?;
            print(json, &plan, |p| {
                let mut lines = vec![format!("Sletteplan pr. {}:", p.as_of)];
                lines.extend(
                    p.lines
                        .iter()
                        .map(|l| format!("  {} {}: {} — {}", l.role, l.name, l.what, l.reason)),
                );
                lines.extend(
                    p.files
                        .iter()
                        .map(|f| format!("  {}: {}", f.what, f.reason)),
                );
                if p.lines.is_empty() && p.files.is_empty() {
                    lines.push("  Intet skal slettes i dag.".into());
                } else {
                    lines.push(format!(
                        "Godkend med: skolekontor-cli data retention --approve '{}'",
                        p.token
                    ));
                }
                lines.join("\n")
            });
            return Ok(());
        }
        DataCommand::Requests => office.privacy().data_requests()?,
        DataCommand::Request {
            person,
            id,
            kind,
            from,
            received,
        } => office.privacy().register_data_request(RequestInput {
            subject: subject(*person, *id),
            kind: RequestKind::from_code(kind).unwrap_or(RequestKind::Access),
            made_by: from.clone(),
            received_on: received.clone(),
        })?,
        DataCommand::Answer {
            request_id,
            text,
            refuse,
        } => office.privacy().answer_data_request(RequestAnswer {
            request_id: *request_id,
            refused: *refuse,
            text: text.clone(),
        })?,
    };
    print(json, &requests, |list| {
        list.iter()
            .map(|r| {
                format!(
                    "#{} {} {} fra {} · {}{}",
                    r.id,
                    r.received_on,
                    r.about,
                    r.made_by,
                    if r.overdue { "FOR SENT · " } else { "" },
                    r.status
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}
