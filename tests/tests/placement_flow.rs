//! Placements in the real window (R7, R11, R12): the secretary adds two SFO modules'
//! rates, a pupil in SFO without a module switches to the dearer one from December
//! and, by notice, to the cheaper one from January, each change previewed with its
//! days and its price before it is saved, and the charge previews follow. Then, on 20 August 2027, the rollover not
//! run by 1 August shows as due, September's charges wait for it, and it is run late.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, App, Driver};

const TODAY: &str = "2026-11-20";
const LATE: &str = "2027-08-20";

async fn add_sfo_rate(app: &App, module: &str, kroner: &str) {
    app.set_value("rate-kind", "sfo").await;
    app.fill(None, "SFO-modul", module).await;
    app.fill(None, "Beløb (kr.)", kroner).await;
    app.fill(None, "Gælder fra", "01-08-2026").await;
    app.click_button("Gem taksten").await;
    app.wait_text("Taksten er gemt.").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sfo_module_is_joined_and_switched_with_previews_and_a_late_rollover_is_run() {
    let data = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let env = [("SKOLEKONTOR_TODAY", OsStr::new(TODAY))];
    let driver = Driver::start_with(data.path(), 4530, &env).await;
    let app = driver.session().await;
    let secret = flows::log_in(&app, "sekretaer", "demo-skole-2026", None)
        .await
        .expect("the secretary's second factor");

    flows::open_section(&app, "Betaling", "Betaling").await;
    app.click_button("Takster og indstillinger").await;
    add_sfo_rate(&app, "Morgen", "500").await;
    add_sfo_rate(&app, "Fuld", "1800").await;

    // A pupil in 2nd grade who goes to SFO.
    flows::open_section(&app, "Børn", "Børn").await;
    app.fill(None, "Søg på navn, CPR-nummer eller klasse", "2. klasse")
        .await;
    let link = app
        .wait_xpath("(//tr[td[3][contains(., 'SFO')]]//a)[1]")
        .await;
    let first_name = link
        .text()
        .await
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    app.click(link).await;
    let payer = app
        .wait_xpath("(//h2[normalize-space(.)='Forældre']/following::table[1]//tbody/tr)[1]/td[1]")
        .await
        .text()
        .await
        .unwrap()
        .split('(')
        .next()
        .unwrap()
        .trim()
        .to_string();

    // The pupil is in SFO without a module: joining one on top is not offered;
    // the place is switched to the dearer Fuld from December, previewed first.
    flows::child_tab(&app, "Plads").await;
    app.heading("Plads").await;
    app.wait_xpath("//button[normalize-space(.)='Skift SFO-modul …']")
        .await;
    assert!(app.buttons_named("Begynd i SFO-modul …").await.is_empty());
    app.click_button("Skift SFO-modul …").await;
    app.set_value("placement-from-module", "").await;
    app.set_value("placement-to-module", "Fuld").await;
    app.fill(None, "Begynder i måneden", "12-2026").await;
    app.click_button("Vis ændringen").await;
    app.wait_text("Sidste dag i SFO uden modul: 30-11-2026.")
        .await;
    app.wait_text("Første dag i SFO-modulet Fuld: 01-12-2026.")
        .await;
    app.wait_text(
        "Fra december 2026 opkræves 1.800,00 kr. om måneden for SFO-modulet Fuld i stedet for 1.650,00 kr. om måneden for SFO uden modul.",
    )
    .await;
    app.screenshot("placement-sfo-switch-preview").await;
    app.click_button("Gem ændringen").await;
    app.wait_text("Ændringen er gemt.").await;
    app.wait_text("Skifter fra SFO uden modul til SFO-modulet Fuld")
        .await;

    // To the cheaper Morgen: the notice decides (R11) — received 20 November, the
    // last day in Fuld is 31 December and Morgen begins 1 January.
    app.click_button("Skift SFO-modul …").await;
    app.set_value("placement-from-module", "Fuld").await;
    app.set_value("placement-to-module", "Morgen").await;
    app.fill(None, "Opsigelsen modtaget på kontoret", "20-11-2026")
        .await;
    app.click_button("Vis ændringen").await;
    app.wait_text("sidste dag i SFO-modulet Fuld 31-12-2026.")
        .await;
    app.wait_text(
        "Fra januar 2027 opkræves 500,00 kr. om måneden for SFO-modulet Morgen i stedet for 1.800,00 kr. om måneden for SFO-modulet Fuld.",
    )
    .await;
    app.click_button("Gem ændringen").await;
    app.wait_text(
        "Skifter fra SFO-modulet Fuld til SFO-modulet Morgen (opsigelse modtaget 20-11-2026)",
    )
    .await;
    app.screenshot("placement-timeline").await;

    // January's charges follow the placements.
    flows::open_section(&app, "Betaling", "Betaling").await;
    let january = flows::charge_lines_of(&app, "2027-01", &payer).await;
    assert!(
        january.contains(&format!("{first_name}, SFO morgen januar 2027")),
        "{january}"
    );
    assert!(!january.contains("SFO fuld"), "{january}");
    let december = flows::charge_lines_of(&app, "2026-12", &payer).await;
    assert!(
        december.contains(&format!("{first_name}, SFO fuld december 2026")),
        "{december}"
    );
    assert!(
        !december.contains(&format!("{first_name}, SFO december")),
        "the plain place ended in November: {december}"
    );
    app.quit().await;
    drop(driver);

    // 20 August 2027: the rollover was not run by 1 August.
    let env = [("SKOLEKONTOR_TODAY", OsStr::new(LATE))];
    let driver = Driver::start_with(data.path(), 4532, &env).await;
    let app = driver.session().await;
    flows::log_in_to(&app, "sekretaer", "demo-skole-2026", &secret, "Børn").await;
    flows::open_section(&app, "Betaling", "Betaling").await;
    app.set_value("charge-month", "2027-09").await;
    app.click_button("Vis opkrævningen").await;
    app.wait_text("Skoleårsskiftet til 2027/28 er ikke kørt")
        .await;
    flows::open_section(&app, "Skoleår", "Skoleår").await;
    app.wait_xpath(
        "//p[@data-testid='rollover-due'][contains(., 'Skoleårsskiftet til 2027/28 skal køres')]",
    )
    .await;
    app.screenshot("schoolyear-rollover-due").await;
    app.click_button("Kør skoleårsskiftet til 2027/28").await;
    app.answer("Køre skoleårsskiftet til 2027/28?", false).await;
    assert!(
        !app.buttons_named("Kør skoleårsskiftet til 2027/28")
            .await
            .is_empty(),
        "nothing rolled over on no"
    );
    app.click_button("Kør skoleårsskiftet til 2027/28").await;
    app.answer("Køre skoleårsskiftet til 2027/28?", true).await;
    app.wait_text("Skoleårsskiftet til 2027/28 er kørt").await;
    flows::open_section(&app, "Betaling", "Betaling").await;
    app.set_value("charge-month", "2027-09").await;
    app.click_button("Vis opkrævningen").await;
    app.wait_text("Forhåndsvisning").await;
    assert!(
        app.wait_xpath("//body")
            .await
            .text()
            .await
            .unwrap()
            .find("er ikke kørt")
            .is_none(),
        "the problem is gone once the rollover has run"
    );
    app.quit().await;
}
