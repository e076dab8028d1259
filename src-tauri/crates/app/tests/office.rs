//! The office's use cases end to end below the UI: real SQLCipher files in a
//! temporary data folder and the real OS keyring (run through `make test`).

mod common;

use common::*;
use skolekontor_app::domain::register::GuardianLink;
use skolekontor_app::office::LoginStep;
use skolekontor_app::register::NewGuardian;
use skolekontor_app::second_factor::current_code;
use skolekontor_app::{AppError, DataDir, OsKeyring, StartState};
use skolekontor_store::KeyVault;

#[test]
fn set_up_add_a_child_restart_log_in_and_find_her() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    assert_eq!(office.start().unwrap(), StartState::NeedsSetup);
    let (done, secret) = set_up(&mut office);
    assert_eq!(done.recovery_key.split('-').count(), 14);
    let saved = office.register().add_child(ida()).unwrap();
    assert!(saved.warnings.is_empty());
    drop(office);

    let mut office = fixture.office();
    assert_eq!(
        office.start().unwrap(),
        StartState::NeedsLogin {
            school_name: "Bøgely Friskole".into(),
            demo: false,
            notice: None,
        }
    );
    assert!(matches!(
        office.register().search("ida", false),
        Err(AppError::NotLoggedIn)
    ));
    assert!(matches!(
        office.log_in("birgitte", "forkert adgangskode"),
        Err(AppError::WrongPassword)
    ));
    assert!(matches!(
        office.log_in("ukendt", "en lang adgangskode"),
        Err(AppError::WrongPassword)
    ));
    assert!(
        matches!(office.confirm_code("123456"), Err(AppError::WrongState(_))),
        "no code before the password"
    );
    assert!(
        matches!(
            office.log_in("BIRGITTE", "en lang adgangskode"),
            Err(AppError::TooManyTries(_))
        ),
        "the name (in any case) waits a second after its wrong password"
    );
    office.move_clock(1);
    assert!(matches!(
        office.log_in("BIRGITTE", "en lang adgangskode").unwrap(),
        LoginStep::NeedsCode
    ));
    assert!(
        matches!(
            office.register().search("ida", false),
            Err(AppError::NotLoggedIn)
        ),
        "not in before the code"
    );
    let wrong = format!(
        "{:06}",
        (current_code(&secret).unwrap().parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    assert!(matches!(
        office.confirm_code(&wrong),
        Err(AppError::WrongCode)
    ));
    confirm_with_app(&mut office, &secret).unwrap();
    let hits = office.register().search("ida 2. klasse", false).unwrap();
    assert_eq!(hits.children.len(), 1);
    assert_eq!(
        hits.children[0].guardian_names,
        vec!["Mette Sørensen", "Jens Sørensen"]
    );
    let by_cpr = office.register().search("1503184008", false).unwrap();
    assert_eq!(by_cpr.children[0].id, saved.id);
    let detail = office.register().child(saved.id).unwrap();
    assert_eq!(detail.households.len(), 2);
    assert_eq!(detail.guardians[0].phone.as_deref(), Some("20304050"));
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_is_saved() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let mut bad = ida();
    bad.child.cpr = "310219-4000".into();
    bad.guardians[1].person.postal_code = "400".into();
    bad.guardians[1].link.is_payer = true;
    let AppError::Validation(errors) = office.register().add_child(bad).unwrap_err() else {
        panic!("expected validation")
    };
    let fields: Vec<&str> = errors.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec!["child.cpr", "guardians.1.postalCode", "guardians.payer"]
    );
    assert!(errors.errors[0].message.contains("dato"));
    assert!(
        !errors.errors.iter().any(|e| e.message.contains("310219")),
        "no CPR digits in messages"
    );
    assert!(office.register().list_children(true).unwrap().is_empty());
}

#[test]
fn r30_a_failed_modulus_11_saves_with_a_warning() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let mut child = ida();
    child.child.cpr = "010120-4001".into();
    let saved = office.register().add_child(child).unwrap();
    assert_eq!(saved.warnings.len(), 1);
    assert_eq!(saved.warnings[0].field, "child.cpr");
    assert!(office
        .register()
        .child(saved.id)
        .unwrap()
        .cpr_warning
        .is_some());
}

#[test]
fn a_missing_key_asks_for_the_recovery_key_which_opens_and_restores_the_keyring() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    let (done, secret) = set_up(&mut office);
    let recovery_key = done.recovery_key;
    office.register().add_child(ida()).unwrap();
    drop(office);
    OsKeyring::connect()
        .unwrap()
        .delete(&fixture.account())
        .unwrap();
    let before = std::fs::read(DataDir::at(fixture.dir.path()).database_path()).unwrap();

    let mut office = fixture.office();
    let StartState::NeedsRecoveryKey { reason } = office.start().unwrap() else {
        panic!("expected recovery")
    };
    assert!(reason.contains("nøglering"), "{reason}");
    assert_eq!(
        std::fs::read(DataDir::at(fixture.dir.path()).database_path()).unwrap(),
        before
    );
    let mut typo = recovery_key.clone();
    typo.replace_range(0..1, if typo.starts_with('A') { "B" } else { "A" });
    assert!(matches!(
        office.unlock_with_recovery_key(&typo),
        Err(AppError::Store(_))
    ));
    let state = office
        .unlock_with_recovery_key(&recovery_key.to_lowercase())
        .unwrap();
    assert!(matches!(state, StartState::NeedsLogin { .. }));
    drop(office);

    let mut office = fixture.office();
    assert!(
        matches!(office.start().unwrap(), StartState::NeedsLogin { .. }),
        "key is back in the keyring"
    );
    log_in(&mut office, "birgitte", &secret);
    assert_eq!(office.register().list_children(false).unwrap().len(), 1);
}

#[test]
fn a_wrong_key_in_the_keyring_asks_for_recovery_and_leaves_the_file_alone() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    drop(office);
    let path = DataDir::at(fixture.dir.path()).database_path();
    let before = std::fs::read(&path).unwrap();
    OsKeyring::connect()
        .unwrap()
        .save(
            &fixture.account(),
            &skolekontor_store::DatabaseKey::generate(),
        )
        .unwrap();
    let mut office = fixture.office();
    let StartState::NeedsRecoveryKey { reason } = office.start().unwrap() else {
        panic!("expected recovery")
    };
    assert!(reason.contains("passer ikke"), "{reason}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_recovery_sheet_is_available_once() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let pdf = office.recovery_sheet_pdf().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    office.confirm_recovery_key_saved();
    assert!(matches!(
        office.recovery_sheet_pdf(),
        Err(AppError::WrongState(_))
    ));
}

#[test]
fn set_up_refuses_bad_fields_and_a_second_set_up() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    let mut input = setup_input();
    input.school.postal_code = "40000".into();
    input.headteacher.password_repeat = "noget andet her".into();
    let AppError::Validation(errors) = office.set_up(input).unwrap_err() else {
        panic!()
    };
    let fields: Vec<&str> = errors.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec!["school.postalCode", "headteacher.passwordRepeat"]
    );
    assert!(!DataDir::at(fixture.dir.path()).has_database());
    set_up(&mut office);
    assert!(matches!(
        office.set_up(setup_input()),
        Err(AppError::Store(
            skolekontor_store::StoreError::AlreadyExists
        ))
    ));
}

#[test]
fn the_demo_school_has_siblings_split_households_and_single_guardians() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    assert!(done.demo_login.is_some());
    finish_second_factor(&mut office, done);
    let children = office.register().list_children(false).unwrap();
    let pupils = children
        .iter()
        .filter(|c| c.class_label.ends_with("klasse"))
        .count();
    let kindergarten = children
        .iter()
        .filter(|c| c.class_label == "Børnehave")
        .count();
    assert_eq!((pupils, kindergarten), (200, 40));
    for grade in 0..=9 {
        assert_eq!(
            children
                .iter()
                .filter(|c| c.class_label == format!("{grade}. klasse"))
                .count(),
            20
        );
    }
    let single = children
        .iter()
        .filter(|c| c.guardian_names.len() == 1)
        .count();
    assert!(single > 0, "some children have one guardian");
    let ids: Vec<i64> = children.iter().map(|c| c.id).collect();
    let split = ids
        .iter()
        .filter(|id| office.register().child(**id).unwrap().households.len() == 2)
        .count();
    assert!(split > 10, "split households: {split}");
    let guardians = office.register().search("a", false).unwrap().guardians;
    assert!(
        guardians.iter().any(|g| g.children.len() >= 2),
        "siblings share guardians"
    );
}

#[test]
fn a_sibling_is_linked_to_the_parents_already_registered() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let ida_id = office.register().add_child(ida()).unwrap().id;
    let mette = office.register().search("Mette", false).unwrap().guardians[0].id;
    let mut sibling = ida();
    sibling.child.first_name = "Karl".into();
    sibling.child.cpr = "010120-4008".into();
    sibling.guardians = vec![NewGuardian {
        existing_id: Some(mette),
        link: GuardianLink {
            relation: "mor".into(),
            has_custody: true,
            is_payer: true,
        },
        ..Default::default()
    }];
    let karl = office.register().add_child(sibling).unwrap().id;
    let hits = office.register().search("Mette", false).unwrap();
    assert_eq!(hits.guardians.len(), 1, "no duplicate Mette");
    let children: Vec<i64> = hits.guardians[0].children.iter().map(|c| c.id).collect();
    assert!(children.contains(&ida_id) && children.contains(&karl));
    assert_eq!(
        office.register().child(karl).unwrap().households[0].id,
        office.register().child(ida_id).unwrap().guardians[0].household_id
    );
}
