//! Shared fixtures of the app's integration tests: a temporary data folder with the
//! real keyring, the set-up school, and logins with the second factor.
#![allow(dead_code, unused_imports)]

use skolekontor_app::domain::mail::{SmtpSecurity, SmtpSettingsInput};
use skolekontor_app::domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_app::domain::school::{Division, SchoolInput};
use skolekontor_app::office::LoginStep;
use skolekontor_app::register::{NewChild, NewGuardian};
use skolekontor_app::second_factor::code_at;
use skolekontor_app::session::NewUserInput;
use skolekontor_app::session::SessionUser;
use skolekontor_app::setup::SetupDone;
use skolekontor_app::setup::SetupInput;
use skolekontor_app::{AppError, DataDir, Office, OsKeyring, StartState};
use skolekontor_store::KeyVault;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn office(&self) -> Office {
        let vault =
            OsKeyring::connect().expect("no Secret Service: run the tests through `make test`");
        Office::new(DataDir::at(self.dir.path()), Box::new(vault))
    }

    pub fn account(&self) -> String {
        DataDir::at(self.dir.path())
            .keyring_account()
            .unwrap()
            .unwrap()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Ok(Some(account)) = DataDir::at(self.dir.path()).keyring_account() {
            let _ = OsKeyring::connect().map(|k| k.delete(&account));
        }
    }
}

/// Types the code the authenticator app shows for `secret`, half a minute after the
/// last one: a code's time step is taken once (R29), so each login needs a new one.
pub fn confirm_with_app(office: &mut Office, secret: &str) -> Result<SessionUser, AppError> {
    let code = next_code(office, secret);
    office.confirm_code(&code)
}

/// The code the authenticator app shows half a minute after the last one asked for.
pub fn next_code(office: &mut Office, secret: &str) -> String {
    // One clock for the whole test process, so a second office on the same file (a
    // restart) never goes back to a time step already taken.
    static AHEAD: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let ahead = AHEAD.fetch_add(30, std::sync::atomic::Ordering::SeqCst) + 30;
    office.keep_clock_ahead(ahead);
    code_at(secret, office.clock_unix_seconds()).unwrap()
}

/// Finishes the headteacher's first login: the second factor is set up from the
/// secret shown with the QR code (R29). Returns the set-up and the secret.
pub fn finish_second_factor(office: &mut Office, done: SetupDone) -> (SetupDone, String) {
    let LoginStep::NeedsSecondFactorSetup { setup } = &done.login else {
        panic!("the headteacher must set up a second factor")
    };
    let secret = setup.secret.replace(' ', "");
    confirm_with_app(office, &secret).unwrap();
    (done, secret)
}

pub fn set_up(office: &mut Office) -> (SetupDone, String) {
    let done = office.set_up(setup_input()).unwrap();
    finish_second_factor(office, done)
}

/// A later login: password, then the code.
pub fn log_in(office: &mut Office, username: &str, secret: &str) {
    assert!(matches!(
        office.log_in(username, "en lang adgangskode").unwrap(),
        LoginStep::NeedsCode
    ));
    confirm_with_app(office, secret).unwrap();
}

pub fn setup_input() -> SetupInput {
    SetupInput {
        school: SchoolInput {
            name: "Bøgely Friskole".into(),
            address: "Skolevej 1".into(),
            postal_code: "4000".into(),
            town: "Roskilde".into(),
            phone: "46123456".into(),
            email: "kontor@boegely.eksempel.dk".into(),
            web: String::new(),
            cvr: "12345678".into(),
            divisions: vec![Division::School, Division::Sfo, Division::Kindergarten],
        },
        headteacher: NewUserInput {
            full_name: "Birgitte Holm".into(),
            username: "birgitte".into(),
            password: "en lang adgangskode".into(),
            password_repeat: "en lang adgangskode".into(),
        },
    }
}

pub fn guardian(first: &str, street: &str, payer: bool) -> NewGuardian {
    NewGuardian {
        existing_id: None,
        person: GuardianInput {
            first_name: first.into(),
            last_name: "Sørensen".into(),
            phone: "+45 20 30 40 50".into(),
            email: format!("{}@eksempel.dk", first.to_lowercase()),
            address: street.into(),
            postal_code: "4000".into(),
            town: "Roskilde".into(),
            ..Default::default()
        },
        link: GuardianLink {
            relation: "forælder".into(),
            has_custody: true,
            is_payer: payer,
        },
        move_open_balance: None,
    }
}

pub fn ida() -> NewChild {
    NewChild {
        child: ChildInput {
            first_name: "Ida".into(),
            last_name: "Sørensen".into(),
            cpr: "150318-4008".into(),
            placement: Some(PlacementInput {
                division: Some(Division::School),
                grade: Some(2),
                sfo: true,
                start_date: "01-08-2026".into(),
            }),
            ..Default::default()
        },
        guardians: vec![
            guardian("Mette", "Bøgevej 3", true),
            guardian("Jens", "Åbakken 7", false),
        ],
    }
}

/// The text of a PDF as poppler reads it, whitespace collapsed. Under Windows, where
/// poppler's tools do not exist, lopdf (printpdf's own PDF library) reads the same
/// content streams; both give the text in the order it was drawn.
pub fn text_of(pdf: &[u8]) -> String {
    collapse(&raw_text_of(pdf))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(not(windows))]
fn raw_text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext: install poppler-utils");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[cfg(windows)]
fn raw_text_of(pdf: &[u8]) -> String {
    let document = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).expect("the PDF's text")
}

/// The number of pages of a PDF (poppler's pdfinfo; lopdf under Windows).
pub fn page_count(pdf: &[u8]) -> usize {
    #[cfg(windows)]
    {
        lopdf::Document::load_mem(pdf)
            .expect("a PDF")
            .get_pages()
            .len()
    }
    #[cfg(not(windows))]
    {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("document.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdfinfo")
            .arg(&path)
            .output()
            .expect("pdfinfo: install poppler-utils");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .expect("pdfinfo names the pages")
            .trim()
            .parse()
            .unwrap()
    }
}

/// Tests that move the program's day (SKOLEKONTOR_TODAY, one per process) take turns.
pub static THE_DAY: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Sets the program's day, `yyyy-mm-dd`.
pub fn on(day: &str) {
    std::env::set_var("SKOLEKONTOR_TODAY", day);
}

/// Logs the demo's headteacher in again with her second factor.
pub fn log_in_headteacher(office: &mut Office, secret: &str) {
    let LoginStep::NeedsCode = office.log_in("skoleleder", "demo-skole-2026").unwrap() else {
        panic!("the headteacher has a second factor")
    };
    confirm_with_app(office, secret).unwrap();
}

/// The demo school set up on `day`, logged in as the headteacher.
pub fn demo_school_on(fixture: &Fixture, day: &str) -> Office {
    demo_school_with_secret(fixture, day).0
}

/// The same, with the headteacher's second-factor secret for later logins.
pub fn demo_school_with_secret(fixture: &Fixture, day: &str) -> (Office, String) {
    on(day);
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    let (_, secret) = finish_second_factor(&mut office, done);
    (office, secret)
}

/// The child's form filled in from its stored details (with the full CPR number, as
/// the edit form gets it).
pub fn child_input_of(detail: &skolekontor_app::domain::register::ChildDetail) -> ChildInput {
    let short = |d: chrono::NaiveDate| d.format("%d-%m-%Y").to_string();
    ChildInput {
        first_name: detail.first_name.clone(),
        last_name: detail.last_name.clone(),
        cpr: detail.cpr.clone().unwrap_or_default(),
        birth_date: detail.birth_date.map(short).unwrap_or_default(),
        nationality: detail.nationality.clone(),
        phone: detail.phone.clone().unwrap_or_default(),
        email: detail.email.clone().unwrap_or_default(),
        previous_institution: detail.previous_institution.clone(),
        uni_login: detail.uni_login.clone(),
        home_municipality: detail.home_municipality.clone(),
        address_protected: detail.address_protected,
        placement: detail.placement.as_ref().map(|p| PlacementInput {
            division: Some(p.division),
            grade: p.grade,
            sfo: p.sfo,
            start_date: short(p.start_date),
        }),
    }
}

/// (customer number, reference, amount in øre) of each BS042 in a 0601 file.
pub fn collections(file: &[u8]) -> Vec<(String, String, i64)> {
    file.split(|&b| b == b'\n')
        .filter(|r| r.starts_with(b"BS042"))
        .map(|r| {
            let field =
                |a: usize, b: usize| String::from_utf8_lossy(&r[a - 1..b]).trim().to_string();
            (
                field(28, 42),
                field(74, 103),
                field(61, 73).parse().unwrap(),
            )
        })
        .collect()
}

/// A 0602 payment record (section 0211) at the reference's positions, paid on 1 October 2026.
pub fn record_0602(
    code: &str,
    customer: &str,
    amount: i64,
    reference: &str,
    paid_amount: i64,
) -> String {
    let day = |m| chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    record_0602_on(
        code,
        customer,
        amount,
        reference,
        paid_amount,
        day(9),
        day(10),
    )
}

/// The same for a collection due on `due`, paid (or rejected, or charged back) on `on`.
pub fn record_0602_on(
    code: &str,
    customer: &str,
    amount: i64,
    reference: &str,
    paid_amount: i64,
    due: chrono::NaiveDate,
    on: chrono::NaiveDate,
) -> String {
    let (due, date) = (due.format("%d%m%y"), on.format("%d%m%y"));
    let mut r = format!("BS04201234567{code}001{:5}", "00001");
    r.push_str(&format!(
        "{customer:0>15}000000000{due}{}{amount:013}{reference:<30}    ",
        if amount < 0 { 2 } else { 1 }
    ));
    r.push_str(&format!("{date}{date}{paid_amount:013}"));
    assert_eq!(r.len(), 128, "{r}");
    r
}

pub fn file_0602(records: &[String]) -> Vec<u8> {
    let mut lines = vec![
        format!(
            "{:<128}",
            format!("BS00201234567BS10602{:010}{:19}011026", 42, "")
        ),
        format!("{:<128}", "BS012012345670211"),
    ];
    lines.extend(records.iter().cloned());
    lines.push(format!(
        "{:<128}",
        format!("BS99201234567BS10602{:011}{:011}", 1, records.len())
    ));
    lines
        .iter()
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect()
}

/// Records the first answerer's `decision` on the consent type `which` picks, on `on`
/// (`dd-mm-åååå`), as given on paper.
pub fn answer_consent(
    office: &mut Office,
    child_id: i64,
    which: impl Fn(&skolekontor_app::domain::consent::ConsentType) -> bool,
    decision: skolekontor_app::domain::consent::Decision,
    on: &str,
) {
    let type_id = office
        .consent()
        .consent_types()
        .unwrap()
        .into_iter()
        .find(|t| which(t))
        .expect("the consent type")
        .id;
    answer_consent_type(office, child_id, type_id, decision, on);
}

/// Records the first answerer's `decision` on the consent type `type_id`, on `on`, as
/// given on paper.
pub fn answer_consent_type(
    office: &mut Office,
    child_id: i64,
    type_id: i64,
    decision: skolekontor_app::domain::consent::Decision,
    on: &str,
) {
    use skolekontor_app::domain::consent::{ConsentInput, Method};
    let answerer = office.consent().child_consents(child_id).unwrap().answerers[0].answerer;
    office
        .consent()
        .record_consent(ConsentInput {
            child_id,
            type_id,
            decision,
            answerer,
            on: on.into(),
            method: Method::Paper,
        })
        .unwrap();
}

/// The login of the tests' own SMTP server (`skolekontor_app::test_smtp`).
pub const SMTP_USER: &str = "kontor";
pub const SMTP_PASSWORD: &str = "test-adgangskode-42";

/// The school's e-mail settings for the test SMTP server on `port` (STARTTLS, login).
pub fn smtp_settings(port: u16, password: &str) -> SmtpSettingsInput {
    SmtpSettingsInput {
        host: "localhost".into(),
        port: port.to_string(),
        security: SmtpSecurity::StartTls,
        username: SMTP_USER.into(),
        from_address: "kontor@boegely-friskole.dk".into(),
        from_name: "Bøgely Friskole".into(),
        password: password.into(),
    }
}
