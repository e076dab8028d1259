//! Children, guardians, households and placements on a real encrypted file.

use chrono::NaiveDate;
use skolekontor_domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_domain::school::Division;
use skolekontor_store::register::GuardianRef;
use skolekontor_store::{Database, DatabaseKey, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn db(dir: &tempfile::TempDir) -> Database {
    Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate()).unwrap()
}

fn child(first: &str, cpr: &str, grade: u8) -> skolekontor_domain::register::ValidChild {
    ChildInput {
        first_name: first.into(),
        last_name: "Østergaard".into(),
        cpr: cpr.into(),
        placement: Some(PlacementInput {
            division: Some(Division::School),
            grade: Some(grade),
            sfo: grade < 4,
            start_date: "01-08-2026".into(),
        }),
        ..Default::default()
    }
    .validate(today())
    .unwrap()
}

fn guardian(first: &str, street: &str) -> GuardianRef {
    GuardianRef::New(
        GuardianInput {
            first_name: first.into(),
            last_name: "Østergaard".into(),
            phone: "12345678".into(),
            address: street.into(),
            postal_code: "8000".into(),
            town: "Aarhus C".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap(),
    )
}

fn link(payer: bool) -> GuardianLink {
    GuardianLink {
        relation: "forælder".into(),
        has_custody: true,
        is_payer: payer,
    }
}

#[test]
fn r5_a_child_with_split_households_and_one_payer() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir);
    let id = db
        .add_child(
            &child("Ida", "150318-4002", 2),
            &[
                (guardian("Mette", "Skolevej 1"), link(true)),
                (guardian("Jens", "Havnegade 9"), link(false)),
            ],
        )
        .unwrap();
    let detail = db.register().child_detail(id).unwrap();
    assert_eq!(detail.cpr.as_deref(), Some("150318-4002"));
    assert_eq!(detail.class_label, "2. klasse");
    assert!(detail.placement.as_ref().unwrap().sfo);
    assert_eq!(
        detail.households.len(),
        2,
        "split parents give two households"
    );
    assert_eq!(detail.guardians[0].first_name, "Mette");
    assert!(detail.guardians[0].link.is_payer);
    // Moving the payer role moves it, never duplicates it.
    let jens = detail.guardians[1].guardian_id;
    db.update_guardian_link(id, jens, &link(true)).unwrap();
    let detail = db.register().child_detail(id).unwrap();
    assert_eq!(
        detail.guardians.iter().filter(|g| g.link.is_payer).count(),
        1
    );
    assert_eq!(detail.guardians[0].first_name, "Jens");
}

#[test]
fn siblings_share_guardians_and_a_household() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir);
    let first = db
        .add_child(
            &child("Ida", "150318-4002", 2),
            &[(guardian("Mette", "Skolevej 1"), link(true))],
        )
        .unwrap();
    let mette = db.register().child_detail(first).unwrap().guardians[0].guardian_id;
    let second = db
        .add_child(
            &child("Karl", "010120-4001", 0),
            &[(GuardianRef::Existing(mette), link(true))],
        )
        .unwrap();
    let guardians = db.register().guardian_summaries().unwrap();
    assert_eq!(guardians.len(), 1);
    assert_eq!(guardians[0].0.children.len(), 2);
    assert_eq!(
        db.register().child_detail(second).unwrap().households[0].id,
        db.register().child_detail(first).unwrap().households[0].id
    );
}

#[test]
fn a_duplicate_cpr_is_refused_and_nothing_is_half_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir);
    db.add_child(&child("Ida", "150318-4002", 2), &[]).unwrap();
    let error = db
        .add_child(
            &child("Ida igen", "150318-4002", 2),
            &[(guardian("Ny", "Nyvej 2"), link(true))],
        )
        .unwrap_err();
    assert!(matches!(error, StoreError::Duplicate(m) if m.contains("CPR-nummer")));
    assert_eq!(db.register().child_summaries().unwrap().len(), 1);
    assert!(
        db.register().guardian_summaries().unwrap().is_empty(),
        "the new guardian was half-saved"
    );
}

#[test]
fn saving_a_childs_details_never_touches_its_placements_and_archiving_keeps_the_child() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir);
    let id = db.add_child(&child("Ida", "150318-4002", 2), &[]).unwrap();
    let rows_before = db.placement().placement_rows(id).unwrap();
    // The form as an old window would send it: another grade and no SFO.
    let mut moved = child("Ida", "150318-4002", 3);
    moved.placement.as_mut().unwrap().start_date = NaiveDate::from_ymd_opt(2027, 8, 1).unwrap();
    moved.placement.as_mut().unwrap().sfo = false;
    moved.phone = Some("12345678".into());
    db.update_child(id, &moved).unwrap();
    let detail = db.register().child_detail(id).unwrap();
    assert_eq!(detail.phone.as_deref(), Some("12345678"));
    assert_eq!(
        detail.class_label, "2. klasse",
        "R4: no class change by the form"
    );
    assert!(
        detail.placement.unwrap().sfo,
        "R11: no SFO place ended by the form"
    );
    assert_eq!(db.placement().placement_rows(id).unwrap(), rows_before);
    db.set_child_archived(id, true).unwrap();
    let list = db.register().child_summaries().unwrap();
    assert!(list[0].0.archived);
    assert!(matches!(
        db.set_child_archived(9999, true),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn an_import_is_stored_in_one_transaction_and_a_failure_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = db(&dir);
    db.add_child(
        &child("Ida", "150318-4008", 2),
        &[(guardian("Mette", "Bøgevej 3"), link(true))],
    )
    .unwrap();
    let guardians = [guardian("Hanne", "Egevej 4"), guardian("Jens", "Egevej 4")];
    let both = vec![(0, link(true)), (1, link(false))];
    let siblings = [
        (
            child("Mads", "110319-4003", 1),
            both.clone(),
            Default::default(),
        ),
        (
            child("Liv", "020620-4006", 0),
            both.clone(),
            Default::default(),
        ),
    ];
    // The last child's CPR number is Ida's: the insert fails after the others ran.
    let with_a_clash = [
        siblings[0].clone(),
        siblings[1].clone(),
        (
            child("Ida", "150318-4008", 2),
            both.clone(),
            Default::default(),
        ),
    ];

    let refused = db
        .import_register(&guardians, &with_a_clash, &[])
        .unwrap_err();
    assert!(matches!(refused, StoreError::Duplicate(_)), "{refused}");
    assert_eq!(
        db.register().child_summaries().unwrap().len(),
        1,
        "nothing of the batch is left"
    );
    assert_eq!(db.register().guardian_summaries().unwrap().len(), 1);

    assert_eq!(db.import_register(&guardians, &siblings, &[]).unwrap(), 2);
    assert_eq!(db.register().child_summaries().unwrap().len(), 3);
    assert_eq!(
        db.register().guardian_summaries().unwrap().len(),
        3,
        "the parents are stored once"
    );
    let (children, guardians_by_cpr) = db.register().known_cprs().unwrap();
    assert!(children.contains("110319-4003") && children.contains("150318-4008"));
    assert!(
        guardians_by_cpr.is_empty(),
        "these parents have no CPR number"
    );
}
