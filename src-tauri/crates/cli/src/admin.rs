//! Subcommands of admissions, terms, users, settings and the audit log.

use clap::Subcommand;
use skolekontor_app::admission::{IntakeQuery, TermsVersionInput};
use skolekontor_app::backup::BackupSettingsInput;
use skolekontor_app::domain::audit::{AuditFilter, AuditKind};
use skolekontor_app::domain::dates;
use skolekontor_app::domain::school::Division;
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::{print, read_json, saved_text, secret_from_env_or_prompt};

/// Indmeldelseslisten.
#[derive(Subcommand)]
pub enum WaitingCommand {
    /// Alle ansøgninger.
    List {
        /// Kun børnehaven.
        #[arg(long)]
        kindergarten: bool,
    },
    /// Skriv et barn op (JSON som WaitingInput).
    Add {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// En klasse (eller børnehaven) i et skoleår: pladser og rækkefølge.
    Intake {
        /// Skoleårets startår, fx 2027 for 2027/28.
        year: i32,
        /// Klassetrin; udelad for børnehaven.
        #[arg(long)]
        grade: Option<u8>,
    },
    /// Tilbyd plads til den næste i rækken.
    Offer { id: i64 },
    /// Forældrenes svar på et tilbud.
    Answer {
        id: i64,
        #[arg(long)]
        accept: bool,
        #[arg(long)]
        on: String,
    },
    /// Registrér optagelsesmødet (JSON som MeetingInput).
    Meeting {
        id: i64,
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Skolelederens afgørelse.
    Decide {
        id: i64,
        #[arg(long)]
        approve: bool,
        #[arg(long)]
        reason: String,
    },
    /// Optag (JSON som AdmissionInput).
    Admit {
        id: i64,
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Tag af listen.
    Withdraw { id: i64 },
    /// Indmeldelsesgebyret er betalt.
    FeePaid {
        child_id: i64,
        #[arg(long)]
        on: String,
    },
}

/// Vilkår.
#[derive(Subcommand)]
pub enum TermsCommand {
    /// Alle versioner.
    List,
    /// Ny version.
    Add {
        #[arg(long, value_parser = ["school", "sfo", "kindergarten"])]
        division: String,
        #[arg(long)]
        label: String,
        #[arg(long)]
        valid_from: String,
    },
}

/// Brugere.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Alle brugere.
    List,
    /// Ny bruger (JSON som UserInput).
    Add {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Ret en bruger (JSON som UserInput).
    Update {
        id: i64,
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Nulstil totrinsbekræftelsen (mistet telefon).
    ResetSecondFactor { id: i64 },
    /// Ny adgangskode (fra SKOLEKONTOR_NEW_PASSWORD eller prompt).
    Password { id: i64 },
}

/// Indstillinger.
#[derive(Subcommand)]
pub enum SettingsCommand {
    /// Vis.
    Show,
    /// Gem (JSON som SchoolSettings).
    Save {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Pladser i en klasse et skoleår.
    Capacity { year: i32, grade: u8, capacity: u32 },
    /// Sikkerhedskopier: mappen, hvor mange der gemmes, og hvor mange dage højst.
    Backup {
        /// Mappen (tom: ingen automatisk sikkerhedskopi).
        #[arg(long)]
        folder: String,
        #[arg(long, default_value = "14")]
        keep: String,
        #[arg(long, default_value = "90")]
        max_age_days: String,
    },
    /// Skolens logo i sidehovedet (PNG eller JPEG, højst 1 MB); --remove fjerner det.
    Logo {
        #[arg(long, conflicts_with = "remove", required_unless_present = "remove")]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        remove: bool,
    },
}

/// Loggen.
#[derive(Subcommand)]
pub enum AuditCommand {
    /// Søg i loggen.
    List {
        #[arg(long)]
        child: Option<i64>,
        /// Bruger-id (se `user list`).
        #[arg(long)]
        by_user: Option<i64>,
        #[arg(long, default_value = "")]
        from: String,
        #[arg(long, default_value = "")]
        to: String,
        /// Kun læsninger af følsomme data.
        #[arg(long)]
        sensitive: bool,
    },
    /// Kontrollér kæden af poster.
    Verify,
}

fn done(json: bool) {
    print(json, &serde_json::json!({ "ok": true }), |_| {
        "Udført.".into()
    });
}

/// Runs a waiting-list subcommand.
pub fn run_waiting(office: &mut Office, json: bool, command: &WaitingCommand) -> AppResult<()> {
    match command {
        WaitingCommand::List { kindergarten } => {
            let list = office
                .admission()
                .waiting_list(kindergarten.then_some(Division::Kindergarten))?;
            print(json, &list, |l| {
                l.iter()
                    .map(|a| {
                        let class = a
                            .grade
                            .map(|g| format!("{g}. kl."))
                            .unwrap_or_else(|| "Børnehave".into());
                        format!(
                            "{:>6}  {:<30} {:<10} {:<8} {:?} {}",
                            a.id,
                            a.child_name,
                            class,
                            a.school_year_label,
                            a.status,
                            a.sibling_reason.clone().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        WaitingCommand::Add { from } => print(
            json,
            &office
                .admission()
                .register_on_waiting_list(read_json(from)?)?,
            saved_text,
        ),
        WaitingCommand::Intake { year, grade } => {
            let division = if grade.is_some() {
                Division::School
            } else {
                Division::Kindergarten
            };
            let intake = office.admission().intake(IntakeQuery {
                division: Some(division),
                school_year: *year,
                grade: *grade,
            })?;
            print(json, &intake, |i| {
                let mut lines = vec![format!(
                    "{} pladser, {} indskrevet, {} lovet, {} ledige",
                    i.capacity, i.enrolled, i.pending, i.free
                )];
                lines.extend(i.applications.iter().map(|a| {
                    let rank = a.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into());
                    format!(
                        "{rank:>3}. {:<30} {:?} {}",
                        a.child_name,
                        a.status,
                        a.sibling_reason.clone().unwrap_or_default()
                    )
                }));
                lines.join("\n")
            });
        }
        WaitingCommand::Offer { id } => {
            office.admission().offer_place(*id)?;
            done(json);
        }
        WaitingCommand::Answer { id, accept, on } => {
            office.admission().answer_offer(*id, *accept, on)?;
            done(json);
        }
        WaitingCommand::Meeting { id, from } => {
            office.admission().record_meeting(*id, read_json(from)?)?;
            done(json);
        }
        WaitingCommand::Decide {
            id,
            approve,
            reason,
        } => {
            office.admission().decide_admission(*id, *approve, reason)?;
            done(json);
        }
        WaitingCommand::Admit { id, from } => {
            office.admission().admit(*id, read_json(from)?)?;
            done(json);
        }
        WaitingCommand::Withdraw { id } => {
            office.admission().withdraw_application(*id)?;
            done(json);
        }
        WaitingCommand::FeePaid { child_id, on } => {
            office.admission().mark_enrolment_fee_paid(*child_id, on)?;
            done(json);
        }
    }
    Ok(())
}

/// Runs a terms subcommand.
pub fn run_terms(office: &mut Office, json: bool, command: &TermsCommand) -> AppResult<()> {
    match command {
        TermsCommand::List => {
            let versions = office.admission().terms_versions()?;
            print(json, &versions, |v| {
                v.iter()
                    .map(|t| {
                        format!(
                            "{:>4}  {:<12} {:<40} fra {}",
                            t.id,
                            t.division.danish(),
                            t.label,
                            dates::short(t.valid_from)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        TermsCommand::Add {
            division,
            label,
            valid_from,
        } => {
            let input = TermsVersionInput {
                division: Division::from_code(division),
                label: label.clone(),
                valid_from: valid_from.clone(),
            };
            print(
                json,
                &office.admission().add_terms_version(input)?,
                saved_text,
            );
        }
    }
    Ok(())
}

/// Runs a user subcommand.
pub fn run_user(office: &mut Office, json: bool, command: &UserCommand) -> AppResult<()> {
    match command {
        UserCommand::List => {
            let users = office.users().users()?;
            print(json, &users, |u| {
                u.iter()
                    .map(|u| {
                        let scope = u.scope.map(|s| s.danish()).unwrap_or_default();
                        let factor = if u.second_factor { "totrin" } else { "" };
                        format!(
                            "{:>4}  {:<16} {:<28} {:<12} {:<12} {} {}",
                            u.id,
                            u.username,
                            u.full_name,
                            u.role.danish(),
                            scope,
                            if u.active { "" } else { "(spærret)" },
                            factor
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        UserCommand::Add { from } => print(
            json,
            &office.users().add_user(read_json(from)?)?,
            saved_text,
        ),
        UserCommand::Update { id, from } => {
            office.users().update_user(*id, read_json(from)?)?;
            done(json);
        }
        UserCommand::ResetSecondFactor { id } => {
            office.users().reset_second_factor(*id)?;
            done(json);
        }
        UserCommand::Password { id } => {
            let password =
                secret_from_env_or_prompt("SKOLEKONTOR_NEW_PASSWORD", "Ny adgangskode: ")?;
            office
                .users()
                .set_user_password(*id, &password, &password)?;
            done(json);
        }
    }
    Ok(())
}

/// Runs a settings subcommand.
pub fn run_settings(office: &mut Office, json: bool, command: &SettingsCommand) -> AppResult<()> {
    match command {
        SettingsCommand::Show => {
            let settings = office.users().school_settings()?;
            print(json, &settings, |s| {
                format!(
                    "Totrinsbekræftelse for alle: {}\nLås efter: {} minutter\nPladser pr. klasse: {}\nPladser i børnehaven: {}\nIndskud: {}",
                    if s.require_totp_for_all { "ja" } else { "nej" },
                    s.idle_lock_minutes,
                    s.class_capacity,
                    s.kindergarten_capacity,
                    s.enrolment_fee.to_danish()
                )
            });
        }
        SettingsCommand::Save { from } => {
            office.users().save_school_settings(read_json(from)?)?;
            done(json);
        }
        SettingsCommand::Capacity {
            year,
            grade,
            capacity,
        } => {
            office
                .admission()
                .set_class_capacity(*year, *grade, *capacity)?;
            done(json);
        }
        SettingsCommand::Backup {
            folder,
            keep,
            max_age_days,
        } => {
            let view = office.backup().save_backup_settings(BackupSettingsInput {
                folder: folder.clone(),
                keep: keep.clone(),
                max_age_days: max_age_days.clone(),
            })?;
            print(json, &view, |v| {
                format!(
                    "Gemt: {} · de {} nyeste · højst {} dage.",
                    v.folder, v.keep, v.max_age_days
                )
            });
        }
        SettingsCommand::Logo { file, .. } => {
            let logo = match file {
                Some(path) => Some(std::fs::read(path).map_err(|e| AppError::Store(e.into()))?),
                None => None,
            };
            office.template().set_school_logo(logo)?;
            done(json);
        }
    }
    Ok(())
}

/// Runs an audit-log subcommand.
pub fn run_audit(office: &mut Office, json: bool, command: &AuditCommand) -> AppResult<()> {
    match command {
        AuditCommand::List {
            child,
            by_user,
            from,
            to,
            sensitive,
        } => {
            let filter = AuditFilter {
                child_id: *child,
                user_id: *by_user,
                from: from.clone(),
                to: to.clone(),
                kind: sensitive.then_some(AuditKind::SensitiveRead),
            };
            let rows = office.audit().audit_log(filter)?;
            print(json, &rows, |r| {
                r.iter()
                    .map(|r| {
                        let who = r.child_name.clone().unwrap_or_default();
                        format!(
                            "{:>6}  {}  {:<22} {:<40} {} {}",
                            r.entry.seq,
                            r.at_local,
                            r.entry.user_name,
                            r.description,
                            who,
                            r.field_labels.join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        AuditCommand::Verify => {
            let check = office.audit().verify_audit_log()?;
            print(json, &check, |c| {
                let mut lines = vec![match &c.problem {
                    None => format!("Loggen er hel: {} poster kontrolleret.", c.entries),
                    Some(problem) => format!("LOGGEN ER BRUDT: {problem}"),
                }];
                lines.push(match &c.anchor_problem {
                    Some(problem) => format!("LOGGEN PASSER IKKE MED EN SIKKERHEDSKOPI: {problem}"),
                    None if c.anchors_checked > 0 => format!(
                        "Holdt op mod {} sikkerhedskopier: ingen poster er skåret af siden.",
                        c.anchors_checked
                    ),
                    None => "Ingen sikkerhedskopier at holde loggen op mod.".into(),
                });
                if c.anchors_replaced > 0 {
                    lines.push(format!(
                        "{} af dem er fra før en gendannelse og viser den historik, gendannelsen erstattede; de passer ikke længere, som de ikke skal.",
                        c.anchors_replaced
                    ));
                }
                if let Some(last) = &c.last {
                    lines.push(format!(
                        "Sidste post: nr. {}, kontrolsum {}",
                        last.seq, last.hash
                    ));
                }
                lines.join("\n")
            });
            if !check.intact() {
                return Err(skolekontor_app::AppError::Refused(
                    "Loggens kæde er brudt.".into(),
                ));
            }
        }
    }
    Ok(())
}
