//! `backup`, `verify`, `restore`: the school's backups for the IT helper.

use skolekontor_app::office::StartState;
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::{print, secret_from_env_or_prompt};
use crate::Cli;

/// What the IT helper asked for.
pub enum BackupAction<'a> {
    /// `backup` (into the school's folder, or `--to` another).
    Make(Option<&'a std::path::Path>),
    /// `backup --list`.
    List,
    /// `verify <file>`.
    Verify(&'a std::path::Path),
    /// `restore <file>`.
    Restore(&'a std::path::Path),
}

/// Runs `backup`, `verify` or `restore`.
pub fn run_backup(office: &mut Office, json: bool, action: BackupAction<'_>) -> AppResult<()> {
    match action {
        BackupAction::Make(Some(folder)) => {
            let made = office.backup().back_up_into(folder)?;
            print(json, &made, |m| {
                format!("Sikkerhedskopien er taget: {} ({}).", m.path, m.size)
            });
        }
        BackupAction::Make(None) => {
            let view = office.backup().back_up_now()?;
            print(json, &view, |v| {
                format!(
                    "Sikkerhedskopien er taget i {}. Der ligger nu {}.",
                    v.folder,
                    v.backups.len()
                )
            });
        }
        BackupAction::List => {
            let view = office.backup().backups()?;
            print(json, &view, |v| {
                let mut lines = vec![if v.folder.is_empty() {
                    "Der er ikke valgt en mappe til sikkerhedskopier.".to_string()
                } else {
                    format!("Mappe: {} (gemmer de {} nyeste)", v.folder, v.keep)
                }];
                lines.extend(v.problem.iter().cloned());
                lines.extend(
                    v.backups
                        .iter()
                        .map(|b| format!("{}  {}  {}", b.made, b.size, b.path)),
                );
                lines.join("\n")
            });
        }
        BackupAction::Verify(file) => {
            let check = office
                .backup()
                .check_backup_file(&file.display().to_string())?;
            print(json, &check, |c| c.summary.clone());
        }
        BackupAction::Restore(file) => {
            let state = office
                .backup()
                .restore_backup(&file.display().to_string())?;
            print_restored(json, &state);
        }
    }
    Ok(())
}

/// `restore <file>` while the school's file is damaged: the headteacher's user name,
/// password and code are checked against the backup itself.
pub fn restore_over_damaged(
    office: &mut Office,
    cli: &Cli,
    json: bool,
    file: &std::path::Path,
) -> AppResult<()> {
    let user = cli.user.clone().ok_or(AppError::Input(
        "Angiv skolelederens brugernavn med --user (eller SKOLEKONTOR_USER).".into(),
    ))?;
    let password = secret_from_env_or_prompt("SKOLEKONTOR_PASSWORD", "Adgangskode: ")?;
    let code = secret_from_env_or_prompt("SKOLEKONTOR_CODE", "Kode fra godkendelsesappen: ")?;
    let state = office.restore_damaged(&file.display().to_string(), &user, &password, &code)?;
    print_restored(json, &state);
    Ok(())
}

fn print_restored(json: bool, state: &StartState) {
    print(json, state, |s| match s {
        StartState::NeedsLogin { school_name, .. } => {
            format!("Sikkerhedskopien er gendannet for {school_name}. Den tidligere fil ligger i datamappen (…before-restore-…). Se sletteplanen (`skolekontor-cli data retention`), før andet: det, der er slettet siden sikkerhedskopien, er kommet tilbage.")
        }
        _ => "Sikkerhedskopien er gendannet.".into(),
    });
}
