//! The secretary previews and issues September's charges for the demo school in the
//! real window and saves the Betalingsservice 0601 file (R8, R35), then credits a
//! family (R10). The program's
//! day is 20 August 2026 (SKOLEKONTOR_TODAY), and saving goes to a test folder
//! (SKOLEKONTOR_SAVE_DIR) because WebDriver cannot drive the system's file dialog.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, Driver};

const TODAY: &str = "2026-08-20";

#[tokio::test(flavor = "multi_thread")]
async fn the_secretary_issues_septembers_charges_and_saves_the_0601_file() {
    let data = tempfile::tempdir().unwrap();
    let saved = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);

    let env = [
        ("SKOLEKONTOR_TODAY", OsStr::new(TODAY)),
        ("SKOLEKONTOR_SAVE_DIR", saved.path().as_os_str()),
    ];
    let driver = Driver::start_with(data.path(), 4494, &env).await;
    let app = driver.session().await;
    assert!(flows::log_in(&app, "sekretaer", "demo-skole-2026", None)
        .await
        .is_some());
    flows::open_section(&app, "Betaling", "Betaling").await;

    // The month: September in the month list, 2026 in the year list.
    app.set_value("charge-month-month", "09").await;
    app.set_value("charge-month-year", "2026").await;
    app.click_button("Vis opkrævningen").await;
    app.heading("Opkrævning for september 2026").await;
    let summary = app
        .wait_text("betalingsdato 01-09-2026")
        .await
        .text()
        .await
        .unwrap();
    assert!(summary.contains("betalere"), "{summary}");
    app.wait_xpath("//td[normalize-space(.)='Forhåndsvisning']")
        .await;
    app.screenshot("billing-preview-september").await;

    // Issuing asks first, in the program's own dialog, with the sum and the number of
    // payers; "no" issues nothing.
    app.click_button("Udsend opkrævningen for september 2026")
        .await;
    let asked = app
        .wait_xpath("//dialog[@open]//p")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        asked.starts_with("Udsend ") && asked.contains("betalere for september 2026"),
        "{asked}"
    );
    app.screenshot("billing-issue-question").await;
    app.answer("betalere for september 2026", false).await;
    assert!(
        app.buttons_named("Gem Betalingsservice-fil …")
            .await
            .is_empty(),
        "nothing issued"
    );
    app.click_button("Udsend opkrævningen for september 2026")
        .await;
    app.answer("betalere for september 2026", true).await;
    app.wait_text("Opkrævningen for september 2026 er udsendt")
        .await;
    app.wait_xpath("//td[normalize-space(.)='Til opkrævning']")
        .await;
    app.click_button("Gem Betalingsservice-fil …").await;
    app.wait_text("Betalingsservice-filen er gemt.").await;
    app.screenshot("billing-issued-september").await;

    // Nothing is overdue before the payment date; the rates and settings are there to see.
    app.click_button("Restancer").await;
    app.wait_text("Ingen betalere er i restance.").await;
    app.click(
        app.input(None, "Vis alle betalere, også dem uden restance")
            .await,
    )
    .await;
    app.click(
        app.wait_xpath("(//button[normalize-space(.)='Vælg'])[1]")
            .await,
    )
    .await;
    app.wait_xpath("//td[normalize-space(.)='Til opkrævning']")
        .await;
    app.screenshot("billing-payer-statement").await;

    // A credit note for the family (R10); no refund is offered: nothing is overpaid.
    app.fill(None, "Begrundelse", "Lejrskole aflyst").await;
    app.fill(None, "Beløb at kreditere (kr.)", "250,00").await;
    app.click_button("Udsted kreditnotaen").await;
    app.wait_text("Kreditnota nr. 1 er udstedt.").await;
    app.wait_xpath("//td[contains(., 'Kreditnota nr. 1') and contains(., 'Lejrskole aflyst')]")
        .await;
    app.wait_xpath("//td[normalize-space(.)='-250,00 kr.']")
        .await;
    app.wait_text("Betaleren har ikke betalt for meget; der er intet at betale tilbage.")
        .await;
    assert!(app
        .buttons_named("Registrér tilbagebetalingen")
        .await
        .is_empty());
    app.screenshot("billing-credit-note").await;
    // The bookkeeping journal: a wrong account number is told at its line, then
    // September's journal is shown and saved for e-conomic.
    app.click_button("Bogføring").await;
    app.heading("Kontoplan").await;
    app.fill(None, "Skolepenge", "10 10").await;
    app.click_button("Gem kontoplanen").await;
    app.wait_xpath("//td[input[@id='account-school']]/p[contains(., '1 til 9 cifre')]")
        .await;
    for (label, account) in [
        ("Skolepenge", "1010"),
        ("SFO", "1020"),
        ("Børnehave", "1030"),
        ("Søskenderabat", "1110"),
        ("Friplads og tilskud", "1120"),
        ("Kreditnotaer", "1130"),
        ("Forældrenes tilgodehavender (debitorer)", "5600"),
    ] {
        app.fill(None, label, account).await;
    }
    app.click_button("Gem kontoplanen").await;
    app.wait_text("Kontoplanen er gemt.").await;
    app.set_value("journal-month-month", "09").await;
    app.set_value("journal-month-year", "2026").await;
    app.fill(None, "Første bilagsnummer", "41").await;
    app.click_button("Vis journalen").await;
    app.wait_xpath(
        "//table[@id='journal-table']//td[normalize-space(.)='Skolepenge september 2026']",
    )
    .await;
    app.wait_xpath("//table[@id='journal-table']//tr[td[1][normalize-space(.)='41'] and td[4][normalize-space(.)='1010'] and td[5][normalize-space(.)='5600']]")
        .await;
    app.click_button("Gem til e-conomic …").await;
    app.wait_text("Journalen er gemt.").await;
    app.screenshot("billing-journal").await;

    app.click_button("Takster og indstillinger").await;
    app.heading("Takster").await;
    app.wait_xpath("//td[normalize-space(.)='3.100,00 kr.']")
        .await;
    app.screenshot("billing-rates").await;

    let mut files: Vec<_> = std::fs::read_dir(saved.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let journal = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        files[0].ends_with("Posteringsjournal-september-2026-e-conomic-2026-08-20.csv")
            && journal.starts_with("\u{feff}Dato;Bilag;Konto;Tekst;Beløb;Modkonto")
            && journal.contains(";41;1010;Skolepenge september 2026;-"),
        "{files:?} {journal}"
    );
    files.remove(0);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(name, "betalingsservice-2026-09-levering-1.txt");
    let bytes = std::fs::read(&files[0]).unwrap();
    let records: Vec<&[u8]> = bytes
        .strip_suffix(b"\n")
        .unwrap()
        .split(|&b| b == b'\n')
        .collect();
    assert!(
        records.iter().all(|r| r.len() == 129 && r.ends_with(b"\r")),
        "128 characters and CR-LF"
    );
    assert!(records[0].starts_with(b"BS002") && &records[0][16..20] == b"0601");
    assert!(records.last().unwrap().starts_with(b"BS992"));
    let collections = records.iter().filter(|r| r.starts_with(b"BS042")).count();
    assert!(collections > 100, "{collections} collections");
    assert!(
        records
            .iter()
            .filter(|r| r.starts_with(b"BS042"))
            .all(|r| &r[51..59] == b"01092026"),
        "payment date 1 September 2026"
    );
    let counted: usize = String::from_utf8_lossy(&records.last().unwrap()[31..42])
        .parse()
        .unwrap();
    assert_eq!(counted, collections, "BS992 counts the collections");
    app.quit().await;
}
