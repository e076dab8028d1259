//! The secretary keeps a class fund in the real window (R17–R20): the demo's 3rd
//! grade fund with its ledger, a new fund for 5th grade begun with the parents'
//! purpose, a deposit, an expense beyond the balance refused in Danish with nothing
//! saved, and the statement shown. The program's day is 23 November 2026.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, App, Driver};

const TODAY: &str = "2026-11-23";

async fn balance(app: &App) -> String {
    app.wait_xpath("//*[@data-testid='fund-balance']")
        .await
        .text()
        .await
        .unwrap()
}

async fn record(app: &App, date: &str, amount: &str, text: &str, receipt: &str) {
    app.fill(None, "Dato", date).await;
    app.fill(None, "Beløb (kr.)", amount).await;
    app.fill(None, "Tekst", text).await;
    app.fill(None, "Bilag", receipt).await;
    app.click_button("Bogfør linjen").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretary_begins_a_class_fund_and_an_expense_beyond_its_balance_is_refused() {
    let data = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let env = [("SKOLEKONTOR_TODAY", OsStr::new(TODAY))];
    let driver = Driver::start_with(data.path(), 4496, &env).await;
    let app = driver.session().await;
    assert!(flows::log_in(&app, "sekretaer", "demo-skole-2026", None)
        .await
        .is_some());

    flows::open_section(&app, "Klassekasser", "Klassekasser").await;
    app.wait_text("står uden for skolens regnskab").await;
    // The demo's 3rd grade keeps a fund: its ledger and the families' payments.
    app.click(
        app.wait_xpath("//button[@aria-label='Vis klassekassen for 3. klasse']")
            .await,
    )
    .await;
    app.heading("Klassekasse 3. klasse").await;
    app.wait_xpath("//table[@aria-label='Kassebog']//td[normalize-space(.)='Bowling og pizza']")
        .await;
    app.wait_xpath("//table[@aria-label='Indbetalinger pr. familie']//td[starts-with(normalize-space(.), 'Mangler')]").await;
    app.screenshot("classfund-third-grade").await;

    // 5th grade has none: it begins with the purpose the parents agreed (R20).
    app.click(
        app.wait_xpath("//button[@aria-label='Vis klassekassen for 5. klasse']")
            .await,
    )
    .await;
    app.heading("Klassekasse 5. klasse").await;
    app.wait_text("Klassen har ingen klassekasse.").await;
    app.click_button("Opret klassekassen").await;
    app.wait_text("Skriv, hvad forældrene har aftalt").await;
    app.fill(
        None,
        "Formål, som forældrene har aftalt",
        "Udflugter og lejrskole i 6. klasse",
    )
    .await;
    app.fill(
        None,
        "Aftalt indbetaling pr. familie pr. måned (kr.)",
        "50,00",
    )
    .await;
    app.fill(None, "Gælder fra", "01-11-2026").await;
    app.click_button("Opret klassekassen").await;
    app.wait_text("Klassekassens formål og kasserer er gemt.")
        .await;
    app.wait_text("50,00 kr. pr. familie pr. måned fra november 2026")
        .await;

    record(&app, "20-11-2026", "300,00", "Kagesalg", "").await;
    app.wait_text("Bogført. Saldo: 300,00 kr.").await;
    assert_eq!(balance(&app).await, "300,00 kr.");

    // An expense beyond the balance: refused with the day and the shortfall; nothing saved.
    app.set_value("fund-kind", "expense").await;
    record(&app, "22-11-2026", "450,00", "Bowling", "B-1").await;
    app.wait_text("vil bringe klassekassen under 0 kr. den 22-11-2026")
        .await;
    assert_eq!(balance(&app).await, "300,00 kr.");
    app.screenshot("classfund-expense-refused").await;
    record(&app, "22-11-2026", "250,00", "Bowling", "B-1").await;
    app.wait_text("Bogført. Saldo: 50,00 kr.").await;
    app.wait_xpath("//table[@aria-label='Kassebog']//tr[td[normalize-space(.)='Bowling']]/td[normalize-space(.)='50,00 kr.']").await;
    app.screenshot("classfund-fifth-grade").await;

    // Two families' payments at once, from one screen.
    app.click_button("Indbetalinger fra flere familier …").await;
    app.set_value("many-text", "Indbetaling december").await;
    for row in [1, 2] {
        let amount = app
            .wait_xpath(&format!(
                "//table[@aria-label='Indbetalinger fra flere familier']//tbody/tr[{row}]//input"
            ))
            .await;
        amount.send_keys("50,00").await.unwrap();
    }
    app.click_button("Bogfør 2 indbetalinger").await;
    app.wait_text("Bogført. Saldo: 150,00 kr.").await;

    // The statement for the school year, drawn in the window.
    app.click_button("Vis her").await;
    app.wait_text("sider.").await;
    app.screenshot("classfund-statement").await;
    app.quit().await;
}
