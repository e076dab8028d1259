//! Issue 3, end to end in the real window: the secretary registers two children for
//! grade 0, one of them a sibling, and the sibling ranks first (R3); she records the
//! meeting for a mid-year admission but has no approve button (R4); the headteacher
//! logs in with the second factor (R29) and approves; the audit log shows each step
//! and its chain verifies.

use skolekontor_e2e::flows::{
    add_child, log_in, log_out, open_section, set_up_school, Parent, PASSWORD,
};
use skolekontor_e2e::{App, Driver};

/// The first of next month, `dd-mm-yyyy`: a start during the school year.
fn first_of_next_month() -> String {
    let out = std::process::Command::new("date")
        .args(["-d", "next month", "+01-%m-%Y"])
        .output()
        .expect("date");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

/// The school year a date falls in, as its start year.
fn school_year_of(ddmmyyyy: &str) -> i32 {
    let month: u32 = ddmmyyyy[3..5].parse().unwrap();
    let year: i32 = ddmmyyyy[6..10].parse().unwrap();
    if month >= 8 {
        year
    } else {
        year - 1
    }
}

async fn register_on_list(app: &App, child: &str, grade: &str, wanted_start: &str, fee_paid: &str) {
    open_section(app, "Indmeldelse", "Indmeldelse").await;
    app.click_button("Skriv et barn op").await;
    app.fill(None, "Find barnet", child).await;
    app.click(
        app.wait_xpath(&format!(
            "//ul[@class='pick']//button[normalize-space(.)='{child}']"
        ))
        .await,
    )
    .await;
    app.input(None, "Klassetrin")
        .await
        .select_by_label(grade)
        .await
        .unwrap();
    app.fill(None, "Ønsket start", wanted_start).await;
    app.fill(None, "Indmeldelsesgebyr betalt den", fee_paid)
        .await;
    app.click_button("Gem").await;
    app.wait_text(&format!("{child} er skrevet op.")).await;
}

async fn choose_class(app: &App, school_year: i32, grade: &str) {
    let label = format!("{}/{:02}", school_year, (school_year + 1) % 100);
    app.input(None, "Skoleår")
        .await
        .select_by_label(&label)
        .await
        .unwrap();
    app.input(None, "Klasse eller gruppe")
        .await
        .select_by_label(grade)
        .await
        .unwrap();
}

async fn open_steps(app: &App, child: &str) {
    app.wait_xpath(&format!("//tr[td/a[normalize-space(.)='{child}']]//button[starts-with(normalize-space(.), 'Forløb')]"))
        .await
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sibling_ranks_first_the_secretary_cannot_approve_the_headteacher_can_and_the_log_verifies(
) {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4474).await;
    let app = driver.session().await;

    // The headteacher sets the school up, registers a pupil and creates the secretary.
    let head_secret = set_up_school(&app).await;
    add_child(
        &app,
        "Ida",
        "Bøgh",
        "15-03-2018",
        Parent::New("Mette", "Bøgh", "20304050", "Bøgevej 3", "4000", "Roskilde"),
        Some("2. klasse"),
    )
    .await;
    open_section(&app, "Brugere", "Brugere").await;
    app.click_button("Ny bruger").await;
    app.fill(None, "Navn", "Sofie Sekretær").await;
    app.fill(None, "Brugernavn", "sofie").await;
    app.input(None, "Rolle")
        .await
        .select_by_label("Sekretær")
        .await
        .unwrap();
    app.fill(None, "Adgangskode", PASSWORD).await;
    app.fill(None, "Gentag adgangskode", PASSWORD).await;
    app.click_button("Opret brugeren").await;
    app.wait_xpath("//table//td[normalize-space(.)='sofie']")
        .await;
    log_out(&app).await;

    // The secretary: second factor set up at her first login.
    let sofie_secret = log_in(&app, "sofie", PASSWORD, None).await;
    assert!(
        sofie_secret.is_some(),
        "the secretary reads CPR numbers, so she needs a second factor"
    );
    // The side menu offers admissions but not users or the log.
    app.wait_xpath("//nav[contains(@class, 'side')]//button[normalize-space(.)='Indmeldelse']")
        .await;
    assert!(app.buttons_named("Brugere").await.is_empty());
    assert!(app.buttons_named("Log").await.is_empty());

    let today = {
        let o = std::process::Command::new("date")
            .arg("+%d-%m-%Y")
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    let next_year = school_year_of(&today) + 1;
    let intake_start = format!("01-08-{next_year}");
    add_child(
        &app,
        "Bertram",
        "Holm",
        "05-05-2021",
        Parent::New(
            "Tove",
            "Holm",
            "22334455",
            "Engtoften 4",
            "4000",
            "Roskilde",
        ),
        None,
    )
    .await;
    register_on_list(&app, "Bertram Holm", "0. klasse", &intake_start, "").await;
    add_child(
        &app,
        "Karla",
        "Bøgh",
        "06-06-2021",
        Parent::Existing("Mette"),
        None,
    )
    .await;
    register_on_list(&app, "Karla Bøgh", "0. klasse", &intake_start, &today).await;

    // R3: the sibling, registered later, ranks first, and the screen says why.
    choose_class(&app, next_year, "0. klasse").await;
    let first_row = app
        .wait_xpath("//table[@aria-label='Rækkefølge']/tbody/tr[1]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        first_row.starts_with("1")
            && first_row.contains("Karla Bøgh")
            && first_row.contains("søskende til Ida, 3. klasse"),
        "{first_row}"
    );
    let second_row = app
        .wait_xpath("//table[@aria-label='Rækkefølge']/tbody/tr[2]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        second_row.starts_with("2")
            && second_row.contains("Bertram Holm")
            && second_row.contains("ikke betalt"),
        "{second_row}"
    );
    app.screenshot("admissions-intake-ranked").await;

    // R4: a mid-year application; the secretary records the meeting, but cannot approve.
    let mid_year = first_of_next_month();
    add_child(
        &app,
        "Erik",
        "Lund",
        "07-07-2015",
        Parent::New("Lars", "Lund", "33445566", "Skovvej 9", "4320", "Lejre"),
        None,
    )
    .await;
    register_on_list(&app, "Erik Lund", "5. klasse", &mid_year, &today).await;
    choose_class(&app, school_year_of(&mid_year), "5. klasse").await;
    open_steps(&app, "Erik Lund").await;
    app.heading("Optagelsesmøde").await;
    for present in [
        "Ledelsen",
        "Barnet",
        "Forældrene",
        "Klasselæreren",
        "Alle var enige om optagelse",
    ] {
        app.click(app.input(None, present).await).await;
    }
    app.click_button("Gem mødet").await;
    app.wait_text("alle var enige").await;
    let approve_buttons = app
        .client
        .find_all(fantoccini::Locator::XPath(
            "//button[normalize-space(.)='Godkend optagelse']",
        ))
        .await
        .unwrap();
    assert!(
        approve_buttons.is_empty(),
        "the secretary has no approve button"
    );
    app.screenshot("admissions-secretary-no-approve").await;
    log_out(&app).await;

    // The headteacher logs in with the second factor and approves.
    log_in(&app, "birgitte", PASSWORD, Some(&head_secret)).await;
    // Her start page says what waits for her; the item leads to the admissions.
    open_section(&app, "I dag", "I dag").await;
    let waiting = app
        .wait_xpath("//section[@aria-label='Venter på dig']//button[contains(normalize-space(.), 'Optagelse venter på din godkendelse: Erik Lund')]")
        .await;
    app.screenshot("today-headteacher").await;
    app.click(waiting).await;
    app.heading("Indmeldelse").await;
    choose_class(&app, school_year_of(&mid_year), "5. klasse").await;
    open_steps(&app, "Erik Lund").await;
    app.fill(None, "Begrundelse", "Alle var enige på mødet.")
        .await;
    app.click_button("Godkend optagelse").await;
    app.wait_xpath(
        "//tr[td/a[normalize-space(.)='Erik Lund']]/td[normalize-space(.)='Godkendt · efter møde']",
    )
    .await;
    app.screenshot("admissions-approved").await;

    // The audit log shows each step, by whom, and verifies.
    open_section(&app, "Log", "Log").await;
    for (who, what) in [
        ("Sofie Sekretær", "Skrevet op på indmeldelseslisten"),
        ("Sofie Sekretær", "Optagelsesmøde registreret"),
        ("Birgitte Holm", "Optagelse godkendt af skolelederen"),
        ("Sofie Sekretær", "Totrinsbekræftelse sat op"),
    ] {
        app.wait_xpath(&format!(
            "//table//tr[td[normalize-space(.)='{who}'] and td[normalize-space(.)='{what}']]"
        ))
        .await;
    }
    app.click_button("Kontrollér loggen").await;
    app.wait_text("Loggen er hel:").await;
    app.screenshot("audit-log-verified").await;
    app.quit().await;
}
