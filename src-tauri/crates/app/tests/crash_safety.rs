//! Crash safety (issue 8, R29): a writer process adds children, imports small
//! families and changes children on the real encrypted file, saying `ack` after
//! each commit. It is killed with SIGKILL at a random moment of its burst, 200 times (50
//! under Windows) over the same file. After every kill the file is opened as the program opens it:
//! every page's HMAC and SQLite's own check pass, the audit chain is whole, every
//! acknowledged write is there, and no half of a transaction is.
//!
//! The writer is this test binary started again with `--ignored --exact`, so the
//! harness needs no program of its own.
//!
//! Issuing a month (R8, R35) stores the run and its 0601 file; a process aborted
//! between the two leaves neither, so a month can never be issued without its file.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use skolekontor_app::domain::register::{
    ChildInput, GuardianInput, GuardianLink, PlacementInput, ValidChild,
};
use skolekontor_app::domain::school::{Division, SchoolInput};
use skolekontor_store::backup::check_backup;
use skolekontor_store::register::GuardianRef;
use skolekontor_store::{Database, DatabaseKey};

/// Two hundred kills on Linux. Under Windows (Wine, in `make test-windows`) a kill costs
/// nearly twice as much (200 took 146 s against 85 s); fifty kills there check the
/// platform's file locking and syncing and keep `make test` within its hour.
const KILLS: usize = if cfg!(windows) { 50 } else { 200 };
const DB_VARIABLE: &str = "SKOLEKONTOR_CRASH_DB";
const KEY_VARIABLE: &str = "SKOLEKONTOR_CRASH_KEY";
const RUN_VARIABLE: &str = "SKOLEKONTOR_CRASH_RUN";
const ISSUE_DAY: &str = "2026-08-20";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn hex(key: &DatabaseKey) -> String {
    key.as_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn key_from_hex(text: &str) -> DatabaseKey {
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect();
    DatabaseKey::from_bytes(&bytes).unwrap()
}

/// A child without CPR number, marked by its unique first name; `version` goes into
/// the nationality field, which the writer's changes count up.
fn child(first: &str, version: u32) -> ValidChild {
    ChildInput {
        first_name: first.into(),
        last_name: "Krak".into(),
        birth_date: "05-09-2018".into(),
        nationality: format!("v{version}"),
        placement: Some(PlacementInput {
            division: Some(Division::School),
            grade: Some(2),
            sfo: true,
            start_date: "01-08-2026".into(),
        }),
        ..Default::default()
    }
    .validate(today())
    .unwrap()
}

fn parent(first: &str) -> GuardianRef {
    GuardianRef::New(
        GuardianInput {
            first_name: first.into(),
            last_name: "Krak".into(),
            address: format!("{first}vej 1"),
            postal_code: "4000".into(),
            town: "Roskilde".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap(),
    )
}

fn payer() -> GuardianLink {
    GuardianLink {
        relation: "mor".into(),
        has_custody: true,
        is_payer: true,
    }
}

fn say(line: String) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

/// The writer: endless bursts until it is killed. Lines: `begin …` before a write,
/// `ack …` after its commit returned.
#[test]
#[ignore = "the crash harness's writer; crash_safety starts it itself"]
fn crash_writer_process() {
    let (Ok(path), Ok(key), Ok(run)) = (
        std::env::var(DB_VARIABLE),
        std::env::var(KEY_VARIABLE),
        std::env::var(RUN_VARIABLE),
    ) else {
        panic!("started by crash_safety only")
    };
    let mut db = Database::open(Path::new(&path), &key_from_hex(&key)).unwrap();
    let mut own: Vec<(i64, String, u32)> = Vec::new();
    say("ready".into());
    for step in 0.. {
        let name = format!("R{run}S{step}");
        match step % 3 {
            0 => {
                say(format!("begin child {name}"));
                let id = db
                    .add_child(&child(&name, 0), &[(parent(&name), payer())])
                    .unwrap();
                own.push((id, name.clone(), 0));
                say(format!("ack child {name}"));
            }
            1 => {
                // A family of three children and two parents in one transaction.
                let names: Vec<String> = (0..3).map(|i| format!("{name}F{i}")).collect();
                let parents = [parent(&format!("{name}M")), parent(&format!("{name}P"))];
                let links = vec![
                    (0, payer()),
                    (
                        1,
                        GuardianLink {
                            is_payer: false,
                            ..payer()
                        },
                    ),
                ];
                let children: Vec<_> = names
                    .iter()
                    .map(|n| (child(n, 0), links.clone(), Default::default()))
                    .collect();
                say(format!("begin family {}", names.join(" ")));
                db.import_register(&parents, &children, &[]).unwrap();
                say(format!("ack family {}", names.join(" ")));
            }
            _ => {
                let Some((id, first, version)) = own.last_mut() else {
                    continue;
                };
                *version += 1;
                say(format!("begin change {first} {version}"));
                db.update_child(*id, &child(first, *version)).unwrap();
                say(format!("ack change {first} {version}"));
            }
        }
    }
}

/// What the writers said, over all runs.
#[derive(Default)]
struct Said {
    /// Children whose creation was acknowledged.
    children: Vec<String>,
    /// The highest acknowledged change per child.
    versions: HashMap<String, u32>,
    acknowledged: usize,
}

impl Said {
    /// Takes in one writer's lines; true when its last write was begun and not
    /// acknowledged, i.e. in flight when it was killed.
    fn read(&mut self, lines: &[String]) -> bool {
        let mut last_begun = false;
        for line in lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["begin", ..] => last_begun = true,
                ["ack", "child", name] => {
                    self.children.push(name.to_string());
                    self.acknowledged += 1;
                    last_begun = false;
                }
                ["ack", "family", names @ ..] => {
                    self.children.extend(names.iter().map(|n| n.to_string()));
                    self.acknowledged += 1;
                    last_begun = false;
                }
                ["ack", "change", name, version] => {
                    self.versions
                        .insert(name.to_string(), version.parse().unwrap());
                    self.acknowledged += 1;
                    last_begun = false;
                }
                _ => {}
            }
        }
        last_begun
    }
}

/// Runs one writer and kills it after `after`; returns its lines.
fn run_writer(path: &Path, key: &str, run: usize, after: Duration) -> Vec<String> {
    let mut writer = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash_writer_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DB_VARIABLE, path)
        .env(KEY_VARIABLE, key)
        .env(RUN_VARIABLE, run.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(writer.stdout.take().unwrap());
    let mut line = String::new();
    // libtest prints "test crash_writer_process ... " without a line break first.
    while !line.trim_end().ends_with("ready") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the writer did not start"
        );
    }
    let reader =
        std::thread::spawn(move || stdout.lines().map_while(Result::ok).collect::<Vec<_>>());
    std::thread::sleep(after);
    writer.kill().unwrap(); // SIGKILL on Unix
    writer.wait().unwrap();
    reader.join().unwrap()
}

/// Opens the file as the program does and checks it; the number of children stored.
fn check_file(path: &Path, key: &DatabaseKey, said: &Said) -> usize {
    let db = Database::open(path, key).expect("the file opens after a kill");
    let audit = db.audit().verify_audit_log().unwrap();
    assert_eq!(audit.problem, None, "the audit chain is whole");
    let stored: HashMap<String, i64> = db
        .register()
        .child_summaries()
        .unwrap()
        .into_iter()
        .map(|(c, _)| (c.first_name, c.id))
        .collect();
    for name in &said.children {
        assert!(
            stored.contains_key(name),
            "acknowledged child {name} is lost"
        );
    }
    let families: HashMap<&str, usize> = stored
        .keys()
        .filter_map(|n| n.split_once('F').map(|(family, _)| family))
        .fold(HashMap::new(), |mut counts, family| {
            *counts.entry(family).or_default() += 1;
            counts
        });
    for (family, count) in families {
        assert_eq!(count, 3, "family {family} is stored whole or not at all");
    }
    for (name, version) in &said.versions {
        let detail = db.register().child_detail(stored[name]).unwrap();
        let stored: u32 = detail.nationality.trim_start_matches('v').parse().unwrap();
        assert!(
            stored >= *version,
            "acknowledged change {version} of {name} is lost"
        );
    }
    drop(db);
    check_backup(path, key).expect("every page's HMAC and integrity_check pass");
    stored.len()
}

#[test]
fn writers_killed_mid_write_lose_no_acknowledged_write_and_corrupt_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    let school = SchoolInput {
        name: "Krakhøj Friskole".into(),
        address: "Skolevej 1".into(),
        postal_code: "4000".into(),
        town: "Roskilde".into(),
        phone: "46123456".into(),
        email: "kontor@krakhoej.eksempel.dk".into(),
        cvr: "12345678".into(),
        divisions: vec![Division::School, Division::Sfo],
        ..Default::default()
    }
    .validate()
    .unwrap();
    drop(Database::create_with(&path, &key, |db| db.save_school(&school)).unwrap());

    let started = Instant::now();
    let mut rng = rand::rngs::StdRng::seed_from_u64(8);
    let mut said = Said::default();
    let mut killed_mid_write = 0;
    let mut stored = 0;
    for run in 0..KILLS {
        let after = Duration::from_millis(rng.random_range(5..60));
        let lines = run_writer(&path, &hex(&key), run, after);
        killed_mid_write += usize::from(said.read(&lines));
        stored = check_file(&path, &key, &said);
    }
    eprintln!(
        "crash harness: {KILLS} kills ({killed_mid_write} with a write begun and not acknowledged), \
         {} acknowledged writes, {} children acknowledged, {stored} stored, 0 lost, 0 corrupted files, {:?}",
        said.acknowledged,
        said.children.len(),
        started.elapsed()
    );
    assert!(said.acknowledged > KILLS, "the writers wrote");
    assert!(
        killed_mid_write > KILLS / 2,
        "most kills land inside a write"
    );
    assert!(stored >= said.children.len());
}

/// The issuing writer: issues September 2026 on the file it is given.
#[test]
#[ignore = "the issuing writer; a_month_killed_between_its_run_and_its_file_leaves_neither starts it"]
fn issue_writer_process() {
    let (Ok(path), Ok(key)) = (std::env::var(DB_VARIABLE), std::env::var(KEY_VARIABLE)) else {
        panic!("started by a_month_killed_between_its_run_and_its_file_leaves_neither only")
    };
    let mut db = Database::open(Path::new(&path), &key_from_hex(&key)).unwrap();
    let september = skolekontor_app::domain::billing::ChargeMonth::new(2026, 9).unwrap();
    let day = NaiveDate::parse_from_str(ISSUE_DAY, "%Y-%m-%d").unwrap();
    let run = skolekontor_app::billing::issue_month(&mut db, september, day).unwrap();
    say(format!("issued {run}"));
}

/// Runs the issuing writer, aborted at `abort_at` if given; whether it said it issued.
fn issue_in_a_process(path: &Path, key: &str, abort_at: Option<&str>) -> (bool, String) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "issue_writer_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DB_VARIABLE, path)
        .env(KEY_VARIABLE, key)
        .env_remove(skolekontor_app::crash_point::ABORT_VARIABLE);
    if let Some(point) = abort_at {
        command.env(skolekontor_app::crash_point::ABORT_VARIABLE, point);
    }
    let out = command.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_month_killed_between_its_run_and_its_file_leaves_neither() {
    let _turn = common::THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = common::Fixture::new();
    drop(common::demo_school_on(&fixture, ISSUE_DAY));
    let path = fixture.dir.path().join("skolekontor.db");
    let key = skolekontor_store::KeyVault::load(
        &skolekontor_app::OsKeyring::connect().unwrap(),
        &fixture.account(),
    )
    .unwrap()
    .unwrap();
    let september = skolekontor_app::domain::billing::ChargeMonth::new(2026, 9).unwrap();

    // Killed after the run is written and before its file is: nothing of it remains.
    let (finished, said) = issue_in_a_process(&path, &hex(&key), Some("charges.after-run"));
    assert!(
        !finished && !said.contains("issued"),
        "the writer was aborted: {said}"
    );
    let db = Database::open(&path, &key).expect("the file opens after the abort");
    assert_eq!(
        db.billing().charge_run(september).unwrap(),
        None,
        "no run without its file"
    );
    assert!(db.billing().charge_runs().unwrap().is_empty());
    assert_eq!(db.audit().verify_audit_log().unwrap().problem, None);
    drop(db);
    check_backup(&path, &key).expect("every page's HMAC and integrity_check pass");

    // Issued again without the abort: the run and its file, together.
    let (finished, said) = issue_in_a_process(&path, &hex(&key), None);
    assert!(finished && said.contains("issued"), "{said}");
    let db = Database::open(&path, &key).unwrap();
    let run = db
        .billing()
        .charge_run(september)
        .unwrap()
        .expect("the month is issued");
    let (_, file) = db
        .billing()
        .delivery_file(run.id)
        .unwrap()
        .expect("with its 0601 file");
    assert!(file.starts_with(b"BS002"));
}
