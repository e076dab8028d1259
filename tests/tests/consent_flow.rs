//! A guardian's photo consent in the real window (R23): the secretary records it as
//! given, then as withdrawn; the history shows both answers, and the child is on the
//! staff list "Må ikke fotograferes …"; then health, a request, the deletion plan and
//! a grade-9 leaving certificate. The program's day is 23 November 2026.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, App, Driver};

const TODAY: &str = "2026-11-23";
const PHOTOS: &str = "Billeder på hjemmeside og sociale medier";

async fn answer(app: &App, decision: &str, day: &str) {
    app.click_button(&format!("Registrér svar {PHOTOS}")).await;
    app.set_value("consent-decision", decision).await;
    app.fill(None, "Dato for svaret", day).await;
    app.click_button("Gem svaret").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_photo_consent_given_then_withdrawn_shows_both_answers_and_puts_the_child_on_the_list() {
    let data = tempfile::tempdir().unwrap();
    let saved = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let env = [
        ("SKOLEKONTOR_TODAY", OsStr::new(TODAY)),
        ("SKOLEKONTOR_SAVE_DIR", saved.path().as_os_str()),
    ];
    let driver = Driver::start_with(data.path(), 4497, &env).await;
    let app = driver.session().await;
    assert!(flows::log_in(&app, "sekretaer", "demo-skole-2026", None)
        .await
        .is_some());

    app.fill(None, "Søg på navn, CPR-nummer eller klasse", "3. klasse")
        .await;
    let link = app.wait_xpath("(//table//tbody//tr//a)[1]").await;
    let name = link.text().await.unwrap();
    app.click(link).await;
    // The child's page opens on the details; consents have their own tab.
    app.heading("Forældre").await;
    flows::child_tab(&app, "Samtykker").await;
    app.heading("Samtykker").await;
    app.wait_xpath(&format!("//tr[td[1][normalize-space(.)='{PHOTOS}']]/td[2][starts-with(normalize-space(.), 'Ikke spurgt')]")).await;

    answer(&app, "given", "10-08-2026").await;
    app.wait_text("Svaret er gemt.").await;
    app.wait_xpath(&format!("//tr[td[1][normalize-space(.)='{PHOTOS}']]/td[2][starts-with(normalize-space(.), 'Givet (')]")).await;
    answer(&app, "withdrawn", "23-11-2026").await;
    app.wait_xpath(&format!("//tr[td[1][normalize-space(.)='{PHOTOS}']]/td[2][starts-with(normalize-space(.), 'Trukket tilbage (')]")).await;
    // The history keeps both answers, oldest first.
    let history = app
        .wait_xpath(&format!("//ol[@aria-label='Historik: {PHOTOS}']"))
        .await
        .text()
        .await
        .unwrap();
    let given = history
        .find("10-08-2026 Givet af")
        .expect("the consent given");
    let withdrawn = history
        .find("23-11-2026 Trukket tilbage af")
        .expect("the withdrawal");
    assert!(given < withdrawn, "{history}");
    app.click(
        app.wait_xpath(&format!("//ol[@aria-label='Historik: {PHOTOS}']"))
            .await,
    )
    .await;
    app.screenshot("consent-history").await;

    // Health information rests on its own consent (R22); the look is logged.
    app.click_button("Registrér svar Helbredsoplysninger").await;
    app.fill(None, "Dato for svaret", "01-09-2026").await;
    app.click_button("Gem svaret").await;
    app.wait_xpath("//tr[td[1][normalize-space(.)='Helbredsoplysninger']]/td[2][starts-with(normalize-space(.), 'Givet (')]").await;
    flows::child_tab(&app, "Helbred").await;
    app.click_button("Vis helbredsoplysninger").await;
    app.wait_text("Forældrene har givet samtykke til, at skolen behandler helbredsoplysninger.")
        .await;
    app.fill(None, "Oplysning", "Nøddeallergi. EpiPen i skoletasken.")
        .await;
    app.click_button("Gem oplysningen").await;
    app.wait_xpath("//table[@aria-label='Helbredsoplysninger']//td[normalize-space(.)='Nøddeallergi. EpiPen i skoletasken.']").await;
    app.screenshot("health-section").await;

    // A request for access (R27) is registered from the child's page, due in a month (R31).
    flows::child_tab(&app, "Persondata").await;
    app.fill(None, "Fra", "Forælder (mor)").await;
    app.click_button("Registrér anmodningen").await;
    app.wait_text("Anmodningen er registreret. Svar senest 23-12-2026.")
        .await;
    flows::open_section(&app, "Persondata", "Persondata: anmodninger").await;
    app.wait_xpath(&format!("//tr[td[2][normalize-space(.)='{name} (barn)']]/td[5][starts-with(normalize-space(.), 'Åben · svar senest 23-12-2026')]")).await;
    // The deletion plan: nothing is due in the demo school today (R26).
    app.click_button("Vis sletteplanen").await;
    app.wait_text("Der er intet at slette pr. 23-11-2026.")
        .await;
    app.screenshot("data-requests").await;

    // The staff list: the child may not be photographed for the website now.
    flows::open_section(&app, "Samtykker", "Samtykker").await;
    app.heading("Må ikke fotograferes til hjemmeside og sociale medier")
        .await;
    let row = app
        .wait_xpath(&format!(
            "//table[@aria-label='3. klasse']//tr[td[1][normalize-space(.)='{name}']]/td[2]"
        ))
        .await;
    assert!(row.text().await.unwrap().starts_with("Trukket tilbage"));
    app.click(app.wait_xpath("//table[@aria-label='3. klasse']").await)
        .await;
    app.screenshot("consent-list").await;

    // A class's returned paper forms on one screen: two answers, one date.
    app.set_value("consent-class", "3").await;
    let answer_rows = "//table[@aria-label='Blanketter fra en hel klasse']//tbody/tr";
    // The rows are the 3rd grade's once the child of this test is among them.
    app.wait_xpath(&format!("{answer_rows}/td[1][normalize-space(.)='{name}']"))
        .await;
    let mut answered = Vec::new();
    for (row, decision) in [(2, "given"), (3, "refused")] {
        let child = app
            .wait_xpath(&format!("{answer_rows}[{row}]/td[1]"))
            .await
            .text()
            .await
            .unwrap();
        let select = app
            .wait_xpath(&format!("{answer_rows}[{row}]/td[3]/select"))
            .await;
        app.client
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(&select).unwrap(), serde_json::Value::String(decision.into())],
            )
            .await
            .unwrap();
        answered.push(child);
    }
    app.fill(None, "Dato på blanketterne", "20-11-2026").await;
    app.click_button("Gem svarene").await;
    app.wait_text("2 svar er gemt.").await;
    app.wait_xpath(&format!("{answer_rows}[td[1][normalize-space(.)='{}']]/td[2][starts-with(normalize-space(.), 'Givet (')]", answered[0]))
        .await;
    app.wait_xpath(&format!("{answer_rows}[td[1][normalize-space(.)='{}']]/td[2][starts-with(normalize-space(.), 'Afvist (')]", answered[1]))
        .await;
    app.screenshot("consent-class-forms").await;

    // The class list of the same class: sorted by birthday on screen, saved for Excel
    // and read back with an xlsx reader.
    flows::open_section(&app, "Lister", "Lister").await;
    app.set_value("list-grade", "3").await;
    // The whole school's list is replaced by the class's: wait for its count.
    app.wait_xpath(
        "//p[contains(@class, 'list-note')][starts-with(normalize-space(.), '20 rækker.')]",
    )
    .await;
    let table = "//table[@aria-label='3. klasse']";
    app.wait_xpath(&format!("{table}//td[normalize-space(.)='{name}']"))
        .await;
    app.click(
        app.wait_xpath(&format!(
            "{table}//th[2]//button[normalize-space(.)='Fødselsdato']"
        ))
        .await,
    )
    .await;
    app.wait_xpath(&format!("{table}//th[2][@aria-sort='ascending']"))
        .await;
    let mut born = Vec::new();
    for row in 1..=20 {
        let cell = app
            .wait_xpath(&format!("{table}//tbody/tr[{row}]/td[2]"))
            .await;
        let text = cell.text().await.unwrap();
        let (day, rest) = text.split_at(3);
        let (month, year) = rest.split_at(3);
        born.push(format!("{year}{month}{day}"));
    }
    assert!(born.windows(2).all(|w| w[0] <= w[1]), "{born:?}");
    app.screenshot("class-list").await;
    app.click_button("Gem som Excel …").await;
    app.wait_text("Listen er gemt.").await;
    let file = saved.path().join("Klasseliste-3-klasse-2026-11-23.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Klasseliste").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), 21, "a header and 20 pupils");
    assert_eq!(rows[0][1].to_string(), "Navn");
    assert!(rows.iter().any(|r| r[1].to_string() == name));

    // A grade-9 leaving certificate is recorded on the pupil's page (R26).
    flows::open_section(&app, "Børn", "Børn").await;
    app.fill(None, "Søg på navn, CPR-nummer eller klasse", "9. klasse")
        .await;
    let ninth = app.wait_xpath("(//table//tbody//tr//a)[1]").await;
    app.click(ninth).await;
    flows::child_tab(&app, "Dokumenter").await;
    app.heading("Afgangsprøvebevis").await;
    app.click_button("Registrér beviset").await;
    app.wait_text("Skriv fag og karakterer som på beviset, fx Dansk 7, Matematik 10.")
        .await;
    app.fill(
        None,
        "Fag og karakterer",
        "Dansk 7, Matematik 10, Engelsk 12",
    )
    .await;
    app.click_button("Registrér beviset").await;
    app.wait_xpath("//table[@aria-label='Afgangsprøvebevis']//tr[td[1][normalize-space(.)='23-11-2026']]/td[2][normalize-space(.)='Dansk 7, Matematik 10, Engelsk 12']").await;
    app.screenshot("exam-certificate").await;
    app.quit().await;
}
