//! `billing`: rates, subsidies and settings; preview and issue a month and write
//! its 0601 file; read a 0602 file; payments, corrections, credit notes, refunds,
//! accounts and arrears.

use clap::Subcommand;
use serde::Serialize;
use skolekontor_app::billing::ManualPaymentInput;
use skolekontor_app::domain::betalingsservice::Creditor;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::billing::{
    BillingSettings, RateCorrection, RateInput, RateKind, Reduction, SubsidyInput, SubsidyKind,
};
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::{print, read_json};

fn amount(text: &str) -> AppResult<Ore> {
    Ore::parse_danish(text).ok_or_else(|| {
        AppError::Input(format!("«{text}» er ikke et beløb i kroner (fx 1.500,00)."))
    })
}

/// Betaling: takster, opkrævning, Betalingsservice og restancer.
#[derive(Subcommand)]
pub enum BillingCommand {
    /// Alle takster og indstillingerne.
    Rates,
    /// Ny takst: school, sfo, kindergarten eller enrolment_fee, beløb i kroner, gyldig fra dd-mm-åååå.
    AddRate {
        #[arg(value_parser = ["school", "sfo", "kindergarten", "enrolment_fee"])]
        kind: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        from: String,
        /// SFO-modulets navn.
        #[arg(long, default_value = "")]
        module: String,
    },
    /// Ret en fejlindtastet takst (eller slet den med --remove), så længe ingen
    /// opkrævning har brugt den.
    CorrectRate {
        #[arg(value_parser = ["school", "sfo", "kindergarten", "enrolment_fee"])]
        kind: String,
        /// Taksten, der rettes: dens første dag, dd-mm-åååå.
        #[arg(long)]
        from: String,
        /// Det rigtige beløb i kroner.
        #[arg(long, default_value = "0")]
        amount: String,
        #[arg(long, default_value = "")]
        module: String,
        #[arg(long)]
        remove: bool,
    },
    /// Gem indstillingerne fra en JSON-fil: `{ "settings": BillingSettings, "creditor": Creditor }`.
    SetSettings {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Et barns friplads og tilskud.
    Subsidies { child_id: i64 },
    /// Giv friplads eller registrér kommunens tilskud: --percent eller --amount pr. måned.
    AddSubsidy {
        child_id: i64,
        #[arg(long, value_parser = ["friplads", "municipal"])]
        kind: String,
        #[arg(long, value_parser = ["school", "sfo", "kindergarten"])]
        division: String,
        #[arg(long)]
        percent: Option<u8>,
        #[arg(long)]
        amount: Option<String>,
        #[arg(long)]
        from: String,
        #[arg(long, default_value = "")]
        to: String,
    },
    /// Afslut en friplads eller et tilskud på en dato.
    EndSubsidy {
        id: i64,
        #[arg(long)]
        to: String,
    },
    /// Vis en måneds opkrævning (åååå-mm).
    Preview { month: String },
    /// Udsend en måneds opkrævning (én gang; igen ændrer intet).
    Issue { month: String },
    /// De udsendte opkrævninger.
    Runs,
    /// Skriv en opkrævnings Betalingsservice-fil (0601).
    File {
        run_id: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Indlæs betalingsinformation (0602) fra banken.
    Import { file: std::path::PathBuf },
    /// Registrér en betaling: --kind transfer eller cash.
    Pay {
        payer_id: i64,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        on: String,
        #[arg(long, value_parser = ["transfer", "cash"], default_value = "transfer")]
        kind: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// En regulering på betalerens næste opkrævning (minus er et tilgodehavende).
    Correction {
        payer_id: i64,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long)]
        text: String,
    },
    /// Udsted en kreditnota til en betaler: nedsætter saldoen med en begrundelse.
    CreditNote {
        payer_id: i64,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        text: String,
        /// Barnet, kreditnotaen handler om.
        #[arg(long)]
        child: Option<i64>,
    },
    /// Registrér en tilbagebetaling af for meget betalt, efter overførslen i banken.
    Refund {
        payer_id: i64,
        #[arg(long)]
        amount: String,
        /// Overførslens dato, dd-mm-åååå.
        #[arg(long)]
        on: String,
        /// Bankens reference for overførslen.
        #[arg(long)]
        reference: String,
    },
    /// En betalers kundenummer i Betalingsservice; med --set rettes det (fx nummeret fra
    /// skolens tidligere system).
    CustomerNumber {
        payer_id: i64,
        #[arg(long)]
        set: Option<String>,
    },
    /// Betalernes saldo; med --overdue kun restancer.
    Accounts {
        #[arg(long)]
        overdue: bool,
    },
    /// En betalers opkrævninger og betalinger.
    Statement { payer_id: i64 },
    /// Opsig en børnehaveplads for restance.
    Terminate {
        child_id: i64,
        /// Med øjeblikkelig virkning (helt særlige tilfælde; intet refunderes).
        #[arg(long)]
        immediate: bool,
    },
}

#[derive(serde::Deserialize)]
struct SettingsFile {
    settings: BillingSettings,
    creditor: Creditor,
}

#[derive(Serialize)]
struct Written {
    file: String,
    bytes: usize,
}

/// Runs a billing subcommand.
pub fn run_billing(office: &mut Office, json: bool, command: &BillingCommand) -> AppResult<()> {
    match command {
        BillingCommand::Rates => {
            let setup = office.billing().billing_setup()?;
            print(json, &setup, |s| {
                s.rates
                    .iter()
                    .map(|row| {
                        let r = &row.rate;
                        format!(
                            "{:<18} {:<12} fra {}  {}{}",
                            r.kind.danish(),
                            r.module,
                            r.valid_from.format("%d-%m-%Y"),
                            r.amount.to_danish(),
                            if row.correctable {
                                "  (kan rettes)"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        BillingCommand::AddRate {
            kind,
            amount: text,
            from,
            module,
        } => {
            let input = RateInput {
                kind: RateKind::from_code(kind),
                module: module.clone(),
                amount: amount(text)?,
                valid_from: from.clone(),
            };
            office.billing().add_rate(input)?;
            print(json, &(), |_| "Taksten er gemt.".into());
        }
        BillingCommand::CorrectRate {
            kind,
            from,
            amount: text,
            module,
            remove,
        } => {
            office.billing().correct_rate(RateCorrection {
                kind: RateKind::from_code(kind),
                module: module.clone(),
                valid_from: from.clone(),
                amount: amount(text)?,
                remove: *remove,
            })?;
            print(json, &(), |_| {
                if *remove {
                    "Taksten er slettet."
                } else {
                    "Taksten er rettet."
                }
                .into()
            });
        }
        BillingCommand::SetSettings { from } => {
            let file: SettingsFile = read_json(from)?;
            office
                .billing()
                .save_billing_settings(file.settings, file.creditor)?;
            print(json, &(), |_| "Indstillingerne er gemt.".into());
        }
        BillingCommand::Subsidies { child_id } => {
            let list = office.billing().subsidies(*child_id)?;
            print(json, &list, |l| {
                l.iter()
                    .map(|s| {
                        format!(
                            "{:>4}  {} {} {:?} fra {} til {:?}",
                            s.id,
                            s.kind.danish(),
                            s.division.danish(),
                            s.reduction,
                            s.from,
                            s.to
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        BillingCommand::AddSubsidy {
            child_id,
            kind,
            division,
            percent,
            amount: money,
            from,
            to,
        } => {
            let reduction = match (percent, money) {
                (Some(p), None) => Some(Reduction::Percent(*p)),
                (None, Some(a)) => Some(Reduction::Amount(amount(a)?)),
                _ => {
                    return Err(AppError::Input(
                        "Angiv enten --percent eller --amount.".into(),
                    ))
                }
            };
            let input = SubsidyInput {
                child_id: *child_id,
                kind: SubsidyKind::from_code(kind),
                division: Division::from_code(division),
                reduction,
                from: from.clone(),
                to: to.clone(),
            };
            let id = office.billing().add_subsidy(input)?;
            print(json, &id, |id| format!("Gemt (nr. {id})."));
        }
        BillingCommand::EndSubsidy { id, to } => {
            office.billing().end_subsidy(*id, to)?;
            print(json, &(), |_| "Afsluttet.".into());
        }
        BillingCommand::Preview { month } => {
            let preview = office.billing().preview_charges(month)?;
            print(json, &preview, preview_text);
        }
        BillingCommand::Issue { month } => {
            let preview = office.billing().issue_charges(month)?;
            print(json, &preview, preview_text);
        }
        BillingCommand::Runs => {
            let runs = office.billing().charge_runs()?;
            print(json, &runs, |r| {
                r.iter()
                    .map(|r| {
                        format!(
                            "{:>4}  {}  betalingsdato {}  {} opkrævninger  {}",
                            r.id,
                            r.month,
                            r.payment_date,
                            r.charges,
                            r.total.to_danish()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        BillingCommand::File { run_id, out } => {
            let file = office.billing().delivery_file(*run_id)?;
            std::fs::write(out, &file.bytes)
                .map_err(|e| AppError::Input(format!("Filen kunne ikke gemmes: {e}")))?;
            let written = Written {
                file: file.file_name,
                bytes: file.bytes.len(),
            };
            print(json, &written, |w| {
                format!("Betalingsservice-filen er gemt ({} byte).", w.bytes)
            });
        }
        BillingCommand::Import { file } => {
            let bytes = std::fs::read(file)
                .map_err(|e| AppError::Input(format!("Filen kunne ikke læses: {e}")))?;
            let report = office.billing().import_payments(&bytes)?;
            print(json, &report, |r| {
                let mut lines = vec![format!(
                    "{} betalt ({}), {} afvist, {} annulleret, {} tilbageført.",
                    r.paid,
                    r.paid_total.to_danish(),
                    r.rejected,
                    r.cancelled,
                    r.charged_back
                )];
                lines.extend(r.unmatched.iter().map(|u| {
                    format!(
                        "  linje {}: kundenr. {} {}: {}",
                        u.line,
                        u.customer_number,
                        u.amount.to_danish(),
                        u.reason
                    )
                }));
                lines.join("\n")
            });
        }
        BillingCommand::Pay {
            payer_id,
            amount: text,
            on,
            kind,
            note,
        } => {
            let input = ManualPaymentInput {
                payer_id: *payer_id,
                kind: kind.clone(),
                amount: amount(text)?,
                paid_on: on.clone(),
                note: note.clone(),
            };
            office.billing().add_manual_payment(input)?;
            print(json, &(), |_| "Betalingen er registreret.".into());
        }
        BillingCommand::Correction {
            payer_id,
            amount: text,
            text: line,
        } => {
            office
                .billing()
                .add_correction(*payer_id, line, amount(text)?)?;
            print(json, &(), |_| {
                "Reguleringen kommer med på næste opkrævning.".into()
            });
        }
        BillingCommand::CreditNote {
            payer_id,
            amount: text,
            text: reason,
            child,
        } => {
            let id = office.billing().issue_credit_note(CreditNoteInput {
                payer_id: *payer_id,
                child_id: *child,
                text: reason.clone(),
                amount: amount(text)?,
            })?;
            print(json, &id, |id| {
                format!("Kreditnotaen er udstedt (id {id}). Udskriv den med: document credit-note {id} --out FIL")
            });
        }
        BillingCommand::Refund {
            payer_id,
            amount: text,
            on,
            reference,
        } => {
            let id = office.billing().record_refund(RefundInput {
                payer_id: *payer_id,
                amount: amount(text)?,
                paid_on: on.clone(),
                bank_reference: reference.clone(),
            })?;
            print(json, &id, |id| {
                format!("Tilbagebetalingen er registreret (id {id}). Brevet: document refund {id} --out FIL")
            });
        }
        BillingCommand::CustomerNumber { payer_id, set } => {
            let number = match set {
                Some(number) => Some(office.billing().set_customer_number(*payer_id, number)?),
                None => office.billing().customer_number(*payer_id)?,
            };
            print(json, &number, |number| match number {
                Some(number) => format!("Kundenummer: {number}"),
                None => "Kundenummeret gives ved betalerens første opkrævning.".into(),
            });
        }
        BillingCommand::Accounts { overdue } => {
            let rows = office.billing().payer_accounts(*overdue)?;
            print(json, &rows, |rows| {
                rows.iter()
                    .map(|r| {
                        format!(
                            "{:>6}  {:<30} saldo {:>14}  forfaldent {:>14}",
                            r.customer_number,
                            r.name,
                            r.account.balance.to_danish(),
                            r.account.overdue.to_danish()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        BillingCommand::Statement { payer_id } => {
            let statement = office.billing().payer_statement(*payer_id)?;
            print(json, &statement, |s| {
                let mut lines = vec![format!(
                    "{} (kundenr. {}), saldo {}",
                    s.account.name,
                    s.account.customer_number,
                    s.account.account.balance.to_danish()
                )];
                lines.extend(
                    s.charges
                        .iter()
                        .map(|c| format!("  {}  {:>14}  {}", c.due, c.total.to_danish(), c.status)),
                );
                lines.extend(
                    s.payments.iter().map(|p| {
                        format!("  {}  {:>14}  {}", p.paid_on, p.amount.to_danish(), p.kind)
                    }),
                );
                lines.extend(s.credit_notes.iter().map(|n| {
                    format!(
                        "  {}  {:>14}  kreditnota nr. {}: {}",
                        n.issued_on,
                        Ore(-n.amount.0).to_danish(),
                        n.number,
                        n.text
                    )
                }));
                lines.extend(s.refunds.iter().map(|r| {
                    format!(
                        "  {}  {:>14}  tilbagebetalt, reference {}",
                        r.paid_on,
                        r.amount.to_danish(),
                        r.bank_reference
                    )
                }));
                lines.join("\n")
            });
        }
        BillingCommand::Terminate {
            child_id,
            immediate,
        } => {
            let last_day = office
                .billing()
                .terminate_kindergarten_for_arrears(*child_id, *immediate)?;
            print(json, &last_day, |d| {
                format!("Pladsen er opsagt. Sidste dag: {d}.")
            });
        }
    }
    Ok(())
}

fn preview_text(p: &skolekontor_app::billing::ChargePreview) -> String {
    let mut lines = vec![format!(
        "{}: {} betalere, i alt {}, betalingsdato {}{}",
        p.month_label,
        p.charges.len(),
        p.total.to_danish(),
        p.payment_date,
        p.issued_note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    )];
    lines.extend(p.problems.iter().map(|x| format!("  ! {x}")));
    lines.join("\n")
}
