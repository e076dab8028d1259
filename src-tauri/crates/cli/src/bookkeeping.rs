//! `accounts` and `journal`: the chart of accounts and the month's bookkeeping
//! journal, on the terminal or as CSV for e-conomic or Dinero, or as PDF.

use clap::{Args, Subcommand};
use skolekontor_app::bookkeeping::{AccountInput, JournalFormat};
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::print;

/// Kontoplan: vis den, eller sæt et kontonummer for en post.
#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Vis kontoplanen: postens nøgle, navn og kontonummer.
    List,
    /// Sæt kontonumre, fx `accounts set school=1010 sfo=1020 debtors=5600` (tomt fjerner).
    Set {
        /// post=konto; posten som `accounts list` viser den (school, sfo, "sfo:modul 1", debtors …), kontoen 1–9 cifre.
        #[arg(required = true)]
        accounts: Vec<String>,
    },
}

/// Posteringsjournal for en måned.
#[derive(Args)]
pub struct JournalCommand {
    /// Måneden, åååå-mm.
    month: String,
    /// Første bilagsnummer.
    #[arg(long, default_value_t = 1)]
    first_voucher: u32,
    /// Gem som CSV til e-conomics kassekladde.
    #[arg(long, conflicts_with_all = ["dinero", "pdf"])]
    economic: Option<std::path::PathBuf>,
    /// Gem som CSV til Dineros kassekladde.
    #[arg(long, conflicts_with = "pdf")]
    dinero: Option<std::path::PathBuf>,
    /// Gem som PDF.
    #[arg(long)]
    pdf: Option<std::path::PathBuf>,
}

pub fn run_accounts(office: &mut Office, json: bool, command: &AccountsCommand) -> AppResult<()> {
    if let AccountsCommand::Set { accounts } = command {
        let rows = accounts
            .iter()
            .map(|pair| {
                let (code, account) = pair.split_once('=').ok_or_else(|| {
                    AppError::Input(format!("Skriv post=konto, fx school=1010 (ikke «{pair}»)."))
                })?;
                Ok(AccountInput {
                    code: code.trim().to_string(),
                    account: account.trim().to_string(),
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        office.bookkeeping().save_chart_of_accounts(rows)?;
    }
    let rows = office.bookkeeping().chart_of_accounts()?;
    print(json, &rows, |rows| {
        rows.iter()
            .map(|r| format!("{:<18} {:<42} {}", r.code, r.name, r.account))
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn run_journal(office: &mut Office, json: bool, command: &JournalCommand) -> AppResult<()> {
    let file = None
        .or(command
            .economic
            .as_ref()
            .map(|p| (JournalFormat::Economic, p)))
        .or(command.dinero.as_ref().map(|p| (JournalFormat::Dinero, p)))
        .or(command.pdf.as_ref().map(|p| (JournalFormat::Pdf, p)));
    if let Some((format, path)) = file {
        let file =
            office
                .bookkeeping()
                .journal_file(&command.month, command.first_voucher, format)?;
        std::fs::write(path, &file.bytes)
            .map_err(|e| AppError::Input(format!("Filen kunne ikke gemmes: {e}")))?;
        let saved = format!("{} gemt ({} byte).", file.file_name, file.bytes.len());
        print(json, &saved, |s| s.clone());
        return Ok(());
    }
    let journal = office
        .bookkeeping()
        .journal(&command.month, command.first_voucher)?;
    print(json, &journal, |j| {
        let mut out = format!("Posteringsjournal {}\n", j.month.danish());
        for voucher in &j.vouchers {
            out.push_str(&format!("\nBilag {}: {}\n", voucher.number, voucher.title));
            for p in &voucher.postings {
                out.push_str(&format!(
                    "  {:<48} {:>9} {:>9} {:>16}\n",
                    p.text,
                    p.account,
                    p.contra,
                    p.amount.to_danish()
                ));
            }
            for note in &voucher.notes {
                out.push_str(&format!("  {note}\n"));
            }
        }
        out
    });
    Ok(())
}
