//! `skolekontor-cli`: every use case of the app as a subcommand, for the school's IT
//! helper and for scripts. Human-readable by default, `--json` for machines.
//! Passwords come from `SKOLEKONTOR_PASSWORD` or a prompt, never from the command line.
#![forbid(unsafe_code)]

mod absence;
mod admin;
mod backup;
mod billing;
mod bookkeeping;
mod class_fund;
mod commands;
mod consent;
mod documents;
mod import;
mod leaving;
mod lists;
mod manual;
mod placement;
mod privacy;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Skolekontor fra kommandolinjen (for IT-hjælperen og scripts).
#[derive(Parser)]
#[command(
    name = "skolekontor-cli",
    version,
    about = "Skolekontor fra kommandolinjen (for IT-hjælperen og scripts).",
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Vis hjælpen.
    #[arg(short, long, global = true, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Vis versionen.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// Skriv resultater og fejl som JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Skolens datamappe (ellers SKOLEKONTOR_DATA_DIR eller styresystemets mappe til programdata).
    #[arg(long, global = true)]
    pub data_dir: Option<std::path::PathBuf>,
    /// Brugernavnet, der logges ind med (adgangskoden fra SKOLEKONTOR_PASSWORD eller spørges om).
    #[arg(long, short, global = true, env = "SKOLEKONTOR_USER")]
    pub user: Option<String>,
    /// Læs gendannelsesnøglen fra første linje på standard input og åbn skolen med den til
    /// denne kommando (når nøgleringen ikke kan nås).
    #[arg(long, global = true)]
    pub recovery_key_stdin: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Hvor programmet står: sat op, låst eller mangler gendannelsesnøglen.
    Status,
    /// Sæt en ny skole op fra en JSON-fil (SetupInput); viser gendannelsesnøglen.
    Setup {
        /// JSON-fil med `school` og `headteacher`.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Skriv også gendannelsesarket som PDF her.
        #[arg(long)]
        recovery_pdf: Option<std::path::PathBuf>,
    },
    /// Sæt den opdigtede demoskole op (omkring 200 elever og 40 børnehavebørn).
    Demo {
        /// Skriv også gendannelsesarket som PDF her.
        #[arg(long)]
        recovery_pdf: Option<std::path::PathBuf>,
    },
    /// Åbn databasen med gendannelsesnøglen (fra standard input) og gem nøglen i nøgleringen igen.
    Recover,
    /// Søg efter børn og forældre på navn, CPR-nummer eller klasse.
    Search {
        /// Ord at søge efter.
        query: Vec<String>,
    },
    /// Børn: vis, tilføj, ret, arkivér og hent tilbage.
    #[command(subcommand)]
    Child(ChildCommand),
    /// Forældre: tilføj til et barn, ret, skift forældremyndighed eller betaler.
    #[command(subcommand)]
    Guardian(GuardianCommand),
    /// Indmeldelseslisten og optagelse.
    #[command(subcommand)]
    Waiting(admin::WaitingCommand),
    /// Versioner af vilkårene.
    #[command(subcommand)]
    Terms(admin::TermsCommand),
    /// Brugere (skolelederen).
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Skolens indstillinger og klassernes pladser.
    #[command(subcommand)]
    Settings(admin::SettingsCommand),
    /// Loggen: søg og kontrollér kæden.
    #[command(subcommand)]
    Audit(admin::AuditCommand),
    /// Kontrakter, blanketter, vilkår og persondatapolitik som PDF.
    #[command(subcommand)]
    Document(documents::DocumentCommand),
    /// Skolens tekster og deres versioner.
    #[command(subcommand)]
    Text(documents::TextCommand),
    /// Betaling: takster, opkrævning, Betalingsservice, betalinger og restancer.
    #[command(subcommand)]
    Billing(billing::BillingCommand),
    /// Udmeldelse: opsigelser, kompensation og bortvisning.
    #[command(subcommand)]
    Leaving(leaving::LeavingCommand),
    /// Plads: klasseskift og SFO-moduler, med forhåndsvisning.
    #[command(subcommand)]
    Placement(placement::PlacementCommand),
    /// Skoleåret: skoleårsskiftet og indberetningen 5. september.
    #[command(subcommand)]
    SchoolYear(leaving::SchoolYearCommand),
    /// Fravær: sygdom og anmodninger om fri.
    #[command(subcommand)]
    Absence(absence::AbsenceCommand),
    /// Klassekasser: formål, kassebog og indbetalinger pr. familie.
    #[command(subcommand)]
    ClassFund(class_fund::ClassFundCommand),
    /// Samtykker: typer, svar og lister over børn uden samtykke.
    #[command(subcommand)]
    Consent(consent::ConsentCommand),
    /// Persondata: dataudtræk og anmodninger.
    #[command(subcommand)]
    Data(privacy::DataCommand),
    /// Lister til udskrift og Excel: klasseliste, kontaktliste, telefonliste, fødselsdage, etiketter, SFO, børnehave, register.
    List(lists::ListCommand),
    /// Kontoplan til posteringsjournalen.
    #[command(subcommand)]
    Accounts(bookkeeping::AccountsCommand),
    /// Posteringsjournal for en måned: på skærmen, som CSV til e-conomic eller Dinero, eller som PDF.
    Journal(bookkeeping::JournalCommand),
    /// Tag en sikkerhedskopi nu: i skolens valgte mappe, eller med --to i en anden; --list viser dem.
    Backup {
        /// En anden mappe end skolens (skolens egne sikkerhedskopier røres ikke).
        #[arg(long)]
        to: Option<std::path::PathBuf>,
        /// Vis skolens mappe og sikkerhedskopierne i den.
        #[arg(long, conflicts_with = "to")]
        list: bool,
    },
    /// Kontrollér en sikkerhedskopi: skolens nøgle, hver sides kontrolsum, databasens egen kontrol og versionen.
    Verify {
        /// Sikkerhedskopien.
        file: std::path::PathBuf,
    },
    /// Skift databasens nøgle (skolelederen); den nye gendannelsesnøgle vises én gang.
    ChangeKey {
        /// Skriv også det nye gendannelsesark som PDF her.
        #[arg(long)]
        recovery_pdf: Option<std::path::PathBuf>,
    },
    /// Indlæs børn, forældre og pladser fra det gamle system (CSV eller Excel, se docs/import.md) — alt eller intet.
    Import {
        /// Filen fra det gamle system (.csv, .xlsx, .xls eller .ods).
        file: std::path::PathBuf,
        /// Gennemse kun filen og vis hvert problem med række og kolonne; intet gemmes.
        #[arg(long)]
        dry_run: bool,
    },
    /// Erstat skolens database med en kontrolleret sikkerhedskopi (skolelederen); den nuværende fil gemmes ved siden af.
    Restore {
        /// Sikkerhedskopien.
        file: std::path::PathBuf,
    },
    /// Skriv begge programmers man-sider i en mappe (til pakken).
    #[command(hide = true)]
    ManualPages {
        /// Mappen.
        dir: std::path::PathBuf,
    },
}

/// Subcommands about guardians (forældre).
#[derive(Subcommand)]
pub enum GuardianCommand {
    /// Tilføj en forælder til et barn fra en JSON-fil (NewGuardian: `existingId` eller `person`, og `link`).
    Add {
        child_id: i64,
        /// JSON-filen.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Ret en forælders egne oplysninger fra en JSON-fil (GuardianInput).
    Update {
        /// Forælderens id.
        id: i64,
        /// JSON-filen.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Skift forældremyndighed, betaler eller relation for en forælder til ét barn.
    Link {
        child_id: i64,
        guardian_id: i64,
        /// Holds custody (forældremyndighed).
        #[arg(long)]
        custody: bool,
        /// Betaler for barnet.
        #[arg(long)]
        payer: bool,
        /// Relationen i ord (mor, far …).
        #[arg(long, default_value = "")]
        relation: String,
        /// Med --payer: det ubetalte for barnet flyttes fra den tidligere betaler til denne
        /// (en regulering på hver deres næste opkrævning); uden bliver det stående.
        #[arg(long, requires = "payer")]
        move_balance: bool,
    },
}

/// Subcommands about children.
#[derive(Subcommand)]
pub enum ChildCommand {
    /// Børnene efter navn.
    List {
        /// Også arkiverede børn.
        #[arg(long)]
        archived: bool,
    },
    /// Vis ét barn med forældre og hjem.
    Show {
        /// Barnets id.
        id: i64,
    },
    /// Tilføj et barn med forældre fra en JSON-fil (NewChild).
    Add {
        /// JSON-filen.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Ret et barns oplysninger og placering fra en JSON-fil (ChildInput).
    Update {
        /// Barnets id.
        id: i64,
        /// JSON-filen.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Arkivér et barn (intet slettes).
    Archive {
        /// Barnets id.
        id: i64,
    },
    /// Hent et arkiveret barn tilbage.
    Restore {
        /// Barnets id.
        id: i64,
    },
    /// Vis de fulde CPR-numre (bliver logget).
    RevealCpr {
        /// Barnets id.
        id: i64,
    },
}

/// The CLI's help in Danish throughout: clap's own headings are English.
pub(crate) fn in_danish(command: clap::Command) -> clap::Command {
    command
        .help_template("{about-with-newline}\nBrug: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Kommandoer")
        .subcommand_value_name("KOMMANDO")
        .mut_args(|arg| {
            if arg.get_help_heading().is_some() {
                arg
            } else if arg.is_positional() {
                arg.help_heading("Argumenter")
            } else {
                arg.help_heading("Valg")
            }
        })
        .mut_subcommands(in_danish)
}

fn main() {
    let matches = in_danish(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    if let Command::ManualPages { dir } = &cli.command {
        if let Err(error) = manual::write_pages(dir) {
            eprintln!("Fejl: man-siderne kunne ikke skrives: {error}");
            std::process::exit(1);
        }
        return;
    }
    let json = cli.json;
    match commands::run(cli) {
        Ok(()) => {}
        Err(error) => {
            let reply = error.reply();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&reply).unwrap_or_default()
                );
            } else {
                eprintln!("Fejl: {}", reply.message);
                for field in &reply.fields {
                    eprintln!("  {}: {}", field.field, field.message);
                }
            }
            std::process::exit(if matches!(reply.code.as_str(), "validation" | "input") {
                2
            } else {
                1
            });
        }
    }
}
