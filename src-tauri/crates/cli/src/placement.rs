//! `placement`: what a child attends and the changes to it — a class change with its
//! meeting (R4), SFO modules joined, switched or dropped (R7, R11) and a mistyped
//! first day corrected. Every change can be shown with `--preview` before it is saved.

use clap::{Subcommand, ValueEnum};
use skolekontor_app::domain::placement::{ClassChangeInput, SfoChangeAction, SfoChangeInput};
use skolekontor_app::domain::placement_correction::DateCorrectionInput;
use skolekontor_app::placement::ChangePreview;
use skolekontor_app::{AppResult, Office};

use crate::commands::print;

/// Et barns plads: tidslinjen, klasseskift og SFO-moduler.
#[derive(Subcommand)]
pub enum PlacementCommand {
    /// Barnets pladser og ændringer.
    Show { child_id: i64 },
    /// Klasseskift i skoleåret: kræver ledig plads, et møde hvor alle er enige,
    /// og skolelederens godkendelse (det er skolelederen, der gemmer).
    Class {
        child_id: i64,
        /// Klassetrinnet, eleven skifter til (0–9).
        #[arg(long)]
        to_grade: u8,
        /// Første dag i den nye klasse, dd-mm-åååå.
        #[arg(long)]
        first_day: String,
        /// Mødets dato, dd-mm-åååå.
        #[arg(long)]
        meeting: String,
        /// Ledelsen, barnet, forældrene og klasselæreren var alle enige.
        #[arg(long)]
        all_agree: bool,
        /// Hvorfor.
        #[arg(long)]
        reason: String,
        /// Vis ændringen uden at gemme.
        #[arg(long)]
        preview: bool,
    },
    /// SFO-modul: begynd, skift eller udmeld.
    Sfo {
        child_id: i64,
        #[arg(value_enum)]
        action: SfoAction,
        /// Modulet, barnet går ud af (skift, udmeld).
        #[arg(long, default_value = "")]
        from: String,
        /// Modulet, barnet skal gå i (begynd, skift).
        #[arg(long, default_value = "")]
        to: String,
        /// Måneden, et nyt eller dyrere modul begynder, mm-åååå.
        #[arg(long, default_value = "")]
        start_month: String,
        /// Et billigere modul eller en udmeldelse: opsigelsen modtaget, dd-mm-åååå.
        #[arg(long, default_value = "")]
        received: String,
        /// Forælderen med forældremyndighed, der gav opsigelsen (id).
        #[arg(long)]
        guardian: Option<i64>,
        /// Vis ændringen uden at gemme.
        #[arg(long)]
        preview: bool,
    },
    /// Ret en forkert indtastet første dag for en plads (id fra `placement show`). Kun
    /// mens ingen opkrævet måned afhænger af datoen.
    CorrectDate {
        child_id: i64,
        /// Pladsens id.
        placement_id: i64,
        /// Den rigtige første dag, dd-mm-åååå.
        #[arg(long)]
        first_day: String,
        /// Hvad der var tastet forkert.
        #[arg(long)]
        reason: String,
        /// Vis rettelsen uden at gemme.
        #[arg(long)]
        preview: bool,
    },
}

/// Hvad der sker med SFO-modulet.
#[derive(Clone, Copy, ValueEnum)]
pub enum SfoAction {
    /// Begynd i et modul.
    Join,
    /// Skift fra ét modul til et andet.
    Switch,
    /// Udmeld af et modul (med opsigelse).
    Drop,
}

fn preview_text(preview: &ChangePreview) -> String {
    let mut lines = vec![if preview.saved {
        "Gemt.".to_string()
    } else {
        "Forhåndsvisning (intet er gemt):".to_string()
    }];
    lines.extend(
        preview
            .days
            .iter()
            .chain(&preview.charges)
            .map(|line| format!("  {}", line.danish())),
    );
    lines.join("\n")
}

/// Runs one `placement` command.
pub fn run_placement(office: &mut Office, json: bool, command: &PlacementCommand) -> AppResult<()> {
    match command {
        PlacementCommand::Show { child_id } => {
            let view = office.placement().placements(*child_id)?;
            print(json, &view, |v| {
                let mut lines = vec!["Pladser:".to_string()];
                lines.extend(v.lines.iter().map(|l| {
                    format!(
                        "  {:>5}  {:<24} {} – {}{}",
                        l.id,
                        l.text,
                        l.first_day,
                        l.last_day.clone().unwrap_or_default(),
                        if l.current { "  (nu)" } else { "" }
                    )
                }));
                lines.push("Ændringer:".into());
                lines.extend(
                    v.changes
                        .iter()
                        .map(|c| format!("  {} {} · {}", c.effective_on, c.text, c.by)),
                );
                lines.join("\n")
            });
        }
        PlacementCommand::Class {
            child_id,
            to_grade,
            first_day,
            meeting,
            all_agree,
            reason,
            preview,
        } => {
            let input = ClassChangeInput {
                child_id: *child_id,
                to_grade: Some(*to_grade),
                first_day: first_day.clone(),
                meeting_on: meeting.clone(),
                all_agree: *all_agree,
                reason: reason.clone(),
            };
            let result = if *preview {
                office.placement().preview_class_change(input)?
            } else {
                office.placement().change_class(input)?
            };
            print(json, &result, preview_text);
        }
        PlacementCommand::Sfo {
            child_id,
            action,
            from,
            to,
            start_month,
            received,
            guardian,
            preview,
        } => {
            let input = SfoChangeInput {
                child_id: *child_id,
                action: match action {
                    SfoAction::Join => SfoChangeAction::Join,
                    SfoAction::Switch => SfoChangeAction::Switch,
                    SfoAction::Drop => SfoChangeAction::Drop,
                },
                from_module: from.clone(),
                to_module: to.clone(),
                start_month: start_month.clone(),
                received_on: received.clone(),
                from_guardian_id: *guardian,
            };
            let result = if *preview {
                office.placement().preview_sfo_change(input)?
            } else {
                office.placement().change_sfo(input)?
            };
            print(json, &result, preview_text);
        }
        PlacementCommand::CorrectDate {
            child_id,
            placement_id,
            first_day,
            reason,
            preview,
        } => {
            let input = DateCorrectionInput {
                child_id: *child_id,
                placement_id: *placement_id,
                first_day: first_day.clone(),
                reason: reason.clone(),
            };
            let result = if *preview {
                office.placement().preview_date_correction(input)?
            } else {
                office.placement().correct_placement_date(input)?
            };
            print(json, &result, preview_text);
        }
    }
    Ok(())
}
