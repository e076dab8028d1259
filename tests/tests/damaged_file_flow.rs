//! A damaged database in the real window (issue 17): the headteacher sets a backup
//! folder and takes a backup; then 32 bytes in the middle of the school's file are
//! flipped. At the next start the window says the file is damaged (not the key),
//! leaves it untouched with a copy beside it and offers the backup; the headteacher
//! restores it with her own login as the backup knows it, and the retention plan is
//! the first thing she sees. The demo school carries its DEMO mark throughout.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, Driver};

const TODAY: &str = "2026-11-23";

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_file_is_found_kept_and_the_headteacher_restores_the_newest_backup() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let env = [("SKOLEKONTOR_TODAY", OsStr::new(TODAY))];
    let driver = Driver::start_with(data.path(), 4520, &env).await;
    let app = driver.session().await;
    app.wait_xpath("//*[@class='demo-mark' and normalize-space(.)='DEMO']")
        .await;
    let secret = flows::log_in(&app, "skoleleder", "demo-skole-2026", None)
        .await
        .expect("the headteacher sets up her second factor");
    app.wait_xpath("//header//*[@class='demo-mark']").await;
    app.screenshot("demo-mark").await;
    flows::open_section(&app, "Sikkerhedskopi", "Sikkerhedskopi").await;
    app.fill(None, "Mappe", &usb.path().display().to_string())
        .await;
    app.click_button("Gem indstillingerne").await;
    app.wait_text("Indstillingerne er gemt.").await;
    app.click_button("Tag en sikkerhedskopi nu").await;
    app.wait_text("Sikkerhedskopien er taget.").await;
    app.quit().await;
    drop(driver);

    let database = data.path().join("skolekontor.db");
    let mut bytes = std::fs::read(&database).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 32]
        .iter_mut()
        .for_each(|b| *b ^= 0xff);
    std::fs::write(&database, &bytes).unwrap();

    let driver = Driver::start_with(data.path(), 4522, &env).await;
    let app = driver.session().await;
    app.heading("Skolens database er beskadiget").await;
    app.wait_text("Det er filen, ikke nøglen").await;
    let offered = app
        .wait_xpath("//*[@data-testid='offered-backup']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        offered.contains("23-11-2026") && offered.contains("er hel"),
        "{offered}"
    );
    app.screenshot("damaged-file").await;
    assert_eq!(
        std::fs::read(&database).unwrap(),
        bytes,
        "the damaged file is untouched"
    );
    let copies = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("beskadiget") && !name.ends_with("-wal"))
        .count();
    assert_eq!(
        copies, 1,
        "a copy of the damaged file lies beside it (with its log)"
    );

    app.fill(None, "Brugernavn", "skoleleder").await;
    app.fill(None, "Adgangskode", "demo-skole-2026").await;
    let code = flows::fresh_code(&secret).await;
    app.fill(None, "Kode fra godkendelsesappen", &code).await;
    // The program asks first; "no" leaves the damaged file where it is.
    app.click_button("Gendan sikkerhedskopien").await;
    app.answer("Erstatte den beskadigede fil med sikkerhedskopien", false)
        .await;
    assert!(
        !app.buttons_named("Gendan sikkerhedskopien")
            .await
            .is_empty(),
        "still on the damaged file's screen"
    );
    app.click_button("Gendan sikkerhedskopien").await;
    app.answer("Erstatte den beskadigede fil med sikkerhedskopien", true)
        .await;
    app.heading("Log ind").await;
    app.wait_text("Sikkerhedskopien er gendannet").await;
    flows::log_in_to(
        &app,
        "skoleleder",
        "demo-skole-2026",
        &secret,
        "Efter gendannelsen",
    )
    .await;
    app.wait_text("Skolens data er gendannet fra en sikkerhedskopi")
        .await;
    app.screenshot("after-restore").await;
    app.quit().await;
}
