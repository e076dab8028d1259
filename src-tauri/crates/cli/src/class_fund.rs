//! `class-fund`: the class funds (R17–R20): terms, ledger and the families' payments.

use clap::Subcommand;
use skolekontor_app::class_fund::{CancelFundEntry, ClassFundView};
use skolekontor_app::domain::class_fund::{ClassFundInput, EntryKind, FundEntryInput};
use skolekontor_app::{AppResult, Office};

use crate::commands::print;

/// Klassekasser: formål, kasserer, kassebog og indbetalinger pr. familie.
#[derive(Subcommand)]
pub enum ClassFundCommand {
    /// Klasserne med saldo.
    List,
    /// En klassekasse: formål, kassebog og familier. Klassen angives ved årgang (året for 0. klasse).
    Show { cohort: i32 },
    /// Opret klassekassen eller ret formål, kasserer og aftalt indbetaling.
    Terms {
        cohort: i32,
        /// Det, forældrene har aftalt, at pengene må bruges til.
        #[arg(long)]
        purpose: String,
        /// Kassereren (forælderens id).
        #[arg(long)]
        treasurer: Option<i64>,
        /// Aftalt beløb pr. familie pr. måned, fx 50,00.
        #[arg(long, default_value = "")]
        monthly: String,
        /// Fra den 1. i en måned, dd-mm-åååå.
        #[arg(long, default_value = "")]
        from: String,
    },
    /// Bogfør en indbetaling eller en udgift.
    Entry {
        cohort: i32,
        #[arg(value_parser = ["deposit", "expense"])]
        kind: String,
        /// Dato, dd-mm-åååå.
        #[arg(long)]
        date: String,
        /// Beløb i kroner, fx 150,00.
        #[arg(long)]
        amount: String,
        #[arg(long)]
        text: String,
        /// Bilagsnummer (kræves for en udgift).
        #[arg(long, default_value = "")]
        receipt: String,
        /// For en indbetaling: elevens id (familien, der betalte).
        #[arg(long)]
        child: Option<i64>,
    },
    /// Annullér en linje i kassebogen; den bliver stående.
    Cancel {
        entry_id: i64,
        #[arg(long)]
        reason: String,
    },
}

fn fund_text(fund: &ClassFundView) -> String {
    if !fund.exists {
        return format!("{} har ingen klassekasse.", fund.class_name);
    }
    let mut lines = vec![
        format!("Klassekasse {} · saldo {}", fund.class_name, fund.balance),
        format!("Formål: {}", fund.purpose),
    ];
    if !fund.contribution.is_empty() {
        lines.push(format!("Aftalt: {}", fund.contribution));
    }
    lines.extend(fund.entries.iter().map(|e| {
        let sign = if e.kind == EntryKind::Expense {
            "-"
        } else {
            "+"
        };
        format!(
            "  #{} {} {sign}{} {} [{}] saldo {} {}",
            e.id, e.date, e.amount, e.text, e.receipt, e.balance, e.cancelled
        )
    }));
    lines.extend(fund.families.iter().map(|f| {
        format!(
            "  {:<28} indbetalt {:>12} {} {}",
            f.child_name, f.paid, f.difference, f.note
        )
    }));
    lines.push(fund.notice.clone());
    lines.join("\n")
}

/// Runs a `class-fund` subcommand.
pub fn run_class_fund(
    office: &mut Office,
    json: bool,
    command: &ClassFundCommand,
) -> AppResult<()> {
    let fund = match command {
        ClassFundCommand::List => {
            let classes = office.class_fund().class_funds()?;
            print(json, &classes, |list| {
                list.iter()
                    .map(|c| {
                        format!(
                            "{:>5} {:<14} {:>3} elever  {}",
                            c.cohort,
                            c.class_name,
                            c.pupils,
                            if c.has_fund {
                                c.balance.as_str()
                            } else {
                                "ingen klassekasse"
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            return Ok(());
        }
        ClassFundCommand::Show { cohort } => office.class_fund().class_fund(*cohort)?,
        ClassFundCommand::Terms {
            cohort,
            purpose,
            treasurer,
            monthly,
            from,
        } => office.class_fund().save_class_fund(ClassFundInput {
            cohort: *cohort,
            purpose: purpose.clone(),
            treasurer_guardian_id: *treasurer,
            monthly_contribution: monthly.clone(),
            contribution_from: from.clone(),
        })?,
        ClassFundCommand::Entry {
            cohort,
            kind,
            date,
            amount,
            text,
            receipt,
            child,
        } => {
            let kind = if kind == "expense" {
                EntryKind::Expense
            } else {
                EntryKind::Deposit
            };
            office.class_fund().add_fund_entry(FundEntryInput {
                cohort: *cohort,
                kind: Some(kind),
                date: date.clone(),
                amount: amount.clone(),
                text: text.clone(),
                receipt: receipt.clone(),
                child_id: *child,
            })?
        }
        ClassFundCommand::Cancel { entry_id, reason } => {
            office.class_fund().cancel_fund_entry(CancelFundEntry {
                entry_id: *entry_id,
                reason: reason.clone(),
            })?
        }
    };
    print(json, &fund, fund_text);
    Ok(())
}
