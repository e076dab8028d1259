//! Fees at rest on a real encrypted file: issued charges, their lines, the 0601
//! file and payments cannot be changed or removed behind the program's back, a
//! month is issued once, and the enrolment fee is charged once per child (R1, R8).

use chrono::NaiveDate;
use skolekontor_domain::billing::{ChargeLine, ChargeMonth, LineKind, PayerCharge};
use skolekontor_domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_domain::school::Division;
use skolekontor_domain::Ore;
use skolekontor_store::billing::NewPayment;
use skolekontor_store::register::GuardianRef;
use skolekontor_store::{Database, DatabaseKey};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 20).unwrap()
}

fn family(db: &mut Database) -> (i64, i64) {
    let child = ChildInput {
        first_name: "Ida".into(),
        last_name: "Holm".into(),
        cpr: "150318-4002".into(),
        placement: Some(PlacementInput {
            division: Some(Division::School),
            grade: Some(2),
            sfo: true,
            start_date: "01-08-2026".into(),
        }),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    let parent = GuardianInput {
        first_name: "Line".into(),
        last_name: "Holm".into(),
        phone: "12345678".into(),
        address: "Skolevej 2".into(),
        postal_code: "8000".into(),
        town: "Aarhus C".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    let link = GuardianLink {
        relation: "mor".into(),
        has_custody: true,
        is_payer: true,
    };
    let child_id = db
        .add_child(&child, &[(GuardianRef::New(parent), link)])
        .unwrap();
    let payer = db.register().guardian_links(child_id).unwrap()[0].0;
    (child_id, payer)
}

fn charge(payer: i64, child: i64) -> PayerCharge {
    let line = ChargeLine {
        child_id: Some(child),
        division: Some(Division::School),
        sfo_module: String::new(),
        kind: LineKind::Rate,
        text: "Ida, skolepenge september 2026".into(),
        amount: Ore(310_000),
        pending_item_id: None,
        corrects_month: None,
    };
    PayerCharge {
        payer_id: payer,
        lines: vec![line],
        total: Ore(310_000),
    }
}

#[test]
fn r8_issued_charges_and_payments_are_append_only_and_a_month_is_issued_once() {
    let dir = tempfile::tempdir().unwrap();
    let key = DatabaseKey::generate();
    let mut db = Database::create(&dir.path().join("skolekontor.db"), &key).unwrap();
    let (child, payer) = family(&mut db);
    let september = ChargeMonth::new(2026, 9).unwrap();
    let due = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();

    let work = db.begin().unwrap();
    let (run, new) = work
        .billing()
        .issue_charge_run(september, due, &[charge(payer, child)])
        .unwrap();
    assert!(new);
    work.billing()
        .save_delivery(run, 1, today(), b"BS002", 1, Ore(310_000))
        .unwrap();
    work.commit().unwrap();
    let work = db.begin().unwrap();
    let (again, new) = work
        .billing()
        .issue_charge_run(
            september,
            due,
            &[charge(payer, child), charge(payer, child)],
        )
        .unwrap();
    work.commit().unwrap();
    assert_eq!((again, new), (run, false), "a second issue writes nothing");
    let charges = db.billing().run_charges(run).unwrap();
    assert_eq!(charges.len(), 1);
    assert_eq!(
        charges[0].customer_number,
        payer.to_string(),
        "the payer's customer number is made on first use"
    );
    db.add_payment(&NewPayment {
        payer_id: payer,
        charge_id: Some(charges[0].id),
        kind: "bs_paid",
        amount: Ore(310_000),
        paid_on: due,
        note: String::new(),
    })
    .unwrap();
    assert_eq!(db.billing().ledgers().unwrap()[&payer].paid, Ore(310_000));
    drop(db);

    let raw = rusqlite::Connection::open(dir.path().join("skolekontor.db")).unwrap();
    let hex: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    raw.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    for sql in [
        "UPDATE charge SET total_ore = 1",
        "DELETE FROM charge",
        "UPDATE charge_line SET amount_ore = 1",
        "DELETE FROM charge_line",
        "UPDATE charge_run SET month = '2026-10'",
        "DELETE FROM charge_run",
        "UPDATE bs_delivery SET file = x'00'",
        "DELETE FROM bs_delivery",
        "UPDATE payment SET amount_ore = 0",
        "DELETE FROM payment",
    ] {
        let refused = raw.execute(sql, []).unwrap_err().to_string();
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
}

#[test]
fn r1_the_enrolment_fee_is_pending_once_per_child_and_not_after_it_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let mut db =
        Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate()).unwrap();
    let (child, payer) = family(&mut db);
    assert!(db
        .charge_enrolment_fee(child, Ore(150_000), "Ida, indmeldelsesgebyr")
        .unwrap());
    assert!(
        !db.charge_enrolment_fee(child, Ore(150_000), "Ida, indmeldelsesgebyr")
            .unwrap(),
        "once per child"
    );
    let pending = db.billing().pending_items().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].payer_id, pending[0].amount, pending[0].kind),
        (payer, Ore(150_000), LineKind::EnrolmentFee)
    );

    // Once on an issued charge, it is no longer pending.
    let mut with_fee = charge(payer, child);
    with_fee.lines.push(ChargeLine {
        child_id: Some(child),
        division: None,
        sfo_module: String::new(),
        kind: LineKind::EnrolmentFee,
        text: pending[0].text.clone(),
        amount: pending[0].amount,
        pending_item_id: Some(pending[0].id),
        corrects_month: None,
    });
    let work = db.begin().unwrap();
    work.billing()
        .issue_charge_run(
            ChargeMonth::new(2026, 9).unwrap(),
            NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            &[with_fee],
        )
        .unwrap();
    work.commit().unwrap();
    assert!(db.billing().pending_items().unwrap().is_empty());

    // A child whose fee was paid before (e.g. in the kindergarten) is not charged.
    let dir = tempfile::tempdir().unwrap();
    let mut db =
        Database::create(&dir.path().join("skolekontor.db"), &DatabaseKey::generate()).unwrap();
    let (paid_before, _) = family(&mut db);
    db.mark_enrolment_fee_paid(paid_before, today()).unwrap();
    assert!(!db
        .charge_enrolment_fee(paid_before, Ore(150_000), "Ida, indmeldelsesgebyr")
        .unwrap());
    assert!(db.billing().pending_items().unwrap().is_empty());
}
