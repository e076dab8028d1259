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
mod placement;
mod privacy;

use clap::{Parser, Subcommand};

/// Skolekontor from the command line.
#[derive(Parser)]
#[command(
    name = "skolekontor-cli",
    version,
    about = "Skolekontor fra kommandolinjen (for IT-hjælperen og scripts)."
)]
pub struct Cli {
    /// Print results and errors as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// The school's data folder (default: SKOLEKONTOR_DATA_DIR or the OS's app-data folder).
    #[arg(long, global = true)]
    pub data_dir: Option<std::path::PathBuf>,
    /// User name to log in as (password from SKOLEKONTOR_PASSWORD or a prompt).
    #[arg(long, short, global = true, env = "SKOLEKONTOR_USER")]
    pub user: Option<String>,
    /// Read the recovery key from the first line of standard input and open the school
    /// with it for this command (when the keyring cannot be reached).
    #[arg(long, global = true)]
    pub recovery_key_stdin: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Where the program stands: set up, locked, or needing the recovery key.
    Status,
    /// Set up a new school from a JSON file (SetupInput); prints the recovery key.
    Setup {
        /// JSON file with `school` and `headteacher`.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Also write the recovery-key sheet as PDF here.
        #[arg(long)]
        recovery_pdf: Option<std::path::PathBuf>,
    },
    /// Set up the fictional demo school (about 200 pupils and 40 kindergarten children).
    Demo {
        /// Also write the recovery-key sheet as PDF here.
        #[arg(long)]
        recovery_pdf: Option<std::path::PathBuf>,
    },
    /// Open the database with the recovery key (read from standard input) and store the key in the keyring again.
    Recover,
    /// Search children and guardians by name, CPR number or class.
    Search {
        /// Words to search for.
        query: Vec<String>,
    },
    /// Children: list, show, add, update, archive, restore.
    #[command(subcommand)]
    Child(ChildCommand),
    /// Guardians: add to a child, update, change custody or payer.
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
}

/// Subcommands about guardians (forældre).
#[derive(Subcommand)]
pub enum GuardianCommand {
    /// Add a guardian to a child from a JSON file (NewGuardian: `existingId` or `person`, and `link`).
    Add {
        child_id: i64,
        /// JSON file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Change a guardian's own details from a JSON file (GuardianInput).
    Update {
        /// The guardian's id.
        id: i64,
        /// JSON file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Change custody, payer or relation of a guardian for one child.
    Link {
        child_id: i64,
        guardian_id: i64,
        /// Holds custody (forældremyndighed).
        #[arg(long)]
        custody: bool,
        /// Pays for the child (betaler).
        #[arg(long)]
        payer: bool,
        /// Relation in words (mor, far …).
        #[arg(long, default_value = "")]
        relation: String,
        /// With --payer: what is unpaid for the child moves from the former payer to
        /// this one (a correction on each one's next charge); without, it stays.
        #[arg(long, requires = "payer")]
        move_balance: bool,
    },
}

/// Subcommands about children.
#[derive(Subcommand)]
pub enum ChildCommand {
    /// List children by name.
    List {
        /// Include archived children.
        #[arg(long)]
        archived: bool,
    },
    /// Show one child with guardians and households.
    Show {
        /// The child's id.
        id: i64,
    },
    /// Add a child with guardians from a JSON file (NewChild).
    Add {
        /// JSON file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Change a child's details and placement from a JSON file (ChildInput).
    Update {
        /// The child's id.
        id: i64,
        /// JSON file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Archive a child (nothing is deleted).
    Archive {
        /// The child's id.
        id: i64,
    },
    /// Bring an archived child back.
    Restore {
        /// The child's id.
        id: i64,
    },
    /// Vis de fulde CPR-numre (bliver logget).
    RevealCpr {
        /// The child's id.
        id: i64,
    },
}

fn main() {
    let cli = Cli::parse();
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
