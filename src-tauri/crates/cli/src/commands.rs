//! Runs one subcommand against the office.

use serde::Serialize;
use skolekontor_app::domain::{dates, register::ChildSummary};
use skolekontor_app::office::LoginStep;
use skolekontor_app::{
    os_keyring_or_unreachable, AppError, AppResult, DataDir, Office, StartState,
};

use skolekontor_app::domain::register::GuardianLink;

use crate::backup::BackupAction;
use crate::{ChildCommand, Cli, Command, GuardianCommand};

pub(crate) fn print<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T) -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).unwrap_or_default()
        );
    } else {
        println!("{}", human(value));
    }
}

pub(crate) fn read_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> AppResult<T> {
    let text = std::fs::read_to_string(path).map_err(|e| AppError::Store(e.into()))?;
    serde_json::from_str(&text).map_err(|e| {
        AppError::Input(format!(
            "JSON-filen kunne ikke læses: linje {}, kolonne {}.",
            e.line(),
            e.column()
        ))
    })
}

/// The office of the data folder. A keyring that cannot be reached does not stop it:
/// the program then asks for the recovery key (`recover`, or `--recovery-key-stdin`).
fn open_office(cli: &Cli) -> AppResult<Office> {
    let data_dir = match &cli.data_dir {
        Some(dir) => DataDir::at(dir),
        None => skolekontor_app::default_data_dir(),
    };
    let mut office = Office::new(data_dir, os_keyring_or_unreachable());
    office.clock_from_test_environment();
    if cli.recovery_key_stdin {
        let key = read_line_of_stdin()?;
        office.unlock_with_recovery_key(&key)?;
    }
    Ok(office)
}

fn read_line_of_stdin() -> AppResult<zeroize::Zeroizing<String>> {
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| AppError::Store(e.into()))?;
    Ok(line)
}

/// A secret from the environment, else typed at a hidden prompt, else (in a script
/// with no terminal) one line of standard input.
pub(crate) fn secret_from_env_or_prompt(variable: &str, prompt: &str) -> AppResult<String> {
    use std::io::IsTerminal;
    if let Ok(value) = std::env::var(variable) {
        return Ok(value);
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map_err(|e| AppError::Store(e.into()));
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| AppError::Store(e.into()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub(crate) fn log_in(office: &mut Office, cli: &Cli) -> AppResult<()> {
    match office.start()? {
        StartState::NeedsLogin { notice, .. } => {
            if let Some(notice) = notice {
                eprintln!("{notice}");
            }
        }
        StartState::NeedsSetup => return Err(AppError::NotOpen),
        StartState::NeedsRecoveryKey { reason } => {
            return Err(AppError::Input(format!(
                "{reason} Kør `skolekontor-cli recover`."
            )))
        }
        StartState::Damaged { reason, .. } => {
            return Err(AppError::Refused(format!(
                "{reason} Skolelederen kan gendanne en sikkerhedskopi: `skolekontor-cli restore <fil>` (se `skolekontor-cli status`)."
            )))
        }
        StartState::LoggedIn { .. } | StartState::Locked { .. } => return Ok(()),
    }
    let user = cli.user.clone().ok_or(AppError::Input(
        "Angiv brugernavn med --user (eller SKOLEKONTOR_USER).".into(),
    ))?;
    let password = secret_from_env_or_prompt("SKOLEKONTOR_PASSWORD", "Adgangskode: ")?;
    match office.log_in(&user, &password)? {
        LoginStep::LoggedIn { .. } => return Ok(()),
        LoginStep::NeedsCode => {}
        LoginStep::NeedsSecondFactorSetup { setup } => {
            eprintln!(
                "Totrinsbekræftelse skal sættes op. Skriv denne nøgle i din godkendelsesapp:\n  {}",
                setup.secret
            );
        }
    }
    let code = secret_from_env_or_prompt("SKOLEKONTOR_CODE", "Kode fra godkendelsesappen: ")?;
    office.confirm_code(&code).map(|_| ())
}

fn write_pdf(office: &Office, path: Option<&std::path::Path>) -> AppResult<()> {
    if let Some(path) = path {
        std::fs::write(path, office.recovery_sheet_pdf()?)
            .map_err(|e| AppError::Store(e.into()))?;
    }
    Ok(())
}

fn child_line(c: &ChildSummary) -> String {
    let born = c.birth_date.map(dates::short).unwrap_or_default();
    format!(
        "{:>6}  {:<32} {:<10} {:<12} {}",
        c.id,
        format!("{} {}", c.first_name, c.last_name),
        born,
        c.class_label,
        c.guardian_names.join(", ")
    )
}

/// Runs the command.
pub fn run(cli: Cli) -> AppResult<()> {
    let mut office = open_office(&cli)?;
    let json = cli.json;
    match &cli.command {
        Command::Status => {
            let state = office.start()?;
            print(json, &state, |s| match s {
                StartState::NeedsSetup => "Ikke sat op endnu.".into(),
                StartState::NeedsLogin {
                    school_name,
                    demo,
                    notice,
                } => {
                    let mark = if *demo { " (DEMO)" } else { "" };
                    match notice {
                        Some(notice) => format!("Klar: {school_name}{mark}\n{notice}"),
                        None => format!("Klar: {school_name}{mark}"),
                    }
                }
                StartState::LoggedIn { school_name, .. }
                | StartState::Locked { school_name, .. } => {
                    format!("Klar: {school_name}")
                }
                StartState::NeedsRecoveryKey { reason } => {
                    format!("Gendannelsesnøgle påkrævet: {reason}")
                }
                StartState::Damaged {
                    reason,
                    copy_aside,
                    backup,
                } => {
                    let mut lines = vec![format!("BESKADIGET: {reason}")];
                    if let Some(copy) = copy_aside {
                        lines.push(format!("En kopi af den beskadigede fil ligger i {copy}."));
                    }
                    lines.push(match backup {
                        Some(b) => format!(
                            "Nyeste hele sikkerhedskopi: {} ({}, {} børn). Skolelederen gendanner den med `skolekontor-cli restore {}`.",
                            b.made, b.school_name, b.children, b.path
                        ),
                        None => "Der er ingen hel sikkerhedskopi i skolens mappe. Kontakt skolens IT-hjælper.".into(),
                    });
                    lines.join("\n")
                }
            });
        }
        Command::Setup { from, recovery_pdf } => {
            let done = office.set_up(read_json(from)?)?;
            write_pdf(&office, recovery_pdf.as_deref())?;
            print(json, &done, |d| {
                format!("Skolen er sat op.\nGendannelsesnøgle (skriv den ned nu; den vises ikke igen):\n{}", d.recovery_key)
            });
        }
        Command::Demo { recovery_pdf } => {
            let done = office.set_up_demo()?;
            write_pdf(&office, recovery_pdf.as_deref())?;
            print(json, &done, |d| {
                let (user, password) = d.demo_login.clone().unwrap_or_default();
                format!(
                    "Demoskolen er lavet. Log ind som {user} / {password}.\nGendannelsesnøgle: {}",
                    d.recovery_key
                )
            });
        }
        Command::Recover => {
            let key = read_line_of_stdin()?;
            let state = office.unlock_with_recovery_key(&key)?;
            print(json, &state, |s| {
                match s {
                StartState::NeedsLogin {
                    notice: Some(notice),
                    ..
                } => notice.clone(),
                StartState::Damaged { reason, .. } => format!(
                    "{reason} Se `skolekontor-cli status` for den sikkerhedskopi, skolelederen kan gendanne."
                ),
                _ => "Databasen er åbnet, og nøglen er lagt i nøgleringen igen.".into(),
            }
            });
        }
        Command::Search { query } => {
            log_in(&mut office, &cli)?;
            let results = office.register().search(&query.join(" "), false)?;
            print(json, &results, |r| {
                let mut lines: Vec<String> = r.children.iter().map(child_line).collect();
                lines.extend(r.guardians.iter().map(|g| {
                    format!(
                        "{:>6}  {} {} (forælder) — {}",
                        g.id,
                        g.first_name,
                        g.last_name,
                        g.children
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }));
                if lines.is_empty() {
                    "Ingen fundet.".into()
                } else {
                    lines.join("\n")
                }
            });
        }
        Command::Child(child) => {
            log_in(&mut office, &cli)?;
            run_child(&mut office, json, child)?;
        }
        Command::Guardian(guardian) => {
            log_in(&mut office, &cli)?;
            run_guardian(&mut office, json, guardian)?;
        }
        Command::Waiting(command) => {
            log_in(&mut office, &cli)?;
            crate::admin::run_waiting(&mut office, json, command)?;
        }
        Command::Terms(command) => {
            log_in(&mut office, &cli)?;
            crate::admin::run_terms(&mut office, json, command)?;
        }
        Command::User(command) => {
            log_in(&mut office, &cli)?;
            crate::admin::run_user(&mut office, json, command)?;
        }
        Command::Settings(command) => {
            log_in(&mut office, &cli)?;
            crate::admin::run_settings(&mut office, json, command)?;
        }
        Command::Audit(command) => {
            log_in(&mut office, &cli)?;
            crate::admin::run_audit(&mut office, json, command)?;
        }
        Command::Document(command) => {
            log_in(&mut office, &cli)?;
            crate::documents::run_document(&mut office, json, command)?;
        }
        Command::Text(command) => {
            log_in(&mut office, &cli)?;
            crate::documents::run_text(&mut office, json, command)?;
        }
        Command::Billing(command) => {
            log_in(&mut office, &cli)?;
            crate::billing::run_billing(&mut office, json, command)?;
        }
        Command::Leaving(command) => {
            log_in(&mut office, &cli)?;
            crate::leaving::run_leaving(&mut office, json, command)?;
        }
        Command::Placement(command) => {
            log_in(&mut office, &cli)?;
            crate::placement::run_placement(&mut office, json, command)?;
        }
        Command::SchoolYear(command) => {
            log_in(&mut office, &cli)?;
            crate::leaving::run_school_year(&mut office, json, command)?;
        }
        Command::Absence(command) => {
            log_in(&mut office, &cli)?;
            crate::absence::run_absence(&mut office, json, command)?;
        }
        Command::ClassFund(command) => {
            log_in(&mut office, &cli)?;
            crate::class_fund::run_class_fund(&mut office, json, command)?;
        }
        Command::List(command) => {
            log_in(&mut office, &cli)?;
            crate::lists::run_list(&mut office, json, command)?;
        }
        Command::Accounts(command) => {
            log_in(&mut office, &cli)?;
            crate::bookkeeping::run_accounts(&mut office, json, command)?;
        }
        Command::Journal(command) => {
            log_in(&mut office, &cli)?;
            crate::bookkeeping::run_journal(&mut office, json, command)?;
        }
        Command::Consent(command) => {
            log_in(&mut office, &cli)?;
            crate::consent::run_consent(&mut office, json, command)?;
        }
        Command::Data(command) => {
            log_in(&mut office, &cli)?;
            crate::privacy::run_data(&mut office, json, command)?;
        }
        Command::Backup { to, list } => {
            log_in(&mut office, &cli)?;
            let action = if *list {
                BackupAction::List
            } else {
                BackupAction::Make(to.as_deref())
            };
            crate::backup::run_backup(&mut office, json, action)?;
        }
        Command::ChangeKey { recovery_pdf } => {
            log_in(&mut office, &cli)?;
            let recovery_key = office.change_database_key()?;
            write_pdf(&office, recovery_pdf.as_deref())?;
            office.confirm_recovery_key_saved();
            print(
                json,
                &serde_json::json!({ "recoveryKey": recovery_key }),
                |_| {
                    format!("Databasens nøgle er skiftet.\nNy gendannelsesnøgle (skriv den ned nu; den vises ikke igen):\n{recovery_key}\nÆldre sikkerhedskopier åbnes kun med den gamle gendannelsesnøgle.")
                },
            );
        }
        Command::Verify { file } => {
            log_in(&mut office, &cli)?;
            crate::backup::run_backup(&mut office, json, BackupAction::Verify(file))?;
        }
        Command::Import { file, dry_run } => {
            log_in(&mut office, &cli)?;
            crate::import::run_import(&mut office, json, file, *dry_run)?;
        }
        Command::Restore { file } => {
            if let StartState::Damaged { .. } = office.start()? {
                crate::backup::restore_over_damaged(&mut office, &cli, json, file)?;
            } else {
                log_in(&mut office, &cli)?;
                crate::backup::run_backup(&mut office, json, BackupAction::Restore(file))?;
            }
        }
        // Made before a school is opened (main).
        Command::ManualPages { .. } => {}
    }
    Ok(())
}

fn run_child(office: &mut Office, json: bool, command: &ChildCommand) -> AppResult<()> {
    match command {
        ChildCommand::List { archived } => {
            let children = office.register().list_children(*archived)?;
            print(json, &children, |list| {
                list.iter().map(child_line).collect::<Vec<_>>().join("\n")
            });
        }
        ChildCommand::Show { id } => {
            let detail = office.register().child(*id)?;
            print(json, &detail, |d| {
                let mut lines = vec![format!(
                    "{} {} — {}",
                    d.first_name, d.last_name, d.class_label
                )];
                lines.extend(d.guardians.iter().map(|g| {
                    format!(
                        "  {} {} ({}{}{})",
                        g.first_name,
                        g.last_name,
                        g.link.relation,
                        if g.link.has_custody {
                            ", forældremyndighed"
                        } else {
                            ""
                        },
                        if g.link.is_payer { ", betaler" } else { "" }
                    )
                }));
                lines.extend(d.households.iter().map(|h| {
                    format!(
                        "  Husstand: {}, {} {}",
                        h.address.street, h.address.postal_code, h.address.town
                    )
                }));
                lines.join("\n")
            });
        }
        ChildCommand::Add { from } => {
            let saved = office.register().add_child(read_json(from)?)?;
            print(json, &saved, saved_text);
        }
        ChildCommand::Update { id, from } => {
            let saved = office.register().update_child(*id, read_json(from)?)?;
            print(json, &saved, saved_text);
        }
        ChildCommand::Archive { id } | ChildCommand::Restore { id } => {
            let archive = matches!(command, ChildCommand::Archive { .. });
            office.register().set_child_archived(*id, archive)?;
            print(
                json,
                &serde_json::json!({ "id": id, "archived": archive }),
                |_| {
                    if archive {
                        "Arkiveret.".into()
                    } else {
                        "Hentet tilbage fra arkivet.".into()
                    }
                },
            );
        }
        ChildCommand::RevealCpr { id } => {
            let detail = office.register().reveal_cpr(*id)?;
            print(json, &detail, |d| {
                let mut lines = vec![format!(
                    "{} {}: {}",
                    d.first_name,
                    d.last_name,
                    d.cpr.as_deref().unwrap_or("–")
                )];
                lines.extend(d.guardians.iter().map(|g| {
                    format!(
                        "  {} {}: {}",
                        g.first_name,
                        g.last_name,
                        g.cpr.as_deref().unwrap_or("–")
                    )
                }));
                lines.join("\n")
            });
        }
    }
    Ok(())
}

pub(crate) fn saved_text(saved: &skolekontor_app::register::Saved) -> String {
    let mut text = format!("Gemt (id {}).", saved.id);
    for w in &saved.warnings {
        text.push_str(&format!("\nAdvarsel ({}): {}", w.field, w.message));
    }
    text
}

fn run_guardian(office: &mut Office, json: bool, command: &GuardianCommand) -> AppResult<()> {
    match command {
        GuardianCommand::Add { child_id, from } => {
            let saved = office
                .register()
                .add_guardian(*child_id, read_json(from)?)?;
            print(json, &saved, saved_text);
        }
        GuardianCommand::Update { id, from } => {
            let saved = office.register().update_guardian(*id, read_json(from)?)?;
            print(json, &saved, saved_text);
        }
        GuardianCommand::Link {
            child_id,
            guardian_id,
            custody,
            payer,
            relation,
            move_balance,
        } => {
            let link = GuardianLink {
                relation: relation.clone(),
                has_custody: *custody,
                is_payer: *payer,
            };
            let before = office.billing().payer_change_preview(*child_id)?;
            office.register().update_guardian_link(
                *child_id,
                *guardian_id,
                link.clone(),
                *move_balance,
            )?;
            print(json, &link, |_| {
                match (*move_balance, before.open_for_child.0 > 0) {
                (true, true) => format!(
                    "Ændret. {} ubetalt for barnet flyttes til den nye betaler på næste opkrævning.",
                    before.open_for_child.to_danish()
                ),
                (false, true) if *payer => format!(
                    "Ændret. {} ubetalt for barnet bliver hos den tidligere betaler.",
                    before.open_for_child.to_danish()
                ),
                _ => "Ændret.".into(),
            }
            });
        }
    }
    Ok(())
}
