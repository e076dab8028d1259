//! Steps a user takes in the window, shared by the end-to-end tests: setting the
//! school up, logging in with the second factor, adding a child, logging out.

use skolekontor_app::domain::dates;
use skolekontor_app::second_factor::current_code;

use crate::App;

/// The headteacher's password in the tests (fictional).
pub const PASSWORD: &str = "en lang adgangskode";

/// A six-digit code that is certainly not the current one for `secret`.
pub fn wrong_code(secret: &str) -> String {
    let right: u32 = current_code(secret)
        .expect("a valid secret")
        .parse()
        .expect("digits");
    format!("{:06}", (right + 500_000) % 1_000_000)
}

/// The code the authenticator app shows for `secret`, from a time step no login of
/// this test process has used yet: a code counts once (R29), so a second login within
/// the same half minute waits for the next code, as a person would.
pub async fn fresh_code(secret: &str) -> String {
    static USED: std::sync::Mutex<Vec<(String, u64)>> = std::sync::Mutex::new(Vec::new());
    let step = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs()
            / 30
    };
    let last = USED
        .lock()
        .expect("not poisoned")
        .iter()
        .filter(|(s, _)| s == secret)
        .map(|(_, step)| *step)
        .max();
    while last.is_some_and(|last| step() <= last) {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    USED.lock()
        .expect("not poisoned")
        .push((secret.to_string(), step()));
    current_code(secret).expect("a valid secret")
}

/// Types the code the authenticator app would show for `secret` now.
pub async fn enter_code(app: &App, secret: &str) {
    let code = fresh_code(secret).await;
    app.fill(None, "Kode fra godkendelsesappen", &code).await;
    app.click_button("Bekræft").await;
}

/// The first-login screen: reads the key under the QR code (as a user would type it
/// into the app) and confirms with the first code. Returns the secret.
pub async fn set_up_second_factor(app: &App) -> String {
    app.heading("Sæt totrinsbekræftelse op").await;
    app.wait_xpath("//img[starts-with(@src, 'data:image/png;base64,')]")
        .await;
    let shown = app
        .wait_xpath("//*[@data-testid='totp-secret']")
        .await
        .text()
        .await
        .expect("secret text");
    let secret = shown.replace(char::is_whitespace, "");
    enter_code(app, &secret).await;
    secret
}

/// Set-up of the school in the window, the recovery key, and the headteacher's second
/// factor. Returns the headteacher's secret.
pub async fn set_up_school(app: &App) -> String {
    app.heading("Velkommen til Skolekontor").await;
    app.fill(Some("Skolen"), "Skolens navn", "Bøgely Friskole")
        .await;
    app.fill(Some("Skolen"), "Adresse", "Skolevej 1").await;
    app.fill(Some("Skolen"), "Postnummer", "0800").await;
    app.fill(Some("Skolen"), "By", "Høje Taastrup").await;
    app.fill(Some("Skolen"), "Telefon", "43 21 00 00").await;
    app.fill(Some("Skolen"), "E-mail", "kontor@boegely.eksempel.dk")
        .await;
    app.fill(Some("Skolen"), "CVR-nummer", "12345678").await;
    app.fill(Some("Skoleleder (første bruger)"), "Navn", "Birgitte Holm")
        .await;
    app.fill(Some("Skoleleder (første bruger)"), "Brugernavn", "birgitte")
        .await;
    app.fill(Some("Skoleleder (første bruger)"), "Adgangskode", PASSWORD)
        .await;
    app.fill(
        Some("Skoleleder (første bruger)"),
        "Gentag adgangskode",
        PASSWORD,
    )
    .await;
    app.click_button("Opret skolen").await;
    app.heading("Gendannelsesnøgle").await;
    let key = app
        .wait_xpath("//*[@data-testid='recovery-key']")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        key.replace(char::is_whitespace, "").split('-').count(),
        14,
        "{key}"
    );
    app.click(
        app.input(
            None,
            "Jeg har udskrevet nøglen eller skrevet den ned, og den ligger et sikkert sted.",
        )
        .await,
    )
    .await;
    app.click_button("Fortsæt").await;
    let secret = set_up_second_factor(app).await;
    to_register(app).await;
    secret
}

/// Logs in from the login screen. With `secret`, the code screen is expected; without,
/// either no second factor or its first set-up (the new secret is returned).
pub async fn log_in(
    app: &App,
    username: &str,
    password: &str,
    secret: Option<&str>,
) -> Option<String> {
    app.heading("Log ind").await;
    app.fill(None, "Brugernavn", username).await;
    app.fill(None, "Adgangskode", password).await;
    app.click_button("Log ind").await;
    let next = app
        .wait_xpath("//h1[normalize-space(.)='I dag' or normalize-space(.)='Totrinsbekræftelse' or normalize-space(.)='Sæt totrinsbekræftelse op']")
        .await
        .text()
        .await
        .expect("heading");
    let result = match (next.trim(), secret) {
        ("Totrinsbekræftelse", Some(secret)) => {
            enter_code(app, secret).await;
            Some(secret.to_string())
        }
        ("Sæt totrinsbekræftelse op", _) => Some(set_up_second_factor(app).await),
        ("I dag", None) => None,
        (other, _) => panic!("unexpected screen after login: {other}"),
    };
    to_register(app).await;
    result
}

/// Logs in with the second factor and waits for `heading`, the first screen expected
/// (after a restore it is the retention plan, not the register).
pub async fn log_in_to(app: &App, username: &str, password: &str, secret: &str, heading: &str) {
    app.heading("Log ind").await;
    app.fill(None, "Brugernavn", username).await;
    app.fill(None, "Adgangskode", password).await;
    app.click_button("Log ind").await;
    app.heading("Totrinsbekræftelse").await;
    enter_code(app, secret).await;
    if heading == "Børn" {
        to_register(app).await;
    } else {
        app.heading(heading).await;
    }
}

/// From the start page a login lands on ("I dag") to the register.
pub async fn to_register(app: &App) {
    app.heading("I dag").await;
    open_section(app, "Børn", "Børn").await;
}

/// Opens a section from the side menu and waits for its heading.
pub async fn open_section(app: &App, name: &str, heading: &str) {
    // The menu's own button: a child's page has tabs with the same words.
    let button = app
        .wait_xpath(&format!("//nav//button[normalize-space(.)='{name}']"))
        .await;
    app.click(button).await;
    app.heading(heading).await;
}

/// Chooses a tab on a child's page ("Fravær", "Udmeldelse" …) and waits for it to be
/// the chosen one.
pub async fn child_tab(app: &App, name: &str) {
    let tab = app
        .wait_xpath(&format!(
            "//*[@role='tablist']/button[@role='tab' and normalize-space(.)='{name}']"
        ))
        .await;
    app.click(tab).await;
    app.wait_xpath(&format!(
        "//*[@role='tablist']/button[@aria-selected='true' and normalize-space(.)='{name}']"
    ))
    .await;
}

/// Logs out from the top bar.
pub async fn log_out(app: &App) {
    app.click_button("Log ud").await;
    app.heading("Log ind").await;
}

/// A guardian on the new-child form: a new person, or a parent already registered.
pub enum Parent<'a> {
    /// First name, last name, phone, street, postal code, town.
    New(&'a str, &'a str, &'a str, &'a str, &'a str, &'a str),
    /// Found by typing this in the look-up, then chosen.
    Existing(&'a str),
}

/// Adds a child from the register's "Nyt barn" form with one guardian; `grade` places
/// the child in a class, `born` is used when there is no CPR number.
pub async fn add_child(
    app: &App,
    first: &str,
    last: &str,
    born: &str,
    parent: Parent<'_>,
    grade: Option<&str>,
) {
    app.click_button("Børn").await;
    app.click_button("Nyt barn").await;
    app.heading("Nyt barn").await;
    app.fill(Some("Oplysninger"), "Fornavn", first).await;
    app.fill(Some("Oplysninger"), "Efternavn", last).await;
    app.fill(Some("Oplysninger"), "Fødselsdato (kun uden CPR)", born)
        .await;
    match parent {
        Parent::New(first, last, phone, street, postal_code, town) => {
            app.fill(Some("Forælder 1"), "Fornavn", first).await;
            app.fill(Some("Forælder 1"), "Efternavn", last).await;
            app.fill(Some("Forælder 1"), "Telefon", phone).await;
            app.fill(Some("Forælder 1"), "Adresse", street).await;
            app.fill(Some("Forælder 1"), "Postnummer", postal_code)
                .await;
            app.fill(Some("Forælder 1"), "By", town).await;
        }
        Parent::Existing(name) => {
            app.fill(
                Some("Forælder 1"),
                "Find en forælder, der allerede er registreret (søskende)",
                name,
            )
            .await;
            app.click(
                app.wait_xpath(&format!(
                    "//ul[@class='choices']//button[starts-with(normalize-space(.), '{name}')]"
                ))
                .await,
            )
            .await;
            app.wait_text("Eksisterende forælder (søskende)").await;
        }
    }
    match grade {
        Some(grade) => app
            .input(Some("Placering"), "Klassetrin")
            .await
            .select_by_label(grade)
            .await
            .unwrap(),
        None => app
            .input(Some("Placering"), "Afdeling")
            .await
            .select_by_label("Ingen (fx venteliste)")
            .await
            .unwrap(),
    }
    app.click_button("Gem").await;
    app.heading(&format!("{first} {last}")).await;
}

/// Makes the fictional demo school in `data` through the CLI, on the program's day `today`.
pub fn demo_school(data: &std::path::Path, today: &str) {
    let out = std::process::Command::new(crate::cli_binary())
        .args(["demo", "--json"])
        .env("SKOLEKONTOR_DATA_DIR", data)
        .env("SKOLEKONTOR_TODAY", today)
        .output()
        .expect("the CLI runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The charge lines of `payer` in `month`'s preview on the billing page.
pub async fn charge_lines_of(app: &App, month: &str, payer: &str) -> String {
    app.set_value("charge-month", month).await;
    app.click_button("Vis opkrævningen").await;
    // The month shown before stays until the new one has come: wait for its heading,
    // or the lines read would be the last month's.
    // Named as the program names it (the domain's own month names).
    let first = dates::parse(&format!("{month}-01")).expect("month as åååå-mm");
    app.heading(&format!("Opkrævning for {}", dates::month_and_year(first)))
        .await;
    let toggle = app
        .wait_xpath(&format!(
            "//tr[td[1][normalize-space(.)='{payer}']]//button[contains(., 'linjer')]"
        ))
        .await;
    // The row stays open from an earlier month; a click would close it.
    if toggle.attr("aria-expanded").await.unwrap().as_deref() != Some("true") {
        app.click(toggle).await;
    }
    app.wait_xpath(&format!(
        "//tr[td[1][normalize-space(.)='{payer}']]//ul[contains(@class, 'lines')]"
    ))
    .await
    .text()
    .await
    .unwrap()
}
