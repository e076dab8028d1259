//! Issue 2, end to end in the real window: set-up → add a child with two guardians
//! → find the child by search → quit → start again → log in (a wrong password is
//! refused first) → the child is there.

use skolekontor_e2e::{App, Driver};

async fn set_up_school(app: &App) {
    app.heading("Velkommen til Skolekontor").await;
    app.fill(Some("Skolen"), "Skolens navn", "Bøgely Friskole").await;
    app.fill(Some("Skolen"), "Adresse", "Skolevej 1").await;
    app.fill(Some("Skolen"), "Postnummer", "0800").await;
    app.fill(Some("Skolen"), "By", "Høje Taastrup").await;
    app.fill(Some("Skolen"), "Telefon", "43 21 00 00").await;
    app.fill(Some("Skolen"), "E-mail", "kontor@boegely.eksempel.dk").await;
    app.fill(Some("Skolen"), "CVR-nummer", "12345678").await;
    app.fill(Some("Skoleleder (første bruger)"), "Navn", "Birgitte Holm").await;
    app.fill(Some("Skoleleder (første bruger)"), "Brugernavn", "birgitte").await;
    app.fill(Some("Skoleleder (første bruger)"), "Adgangskode", "en lang adgangskode").await;
    app.fill(Some("Skoleleder (første bruger)"), "Gentag adgangskode", "en lang adgangskode").await;
    app.click_button("Opret skolen").await;
    app.heading("Gendannelsesnøgle").await;
    let key = app.wait_xpath("//*[@data-testid='recovery-key']").await.text().await.unwrap();
    assert_eq!(key.replace(char::is_whitespace, "").split('-').count(), 14, "{key}");
    app.input(None, "Jeg har udskrevet nøglen eller skrevet den ned, og den ligger et sikkert sted.").await.click().await.unwrap();
    app.click_button("Fortsæt").await;
    app.heading("Børn").await;
}

async fn add_child_with_two_guardians(app: &App) {
    app.click_button("Nyt barn").await;
    app.heading("Nyt barn").await;
    app.fill(Some("Oplysninger"), "Fornavn", "Ida").await;
    app.fill(Some("Oplysninger"), "Efternavn", "Bøgh Sørensen").await;
    app.fill(Some("Oplysninger"), "CPR-nummer", "150318-4008").await;
    app.fill(Some("Forælder 1"), "Fornavn", "Mette").await;
    app.fill(Some("Forælder 1"), "Efternavn", "Bøgh").await;
    app.fill(Some("Forælder 1"), "Telefon", "20304050").await;
    app.fill(Some("Forælder 1"), "Adresse", "Bøgevej 3").await;
    app.fill(Some("Forælder 1"), "Postnummer", "4000").await;
    app.fill(Some("Forælder 1"), "By", "Roskilde").await;
    app.click_button("Tilføj forælder").await;
    app.fill(Some("Forælder 2"), "Fornavn", "Jens").await;
    app.fill(Some("Forælder 2"), "Efternavn", "Sørensen").await;
    app.fill(Some("Forælder 2"), "Telefon", "+45 30 40 50 60").await;
    // Forgetting the grade is refused with a Danish message by the field.
    app.click_button("Gem").await;
    app.wait_text("Vælg klassetrin 0–9.").await;
    app.input(Some("Placering"), "Klassetrin").await.select_by_label("2. klasse").await.unwrap();
    app.click_button("Gem").await;
    app.heading("Ida Bøgh Sørensen").await;
    app.wait_text("2. klasse").await;
    app.wait_text("Mette Bøgh").await;
    app.wait_text("Jens Sørensen").await;
    app.click_button("← Tilbage til listen").await;
}

async fn find_by_search(app: &App, query: &str) {
    let search = app.input(None, "Søg på navn, CPR-nummer eller klasse").await;
    search.clear().await.unwrap();
    search.send_keys(query).await.unwrap();
    app.wait_xpath("//table//a[normalize-space(.)='Ida Bøgh Sørensen']").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn set_up_add_search_quit_restart_log_in_and_the_child_is_there() {
    let data = tempfile::tempdir().unwrap();
    {
        let driver = Driver::start(data.path(), 4444).await;
        let app = driver.session().await;
        set_up_school(&app).await;
        add_child_with_two_guardians(&app).await;
        find_by_search(&app, "ida").await;
        find_by_search(&app, "1503184008").await;
        app.screenshot("register-after-set-up").await;
        app.quit().await;
    }
    let driver = Driver::start(data.path(), 4444).await;
    let app = driver.session().await;
    app.heading("Log ind").await;
    app.fill(None, "Brugernavn", "birgitte").await;
    app.fill(None, "Adgangskode", "forkert kode").await;
    app.click_button("Log ind").await;
    app.wait_text("Forkert brugernavn eller adgangskode.").await;
    app.fill(None, "Adgangskode", "en lang adgangskode").await;
    app.click_button("Log ind").await;
    app.heading("Børn").await;
    find_by_search(&app, "Bøgh").await;
    app.quit().await;
}
