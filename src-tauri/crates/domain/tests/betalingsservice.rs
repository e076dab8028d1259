//! The Betalingsservice files (R35) against the reference layout:
//! `shared/reference/betalingsservice-0601.md`.

use chrono::NaiveDate;
use skolekontor_domain::betalingsservice::delivery::text_line;
use skolekontor_domain::betalingsservice::{
    check_0601, parse_0602, write_0601, BsError, Collection, Creditor, Delivery, PaymentEvent,
};
use skolekontor_domain::Ore;

const GOLDEN: &str = "tests/golden/0601_september_2026.txt";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn delivery() -> Delivery {
    Delivery {
        delivery_id: 7,
        created: d(2026, 8, 20),
        creditor: Creditor {
            pbs_number: "01234567".into(),
            debtor_group: "00001".into(),
            data_supplier: "01234567".into(),
        },
        main_text: "Bøgely Friskole – skolepenge september 2026".into(),
        collections: vec![
            Collection {
                customer_number: "1042".into(),
                name: "Søren Ærø Østergård".into(),
                street: "Skolevej 12".into(),
                postal_code: "0800".into(),
                payment_date: d(2026, 9, 1),
                amount: Ore(630_000),
                reference: "000000031".into(),
                text_lines: vec![
                    text_line("Asta, skolepenge september 2026", Ore(310_000)),
                    text_line("Bo, skolepenge september 2026", Ore(310_000)),
                    text_line(
                        "Bo, søskenderabat 2. barn (50 %) september 2026",
                        Ore(-155_000),
                    ),
                    text_line("Bo, SFO fuld tid september 2026", Ore(165_000)),
                ],
            },
            Collection {
                customer_number: "1043".into(),
                name: "Line Holm".into(),
                street: "Bakkedraget 3, 2. tv.".into(),
                postal_code: "2630".into(),
                payment_date: d(2026, 9, 1),
                amount: Ore(240_000),
                reference: "000000032".into(),
                text_lines: vec![text_line("Ida, børnehave september 2026", Ore(240_000))],
            },
        ],
    }
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| l.strip_suffix(b"\r").unwrap())
        .collect()
}

/// Positions are 1-based and inclusive, as in the reference.
fn field(record: &[u8], from: usize, to: usize) -> String {
    record[from - 1..to].iter().map(|&b| b as char).collect()
}

#[test]
fn r35_the_0601_file_matches_the_golden_file_byte_for_byte() {
    let bytes = write_0601(&delivery()).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &bytes).unwrap();
    }
    let golden = std::fs::read(GOLDEN).unwrap();
    assert_eq!(
        bytes, golden,
        "the 0601 layout changed; check it against the reference before updating {GOLDEN}"
    );
}

#[test]
fn r35_every_record_is_128_latin_1_characters_with_cr_lf() {
    let bytes = write_0601(&delivery()).unwrap();
    assert!(bytes.ends_with(b"\r\n"));
    let records = lines(&bytes);
    assert_eq!(
        records.len(),
        2 + 2 * 3 + 2 + 5 + 2,
        "BS002, BS012, 3×BS022 + BS042 per payer, 5×BS052, BS092, BS992"
    );
    assert!(records.iter().all(|r| r.len() == 128));
    assert!(
        bytes.contains(&0xF8) && bytes.contains(&0xC6),
        "ø and Æ as single Latin-1 bytes"
    );
    assert!(!bytes.windows(2).any(|w| w == "ø".as_bytes()), "no UTF-8");
}

#[test]
fn r35_fields_sit_where_the_reference_puts_them() {
    let bytes = write_0601(&delivery()).unwrap();
    let r = lines(&bytes);
    let kinds: Vec<String> = r.iter().map(|x| field(x, 1, 5)).collect();
    assert_eq!(
        kinds,
        [
            "BS002", "BS012", "BS022", "BS022", "BS022", "BS042", "BS052", "BS052", "BS052",
            "BS052", "BS022", "BS022", "BS022", "BS042", "BS052", "BS092", "BS992"
        ]
    );
    // BS002: data supplier 6–13, delsystem 14–16, 0601 at 17–20, delivery id 21–30, date 50–55.
    assert_eq!(
        (
            field(r[0], 6, 13),
            field(r[0], 14, 16),
            field(r[0], 17, 20),
            field(r[0], 21, 30),
            field(r[0], 50, 55)
        ),
        (
            "01234567".into(),
            "BS1".into(),
            "0601".into(),
            "0000000007".into(),
            "200826".into()
        )
    );
    // BS012: PBS 6–13, section 14–17, debtor group 23–27, main text 69–128.
    assert_eq!(
        (field(r[1], 6, 13), field(r[1], 14, 17), field(r[1], 23, 27)),
        ("01234567".into(), "0112".into(), "00001".into())
    );
    assert_eq!(
        field(r[1], 69, 128).trim_end(),
        "Bøgely Friskole - skolepenge september 2026"
    );
    // BS022: 0240, record no. 18–22, customer 28–42, name 52–86; record 9: postcode 67–70, country 71–73.
    assert_eq!(
        (
            field(r[2], 14, 17),
            field(r[2], 18, 22),
            field(r[2], 28, 42).trim_end().to_string(),
            field(r[2], 52, 86).trim_end().to_string()
        ),
        (
            "0240".into(),
            "00001".into(),
            "1042".into(),
            "Søren Ærø Østergård".into()
        )
    );
    assert_eq!(
        (
            field(r[4], 18, 22),
            field(r[4], 67, 70),
            field(r[4], 71, 73)
        ),
        ("00009".into(), "0800".into(), "DK ".into())
    );
    // BS042: 0280, 00000, payment date 52–59, sign 60, amount 61–73, reference 74–103, 00 at 104–105.
    let c = r[5];
    assert_eq!(
        (
            field(c, 14, 17),
            field(c, 18, 22),
            field(c, 43, 51),
            field(c, 52, 59),
            field(c, 60, 60),
            field(c, 61, 73)
        ),
        (
            "0280".into(),
            "00000".into(),
            "000000000".into(),
            "01092026".into(),
            "1".into(),
            "0000000630000".into()
        )
    );
    assert_eq!(
        (field(c, 74, 103).trim_end(), field(c, 104, 105)),
        ("000000031", "00".to_string())
    );
    // BS052: 0241, line no. 18–22, text 53–112, the amount right-aligned.
    assert_eq!(
        (field(r[8], 14, 17), field(r[8], 18, 22)),
        ("0241".into(), "00003".into())
    );
    // Too long for the 46 characters before the amount: the month is written short
    // rather than cut (a parent reads the month on the statement).
    assert_eq!(
        field(r[8], 53, 112),
        format!(
            "{:<46} -1.550,00 kr.",
            "Bo, søskenderabat 2. barn (50 %) sep. 2026"
        ),
        "60 characters, the amount right-aligned"
    );
    // BS092 and BS992: 2 collections, 8.700,00 kr., 5 text lines, 6 name records.
    for (i, end) in [(15, "BS092"), (16, "BS992")] {
        assert_eq!(field(r[i], 1, 5), end);
        assert_eq!(
            (
                field(r[i], 32, 42),
                field(r[i], 43, 57),
                field(r[i], 58, 68),
                field(r[i], 84, 94)
            ),
            (
                "00000000002".into(),
                "000000000870000".into(),
                "00000000005".into(),
                "00000000006".into()
            )
        );
    }
    assert_eq!(field(r[16], 21, 31), "00000000001", "one section");
}

#[test]
fn r35_our_reader_checks_every_file_and_catches_a_wrong_total() {
    let bytes = write_0601(&delivery()).unwrap();
    let summary = check_0601(&bytes).unwrap();
    assert_eq!(
        (
            summary.delivery_id,
            summary.collections,
            summary.total,
            summary.text_lines,
            summary.name_records
        ),
        (7, 2, Ore(870_000), 5, 6)
    );

    let mut tampered = bytes.clone();
    let amount_at = 130 * 5 + 72; // last digit of the first BS042's amount
    tampered[amount_at] = b'1';
    assert_eq!(
        check_0601(&tampered),
        Err(BsError::Totals {
            record: "BS092",
            reason: "beløb".into()
        })
    );

    let unix: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'\r').collect();
    assert!(matches!(check_0601(&unix), Err(BsError::Structure { .. })));
    let cut = &bytes[..bytes.len() - 130];
    assert_eq!(
        check_0601(cut).unwrap_err().to_string(),
        "Linje 16: filen slutter ikke med BS992."
    );
}

#[test]
fn r35_one_collection_per_customer_per_date_and_the_date_within_90_days() {
    let mut twice = delivery();
    twice.collections[1].customer_number = "1042".into();
    assert!(write_0601(&twice)
        .unwrap_err()
        .to_string()
        .contains("to opkrævninger samme dag"));
    let mut far = delivery();
    far.collections[0].payment_date = d(2026, 12, 1);
    assert!(write_0601(&far)
        .unwrap_err()
        .to_string()
        .contains("0–90 dage"));
}

/// A 0602 record built field by field from the reference's positions (section 0211).
fn payment_0211(
    code: &str,
    customer: &str,
    amount: i64,
    reference: &str,
    paid: &str,
    paid_amount: i64,
) -> String {
    let mut r = vec![' '; 128];
    let mut put = |from: usize, text: &str| {
        for (i, c) in text.chars().enumerate() {
            r[from - 1 + i] = c;
        }
    };
    put(1, "BS042");
    put(6, "01234567");
    put(14, code);
    put(18, "001");
    put(21, "00001");
    put(26, &format!("{customer:0>15}"));
    put(41, "000000000");
    put(50, "010926");
    put(56, "1");
    put(57, &format!("{amount:013}"));
    put(70, reference);
    put(104, paid);
    put(110, paid);
    put(116, &format!("{paid_amount:013}"));
    r.into_iter().collect()
}

fn file_0602(records: &[String], count: usize) -> Vec<u8> {
    let mut lines = vec![
        format!(
            "{:<128}",
            format!("BS00201234567BS10602{:010}{:19}230926", 1, "")
        ),
        format!("{:<128}", "BS01201234567021100000"),
    ];
    lines.extend(records.iter().cloned());
    lines.push(format!(
        "{:<128}",
        format!("BS99201234567BS10602{:011}{count:011}", 1)
    ));
    lines
        .iter()
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect()
}

#[test]
fn r35_a_0602_file_reads_paid_rejected_and_charged_back() {
    let records = [
        payment_0211("0236", "1042", 630_000, "000000031", "010926", 630_000),
        payment_0211("0237", "1043", 240_000, "000000032", "000000", 0),
        payment_0211("0239", "1044", 310_000, "000000033", "150926", 310_000),
    ];
    let (delivery, payments) = parse_0602(&file_0602(&records, 3)).unwrap();
    assert_eq!(delivery, 1);
    let read: Vec<(PaymentEvent, &str, i64, &str, Option<NaiveDate>)> = payments
        .iter()
        .map(|p| {
            (
                p.event,
                p.customer_number.as_str(),
                p.amount.0,
                p.reference.as_str(),
                p.paid_on,
            )
        })
        .collect();
    assert_eq!(
        read,
        vec![
            (
                PaymentEvent::Paid,
                "1042",
                630_000,
                "000000031",
                Some(d(2026, 9, 1))
            ),
            (PaymentEvent::Rejected, "1043", 240_000, "000000032", None),
            (
                PaymentEvent::ChargedBack,
                "1044",
                310_000,
                "000000033",
                Some(d(2026, 9, 15))
            ),
        ]
    );
    assert_eq!(payments[0].due, Some(d(2026, 9, 1)));
}

#[test]
fn a_malformed_0602_file_is_refused_whole_with_its_line() {
    let good = payment_0211("0236", "1042", 630_000, "000000031", "010926", 630_000);
    let mut bad_amount = payment_0211("0236", "1043", 1, "000000032", "010926", 1);
    bad_amount.replace_range(60..62, "x1");
    let err = parse_0602(&file_0602(&[good.clone(), bad_amount], 2)).unwrap_err();
    assert_eq!(err.to_string(), "Linje 4: feltet beløb skal være cifre.");
    let err = parse_0602(&file_0602(std::slice::from_ref(&good), 2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Summen i BS992 passer ikke: filen har 1 betalinger."
    );
    let unknown = payment_0211("0240", "1042", 1, "x", "010926", 1);
    assert_eq!(
        parse_0602(&file_0602(&[unknown], 1))
            .unwrap_err()
            .to_string(),
        "Linje 3: transaktionskoden 0240 kendes ikke."
    );
    assert!(parse_0602(&write_0601(&delivery()).unwrap())
        .unwrap_err()
        .to_string()
        .contains("0602"));
}

#[test]
fn a_0602_date_field_with_a_latin_1_letter_is_refused_not_a_panic() {
    // Found by the fuzz target payments_0602: "°" inside a DDMMÅÅ field.
    let good = payment_0211("0236", "1042", 630_000, "000000031", "010926", 630_000);
    let broken: String = good
        .chars()
        .enumerate()
        .map(|(i, c)| if i == 52 { '#' } else { c })
        .collect();
    // The bank writes Latin-1: "°" is the one byte 0xB0.
    let bytes: Vec<u8> = file_0602(&[broken], 1)
        .into_iter()
        .map(|b| if b == b'#' { 0xB0 } else { b })
        .collect();
    let err = parse_0602(&bytes).unwrap_err();
    assert!(err.to_string().contains("Linje 3"), "{err}");
    assert!(err.to_string().contains("dato"), "{err}");
}
