//! `absence`: sickness and leave requests (R16), their decision, and the lists.

use clap::Subcommand;
use skolekontor_app::domain::absence::{AbsenceInput, AbsenceKind};
use skolekontor_app::{AppResult, Office};

use crate::commands::print;

/// Fravær: sygdom, anmodning om fri og afgørelsen.
#[derive(Subcommand)]
pub enum AbsenceCommand {
    /// Registrér sygdom (fra første sygedag) eller en anmodning om fri.
    Record {
        child_id: i64,
        #[arg(value_parser = ["sickness", "leave"])]
        kind: String,
        /// Første dag, dd-mm-åååå.
        #[arg(long)]
        first: String,
        /// Sidste dag, dd-mm-åååå (tom: én dags sygdom).
        #[arg(long, default_value = "")]
        last: String,
        /// Hvem meldte eller bad om fri.
        #[arg(long)]
        by: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Et barns fravær i skoleåret med totaler.
    Child { child_id: i64 },
    /// En klasses fravær i skoleåret.
    Class { grade: u8 },
    /// Anmodninger om fri, der venter på dig.
    Requests,
    /// Godkend eller afvis en anmodning om fri.
    Decide {
        absence_id: i64,
        #[arg(long)]
        refuse: bool,
    },
}

/// Runs an `absence` subcommand.
pub fn run_absence(office: &mut Office, json: bool, command: &AbsenceCommand) -> AppResult<()> {
    match command {
        AbsenceCommand::Record {
            child_id,
            kind,
            first,
            last,
            by,
            note,
        } => {
            let kind = if kind == "leave" {
                AbsenceKind::Leave
            } else {
                AbsenceKind::Sickness
            };
            let input = AbsenceInput {
                child_id: *child_id,
                kind: Some(kind),
                first_day: first.clone(),
                last_day: last.clone(),
                reported_by: by.clone(),
                note: note.clone(),
            };
            let saved = office.absence().record_absence(input)?;
            print(json, &saved, |a| {
                format!(
                    "#{} {} ({} skoledage): {}",
                    a.id, a.period, a.school_days, a.status
                )
            });
        }
        AbsenceCommand::Child { child_id } => {
            let child = office.absence().child_absence(*child_id)?;
            print(json, &child, |c| {
                let mut lines = vec![format!(
                    "Skoleåret {}: {} sygedage, {} dages fri",
                    c.school_year, c.sick_days, c.leave_days
                )];
                lines.extend(
                    c.absences
                        .iter()
                        .map(|a| format!("  #{} {:?} {} — {}", a.id, a.kind, a.period, a.status)),
                );
                lines.join("\n")
            });
        }
        AbsenceCommand::Class { grade } => {
            let class = office.absence().class_absence(*grade)?;
            print(json, &class, |c| {
                let mut lines = vec![format!("{grade}. klasse, skoleåret {}", c.school_year)];
                lines.extend(c.totals.iter().map(|t| {
                    format!(
                        "  {:<30} {:>3} sygedage {:>3} dages fri",
                        t.child_name, t.sick_days, t.leave_days
                    )
                }));
                lines.join("\n")
            });
        }
        AbsenceCommand::Requests => {
            let requests = office.absence().leave_requests()?;
            print(json, &requests, |r| {
                r.iter()
                    .map(|a| {
                        format!(
                            "#{} {} {} ({} skoledage)",
                            a.id, a.child_name, a.period, a.school_days
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        AbsenceCommand::Decide { absence_id, refuse } => {
            let decided = office.absence().decide_leave(*absence_id, !refuse)?;
            print(json, &decided, |a| a.status.clone());
        }
    }
    Ok(())
}
