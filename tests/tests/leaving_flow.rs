//! The secretary withdraws a pupil from SFO in the real window: the last day is
//! shown before saving (R11), the school place is untouched, and the charges stop
//! SFO after the last day. The program's day is 20 August 2026 (SKOLEKONTOR_TODAY).

use std::ffi::OsStr;

use skolekontor_e2e::{flows, Driver};

const TODAY: &str = "2026-08-20";

#[tokio::test(flavor = "multi_thread")]
async fn the_secretary_withdraws_a_pupil_from_sfo_and_the_next_charges_stop_sfo_after_the_last_day()
{
    let data = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), TODAY);

    let env = [("SKOLEKONTOR_TODAY", OsStr::new(TODAY))];
    let driver = Driver::start_with(data.path(), 4495, &env).await;
    let app = driver.session().await;
    assert!(flows::log_in(&app, "sekretaer", "demo-skole-2026", None)
        .await
        .is_some());

    // A pupil in 2nd grade who goes to SFO.
    app.fill(None, "Søg på navn, CPR-nummer eller klasse", "2. klasse")
        .await;
    let link = app
        .wait_xpath("(//tr[td[3][contains(., 'SFO')]]//a)[1]")
        .await;
    let name = link.text().await.unwrap();
    let first_name = name.split_whitespace().next().unwrap().to_string();
    app.click(link).await;
    let payer_cell = app
        .wait_xpath("(//h2[normalize-space(.)='Forældre']/following::table[1]//tbody/tr)[1]/td[1]")
        .await
        .text()
        .await
        .unwrap();
    let payer = payer_cell.split('(').next().unwrap().trim().to_string();

    flows::child_tab(&app, "Udmeldelse").await;
    app.heading("Udmeldelse").await;
    app.wait_text("Ingen udmeldelser.").await;
    app.click_button("Registrér udmeldelse …").await;
    app.set_value("withdrawal-scope", "1").await;
    app.wait_xpath("//select[@id='withdrawal-scope']/option[normalize-space(.)='SFO']")
        .await;
    // A date after the program's day is refused in Danish before anything is saved.
    app.fill(None, "Opsigelsen modtaget på kontoret", "21-08-2026")
        .await;
    app.wait_text("Opsigelsen kan ikke være modtaget i fremtiden.")
        .await;
    app.fill(None, "Opsigelsen modtaget på kontoret", "20-08-2026")
        .await;
    app.wait_text("Sidste dag: 30. september 2026").await;
    app.wait_text("Skolepladsen fortsætter uændret.").await;
    app.screenshot("leaving-sfo-withdrawal-preview").await;
    app.click_button("Gem udmeldelsen").await;
    app.wait_text("Udmeldelsen er gemt. Sidste dag: 30-09-2026.")
        .await;
    app.wait_xpath("//td[normalize-space(.)='Løber · sidste dag 30-09-2026']")
        .await;
    app.screenshot("leaving-sfo-withdrawal-saved").await;

    // Sickness reported on the first day (R16) counts in the school year's total.
    flows::child_tab(&app, "Fravær").await;
    app.wait_text("Skoleåret 2026/27:").await;
    app.click_button("Registrér sygdom eller fri …").await;
    app.fill(None, "Første dag", "20-08-2026").await;
    app.fill(None, "Meldt syg af", &payer).await;
    app.click_button("Gem").await;
    app.wait_text("Gemt: Meldt syg.").await;
    app.wait_text("Skoleåret 2026/27: 1 sygedage og 0 dages godkendt fri.")
        .await;

    // The charges: SFO in September (through the last day), not in October; the school goes on.
    flows::open_section(&app, "Betaling", "Betaling").await;
    let september = flows::charge_lines_of(&app, "2026-09", &payer).await;
    assert!(
        september.contains(&format!("{first_name}, SFO september 2026")),
        "{september}"
    );
    let october = flows::charge_lines_of(&app, "2026-10", &payer).await;
    assert!(
        !october.contains(&format!("{first_name}, SFO")),
        "no SFO after the last day: {october}"
    );
    assert!(
        october.contains(&format!("{first_name}, skolepenge oktober 2026")),
        "{october}"
    );
    app.screenshot("leaving-october-charges").await;

    // The absence page: no leave waits for the secretary; 2nd grade shows the sick day.
    flows::open_section(&app, "Fravær", "Fravær").await;
    app.wait_text("Ingen anmodninger venter på dig.").await;
    // Who is away today, school-wide; and a sick pupil registered from here, found by class.
    let away = "//table[@aria-label='Væk i dag']";
    app.wait_xpath(&format!(
        "{away}//tr[td[2][normalize-space(.)='{name}']]/td[3][normalize-space(.)='Sygdom']"
    ))
    .await;
    app.fill(None, "Find barnet (navn eller klasse)", "3. klasse")
        .await;
    let hit = app
        .wait_xpath("//ul[@aria-label='Find barnet (navn eller klasse)']/li[1]/button")
        .await;
    let third_grader = hit.text().await.unwrap();
    let third_grader = third_grader.split(" (").next().unwrap().to_string();
    app.click(hit).await;
    app.click_button("Registrér sygdom eller fri …").await;
    app.fill(None, "Meldt syg af", "Far").await;
    app.click_button("Gem").await;
    app.wait_text("Gemt: Meldt syg.").await;
    app.wait_xpath(&format!("{away}//tr[td[1][normalize-space(.)='3. klasse']][td[2][normalize-space(.)='{third_grader}']]"))
        .await;
    app.screenshot("absence-today").await;
    app.set_value("absence-grade", "2").await;
    app.wait_xpath(&format!("//td[normalize-space(.)='{name}']"))
        .await;
    app.screenshot("absence-class").await;

    // The school year page: the coming rollover, by name, not yet runnable.
    flows::open_section(&app, "Skoleår", "Skoleår").await;
    app.heading("Skoleårsskift til 2027/28").await;
    app.wait_text("Skoleårsskiftet til 2027/28 kan køres fra 1. april 2027.")
        .await;
    // R12/R33: a kindergarten child's school start is deferred; the child stays, by name.
    let defer = app
        .wait_xpath("(//button[starts-with(@aria-label, 'Udsæt skolestarten for ')])[1]")
        .await;
    let child = defer
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap()
        .trim_start_matches("Udsæt skolestarten for ")
        .to_string();
    app.click(defer).await;
    app.wait_text("Skolestarten er udsat; barnet bliver i børnehaven et år mere.")
        .await;
    // Clicking the heading brings the list into the picture.
    app.click(app.heading("Bliver i børnehaven (skolestart udsat)").await)
        .await;
    app.wait_text(&format!("{child}: begynder i skole 1. august 2028."))
        .await;
    app.screenshot("schoolyear-rollover-preview").await;
    app.click_button("Indberetning 5. september").await;
    app.wait_xpath("//td[normalize-space(.)='Roskilde Kommune']")
        .await;
    app.screenshot("schoolyear-september-count").await;
    app.quit().await;
}
