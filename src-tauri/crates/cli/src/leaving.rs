//! `leaving` and `school-year`: withdrawals (R11, R13), ending a schooling (R15),
//! the rollover (R12) and the 5 September count (R36).

use clap::Subcommand;
use skolekontor_app::domain::leaving::rollover::{RolloverChange, RolloverKind};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::leaving::ExpulsionInput;
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::print;

/// Udmeldelse: opsigelser, annullering, kompensation og bortvisning.
#[derive(Subcommand)]
pub enum LeavingCommand {
    /// Et barns udmeldelser, og hvad en ny kan omfatte.
    Show { child_id: i64 },
    /// Registrér en skriftlig opsigelse; --preview viser sidste dag uden at gemme.
    Withdraw {
        child_id: i64,
        #[arg(long, value_parser = ["school", "sfo", "sfo_module", "kindergarten"])]
        scope: String,
        /// SFO-modulet, for sfo_module.
        #[arg(long, default_value = "")]
        module: String,
        /// Modtaget på kontoret, dd-mm-åååå.
        #[arg(long)]
        received: String,
        /// Forælderens id.
        #[arg(long)]
        from: i64,
        #[arg(long)]
        preview: bool,
    },
    /// Annullér en udmeldelse før sidste dag.
    Cancel { withdrawal_id: i64 },
    /// Børnehaven er kompenseret for kommunens tilskud for hele opsigelsesperioden.
    Compensate { withdrawal_id: i64 },
    /// Afslut skolegangen (bortvisning); kun skolelederen.
    Expel {
        child_id: i64,
        #[arg(long)]
        reason: String,
        /// Sidste skoledag, dd-mm-åååå.
        #[arg(long)]
        last_day: String,
    },
}

/// Skoleåret: skoleårsskiftet og indberetningen 5. september.
#[derive(Subcommand)]
pub enum SchoolYearCommand {
    /// Vis det næste skoleårsskifte, ændring for ændring.
    Preview,
    /// Kør skoleårsskiftet til 1. august i det angivne år (én gang).
    Rollover { year: i32 },
    /// Udsæt et børnehavebarns skolestart et år (skoleudsættelse); --undo tager det tilbage.
    Defer {
        child_id: i64,
        #[arg(long)]
        undo: bool,
    },
    /// Indberetningen 5. september for skoleåret, der begynder i året; --csv skriver filen med fulde CPR-numre.
    Count {
        year: i32,
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
    },
}

fn scope(code: &str) -> WithdrawalScope {
    WithdrawalScope::from_code(code).unwrap_or(WithdrawalScope::School)
}

/// Runs a `leaving` subcommand.
pub fn run_leaving(office: &mut Office, json: bool, command: &LeavingCommand) -> AppResult<()> {
    match command {
        LeavingCommand::Show { child_id } => {
            let view = office.leaving().leaving(*child_id)?;
            print(json, &view, |v| {
                let mut lines: Vec<String> = v
                    .withdrawals
                    .iter()
                    .map(|w| {
                        format!(
                            "#{} {} — modtaget {} fra {} — {}",
                            w.id, w.covers, w.received_on, w.from_guardian, w.status
                        )
                    })
                    .collect();
                if lines.is_empty() {
                    lines.push("Ingen udmeldelser.".into());
                }
                lines.extend(v.expulsion.clone());
                lines.push(format!(
                    "Kan udmeldes af: {}",
                    v.scopes
                        .iter()
                        .map(|s| s.label.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                lines.join("\n")
            });
        }
        LeavingCommand::Withdraw {
            child_id,
            scope: code,
            module,
            received,
            from,
            preview,
        } => {
            let input = WithdrawalInput {
                child_id: *child_id,
                scope: scope(code),
                sfo_module: module.clone(),
                received_on: received.clone(),
                from_guardian_id: Some(*from),
            };
            let result = if *preview {
                office.leaving().preview_withdrawal(input)?
            } else {
                office.leaving().record_withdrawal(input)?
            };
            let verb = if *preview {
                "Vil blive udmeldt"
            } else {
                "Udmeldelsen er gemt"
            };
            print(json, &result, |r| {
                format!(
                    "{verb}. Sidste dag: {}.\n{}",
                    r.last_day,
                    r.consequences.join("\n")
                )
            });
        }
        LeavingCommand::Cancel { withdrawal_id } => {
            office.leaving().cancel_withdrawal(*withdrawal_id)?;
            print(json, &true, |_| "Udmeldelsen er annulleret.".into());
        }
        LeavingCommand::Compensate { withdrawal_id } => {
            office.leaving().record_compensation(*withdrawal_id)?;
            print(json, &true, |_| {
                "Registreret: pladsen er fri fra i dag.".into()
            });
        }
        LeavingCommand::Expel {
            child_id,
            reason,
            last_day,
        } => {
            let day = office.leaving().end_schooling(ExpulsionInput {
                child_id: *child_id,
                reason: reason.clone(),
                last_day: last_day.clone(),
            })?;
            print(json, &day, |d| {
                format!("Skolegangen er afsluttet med sidste dag {d}.")
            });
        }
    }
    Ok(())
}

/// Runs a `school-year` subcommand.
pub fn run_school_year(
    office: &mut Office,
    json: bool,
    command: &SchoolYearCommand,
) -> AppResult<()> {
    match command {
        SchoolYearCommand::Preview | SchoolYearCommand::Defer { .. } => {
            let view = match command {
                SchoolYearCommand::Defer {
                    child_id,
                    undo: false,
                } => office.leaving().defer_school_start(*child_id)?,
                SchoolYearCommand::Defer {
                    child_id,
                    undo: true,
                } => office.leaving().undo_school_start_deferral(*child_id)?,
                _ => office.leaving().rollover_preview()?,
            };
            print(json, &view, |v| {
                let mut lines = vec![format!(
                    "Skoleårsskift til {}: {} ændringer.",
                    v.plan.label,
                    v.plan.changes.len()
                )];
                lines.extend(v.due.clone());
                lines.extend(v.not_yet.clone());
                lines.extend(
                    v.plan
                        .changes
                        .iter()
                        .map(|c| format!("  {:<30} {}", c.name, rollover_change_text(c))),
                );
                lines.extend(v.plan.deferred.iter().map(|d| {
                    format!(
                        "  {:<30} bliver i børnehaven (skolestart udsat til 1. august {})",
                        d.name, d.school_starts
                    )
                }));
                lines.join("\n")
            });
        }
        SchoolYearCommand::Rollover { year } => {
            let plan = office.leaving().run_rollover(*year)?;
            print(json, &plan, |p| {
                format!(
                    "Skoleårsskiftet til {} er kørt: {} ændringer.",
                    p.label,
                    p.changes.len()
                )
            });
        }
        SchoolYearCommand::Count { year, csv } => {
            if let Some(path) = csv {
                let bytes = office.leaving().september_count_csv(*year)?;
                std::fs::write(path, bytes).map_err(|e| AppError::Store(e.into()))?;
            }
            let count = office.leaving().september_count(*year)?;
            print(json, &count, |c| {
                let mut lines = vec![format!(
                    "Elever pr. {}: {}",
                    c.count_day.format("%d-%m-%Y"),
                    c.total()
                )];
                lines.extend(c.municipalities.iter().map(|m| {
                    format!(
                        "  {:<28} {:>4} elever, {:>3} i SFO, {:>2} udmeldt siden",
                        m.municipality,
                        m.pupils.len(),
                        m.in_sfo,
                        m.leavers.len()
                    )
                }));
                lines.join("\n")
            });
        }
    }
    Ok(())
}

/// One change of the rollover in Danish: "rykker op fra 3. til 4. klasse".
fn rollover_change_text(change: &RolloverChange) -> String {
    let grade = |g: Option<u8>| g.map(|g| format!("{g}. klasse")).unwrap_or_default();
    match change.kind {
        RolloverKind::Promotion => format!(
            "rykker op fra {} til {}",
            grade(change.from_grade),
            grade(change.to_grade)
        ),
        RolloverKind::LeavesSchool => "går ud af skolen efter 9. klasse".into(),
        RolloverKind::LeavesSfo => format!("går ud af SFO efter {}", grade(change.from_grade)),
        RolloverKind::LeavesKindergarten if change.can_defer => {
            "går ud af børnehaven og begynder i skole (skolestarten kan udsættes)".into()
        }
        RolloverKind::LeavesKindergarten => "går ud af børnehaven og begynder i skole".into(),
    }
}
