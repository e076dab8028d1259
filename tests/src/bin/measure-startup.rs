//! Whole-process figures for docs/performance.md (not a test: nothing is asserted).
//! Cold start to the login screen, and the app's memory with the demo school listed.
//! Run by `make measure` on the release build. The WebDriver times include
//! WebKitWebDriver starting the app, so they are an upper bound on what a user waits;
//! the start-up against its floor is timed without WebDriver: the program's own figure
//! from launch to its first screen served, beside WebKitGTK alone from launch to an
//! empty page shown.

use std::time::Instant;

use skolekontor_e2e::{cli_binary, Driver};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// Peak resident and current proportional memory (kB) of a process.
fn memory_kb(pid: &str) -> (u64, u64) {
    let field = |text: &str, name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    (field(&status, "VmHWM:"), field(&rollup, "Pss:"))
}

/// The largest proportional shares (kB) of a process by mapped file, with anonymous
/// memory under its kind — to see what a gap to the memory target is made of.
fn largest_mappings(pid: &str, count: usize) -> Vec<(String, u64)> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut by_name = std::collections::HashMap::<String, u64>::new();
    let mut current = String::new();
    for line in smaps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields
            .first()
            .is_some_and(|f| f.contains('-') && !f.ends_with(':'))
        {
            current = fields.get(5).map_or("[anonymous]", |name| name).to_string();
        } else if fields.first() == Some(&"Pss:") {
            let kb: u64 = fields.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
            *by_name.entry(current.clone()).or_default() += kb;
        }
    }
    let mut shares: Vec<_> = by_name.into_iter().collect();
    shares.sort_by_key(|share| std::cmp::Reverse(share.1));
    shares.truncate(count);
    shares
}

fn processes(name: &str) -> Vec<String> {
    let out = std::process::Command::new("pgrep")
        .args(["-f", name])
        .output()
        .expect("pgrep");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Starts `command`, reads its output until a line containing `marker`, and returns the
/// number of milliseconds the line reports ("… 412 ms …"); the process is then killed.
fn launch_until(mut command: std::process::Command, marker: &str) -> f64 {
    use std::io::BufRead;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("release build");
    let line = std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok)
        .find(|line| line.contains(marker))
        .unwrap_or_else(|| panic!("no line with {marker:?}"));
    let _ = child.kill();
    let _ = child.wait();
    let words: Vec<&str> = line.split_whitespace().collect();
    let ms = words
        .windows(2)
        .find(|w| w[1] == "ms")
        .and_then(|w| w[0].parse().ok())
        .unwrap_or_else(|| panic!("no figure in {line:?}"));
    ms
}

/// Launch to the first screen, the program against WebKitGTK alone, `runs` times each
/// in turn (so that a drift of the machine's speed touches both).
fn start_against_floor(data: &std::path::Path, runs: usize) -> Vec<String> {
    let (mut program, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut app = std::process::Command::new(skolekontor_e2e::app_binary());
        app.env("SKOLEKONTOR_DATA_DIR", data);
        program.push(launch_until(app, "first screen served"));
        let blank = std::process::Command::new(
            skolekontor_e2e::workspace().join("target/release/examples/blank_webview"),
        );
        floor.push(launch_until(blank, "blank page shown"));
    }
    vec![
        format!(
            "launch to the login screen's state, no WebDriver, {runs} runs (ms): {program:.0?}"
        ),
        format!("  median: {:.0} ms", median(program)),
        format!(
            "launch to WebKitGTK's empty page shown (the floor), {runs} runs (ms): {floor:.0?}"
        ),
        format!("  median: {:.0} ms", median(floor)),
    ]
}

const PROGRAM: (&str, &str) = ("app (skolekontor)", "target/release/skolekontor$");

/// WebKitGTK alone with an empty page (src-tauri/examples/blank_webview.rs): the floor
/// under the program's figure on this machine.
fn webkit_floor() -> Vec<String> {
    use std::io::BufRead;
    let mut floor = std::process::Command::new(
        skolekontor_e2e::workspace().join("target/release/examples/blank_webview"),
    )
    .stdout(std::process::Stdio::piped())
    .spawn()
    .expect("build it first: cargo build --release -p skolekontor --example blank_webview");
    let shown = std::io::BufReader::new(floor.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("blank page shown"));
    assert!(shown, "the blank WebKitGTK window did not show its page");
    std::thread::sleep(std::time::Duration::from_secs(3));
    let report = memory_report(
        "WebKitGTK alone, empty page, same settings",
        ("blank_webview", "examples/blank_webview$"),
    );
    let _ = floor.kill();
    let _ = floor.wait();
    report
}

/// Peak RSS and PSS of each of the program's processes, with their largest shares.
fn memory_report(moment: &str, program: (&str, &str)) -> Vec<String> {
    let mut report = vec![format!("memory, {moment}:")];
    let mut total_pss = 0;
    for (label, pattern) in [
        program,
        // By the executable's path, so that no command line naming them is counted.
        ("WebKitWebProcess", "^[^ ]*/WebKitWebProcess"),
        ("WebKitNetworkProcess", "^[^ ]*/WebKitNetworkProcess"),
    ] {
        for pid in processes(pattern) {
            let (peak, pss) = memory_kb(&pid);
            total_pss += pss;
            report.push(format!(
                "  {label}: peak RSS {} MB, PSS {} MB",
                peak / 1024,
                pss / 1024
            ));
            for (name, kb) in largest_mappings(&pid, 8) {
                report.push(format!("    {kb:>6} kB  {name}"));
            }
        }
    }
    report.push(format!("  PSS in all: {} MB", total_pss / 1024));
    report
}

#[tokio::main]
async fn main() {
    std::env::set_var("SKOLEKONTOR_APP_BINARY", "release");
    let data = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new(cli_binary())
        .args(["demo", "--json"])
        .env("SKOLEKONTOR_DATA_DIR", data.path())
        .output()
        .expect("cli");
    assert!(status.status.success(), "demo set-up failed");
    let mut starts = Vec::new();
    let mut report = Vec::new();
    for run in 0..5 {
        let driver = Driver::start(data.path(), 4464).await;
        let began = Instant::now();
        let app = driver.session().await;
        app.heading("Log ind").await;
        starts.push(began.elapsed().as_secs_f64() * 1000.0);
        if run == 0 {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            report.extend(memory_report("login screen", PROGRAM));
            skolekontor_e2e::flows::log_in(&app, "skoleleder", "demo-skole-2026", None).await;
            app.wait_text("252 børn").await;
            let search = app
                .input(None, "Søg på navn, CPR-nummer eller klasse")
                .await;
            search.send_keys("a").await.expect("type");
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            report.extend(memory_report("demo school listed and searched", PROGRAM));
            // What emptying the page gives back: the rest is kept by the processes
            // themselves (WebKit's caches, compiled code), not held by the screens.
            let _ = app.client.goto("about:blank").await;
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
            report.extend(memory_report("page emptied (about:blank)", PROGRAM));
        }
        app.quit().await;
    }
    report.extend(webkit_floor());
    report.extend(start_against_floor(data.path(), 9));
    println!("cold start to login screen, 5 runs (ms): {starts:.0?}");
    println!("median: {:.0} ms", median(starts));
    for line in report {
        println!("{line}");
    }
}
