//! Shared fixtures of the app's integration tests: a temporary data folder with the
//! real keyring, the set-up school, and logins with the second factor.
#![allow(dead_code, unused_imports)]

use skolekontor_app::domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_app::domain::school::{Division, SchoolInput};
use skolekontor_app::office::LoginStep;
use skolekontor_app::register::{NewChild, NewGuardian};
use skolekontor_app::second_factor::current_code;
use skolekontor_app::session::NewUserInput;
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

/// Finishes the headteacher's first login: the second factor is set up from the
/// secret shown with the QR code (R29). Returns the set-up and the secret.
pub fn finish_second_factor(office: &mut Office, done: SetupDone) -> (SetupDone, String) {
    let LoginStep::NeedsSecondFactorSetup { setup } = &done.login else {
        panic!("the headteacher must set up a second factor")
    };
    let secret = setup.secret.replace(' ', "");
    office
        .confirm_code(&current_code(&secret).unwrap())
        .unwrap();
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
    office.confirm_code(&current_code(secret).unwrap()).unwrap();
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

/// The text of a PDF as poppler reads it, whitespace collapsed.
pub fn text_of(pdf: &[u8]) -> String {
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
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
    office
        .confirm_code(&skolekontor_app::second_factor::current_code(secret).unwrap())
        .unwrap();
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
