//! Whole-process figures for docs/performance.md (not a test: nothing is asserted).
//! Cold start to the login screen, and the app's memory with the demo school listed.
//! Run by `make measure` on the release build. Times include WebKitWebDriver starting
//! the app, so they are an upper bound on what a user waits.

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
            skolekontor_e2e::flows::log_in(&app, "skoleleder", "demo-skole-2026", None).await;
            app.wait_text("252 børn").await;
            let search = app
                .input(None, "Søg på navn, CPR-nummer eller klasse")
                .await;
            search.send_keys("a").await.expect("type");
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            for (label, pattern) in [
                ("app (skolekontor)", "target/release/skolekontor$"),
                ("WebKitWebProcess", "WebKitWebProcess"),
                ("WebKitNetworkProcess", "WebKitNetworkProcess"),
            ] {
                for pid in processes(pattern) {
                    let (peak, pss) = memory_kb(&pid);
                    report.push(format!(
                        "{label}: peak RSS {} MB, PSS {} MB",
                        peak / 1024,
                        pss / 1024
                    ));
                }
            }
        }
        app.quit().await;
    }
    println!("cold start to login screen, 5 runs (ms): {starts:.0?}");
    println!("median: {:.0} ms", median(starts));
    for line in report {
        println!("{line}");
    }
}
