//! A data folder whose key is missing from the keyring opens on the recovery-key
//! screen instead of crashing; the recovery key opens it and the data is there.

use skolekontor_e2e::{cli_binary, flows, Driver};

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_keyring_key_shows_the_recovery_screen_and_the_key_opens_the_school() {
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(cli_binary())
        .args(["demo", "--json"])
        .env("SKOLEKONTOR_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let recovery_key = done["recoveryKey"].as_str().unwrap().to_string();
    let account = format!(
        "database-{}",
        std::fs::read_to_string(data.path().join("database-id"))
            .unwrap()
            .trim()
    );
    let cleared = std::process::Command::new("secret-tool")
        .args(["clear", "service", "dk.skolekontor", "username", &account])
        .status()
        .unwrap();
    assert!(cleared.success());

    let driver = Driver::start(data.path(), 4454).await;
    let app = driver.session().await;
    app.heading("Gendannelsesnøgle påkrævet").await;
    app.wait_text("findes ikke i denne computers nøglering")
        .await;
    app.screenshot("recovery-screen").await;
    app.fill(None, "Gendannelsesnøgle", &recovery_key).await;
    app.click_button("Åbn databasen").await;
    // The demo's headteacher sets up the second factor at the first login (R29).
    assert!(flows::log_in(&app, "skoleleder", "demo-skole-2026", None)
        .await
        .is_some());
    app.wait_text("Bøgely Friskole (demo)").await;
    app.wait_text("252 børn").await;
    app.screenshot("demo-school-list").await;
    app.quit().await;
}
