//! Backups in the real window: the headteacher chooses a folder, takes a backup, checks
//! it and restores it; the program asks everyone to log in again, and the file it
//! replaced lies beside the database. Then she changes the database key: the new
//! recovery key is shown once with its sheet, a backup under the new key is taken, and
//! the program opens with the keyring's new key. The program's day is 23 November 2026.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, App, Driver};

const TODAY: &str = "2026-11-23";

async fn accept_confirmations(app: &App) {
    app.client
        .execute("window.confirm = () => true;", vec![])
        .await
        .expect("confirm answered yes");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_headteacher_takes_a_backup_and_restores_it() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let sheets = tempfile::tempdir().unwrap();
    let env = [
        ("SKOLEKONTOR_TODAY", OsStr::new(TODAY)),
        ("SKOLEKONTOR_SAVE_DIR", sheets.path().as_os_str()),
    ];
    let driver = Driver::start_with(data.path(), 4498, &env).await;
    let app = driver.session().await;
    let secret = flows::log_in(&app, "skoleleder", "demo-skole-2026", None)
        .await
        .expect("the headteacher has a second factor");

    flows::open_section(&app, "Sikkerhedskopi", "Sikkerhedskopi").await;
    app.click_button("Tag en sikkerhedskopi nu").await;
    app.wait_text("Vælg først, hvor sikkerhedskopierne skal ligge")
        .await;
    app.fill(None, "Mappe", &usb.path().display().to_string())
        .await;
    app.fill(None, "Antal kopier, der gemmes", "5").await;
    app.click_button("Gem indstillingerne").await;
    app.wait_text("Indstillingerne er gemt.").await;
    app.click_button("Tag en sikkerhedskopi nu").await;
    app.wait_text("Sikkerhedskopien er taget.").await;
    let made = app
        .wait_xpath("//table[@aria-label='Sikkerhedskopier i mappen']//tbody/tr[1]/td[1]")
        .await
        .text()
        .await
        .unwrap();
    assert!(made.starts_with("23-11-2026"), "{made}");
    assert_eq!(std::fs::read_dir(usb.path()).unwrap().count(), 1);
    app.screenshot("backup-page").await;

    app.click(
        app.wait_xpath("(//table[@aria-label='Sikkerhedskopier i mappen']//button)[1]")
            .await,
    )
    .await;
    app.wait_text("Sikkerhedskopien er hel:").await;
    accept_confirmations(&app).await;
    app.click_button("Gendan nu").await;
    app.heading("Log ind").await;
    flows::log_in(&app, "skoleleder", "demo-skole-2026", Some(&secret)).await;
    let aside = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("before-restore"));
    assert!(aside, "the replaced file is kept beside the database");

    flows::open_section(&app, "Sikkerhedskopi", "Sikkerhedskopi").await;
    accept_confirmations(&app).await;
    app.click_button("Skift databasens nøgle …").await;
    let key = app
        .wait_xpath("//*[@data-testid='new-recovery-key']")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        key.replace(char::is_whitespace, "").split('-').count(),
        14,
        "{key}"
    );
    app.click_button("Gem som PDF og udskriv …").await;
    app.wait_text("PDF-filen er gemt.").await;
    assert!(
        std::fs::read(sheets.path().join("Skolekontor-gendannelsesnoegle.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    app.screenshot("key-change").await;
    app.click(
        app.input(
            None,
            "Jeg har udskrevet nøglen eller skrevet den ned, og den ligger et sikkert sted.",
        )
        .await,
    )
    .await;
    app.click_button("Færdig").await;
    app.wait_text("Skift databasens nøgle …").await;
    assert_eq!(
        std::fs::read_dir(usb.path()).unwrap().count(),
        2,
        "a backup under the new key"
    );
    app.quit().await;

    // The keyring holds the new key: the program opens without the recovery key.
    let status = std::process::Command::new(skolekontor_e2e::cli_binary())
        .args(["status", "--json"])
        .env("SKOLEKONTOR_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("needsLogin"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}
