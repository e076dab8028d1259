//! The secretary prints a child's pupil contract in the real window: the PDF the
//! app writes for the system's viewer names the child (read back with pdftotext),
//! the preview draws its pages inside the window, and the school's texts open in
//! the editor with a live preview.

use skolekontor_e2e::{cli_binary, flows, Driver};

fn pdf_text(path: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", path, "-"])
        .output()
        .expect("pdftotext: install poppler-utils");
    assert!(
        out.status.success(),
        "pdftotext {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretary_prints_a_pupil_contract_and_the_pdf_names_the_child() {
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(cli_binary())
        .args(["demo", "--json"])
        .env("SKOLEKONTOR_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let driver = Driver::start(data.path(), 4484).await;
    let app = driver.session().await;
    assert!(
        flows::log_in(&app, "sekretaer", "demo-skole-2026", None)
            .await
            .is_some(),
        "the secretary sets up her second factor"
    );

    // The first pupil of 3. klasse, opened from the register.
    app.fill(None, "Søg på navn, CPR-nummer eller klasse", "3. klasse")
        .await;
    let first = app.wait_xpath("//table//tbody/tr[1]/td[1]/a").await;
    let name = first.text().await.unwrap().trim().to_string();
    app.click(first).await;
    app.heading(&name).await;

    // The page opens on the details, with the other tasks in tabs.
    app.wait_xpath(
        "//*[@role='tablist']/button[@aria-selected='true' and normalize-space(.)='Stamdata']",
    )
    .await;
    for tab in [
        "Plads",
        "Fravær",
        "Udmeldelse",
        "Betaling",
        "Samtykker",
        "Dokumenter",
        "Persondata",
    ] {
        app.wait_xpath(&format!(
            "//*[@role='tablist']/button[normalize-space(.)='{tab}']"
        ))
        .await;
    }
    app.screenshot("child-page-tabs").await;
    flows::child_tab(&app, "Dokumenter").await;
    app.click_button("Elevkontrakt").await;
    app.click_button("Åbn til udskrift").await;
    let opened = app
        .wait_text("Åbnet i PDF-fremviseren:")
        .await
        .text()
        .await
        .unwrap();
    let path = opened
        .split("fremviseren:")
        .nth(1)
        .expect("a path")
        .trim()
        .to_string();
    assert!(path.ends_with(".pdf"), "{path}");
    let text = pdf_text(&path);
    assert!(
        text.contains(&format!("Elevkontrakt for {name}")),
        "the contract names {name}: {text}"
    );
    assert!(text.contains("3. klasse"));
    assert!(text.contains("Elevkontrakt, tekst version 1"));

    app.click_button("Vis her").await;
    app.wait_xpath("//canvas[@aria-label='Side 1 af 2' or @aria-label='Side 1 af 1']")
        .await;
    app.client
        .execute(
            "document.querySelector('canvas.pdf-page').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot("documents-pupil-contract-preview").await;

    // The school's texts: the editor with the live preview filled with a fictional child.
    flows::open_section(&app, "Dokumenter", "Dokumenter").await;
    app.click_button("Skolens tekster").await;
    app.wait_xpath("//*[@role='region']//h2[normalize-space(.)='Det lover jeg som elev']")
        .await;
    // WebKitWebDriver drops "\n" in typed text; the Enter key (U+E007) makes the new lines.
    app.fill(
        None,
        "Tekst (Markdown)",
        "# Vores aftale\u{E007}\u{E007}Kære {{ barn.fornavn }}",
    )
    .await;
    app.wait_xpath("//*[@role='region']//p[normalize-space(.)='Kære Ida']")
        .await;
    app.screenshot("documents-text-editor").await;
    app.quit().await;
}
