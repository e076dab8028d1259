//! Consents at rest on a real encrypted file (R23): the default types are saved once,
//! and an answer can be neither changed nor deleted, even past the repository.

mod common;

use common::{add_child_with_parent, d, raw_connection};
use skolekontor_domain::consent::{default_types, Answerer, Decision, Method};
use skolekontor_domain::register::ChildInput;
use skolekontor_store::consent::NewConsentEvent;
use skolekontor_store::{Database, DatabaseKey};

#[test]
fn r23_answers_are_kept_as_given_and_the_defaults_are_saved_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skolekontor.db");
    let key = DatabaseKey::generate();
    let mut db = Database::create(&path, &key).unwrap();
    db.seed_consent_types(&default_types()).unwrap();
    db.seed_consent_types(&default_types()).unwrap();
    assert_eq!(db.consent().consent_types().unwrap().len(), 6);

    let child = ChildInput {
        first_name: "Ea".into(),
        last_name: "Berg".into(),
        cpr: "150318-4002".into(),
        ..Default::default()
    };
    let child_id = add_child_with_parent(&mut db, child, ("Lis", "Berg"), d(2026, 8, 20));
    let mother = db.admission().custody_holders(child_id).unwrap()[0];
    let event = NewConsentEvent {
        child_id,
        type_id: 1,
        decision: Decision::Given,
        answerer: Answerer::Guardian { id: mother },
        on: d(2026, 9, 1),
        method: Method::Paper,
        text_version: 1,
    };
    let id = db.add_consent_event(&event).unwrap();
    db.add_consent_event(&NewConsentEvent {
        decision: Decision::Withdrawn,
        on: d(2026, 11, 1),
        ..event
    })
    .unwrap();
    drop(db);

    let db = Database::open(&path, &key).unwrap();
    let events = db.consent().consent_events(child_id).unwrap();
    assert_eq!(
        events.iter().map(|e| e.event.decision).collect::<Vec<_>>(),
        [Decision::Given, Decision::Withdrawn]
    );
    assert_eq!(events[0].guardian_name.as_deref(), Some("Lis Berg"));
    drop(db);

    let conn = raw_connection(&path, &key);
    assert!(conn
        .execute(
            "UPDATE consent_event SET decision = 'refused' WHERE id = ?1",
            [id]
        )
        .is_err());
    assert!(conn
        .execute("DELETE FROM consent_event WHERE id = ?1", [id])
        .is_err());
    let decision: String = conn
        .query_row(
            "SELECT decision FROM consent_event WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(decision, "given");
}
