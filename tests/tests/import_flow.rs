//! Import from the old system in the real window (issue 8): the secretary gets the
//! template, looks a file through and sees its problem by row and column; nothing is
//! stored. The corrected file is imported whole, and a child with a long name in
//! unusual letters (and markup in it) shows in the register as plain text.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, App, Driver};

const TODAY: &str = "2026-11-23";
const FIRST: &str = "Zoë-Ǆenana Łucja Ἀθηνᾶ";
const LAST: &str = "Ñúñez-Ørsted-Þórsdóttir Nguyễn Şahin-Kowalczyk <b>fed</b>";

fn export(postal_code: &str) -> String {
    let header = "Barn fornavn;Barn efternavn;Barn fødselsdato;Afdeling;Klassetrin;SFO;Startdato;\
                  Forælder 1 fornavn;Forælder 1 efternavn;Forælder 1 adresse;Forælder 1 postnummer;Forælder 1 by";
    format!(
        "{header}\n\
         {FIRST};{LAST};03-04-2019;skole;1;ja;01-08-2026;Åsa;Ñúñez;Lyngvej 8;4000;Roskilde\n\
         Otto;Vang;12-12-2021;børnehave;;;01-08-2026;Rie;Vang;Lyngvej 10;{postal_code};Roskilde\n"
    )
}

async fn look_through(app: &App, path: &std::path::Path) {
    app.fill(None, "Fil", &path.display().to_string()).await;
    app.click_button("Gennemse filen").await;
    app.heading("Det indeholder filen").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretary_imports_the_old_systems_file_all_or_nothing() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let env = [
        ("SKOLEKONTOR_TODAY", OsStr::new(TODAY)),
        ("SKOLEKONTOR_SAVE_DIR", files.path().as_os_str()),
    ];
    let driver = Driver::start_with(data.path(), 4510, &env).await;
    let app = driver.session().await;
    flows::log_in(&app, "skoleleder", "demo-skole-2026", None).await;
    flows::open_section(&app, "Indlæs", "Indlæs fra gammelt system").await;

    app.click_button("Hent skabelonen …").await;
    app.wait_text("Skabelonen er gemt.").await;
    let template = std::fs::read(files.path().join("Skolekontor-importskabelon.csv")).unwrap();
    assert!(String::from_utf8(template)
        .unwrap()
        .starts_with("\u{feff}Barn fornavn;"));

    let file = files.path().join("gammelt-system.csv");
    std::fs::write(&file, export("40")).unwrap();
    look_through(&app, &file).await;
    app.wait_text("Filen har 1 problem.").await;
    let problem = app
        .wait_xpath("//table[@aria-label='Problemer']//tbody/tr[1]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        problem.contains('3') && problem.contains("K · Forælder 1 postnummer"),
        "{problem}"
    );
    assert!(
        problem.contains("Postnummeret skal være 4 cifre"),
        "{problem}"
    );
    let buttons = app
        .client
        .find_all(fantoccini::Locator::XPath(
            "//button[starts-with(normalize-space(.), 'Indlæs ')]",
        ))
        .await
        .unwrap();
    assert!(buttons.is_empty(), "no import while a problem remains");
    app.screenshot("import-problems").await;

    std::fs::write(&file, export("4000")).unwrap();
    look_through(&app, &file).await;
    let summary = app
        .wait_xpath("//*[@data-testid='import-summary']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        summary.starts_with("2 rækker: 2 børn (1 i skole, heraf 1 i SFO; 1 i børnehave"),
        "{summary}"
    );
    app.wait_xpath(&format!(
        "//table[@aria-label='Børn, der indlæses']//tr[td[normalize-space(.)='{FIRST} {LAST}'] and td[normalize-space(.)='1. klasse · SFO']]"
    ))
    .await;
    app.screenshot("import-preview").await;
    app.click_button("Indlæs 2 børn").await;
    app.answer("Indlæse 2 børn med deres forældre", false).await;
    assert!(
        !app.buttons_named("Indlæs 2 børn").await.is_empty(),
        "nothing imported on no"
    );
    app.click_button("Indlæs 2 børn").await;
    app.answer("Indlæse 2 børn med deres forældre", true).await;
    app.wait_text("Indlæst: 2 børn og 2 forældre i 2 hjem.")
        .await;

    flows::open_section(&app, "Børn", "Børn").await;
    let search = app
        .input(None, "Søg på navn, CPR-nummer eller klasse")
        .await;
    search.send_keys("Zoë").await.unwrap();
    let link = app
        .wait_xpath(&format!("//table//a[normalize-space(.)='{FIRST} {LAST}']"))
        .await;
    app.click(link).await;
    let heading = app.heading(&format!("{FIRST} {LAST}")).await;
    let html = heading.html(true).await.unwrap();
    assert!(
        html.contains("&lt;b&gt;fed&lt;/b&gt;"),
        "markup is shown as text: {html}"
    );
    app.wait_text("1. klasse").await;
    app.screenshot("import-unicode-child").await;
    app.quit().await;
}
