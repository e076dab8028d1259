//! `consent`: the school's consent types, a child's answers and the staff lists (R23).

use clap::Subcommand;
use skolekontor_app::domain::consent::{Answerer, ConsentInput, Decision, Method};
use skolekontor_app::{AppResult, Office};

use crate::commands::print;

/// Samtykker: typer, et barns svar og listerne over børn uden samtykke.
#[derive(Subcommand)]
pub enum ConsentCommand {
    /// Skolens samtykker.
    Types,
    /// Et barns samtykker med historik.
    Show { child_id: i64 },
    /// Registrér et svar: givet, afvist eller trukket tilbage.
    Record {
        child_id: i64,
        type_id: i64,
        #[arg(value_parser = ["given", "refused", "withdrawn"])]
        decision: String,
        /// Forælderen med forældremyndighed, der svarede (id); udelades, når eleven selv svarer.
        #[arg(long)]
        guardian: Option<i64>,
        /// Datoen, dd-mm-åååå.
        #[arg(long)]
        on: String,
        #[arg(long, value_parser = ["paper", "in_person", "digital"], default_value = "paper")]
        method: String,
    },
    /// Børnene uden et samtykke i dag, pr. klasse.
    List { type_id: i64 },
}

/// Runs a `consent` subcommand.
pub fn run_consent(office: &mut Office, json: bool, command: &ConsentCommand) -> AppResult<()> {
    let consents = match command {
        ConsentCommand::Types => {
            let types = office.consent().consent_types()?;
            print(json, &types, |list| {
                list.iter()
                    .map(|t| {
                        format!(
                            "{:>3} {}{}",
                            t.id,
                            t.name,
                            if t.active { "" } else { " (ikke i brug)" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            return Ok(());
        }
        ConsentCommand::List { type_id } => {
            let list = office.consent().consent_list(*type_id)?;
            print(json, &list, |l| {
                let mut lines = vec![format!("{} — pr. {}", l.consent_type.list_title, l.day)];
                for group in &l.groups {
                    lines.push(format!("{} ({})", group.group, group.children.len()));
                    lines.extend(
                        group
                            .children
                            .iter()
                            .map(|c| format!("  {:<30} {}", c.name, c.reason)),
                    );
                }
                lines.join("\n")
            });
            return Ok(());
        }
        ConsentCommand::Show { child_id } => office.consent().child_consents(*child_id)?,
        ConsentCommand::Record {
            child_id,
            type_id,
            decision,
            guardian,
            on,
            method,
        } => office.consent().record_consent(ConsentInput {
            child_id: *child_id,
            type_id: *type_id,
            decision: Decision::from_code(decision).unwrap_or(Decision::Refused),
            answerer: guardian.map_or(Answerer::Pupil, |id| Answerer::Guardian { id }),
            on: on.clone(),
            method: Method::from_code(method).unwrap_or(Method::Paper),
        })?,
    };
    print(json, &consents, |c| {
        let mut lines = Vec::new();
        for row in &c.rows {
            lines.push(format!(
                "{:>3} {:<48} {}",
                row.consent_type.id, row.consent_type.name, row.state_text
            ));
            lines.extend(
                row.history
                    .iter()
                    .map(|h| format!("      {} {}", h.on, h.text)),
            );
        }
        lines.join("\n")
    });
    Ok(())
}
