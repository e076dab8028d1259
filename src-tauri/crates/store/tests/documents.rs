//! The school's texts on a real encrypted file: every save a new version that the
//! database never lets change (R21); a saved terms text becomes a version of the
//! terms that keeps its wording (R6); the privacy settings date the notice (R28).

use chrono::NaiveDate;
use skolekontor_domain::privacy::{PrivacySettings, RetentionPeriods};
use skolekontor_domain::role::Role;
use skolekontor_domain::school::{Division, SchoolInput};
use skolekontor_domain::template::TemplateKind;
use skolekontor_store::users::UserProfile;
use skolekontor_store::{Actor, Database, DatabaseKey};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn database(dir: &tempfile::TempDir) -> Database {
    database_with_key(dir, &DatabaseKey::generate())
}

fn database_with_key(dir: &tempfile::TempDir, key: &DatabaseKey) -> Database {
    let mut db = Database::create(&dir.path().join("skolekontor.db"), key).unwrap();
    let school = SchoolInput {
        name: "Lindely Friskole".into(),
        address: "Skolevej 1".into(),
        postal_code: "5000".into(),
        town: "Odense C".into(),
        phone: "12345678".into(),
        email: "kontor@lindely.dk".into(),
        cvr: "12345678".into(),
        divisions: vec![Division::School, Division::Kindergarten],
        ..Default::default()
    };
    db.save_school(&school.validate().unwrap()).unwrap();
    let profile = UserProfile {
        full_name: "Mette Skov".into(),
        role: Role::Headteacher,
        scope: None,
        active: true,
    };
    let id = db
        .insert_user("mette", &profile, "not-a-real-hash")
        .unwrap();
    db.set_actor(Actor::user(id, "Mette Skov"));
    db
}

#[test]
fn each_save_is_a_new_version_and_old_versions_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let key = DatabaseKey::generate();
    let mut db = database_with_key(&dir, &key);
    assert_eq!(
        db.template()
            .current_template(TemplateKind::PupilContract)
            .unwrap(),
        None
    );
    let first = db
        .save_template(TemplateKind::PupilContract, "Første tekst", day(2))
        .unwrap();
    let second = db
        .save_template(TemplateKind::PupilContract, "Anden tekst", day(3))
        .unwrap();
    assert_eq!((first.version, second.version), (1, 2));
    assert_eq!(
        db.template()
            .current_template(TemplateKind::PupilContract)
            .unwrap()
            .unwrap()
            .body,
        "Anden tekst"
    );
    let versions = db
        .template()
        .template_versions(TemplateKind::PupilContract)
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    // Another kind counts on its own.
    assert_eq!(
        db.save_template(TemplateKind::ConsentForm, "Samtykke", day(3))
            .unwrap()
            .version,
        1
    );

    // Behind the program's back, with the key: the database itself refuses.
    let raw = rusqlite::Connection::open(dir.path().join("skolekontor.db")).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    raw.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    let edit = raw.execute(
        "UPDATE document_template SET body = 'Ændret' WHERE version = 1",
        [],
    );
    assert!(edit.unwrap_err().to_string().contains("append-only"));
    let delete = raw.execute("DELETE FROM document_template", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    drop(raw);
    let refused = db.save_template(TemplateKind::PupilContract, "", day(4));
    assert!(
        refused.is_err(),
        "an empty text is refused by the database too"
    );
    assert_eq!(
        db.template()
            .template_versions(TemplateKind::PupilContract)
            .unwrap()
            .len(),
        2,
        "nothing half-saved"
    );
}

#[test]
fn r6_a_saved_terms_text_becomes_a_terms_version_that_keeps_its_wording() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = database(&dir);
    let saved = db
        .save_template(
            TemplateKind::KindergartenTerms,
            "Børnehavens vilkår, version et",
            day(5),
        )
        .unwrap();
    let terms = db.admission().terms_versions().unwrap();
    let made = terms
        .iter()
        .find(|t| t.division == Division::Kindergarten)
        .expect("a terms version");
    assert_eq!(made.valid_from, day(5));
    assert!(made.label.contains("tekst version 1"), "{}", made.label);
    let kept = db
        .template()
        .terms_template(made.id)
        .unwrap()
        .expect("linked text");
    assert_eq!(kept.id, saved.id);
    assert_eq!(kept.body, "Børnehavens vilkår, version et");
    assert_eq!(kept.saved_by.as_deref(), Some("Mette Skov"));
    // A contract text makes no terms version.
    db.save_template(TemplateKind::ParentContract, "Forældrekontrakt", day(5))
        .unwrap();
    assert_eq!(db.admission().terms_versions().unwrap().len(), 1);
}

#[test]
fn r28_privacy_settings_move_the_notice_date_only_when_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = database(&dir);
    let (settings, changed) = db.template().privacy_settings().unwrap();
    assert_eq!(settings.retention, RetentionPeriods::default());
    assert_eq!(changed, None);
    let new = PrivacySettings {
        contact: "Mette Skov, kontor@lindely.dk".into(),
        retention: RetentionPeriods {
            months_after_leaving: Some(15),
            ..RetentionPeriods::default()
        },
    };
    db.save_privacy_settings(&new, day(10)).unwrap();
    db.save_privacy_settings(&new, day(20)).unwrap();
    let (read, changed) = db.template().privacy_settings().unwrap();
    assert_eq!(read, new);
    assert_eq!(
        changed,
        Some(day(10)),
        "saving the same settings again is no change"
    );
    db.save_template(TemplateKind::PrivacyNotice, "Ny indledning", day(21))
        .unwrap();
    assert_eq!(db.template().privacy_settings().unwrap().1, Some(day(21)));
}
