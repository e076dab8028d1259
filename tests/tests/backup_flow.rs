//! Backups in the real window: the headteacher chooses a folder, takes a backup, checks
//! it and restores it; the program asks everyone to log in again, and the file it
//! replaced lies beside the database. Then she changes the database key: the new
//! recovery key is shown once with its sheet, a backup under the new key is taken, and
//! the program opens with the keyring's new key. The program's day is 23 November 2026.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, Driver};

const TODAY: &str = "2026-11-23";

/// The backups in a folder (each has its metadata file beside it).
fn backups(folder: &std::path::Path) -> usize {
    std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".db"))
        .count()
}

/// The program's private print folder (the runtime folder the keyring session set).
fn print_folder() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR").expect("a runtime folder"))
        .join("dk.skolekontor.app")
        .join("udskrifter")
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
    assert_eq!(backups(usb.path()), 1);
    app.screenshot("backup-page").await;

    app.click(
        app.wait_xpath("(//table[@aria-label='Sikkerhedskopier i mappen']//button)[1]")
            .await,
    )
    .await;
    app.wait_text("Sikkerhedskopien er hel:").await;
    app.click_button("Gendan nu").await;
    app.answer("Erstatte skolens database med denne sikkerhedskopi", false)
        .await;
    assert!(
        !app.buttons_named("Gendan nu").await.is_empty(),
        "no restore on no"
    );
    app.click_button("Gendan nu").await;
    app.answer("Erstatte skolens database med denne sikkerhedskopi", true)
        .await;
    app.heading("Log ind").await;
    app.wait_text("Sikkerhedskopien er gendannet").await;
    // What was deleted since the backup would be back: the retention plan comes first.
    flows::log_in_to(
        &app,
        "skoleleder",
        "demo-skole-2026",
        &secret,
        "Efter gendannelsen",
    )
    .await;
    let aside = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("before-restore"));
    assert!(aside, "the replaced file is kept beside the database");

    flows::open_section(&app, "Sikkerhedskopi", "Sikkerhedskopi").await;
    app.click_button("Skift databasens nøgle …").await;
    app.answer("Kryptere databasen med en ny nøgle nu?", false)
        .await;
    assert!(
        app.client
            .find_all(fantoccini::Locator::XPath(
                "//*[@data-testid='new-recovery-key']"
            ))
            .await
            .unwrap()
            .is_empty(),
        "the key is not changed on no"
    );
    app.click_button("Skift databasens nøgle …").await;
    app.answer("Kryptere databasen med en ny nøgle nu?", true)
        .await;
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
    // To the printer through the user's private print folder; as a file only on request.
    app.click_button("Udskriv arket").await;
    app.wait_text("Arket er åbnet til udskrift").await;
    let printed = print_folder().join("Skolekontor-gendannelsesnoegle.pdf");
    assert!(std::fs::read(&printed).unwrap().starts_with(b"%PDF"));
    // A file is a copy of the key outside the safe: the program warns first.
    app.click_button("Gem som fil …").await;
    app.answer("En gemt fil er en kopi af nøglen", false).await;
    assert!(
        !sheets
            .path()
            .join("Skolekontor-gendannelsesnoegle.pdf")
            .exists(),
        "nothing saved on no"
    );
    app.click_button("Gem som fil …").await;
    app.answer("En gemt fil er en kopi af nøglen", true).await;
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
    assert!(
        !printed.exists(),
        "the printed sheet's copy goes once the key is safe"
    );
    assert_eq!(backups(usb.path()), 2, "a backup under the new key");
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
