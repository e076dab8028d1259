//! Issue 19, in the real window: with English chosen, what the Rust side writes is
//! English too — the start page's day, a refusal by the field, and a withdrawal's
//! preview with its last day and consequences. The program's day is 20 August 2026.

use std::ffi::OsStr;

use skolekontor_e2e::{flows, Driver};

const TODAY: &str = "2026-08-20";

#[tokio::test(flavor = "multi_thread")]
async fn with_english_chosen_the_start_page_a_refusal_and_a_withdrawal_preview_are_english() {
    let data = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);
    let env = [("SKOLEKONTOR_TODAY", OsStr::new(TODAY))];
    let driver = Driver::start_with(data.path(), 4521, &env).await;
    let app = driver.session().await;

    app.heading("Log ind").await;
    app.set_value("language-login", "en").await;
    app.heading("Log in").await;
    app.fill(None, "User name", "sekretaer").await;
    app.fill(None, "Password", "demo-skole-2026").await;
    app.click_button("Log in").await;
    // Her first login sets up the second factor, in English.
    app.heading("Set up two-step verification").await;
    let shown = app
        .wait_xpath("//*[@data-testid='totp-secret']")
        .await
        .text()
        .await
        .expect("secret text");
    let code = flows::fresh_code(&shown.replace(char::is_whitespace, "")).await;
    app.fill(None, "Code from the authenticator app", &code)
        .await;
    app.click_button("Confirm").await;
    app.heading("Today").await;
    app.wait_text("20 August 2026").await;
    app.screenshot("today-in-english").await;

    flows::open_section(&app, "Children", "Children").await;
    app.fill(None, "Search by name, CPR number or class", "2. klasse")
        .await;
    let link = app
        .wait_xpath("(//tr[td[3][contains(., 'SFO')]]//a)[1]")
        .await;
    app.click(link).await;
    flows::child_tab(&app, "Withdrawal").await;
    app.heading("Withdrawal").await;
    app.wait_text("No withdrawals.").await;
    app.click_button("Record a withdrawal …").await;
    app.set_value("withdrawal-scope", "1").await;
    app.fill(None, "Notice received by the office", "21-08-2026")
        .await;
    app.wait_text("The notice cannot have been received in the future.")
        .await;
    app.fill(None, "Notice received by the office", "20-08-2026")
        .await;
    app.wait_text("Last day: 30 September 2026").await;
    app.wait_text("with the last day 30 September 2026.").await;
    app.wait_text("The school place continues unchanged.").await;
    app.screenshot("withdrawal-preview-in-english").await;
    app.click_button("Cancel").await;
    // The timeline's change and the class, both written on the Rust side or from its
    // data, in English.
    flows::child_tab(&app, "Place").await;
    app.wait_xpath("//li[contains(normalize-space(.), 'Admitted (Skolekontor,')]")
        .await;
    app.screenshot("child-place-in-english").await;
    flows::child_tab(&app, "Details").await;
    app.wait_xpath("//dd[contains(normalize-space(.), 'Grade 2 · SFO')]")
        .await;
    app.screenshot("child-details-in-english").await;
    flows::open_section(&app, "Fees", "Fees").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.screenshot("fees-in-english").await;
    // The chart of accounts: its groups and items named in English.
    app.click_button("Bookkeeping").await;
    app.wait_xpath(
        "//tr[td[1][normalize-space(.)='Income'] and td[2][normalize-space(.)='School fees']]",
    )
    .await;
    app.wait_xpath("//td[normalize-space(.)='Bank and cash']")
        .await;
    app.screenshot("chart-of-accounts-in-english").await;
    flows::open_section(&app, "Lists", "Lists").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.screenshot("lists-in-english").await;
    // The choice is kept by the window for the next start: leave it Danish for the
    // other flows.
    app.set_value("language", "da").await;
    app.heading("Lister").await;
    app.quit().await;
}
