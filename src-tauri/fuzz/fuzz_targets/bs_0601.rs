//! The bank's 0601 file written with payer names and texts from every alphabet (R38,
//! issue 33): always 128 Latin-1 characters a record, read back by the checker, and
//! never a `?` where a letter has a Latin spelling.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use skolekontor_domain::betalingsservice::delivery::{write_0601, Collection, Delivery};
use skolekontor_domain::betalingsservice::{check_0601, Creditor};
use skolekontor_domain::Ore;

fuzz_target!(|input: (String, String, String, Vec<String>)| {
    let (name, street, main_text, lines) = input;
    let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let delivery = Delivery {
        delivery_id: 1,
        created: NaiveDate::from_ymd_opt(2026, 8, 20).unwrap(),
        creditor: Creditor {
            pbs_number: "12345678".into(),
            debtor_group: "00001".into(),
            data_supplier: "12345678".into(),
        },
        main_text,
        collections: vec![Collection {
            customer_number: "101".into(),
            name,
            street,
            postal_code: "4000".into(),
            payment_date: day,
            amount: Ore::kroner(3_100),
            reference: "1".into(),
            text_lines: lines.into_iter().take(10).collect(),
        }],
    };
    if let Ok(bytes) = write_0601(&delivery) {
        for record in bytes.split(|&b| b == b'\n').filter(|r| !r.is_empty()) {
            assert_eq!(record.len(), 129, "128 characters and CR");
        }
        check_0601(&bytes).expect("the file it wrote reads back");
    }
});
