//! The CLI as the IT helper runs it: a real binary, a real data folder, the real keyring.

use std::io::{BufRead, BufReader, Write};

use assert_cmd::Command;
use skolekontor_app::second_factor::{code_at, current_code};

/// The headteacher's second-factor secret, kept by the test like an authenticator app.
fn secret_file(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join("test-authenticator.txt")
}

/// Each command runs half a minute after the one before on the program's clock
/// (SKOLEKONTOR_CLOCK_AHEAD, in builds for tests only): a one-time code's time step is
/// taken once (R29), so each login types the code of a new step, as a person waiting
/// for the next code would.
fn next_time_step(dir: &std::path::Path) -> u64 {
    let file = dir.join("test-clock.txt");
    let ahead = std::fs::read_to_string(&file)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(0)
        + 30;
    std::fs::write(&file, ahead.to_string()).unwrap();
    ahead
}

/// The CLI built for these tests. Its path from Cargo, not assert_cmd's look-up: in a
/// cross-build that would start it through the Linux runner script, which a Windows
/// test process cannot run.
const CLI: &str = env!("CARGO_BIN_EXE_skolekontor-cli");

fn cli(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(CLI);
    cmd.env("SKOLEKONTOR_DATA_DIR", dir)
        .env("SKOLEKONTOR_USER", "skoleleder")
        .env("SKOLEKONTOR_PASSWORD", "demo-skole-2026");
    if let Ok(secret) = std::fs::read_to_string(secret_file(dir)) {
        let ahead = next_time_step(dir);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        cmd.env("SKOLEKONTOR_CLOCK_AHEAD", ahead.to_string())
            .env("SKOLEKONTOR_CODE", code_at(&secret, now + ahead).unwrap());
    }
    cmd
}

/// The first login from the command line: the CLI shows the key for the authenticator
/// app on stderr and reads the first code from standard input (no terminal here).
fn set_up_second_factor(dir: &std::path::Path) {
    let mut child = std::process::Command::new(CLI)
        .env("SKOLEKONTOR_DATA_DIR", dir)
        .env("SKOLEKONTOR_USER", "skoleleder")
        .env("SKOLEKONTOR_PASSWORD", "demo-skole-2026")
        .args(["child", "list", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("godkendelsesapp") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "the CLI must show the key"
        );
    }
    line.clear();
    stderr.read_line(&mut line).unwrap();
    let secret = line.trim().replace(' ', "");
    writeln!(
        child.stdin.take().unwrap(),
        "{}",
        current_code(&secret).unwrap()
    )
    .unwrap();
    assert!(child.wait().unwrap().success());
    std::fs::write(secret_file(dir), secret).unwrap();
}

fn demo(dir: &std::path::Path) -> serde_json::Value {
    let done = json(cli(dir).args(["demo", "--json"]));
    set_up_second_factor(dir);
    done
}

fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn demo_then_search_list_show_and_add_with_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let status = json(cli(dir.path()).args(["status", "--json"]));
    assert_eq!(status["kind"], "needsSetup");
    let pdf = dir.path().join("noegle.pdf");
    let done = json(
        cli(dir.path())
            .args(["demo", "--json", "--recovery-pdf"])
            .arg(&pdf),
    );
    assert_eq!(done["recoveryKey"].as_str().unwrap().split('-').count(), 14);
    set_up_second_factor(dir.path());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let children = json(cli(dir.path()).args(["child", "list", "--json"]));
    assert_eq!(
        children
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| !c["classLabel"].as_str().unwrap().is_empty())
            .count(),
        240
    );
    let hits = json(cli(dir.path()).args(["search", "--json", "3.", "klasse"]));
    assert_eq!(hits["children"].as_array().unwrap().len(), 20);

    let new_child = dir.path().join("barn.json");
    std::fs::write(&new_child, r#"{
        "child": { "firstName": "Vigga", "lastName": "Kjær", "cpr": "010120-4001",
                   "placement": { "division": "kindergarten", "startDate": "01-12-2026" } },
        "guardians": [ { "person": { "firstName": "Tove", "lastName": "Kjær", "address": "Engtoften 4",
                                      "postalCode": "4000", "town": "Roskilde", "phone": "22334455" },
                         "link": { "relation": "mor", "hasCustody": true, "isPayer": true } } ] }"#).unwrap();
    let saved = json(
        cli(dir.path())
            .args(["child", "add", "--json", "--from"])
            .arg(&new_child),
    );
    assert_eq!(saved["warnings"][0]["field"], "child.cpr", "mod-11 warning");
    let id = saved["id"].as_i64().unwrap();
    let shown = json(cli(dir.path()).args(["child", "show", "--json", &id.to_string()]));
    assert_eq!(shown["classLabel"], "Børnehave");
    assert_eq!(shown["guardians"][0]["firstName"], "Tove");
}

#[test]
fn errors_are_danish_with_a_code_and_an_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let out = cli(dir.path())
        .env("SKOLEKONTOR_PASSWORD", "forkert")
        .args(["child", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Forkert brugernavn eller adgangskode"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{ "child": { "firstName": "", "lastName": "X", "cpr": "999999-9999" }, "guardians": [] }"#).unwrap();
    let out = cli(dir.path())
        .args(["child", "add", "--json", "--from"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let reply: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reply["code"], "validation");
    assert_eq!(reply["fields"][0]["field"], "child.firstName");
    assert_eq!(reply["fields"][1]["field"], "child.cpr");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("999999"));
}

/// The help of a command line: its own text, not clap's English chrome.
fn help_of(args: &[&str]) -> String {
    let out = Command::new(CLI).args(args).arg("--help").output().unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_help_of_every_command_is_danish_and_the_manual_pages_are_made_from_it() {
    let top = help_of(&[]);
    let commands: Vec<String> = top
        .split("Kommandoer:")
        .nth(1)
        .expect("a list of commands")
        .lines()
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(commands.len() > 25, "{commands:?}");
    let mut helps = vec![top.clone()];
    for command in &commands {
        let help = help_of(&[command]);
        // A command with subcommands lists them; each has its own help.
        if let Some(list) = help.split("Kommandoer:").nth(1) {
            for sub in list
                .lines()
                .skip(1)
                .take_while(|line| !line.trim().is_empty())
                .filter_map(|line| line.split_whitespace().next())
            {
                helps.push(help_of(&[command, sub]));
            }
        }
        helps.push(help);
    }
    for help in &helps {
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Arguments:",
            "Print help",
            "Print version",
            "The child's",
            "JSON file",
        ] {
            assert!(!help.contains(english), "{english:?} in:\n{help}");
        }
        assert!(help.contains("Brug: skolekontor-cli"), "{help}");
    }
    assert!(helps.len() > 100, "{} help texts", helps.len());

    let pages = tempfile::tempdir().unwrap();
    let made = Command::new(CLI)
        .arg("manual-pages")
        .arg(pages.path())
        .output()
        .unwrap();
    assert!(made.status.success());
    let cli_page = std::fs::read_to_string(pages.path().join("skolekontor-cli.1")).unwrap();
    assert!(
        cli_page.contains("Skolekontor fra kommandolinjen") && cli_page.contains("Vis hjælpen")
    );
    let window = std::fs::read_to_string(pages.path().join("skolekontor.1")).unwrap();
    assert!(window.contains("SKOLEKONTOR_DATA_DIR") && !window.contains("--help"));
    let count = std::fs::read_dir(pages.path()).unwrap().count();
    assert!(count > 100, "a page per command: {count}");
}

/// Starts `count` command lines at the same moment, each trying `password` for the
/// secretary `clock_ahead` seconds ahead, and returns what each said on stderr.
fn logins_at_once(
    dir: &std::path::Path,
    count: usize,
    password: &str,
    clock_ahead: u64,
) -> Vec<String> {
    let children: Vec<std::process::Child> = (0..count)
        .map(|_| {
            std::process::Command::new(CLI)
                .env("SKOLEKONTOR_DATA_DIR", dir)
                .env("SKOLEKONTOR_USER", "sekretaer")
                .env("SKOLEKONTOR_PASSWORD", password)
                .env("SKOLEKONTOR_CLOCK_AHEAD", clock_ahead.to_string())
                .args(["child", "list"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            assert!(!out.status.success());
            String::from_utf8_lossy(&out.stderr).into_owned()
        })
        .collect()
}

/// R29: a try is reserved in the file before the password is checked, so programs
/// started together share one check per wait; and none of them fails for a reason of
/// its own (before, parallel starts collided on a fixed temporary file name).
#[test]
fn twelve_command_lines_at_once_get_one_password_check_between_them() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    // Seven wrong passwords one after another first: the waits of the rounds below are
    // then 128, 256 and 512 seconds, longer than twelve programs take to start anywhere
    // (under Wine, or beside other tests on a busy machine, too).
    for n in 0..7 {
        let said = logins_at_once(dir.path(), 1, "gaet-igen-og-igen", 300 * n);
        assert!(
            said[0].contains("Forkert brugernavn eller adgangskode"),
            "{said:?}"
        );
    }
    let mut checks = Vec::new();
    for (round, ahead) in [(1, 3_600), (2, 7_200), (3, 10_800)] {
        let said = logins_at_once(dir.path(), 12, "gaet-igen-og-igen", ahead);
        let checked = said
            .iter()
            .filter(|s| s.contains("Forkert brugernavn eller adgangskode"))
            .count();
        let waited = said.iter().filter(|s| s.contains("Vent")).count();
        assert_eq!(checked + waited, 12, "round {round}: {said:#?}");
        checks.push((checked, waited));
        assert_eq!(checked, 1, "round {round}: {said:#?}");
    }
    assert_eq!(
        checks,
        vec![(1, 11); 3],
        "one check per wait, in each round"
    );
}

#[test]
fn guardians_are_added_updated_and_relinked_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let child = json(cli(dir.path()).args(["child", "list", "--json"]))[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let new_guardian = dir.path().join("forælder.json");
    std::fs::write(
        &new_guardian,
        r#"{ "person": { "firstName": "Åse", "lastName": "Holm", "address": "Åbakken 2",
        "postalCode": "4320", "town": "Lejre", "phone": "+45 61 62 63 64" },
        "link": { "relation": "plejemor", "hasCustody": false, "isPayer": false } }"#,
    )
    .unwrap();
    let saved = json(
        cli(dir.path())
            .args(["guardian", "add", "--json", &child, "--from"])
            .arg(&new_guardian),
    );
    let guardian = saved["id"].as_i64().unwrap().to_string();
    let person = dir.path().join("person.json");
    std::fs::write(
        &person,
        r#"{ "firstName": "Åse", "lastName": "Holm-Kjær", "address": "Åbakken 2",
        "postalCode": "4320", "town": "Lejre", "phone": "61626364" }"#,
    )
    .unwrap();
    json(
        cli(dir.path())
            .args(["guardian", "update", "--json", &guardian, "--from"])
            .arg(&person),
    );
    json(cli(dir.path()).args([
        "guardian",
        "link",
        "--json",
        &child,
        &guardian,
        "--custody",
        "--payer",
        "--move-balance",
        "--relation",
        "plejemor",
    ]));
    // Moving the open balance only goes with becoming the payer.
    let without_payer = cli(dir.path())
        .args([
            "guardian",
            "link",
            &child,
            &guardian,
            "--custody",
            "--move-balance",
        ])
        .output()
        .unwrap();
    assert_eq!(without_payer.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&without_payer.stderr).contains("--payer"));
    let shown = json(cli(dir.path()).args(["child", "show", "--json", &child]));
    let payer = &shown["guardians"][0];
    assert_eq!(payer["lastName"], "Holm-Kjær", "the payer is listed first");
    assert_eq!(payer["link"]["isPayer"], true);
    assert_eq!(
        shown["guardians"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["link"]["isPayer"] == true)
            .count(),
        1
    );
}

#[test]
fn admissions_and_the_audit_log_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let year = (json(cli(dir.path()).args(["waiting", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter())
    .find(|a| a["grade"] == 0)
    .map(|a| a["schoolYear"].as_i64().unwrap())
    .unwrap();
    let intake = json(cli(dir.path()).args([
        "waiting",
        "intake",
        "--json",
        &year.to_string(),
        "--grade",
        "0",
    ]));
    let applications = intake["applications"].as_array().unwrap();
    assert_eq!(applications.len(), 8);
    let siblings: Vec<bool> = applications
        .iter()
        .map(|a| a["sibling"].is_object())
        .collect();
    assert!(
        siblings.iter().any(|s| *s),
        "the demo has siblings of pupils on the list"
    );
    assert!(
        siblings.windows(2).all(|w| w[0] || !w[1]),
        "R3: siblings rank before the rest: {siblings:?}"
    );
    let ranks: Vec<i64> = applications
        .iter()
        .map(|a| a["rank"].as_i64().unwrap())
        .collect();
    assert_eq!(ranks, (1..=8).collect::<Vec<_>>());
    let first = applications[0]["id"].as_i64().unwrap().to_string();
    let last = applications[7]["id"].as_i64().unwrap().to_string();
    let out = cli(dir.path())
        .args(["waiting", "offer", &last])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rækkefølge"));
    json(cli(dir.path()).args(["waiting", "offer", "--json", &first]));
    let check = json(cli(dir.path()).args(["audit", "verify", "--json"]));
    assert_eq!(check["brokenAt"], serde_json::Value::Null);
    assert!(check["entries"].as_i64().unwrap() > 500);
    let log = json(cli(dir.path()).args(["audit", "list", "--json"]));
    let newest_change = log
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["entry"]["kind"] == "change")
        .unwrap();
    assert_eq!(newest_change["entry"]["action"], "waiting.offer");
    assert_eq!(newest_change["description"], "Plads tilbudt");
    assert_eq!(
        log[0]["entry"]["action"], "user.login",
        "each command line login is logged"
    );
    let users = json(cli(dir.path()).args(["user", "list", "--json"]));
    assert_eq!(users.as_array().unwrap().len(), 4);
}

#[test]
fn texts_are_versioned_and_a_class_prints_to_one_pdf_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let texts = json(cli(dir.path()).args(["text", "list", "--json"]));
    assert_eq!(
        texts.as_array().unwrap().len(),
        13,
        "every text has its default version"
    );
    let new_text = dir.path().join("elevkontrakt.md");
    std::fs::write(
        &new_text,
        "# Aftale\n\n{{ barn.fornavn }} lover at komme til tiden.",
    )
    .unwrap();
    let saved = json(
        cli(dir.path())
            .args(["text", "save", "pupil_contract", "--json", "--from"])
            .arg(&new_text),
    );
    assert_eq!(saved["version"], 2);

    let pdf = dir.path().join("klasse3.pdf");
    json(
        cli(dir.path())
            .args(["document", "class", "3", "--json", "--out"])
            .arg(&pdf),
    );
    let text = pdf_text(&pdf);
    assert_eq!(
        text.matches("Elevkontrakt for ").count(),
        20,
        "the demo school has 20 pupils a class"
    );
    assert!(text.contains("lover at komme til tiden."));
    assert!(text.contains("Elevkontrakt, tekst version 2"));

    // The class list of the same class, on the terminal and as a CSV file.
    let list = json(cli(dir.path()).args(["list", "klasseliste", "--class", "3", "--json"]));
    assert_eq!(list["title"], "Klasseliste – 3. klasse");
    assert_eq!(list["groups"][0]["rows"].as_array().unwrap().len(), 20);
    let csv = dir.path().join("klasse3.csv");
    json(
        cli(dir.path())
            .args(["list", "klasseliste", "--class", "3", "--json", "--csv"])
            .arg(&csv),
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for Excel"
    );
    assert_eq!(String::from_utf8_lossy(&bytes).lines().count(), 21);
    let wrong = cli(dir.path())
        .args(["list", "elevliste"])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("Ukendt liste: elevliste"));
}

#[test]
fn a_month_is_previewed_issued_and_written_as_a_0601_file_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let day = |cmd: &mut Command| -> Command {
        let mut c = std::mem::replace(cmd, Command::new("true"));
        c.env("SKOLEKONTOR_TODAY", "2026-08-20");
        c
    };
    json(&mut day(cli(dir.path()).args(["demo", "--json"])));
    set_up_second_factor(dir.path());
    let preview = json(&mut day(
        cli(dir.path()).args(["billing", "preview", "2026-09", "--json"])
    ));
    assert_eq!(preview["issued"], false);
    assert_eq!(preview["paymentDate"], "01-09-2026");
    let issued = json(&mut day(
        cli(dir.path()).args(["billing", "issue", "2026-09", "--json"])
    ));
    assert_eq!(
        (issued["issued"].clone(), issued["total"].clone()),
        (serde_json::json!(true), preview["total"].clone())
    );
    let run = issued["runId"].as_i64().unwrap().to_string();
    let file = dir.path().join("0601.txt");
    json(&mut day(cli(dir.path())
        .args(["billing", "file", &run, "--json", "--out"])
        .arg(&file)));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"BS002") && bytes.ends_with(b"\r\n"));
    assert_eq!(bytes.len() % 130, 0, "records of 128 characters and CR-LF");

    // R10: a credit note to the first payer prints, and a refund of nothing is refused.
    let payer = issued["charges"][0]["payerId"]
        .as_i64()
        .unwrap()
        .to_string();
    let id = json(&mut day(cli(dir.path()).args([
        "billing",
        "credit-note",
        &payer,
        "--json",
        "--amount",
        "250,00",
        "--text",
        "Lejrskole aflyst",
    ])));
    let note_pdf = dir.path().join("kreditnota.pdf");
    json(&mut day(cli(dir.path())
        .args([
            "document",
            "credit-note",
            &id.to_string(),
            "--json",
            "--out",
        ])
        .arg(&note_pdf)));
    let text = pdf_text(&note_pdf);
    assert!(
        text.contains("Kreditnota nr. 1")
            && text.contains("Lejrskole aflyst")
            && text.contains("250,00 kr."),
        "{text}"
    );
    // The chart of accounts and the journal: a wrong number is refused by its item,
    // then August's journal (the credit note) and September's (the run) as files.
    let wrong = day(cli(dir.path()).args(["accounts", "set", "school=10x", "--json"]))
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stdout).contains("1 til 9 cifre"));
    let chart = json(&mut day(cli(dir.path()).args([
        "accounts",
        "set",
        "school=1010",
        "sfo=1020",
        "kindergarten=1030",
        "enrolment_fee=1040",
        "sibling_discount=1110",
        "subsidy=1120",
        "correction=1050",
        "credit_note=1130",
        "bs_payment=5820",
        "debtors=5600",
        "--json",
    ])));
    assert!(chart
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "debtors" && r["account"] == "5600"));
    let august = json(&mut day(
        cli(dir.path()).args(["journal", "2026-08", "--json"])
    ));
    assert_eq!(august["vouchers"][0]["postings"][0]["account"], "1130");
    assert_eq!(august["vouchers"][0]["postings"][0]["amount"], 25_000);
    let csv_file = dir.path().join("journal.csv");
    json(&mut day(cli(dir.path())
        .args([
            "journal",
            "2026-09",
            "--first-voucher",
            "41",
            "--json",
            "--economic",
        ])
        .arg(&csv_file)));
    let csv_text = std::fs::read_to_string(&csv_file).unwrap();
    assert!(csv_text.starts_with("\u{feff}Dato;Bilag;Konto;Tekst;Beløb;Modkonto"));
    let posted: i64 = csv_text
        .lines()
        .skip(1)
        .map(|l| {
            let amount = l.split(';').nth(4).unwrap().replace(',', "");
            assert!(l.contains(";41;"), "{l}");
            amount.parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(-posted, issued["total"].as_i64().unwrap(), "{csv_text}");

    let refused = day(cli(dir.path()).args([
        "billing",
        "refund",
        &payer,
        "--json",
        "--amount",
        "10,00",
        "--on",
        "20-08-2026",
        "--reference",
        "OVF 1",
    ]))
    .output()
    .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a refused refund exits with 2"
    );
    assert!(String::from_utf8_lossy(&refused.stdout).contains("intet at betale tilbage"));

    let bad = day(cli(dir.path()).args([
        "billing",
        "add-rate",
        "school",
        "--json",
        "--amount",
        "mange penge",
        "--from",
        "01-08-2027",
    ]))
    .output()
    .unwrap();
    assert_eq!(bad.status.code(), Some(2), "bad input exits with 2");
    assert!(String::from_utf8_lossy(&bad.stdout).contains("er ikke et beløb i kroner"));
    json(&mut day(cli(dir.path()).args([
        "billing",
        "add-rate",
        "school",
        "--json",
        "--amount",
        "3.300,00",
        "--from",
        "01-08-2027",
    ])));
    let rates = json(&mut day(
        cli(dir.path()).args(["billing", "rates", "--json"])
    ));
    assert!(rates["rates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["amount"] == 330_000 && r["validFrom"] == "2027-08-01"));
}

#[test]
fn a_withdrawal_the_rollover_preview_and_the_5_september_count_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let on = |day: &str, mut cmd: Command| -> Command {
        cmd.env("SKOLEKONTOR_TODAY", day);
        cmd
    };
    json(on("2026-08-20", cli(dir.path())).args(["demo", "--json"]));
    set_up_second_factor(dir.path());
    let children = json(on("2026-08-20", cli(dir.path())).args(["child", "list", "--json"]));
    let pupil = children
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["sfo"] == true)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let view = json(on("2026-08-20", cli(dir.path())).args(["leaving", "show", &pupil, "--json"]));
    let guardian = view["guardians"][0]["id"].as_i64().unwrap().to_string();

    // R11: previewed, then a date in the future is refused with exit status 2, then saved.
    let preview = json(on("2026-08-20", cli(dir.path())).args([
        "leaving",
        "withdraw",
        &pupil,
        "--scope",
        "sfo",
        "--received",
        "20-08-2026",
        "--from",
        &guardian,
        "--preview",
        "--json",
    ]));
    assert_eq!(preview["lastDay"], "30-09-2026");
    let future = on("2026-08-20", cli(dir.path()))
        .args([
            "leaving",
            "withdraw",
            &pupil,
            "--scope",
            "sfo",
            "--received",
            "21-08-2026",
            "--from",
            &guardian,
        ])
        .output()
        .unwrap();
    assert_eq!(future.status.code(), Some(2));
    json(on("2026-08-20", cli(dir.path())).args([
        "leaving",
        "withdraw",
        &pupil,
        "--scope",
        "sfo",
        "--received",
        "20-08-2026",
        "--from",
        &guardian,
        "--json",
    ]));
    let view = json(on("2026-08-20", cli(dir.path())).args(["leaving", "show", &pupil, "--json"]));
    assert_eq!(view["withdrawals"].as_array().unwrap().len(), 1);
    // The confirmation to the family, with the last day (R11).
    let withdrawal = view["withdrawals"][0]["id"].as_i64().unwrap().to_string();
    let letter = dir.path().join("udmeldelse.pdf");
    json(
        on("2026-08-20", cli(dir.path()))
            .args([
                "document",
                "withdrawal-confirmation",
                &withdrawal,
                "--json",
                "--out",
            ])
            .arg(&letter),
    );
    let text = pdf_text(&letter);
    assert!(
        text.contains("Udmeldt af SFO") && text.contains("er sidste dag 30. september 2026"),
        "{text}"
    );

    // R12: the preview lists the changes; running before 1 April is refused.
    let rollover =
        json(on("2026-08-20", cli(dir.path())).args(["school-year", "preview", "--json"]));
    assert_eq!(rollover["plan"]["year"], 2027);
    assert!(rollover["notYet"]
        .as_str()
        .unwrap()
        .contains("1. april 2027"));
    let early = on("2026-08-20", cli(dir.path()))
        .args(["school-year", "rollover", "2027"])
        .output()
        .unwrap();
    assert!(!early.status.success());

    // R36: the count, with the CSV written.
    let csv = dir.path().join("count.csv");
    let count = json(
        on("2026-09-10", cli(dir.path()))
            .args(["school-year", "count", "2026", "--json", "--csv"])
            .arg(&csv),
    );
    let total: usize = count["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["pupils"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 200);
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 201);

    // R16: sickness recorded from the command line counts in the school year's total.
    let sick = json(on("2026-09-10", cli(dir.path())).args([
        "absence",
        "record",
        &pupil,
        "sickness",
        "--first",
        "10-09-2026",
        "--by",
        "Mette",
        "--json",
    ]));
    assert_eq!(sick["status"], "Meldt syg");
    let child =
        json(on("2026-09-10", cli(dir.path())).args(["absence", "child", &pupil, "--json"]));
    assert_eq!(child["sickDays"], 1);

    // R17–R20: a class fund begun, paid into, and an expense beyond its balance refused.
    let classes = json(on("2026-09-10", cli(dir.path())).args(["class-fund", "list", "--json"]));
    assert_eq!(classes.as_array().unwrap().len(), 10);
    let fifth = classes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["className"] == "5. klasse")
        .unwrap()["cohort"]
        .as_i64()
        .unwrap()
        .to_string();
    json(on("2026-09-10", cli(dir.path())).args([
        "class-fund",
        "terms",
        &fifth,
        "--purpose",
        "Udflugter",
        "--json",
    ]));
    let fund = json(on("2026-09-10", cli(dir.path())).args([
        "class-fund",
        "entry",
        &fifth,
        "deposit",
        "--date",
        "10-09-2026",
        "--amount",
        "75,00",
        "--text",
        "Kagesalg",
        "--json",
    ]));
    assert_eq!(fund["balance"], "75,00 kr.");
    let over = on("2026-09-10", cli(dir.path()))
        .args([
            "class-fund",
            "entry",
            &fifth,
            "expense",
            "--date",
            "10-09-2026",
            "--amount",
            "80",
            "--text",
            "Is",
            "--receipt",
            "1",
        ])
        .output()
        .unwrap();
    assert!(!over.status.success());
    assert!(
        String::from_utf8_lossy(&over.stderr).contains("under 0 kr."),
        "{}",
        String::from_utf8_lossy(&over.stderr)
    );
    let statement = dir.path().join("klassekasse.pdf");
    on("2026-09-10", cli(dir.path()))
        .args(["document", "class-fund", &fifth, "--out"])
        .arg(&statement)
        .assert()
        .success();
    assert!(std::fs::read(&statement).unwrap().starts_with(b"%PDF"));

    // R23: photo consent given by a custody holder takes the pupil off the staff list.
    let types = json(on("2026-09-10", cli(dir.path())).args(["consent", "types", "--json"]));
    assert_eq!(types.as_array().unwrap().len(), 6);
    let listed = |dir: &std::path::Path| -> bool {
        let list = json(on("2026-09-10", cli(dir)).args(["consent", "list", "1", "--json"]));
        list["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["children"].as_array().unwrap().clone())
            .any(|c| c["childId"].as_i64() == pupil.parse().ok())
    };
    assert!(listed(dir.path()));
    json(on("2026-09-10", cli(dir.path())).args([
        "consent",
        "record",
        &pupil,
        "1",
        "given",
        "--guardian",
        &guardian,
        "--on",
        "10-09-2026",
        "--json",
    ]));
    assert!(!listed(dir.path()));

    // R27/R31: the portability export and a request with its deadline.
    let export = dir.path().join("export.json");
    on("2026-09-10", cli(dir.path()))
        .args(["data", "export", "child", &pupil, "--out"])
        .arg(&export)
        .assert()
        .success();
    let export: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    assert_eq!(export["schema"], "skolekontor-dataudtraek/1");
    assert!(export["sections"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["table"] == "consent_event"));
    let requests = json(on("2026-09-10", cli(dir.path())).args([
        "data",
        "request",
        "child",
        &pupil,
        "--from",
        "Mor",
        "--received",
        "10-09-2026",
        "--json",
    ]));
    assert_eq!(requests[0]["dueOn"], "10-10-2026");

    // R12: a rollover not run by 1 August is due; September waits for it; run late on
    // 20 August it takes effect from 1 August.
    let preview = on("2027-08-20", cli(dir.path()))
        .args(["school-year", "preview"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&preview.stdout);
    assert!(
        text.contains("Skoleårsskiftet til 2027/28 skal køres"),
        "{text}"
    );
    assert!(
        text.contains("rykker op fra 3. klasse til 4. klasse"),
        "{text}"
    );
    assert!(!text.contains("Promotion"), "no internal names: {text}");
    let waiting = on("2027-08-20", cli(dir.path()))
        .args(["billing", "issue", "2027-09"])
        .output()
        .unwrap();
    assert!(!waiting.status.success());
    assert!(
        String::from_utf8_lossy(&waiting.stderr)
            .contains("Skoleårsskiftet til 2027/28 er ikke kørt"),
        "{}",
        String::from_utf8_lossy(&waiting.stderr)
    );
    let ran =
        json(on("2027-08-20", cli(dir.path())).args(["school-year", "rollover", "2027", "--json"]));
    assert_eq!(ran["year"], 2027);
    let after = json(on("2027-08-20", cli(dir.path())).args(["school-year", "preview", "--json"]));
    assert_eq!(after["plan"]["year"], 2028);
    assert!(after["due"].is_null());
    let twice = on("2027-08-20", cli(dir.path()))
        .args(["school-year", "rollover", "2027"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&twice.stderr).contains("allerede kørt"));
}

#[test]
fn an_sfo_module_switch_and_a_class_change_from_the_command_line_with_previews() {
    let dir = tempfile::tempdir().unwrap();
    let on = |day: &str, mut cmd: Command| -> Command {
        cmd.env("SKOLEKONTOR_TODAY", day);
        cmd
    };
    json(on("2026-11-20", cli(dir.path())).args(["demo", "--json"]));
    set_up_second_factor(dir.path());
    for (module, amount) in [("Morgen", "500"), ("Fuld", "1800")] {
        on("2026-11-20", cli(dir.path()))
            .args([
                "billing",
                "add-rate",
                "sfo",
                "--amount",
                amount,
                "--from",
                "01-08-2026",
                "--module",
                module,
            ])
            .assert()
            .success();
    }
    let children = json(on("2026-11-20", cli(dir.path())).args(["child", "list", "--json"]));
    let pupil = children
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["sfo"] == true && c["grade"] == 2)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let month_total = |dir: &std::path::Path| -> i64 {
        let preview =
            json(on("2026-11-20", cli(dir)).args(["billing", "preview", "2027-01", "--json"]));
        preview["charges"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["lines"].as_array().unwrap().clone())
            .filter(|l| l["childId"].as_i64().map(|id| id.to_string()) == Some(pupil.clone()))
            .map(|l| l["amount"].as_i64().unwrap())
            .sum()
    };
    let before = month_total(dir.path());

    // The pupil is in SFO without a module: joining Morgen on top would charge both
    // and is refused; the place is switched to the dearer Fuld from January, the
    // preview first, and January's charges follow.
    let on_top = on("2026-11-20", cli(dir.path()))
        .args([
            "placement",
            "sfo",
            &pupil,
            "join",
            "--to",
            "Morgen",
            "--start-month",
            "12-2026",
        ])
        .output()
        .unwrap();
    assert!(!on_top.status.success());
    assert!(
        String::from_utf8_lossy(&on_top.stderr).contains("uden modul"),
        "{}",
        String::from_utf8_lossy(&on_top.stderr)
    );
    let switch = |preview: bool| {
        let mut args = vec![
            "placement",
            "sfo",
            pupil.as_str(),
            "switch",
            "--from",
            "",
            "--to",
            "Fuld",
            "--start-month",
            "01-2027",
        ];
        args.push(if preview { "--preview" } else { "--json" });
        on("2026-11-20", cli(dir.path()))
            .args(args)
            .output()
            .unwrap()
    };
    let preview = switch(true);
    let text = String::from_utf8_lossy(&preview.stdout);
    assert!(text.contains("Forhåndsvisning (intet er gemt)"), "{text}");
    assert!(
        text.contains("Sidste dag i SFO uden modul: 31-12-2026."),
        "{text}"
    );
    assert!(
        text.contains("Fra januar 2027 opkræves 1.800,00 kr. om måneden for SFO-modulet Fuld i stedet for 1.650,00 kr. om måneden for SFO uden modul."),
        "{text}"
    );
    assert_eq!(month_total(dir.path()), before, "the preview saved nothing");
    let saved: serde_json::Value = serde_json::from_slice(&switch(false).stdout).unwrap();
    assert_eq!(saved["saved"], true);
    assert_eq!(
        month_total(dir.path()),
        before - 165_000 + 180_000,
        "Fuld instead of SFO without a module"
    );

    // A class change is the headteacher's, after a meeting where all agreed.
    let without_meeting = on("2026-11-20", cli(dir.path()))
        .args([
            "placement",
            "class",
            &pupil,
            "--to-grade",
            "3",
            "--first-day",
            "01-12-2026",
            "--meeting",
            "18-11-2026",
            "--reason",
            "Fagligt foran",
        ])
        .output()
        .unwrap();
    assert!(!without_meeting.status.success());
    assert!(String::from_utf8_lossy(&without_meeting.stderr).contains("alle er enige"));
    json(on("2026-11-20", cli(dir.path())).args([
        "placement",
        "class",
        &pupil,
        "--to-grade",
        "3",
        "--first-day",
        "01-12-2026",
        "--meeting",
        "18-11-2026",
        "--all-agree",
        "--reason",
        "Fagligt foran",
        "--json",
    ]));
    let shown = on("2026-12-01", cli(dir.path()))
        .args(["placement", "show", &pupil])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("3. klasse") && text.contains("Klasseskift fra 2. klasse til 3. klasse"),
        "{text}"
    );
    assert!(
        text.contains("Skifter fra SFO uden modul til SFO-modulet Fuld"),
        "{text}"
    );

    // The class change's day was mistyped: 1 January, not 1 December. The preview
    // moves the grade before along; December is not charged, so it may be saved.
    let view =
        json(on("2026-11-20", cli(dir.path())).args(["placement", "show", &pupil, "--json"]));
    let third = view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["grade"] == 3)
        .unwrap()["id"]
        .to_string();
    let correct = |extra: &str| {
        on("2026-11-20", cli(dir.path()))
            .args([
                "placement",
                "correct-date",
                &pupil,
                &third,
                "--first-day",
                "01-01-2027",
                "--reason",
                "Tastefejl: januar",
                extra,
            ])
            .output()
            .unwrap()
    };
    let text = String::from_utf8_lossy(&correct("--preview").stdout).to_string();
    assert!(
        text.contains("Første dag i 3. klasse: 01-01-2027.")
            && text.contains("Sidste dag i 2. klasse: 31-12-2026."),
        "{text}"
    );
    let saved: serde_json::Value = serde_json::from_slice(&correct("--json").stdout).unwrap();
    assert_eq!(saved["saved"], true);
}

#[test]
fn backup_verify_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    demo(dir.path());
    let count = |dir: &std::path::Path| {
        json(cli(dir).args(["child", "list", "--json"]))
            .as_array()
            .unwrap()
            .len()
    };
    let before = count(dir.path());
    let made = json(
        cli(dir.path())
            .args(["backup", "--json", "--to"])
            .arg(usb.path()),
    );
    let backup = made["path"].as_str().unwrap().to_string();
    assert!(backup.starts_with(&usb.path().display().to_string()));
    let checked = json(cli(dir.path()).args(["verify", "--json", &backup]));
    assert_eq!(checked["children"].as_u64().unwrap() as usize, before);

    let garbage = usb.path().join("ikke-en-kopi.db");
    std::fs::write(&garbage, vec![0u8; 4096]).unwrap();
    let out = cli(dir.path())
        .args(["verify"])
        .arg(&garbage)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Intet er ændret"));

    let new_child = dir.path().join("barn.json");
    std::fs::write(
        &new_child,
        r#"{ "child": { "firstName": "Vigga", "lastName": "Kjær", "birthDate": "01-01-2020" } }"#,
    )
    .unwrap();
    json(
        cli(dir.path())
            .args(["child", "add", "--json", "--from"])
            .arg(&new_child),
    );
    let restored = json(cli(dir.path()).args(["restore", "--json", &backup]));
    assert_eq!(restored["kind"], "needsLogin");
    assert_eq!(
        count(dir.path()),
        before,
        "the backup's children, without the one added after it"
    );
}

#[test]
fn import_dry_run_lists_problems_by_row_and_column_and_the_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let count = || {
        json(cli(dir.path()).args(["child", "list", "--json"]))
            .as_array()
            .unwrap()
            .len()
    };
    let before = count();
    let header = "Barn fornavn;Barn efternavn;Barn fødselsdato;Afdeling;Klassetrin;Startdato;\
                  Forælder 1 fornavn;Forælder 1 efternavn;Forælder 1 adresse;Forælder 1 postnummer;Forælder 1 by";
    let file = dir.path().join("gammelt-system.csv");
    let write = |postal: &str| {
        let rows = format!(
            "{header}\nTilde;Vang;03-04-2019;skole;1;01-08-2026;Rie;Vang;Lyngvej 8;4000;Roskilde\n\
             Otto;Vang;12-12-2021;børnehave;;01-08-2026;Rie;Vang;Lyngvej 8;{postal};Roskilde\n"
        );
        std::fs::write(&file, rows).unwrap();
    };

    write("40");
    let out = cli(dir.path())
        .args(["import", "--dry-run"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "FEJL     Række 3, kolonne J (Forælder 1 postnummer): Postnummeret skal være 4 cifre"
        ),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("intet er indlæst"));
    let out = cli(dir.path())
        .args(["import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the import itself refuses the same file"
    );
    assert_eq!(count(), before);

    write("4000");
    let preview = json(
        cli(dir.path())
            .args(["import", "--dry-run", "--json"])
            .arg(&file),
    );
    assert_eq!(preview["children"], 2);
    assert_eq!(
        preview["newGuardians"], 1,
        "Rie is one person with two children"
    );
    assert_eq!(count(), before, "a dry run stores nothing");
    let done = json(cli(dir.path()).args(["import", "--json"]).arg(&file));
    assert_eq!(done["children"], 2);
    assert_eq!(count(), before + 2);
}

/// The data folder's keyring account, to clear it when a test is done.
fn keyring_account(dir: &std::path::Path) -> String {
    format!(
        "database-{}",
        std::fs::read_to_string(dir.join("database-id"))
            .unwrap()
            .trim()
    )
}

#[test]
fn a_damaged_school_is_restored_by_the_headteacher_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    demo(dir.path());
    json(
        cli(dir.path())
            .args(["settings", "backup", "--json", "--folder"])
            .arg(usb.path()),
    );
    // The command's own start takes the day's first backup, then the one asked for.
    let made = json(cli(dir.path()).args(["backup", "--json"]));
    let backup = made["backups"][0]["path"].as_str().unwrap().to_string();
    let verified = cli(dir.path()).args(["audit", "verify"]).output().unwrap();
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{said}");
    assert!(
        said.contains("Holdt op mod 2 sikkerhedskopier") && said.contains("Sidste post: nr."),
        "{said}"
    );

    // 32 bytes flipped in the middle of the school's file.
    let database = dir.path().join("skolekontor.db");
    let mut bytes = std::fs::read(&database).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 32]
        .iter_mut()
        .for_each(|b| *b ^= 0xff);
    std::fs::write(&database, &bytes).unwrap();

    let status = cli(dir.path()).args(["status"]).output().unwrap();
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(
        said.starts_with("BESKADIGET:") && said.contains(&backup),
        "{said}"
    );
    let refused = cli(dir.path()).args(["child", "list"]).output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("beskadiget"));
    assert_eq!(
        std::fs::read(&database).unwrap(),
        bytes,
        "nothing written to it"
    );

    let restored = json(cli(dir.path()).args(["restore", "--json", &backup]));
    assert_eq!(restored["kind"], "needsLogin");
    assert!(restored["notice"]
        .as_str()
        .unwrap()
        .starts_with("Sikkerhedskopien er gendannet"));
    let log = json(cli(dir.path()).args(["audit", "list", "--json"]));
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entry"]["action"] == "backup.restored")
        .expect("the restore is in the restored file's log");
    assert_eq!(entry["entry"]["userName"], "Birgitte Skoleleder");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "turns the keyring off through the D-Bus address; Windows' credential store cannot be turned off from a test"
)]
fn without_a_keyring_the_recovery_key_opens_the_school_for_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let done = demo(dir.path());
    let recovery_key = done["recoveryKey"].as_str().unwrap().to_string();
    let no_keyring = |cmd: &mut Command| {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/findes/ikke")
            .env_remove("GNOME_KEYRING_CONTROL");
    };
    let mut status = cli(dir.path());
    no_keyring(&mut status);
    let out = status.args(["status"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Gendannelsesnøgle påkrævet"), "{said}");

    let mut recover = cli(dir.path());
    no_keyring(&mut recover);
    let out = recover
        .args(["recover"])
        .write_stdin(format!("{recovery_key}\n"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("kunne ikke gemmes i nøgleringen"), "{said}");

    let mut list = cli(dir.path());
    no_keyring(&mut list);
    let out = list
        .args(["--recovery-key-stdin", "child", "list", "--json"])
        .write_stdin(format!("{recovery_key}\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let children: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(children.as_array().unwrap().len() > 200);
    let _ = keyring_account(dir.path());
}

#[test]
fn a_full_disk_and_a_database_held_by_another_program_are_told_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let done = demo(dir.path());
    // A real full disk, as the OS reports it: /dev/full refuses every write (ENOSPC).
    // Windows has no such device; there the store's unit test tells its disk-full code.
    if cfg!(unix) {
        let out = cli(dir.path())
            .args(["data", "export", "child", "1", "--out", "/dev/full"])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(said.contains("Disken er fuld"), "{said}");
        assert!(
            !said.contains("No space") && !said.contains("os error"),
            "{said}"
        );
    }

    // Another program holds the school's file with a write lock: the command waits its
    // twenty seconds and says so in Danish, and nothing is saved.
    let database = dir.path().join("skolekontor.db");
    let key = skolekontor_store::recovery::decode(done["recoveryKey"].as_str().unwrap()).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02X}")).collect();
    let holder = rusqlite::Connection::open(&database).unwrap();
    holder
        .execute_batch(&format!("PRAGMA key = \"x'{hex}'\"; BEGIN EXCLUSIVE;"))
        .unwrap();
    let new_child = dir.path().join("barn.json");
    std::fs::write(
        &new_child,
        r#"{ "child": { "firstName": "Vigga", "lastName": "Kjær", "birthDate": "01-01-2020" } }"#,
    )
    .unwrap();
    let out = cli(dir.path())
        .args(["child", "add", "--from"])
        .arg(&new_child)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("optaget af et andet program"), "{said}");
    assert!(!said.contains("locked") && !said.contains("busy"), "{said}");
    holder.execute_batch("ROLLBACK;").unwrap();
}

/// The text of a PDF file, whitespace collapsed: poppler's pdftotext, or under Windows
/// (which has no poppler) lopdf, printpdf's own PDF library; both read the text in the
/// order it was drawn.
fn pdf_text(path: &std::path::Path) -> String {
    #[cfg(not(windows))]
    let text = {
        let out = std::process::Command::new("pdftotext")
            .arg("-raw")
            .arg(path)
            .arg("-")
            .output()
            .expect("pdftotext: install poppler-utils");
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    #[cfg(windows)]
    let text = {
        let document = lopdf::Document::load(path).expect("a PDF lopdf can read");
        let pages: Vec<u32> = document.get_pages().keys().copied().collect();
        document.extract_text(&pages).expect("the PDF's text")
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
