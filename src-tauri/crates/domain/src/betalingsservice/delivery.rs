//! The creditor delivery 0601, section 0112 (R35): one BS042 collection per payer
//! and payment date, itemised with BS052 text lines, with BS022 name and address,
//! and totals in BS092 and BS992. [`check_0601`] reads a file back and checks it.

use crate::tr;
use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::fixed_width::{plain_text, records, RecordReader, RecordWriter};
use super::{customer_number, BsError, Creditor};
use crate::Ore;

const SECTION: &str = "0112";
const SUBSYSTEM: &str = "BS1";
/// The furthest ahead Betalingsservice takes a payment date.
pub const MAX_DAYS_AHEAD: i64 = 90;
/// Width of a BS052 text line.
pub const TEXT_WIDTH: usize = 60;

/// One payer's collection on one payment date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Kundenummer.
    pub customer_number: String,
    /// The payer's name (BS022 record 1).
    pub name: String,
    /// Street and number (BS022 record 2).
    pub street: String,
    /// Postnummer (BS022 record 9).
    pub postal_code: String,
    /// Due date.
    pub payment_date: NaiveDate,
    /// A positive amount.
    pub amount: Ore,
    /// Our reference, returned in 0602 (at most 9 characters survive a payment slip).
    pub reference: String,
    /// The itemisation (each at most 60 characters).
    pub text_lines: Vec<String>,
}

/// A whole delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Our running number.
    pub delivery_id: u32,
    /// The day the file is made.
    pub created: NaiveDate,
    /// The school's numbers.
    pub creditor: Creditor,
    /// The main text on the payers' overview (60 characters).
    pub main_text: String,
    /// One per payer.
    pub collections: Vec<Collection>,
}

/// What a delivery holds, as read back from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverySummary {
    /// Delivery id from BS002.
    pub delivery_id: u64,
    /// BS042 records.
    pub collections: u64,
    /// Net amount of the BS042 records.
    pub total: Ore,
    /// BS052 records.
    pub text_lines: u64,
    /// BS022 records.
    pub name_records: u64,
}

/// `description ……… 1.234,50 kr.` in 60 characters: the amount right-aligned. A
/// description too long for the room left is shortened so a parent can still read
/// the statement (the month and the amount are never lost): see [`fit_description`].
pub fn text_line(description: &str, amount: Ore) -> String {
    let amount = amount.to_danish();
    let room = TEXT_WIDTH - amount.chars().count() - 1;
    let description = fit_description(&plain_text(description), room);
    format!("{description:<room$} {amount}")
}

/// A line's description in at most `room` characters: as it is when it fits;
/// otherwise the month written short (`januar 2027` → `jan. 2027`), then the
/// details in brackets left out (`(50 %)`), and last the middle cut with the
/// child's name and the month kept.
pub fn fit_description(description: &str, room: usize) -> String {
    let fits = |text: &str| text.chars().count() <= room;
    if fits(description) {
        return description.to_string();
    }
    let (head, month) = split_month(description);
    let month = month.map(short_month);
    let joined = |head: &str| match &month {
        Some(month) => format!("{head} {month}"),
        None => head.to_string(),
    };
    let shorter = joined(head);
    if fits(&shorter) {
        return shorter;
    }
    let head = without_brackets(head);
    let shorter = joined(&head);
    if fits(&shorter) {
        return shorter;
    }
    // A cut word ends in a full stop, as an abbreviation would.
    let tail = month.map(|m| format!(" {m}")).unwrap_or_default();
    let keep = room.saturating_sub(tail.chars().count() + 1);
    let cut: String = head.chars().take(keep).collect();
    let cut = cut.trim_end().trim_end_matches('.');
    format!("{cut}.{tail}")
}

/// The description and its closing `<month> <year>`, if it ends with one.
fn split_month(description: &str) -> (&str, Option<(&str, &str)>) {
    let mut words = description.rsplitn(3, ' ');
    let (Some(year), Some(month), Some(head)) = (words.next(), words.next(), words.next()) else {
        return (description, None);
    };
    let is_year = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
    if is_year && crate::dates::MONTHS.contains(&month) {
        (head, Some((month, year)))
    } else {
        (description, None)
    }
}

/// `jan. 2027`; May, June and July are short already.
fn short_month((month, year): (&str, &str)) -> String {
    if month.chars().count() <= 4 {
        format!("{month} {year}")
    } else {
        format!("{}. {year}", month.chars().take(3).collect::<String>())
    }
}

fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes the delivery: Latin-1, 128-character records, CR-LF.
pub fn write_0601(delivery: &Delivery) -> Result<Vec<u8>, BsError> {
    check_content(delivery)?;
    let c = &delivery.creditor;
    let mut out = Vec::with_capacity(130 * (4 + delivery.collections.len() * 6));
    RecordWriter::new("BS002")
        .digits(6, 8, &c.data_supplier)
        .x(14, 3, SUBSYSTEM)
        .x(17, 4, "0601")
        .n(21, 10, u64::from(delivery.delivery_id))
        .date6(50, delivery.created)
        .finish_into(&mut out);
    RecordWriter::new("BS012")
        .digits(6, 8, &c.pbs_number)
        .x(14, 4, SECTION)
        .digits(23, 5, &c.debtor_group)
        .date8(47, delivery.created)
        .x(69, 60, &plain_text(&delivery.main_text))
        .finish_into(&mut out);
    let (mut names, mut texts, mut total) = (0u64, 0u64, 0i64);
    for collection in &delivery.collections {
        let customer =
            customer_number(&collection.customer_number).map_err(|m| BsError::Content(m.into()))?;
        let head = |kind: &str, code: &str, record: u64| {
            let mut r = RecordWriter::new(kind);
            r.digits(6, 8, &c.pbs_number)
                .x(14, 4, code)
                .n(18, 5, record)
                .digits(23, 5, &c.debtor_group)
                .x(28, 15, &customer)
                .n(43, 9, 0);
            r
        };
        for (record, line) in [(1, &collection.name), (2, &collection.street)] {
            head("BS022", "0240", record)
                .x(52, 35, &plain_text(line))
                .finish_into(&mut out);
        }
        head("BS022", "0240", 9)
            .x(52, 15, "")
            .x(67, 4, &collection.postal_code)
            .x(71, 3, "DK")
            .finish_into(&mut out);
        names += 3;
        head("BS042", "0280", 0)
            .date8(52, collection.payment_date)
            .x(60, 1, "1")
            .n(61, 13, collection.amount.0 as u64)
            .x(74, 30, &plain_text(&collection.reference))
            .x(104, 2, "00")
            .finish_into(&mut out);
        total += collection.amount.0;
        for (i, line) in collection.text_lines.iter().enumerate() {
            head("BS052", "0241", i as u64 + 1)
                .x(52, 1, "")
                .x(53, 60, &plain_text(line))
                .finish_into(&mut out);
            texts += 1;
        }
    }
    let count = delivery.collections.len() as u64;
    RecordWriter::new("BS092")
        .digits(6, 8, &c.pbs_number)
        .x(14, 4, SECTION)
        .n(18, 5, 0)
        .digits(23, 5, &c.debtor_group)
        .n(32, 11, count)
        .n(43, 15, total as u64)
        .n(58, 11, texts)
        .n(84, 11, names)
        .finish_into(&mut out);
    RecordWriter::new("BS992")
        .digits(6, 8, &c.data_supplier)
        .x(14, 3, SUBSYSTEM)
        .x(17, 4, "0601")
        .n(21, 11, 1)
        .n(32, 11, count)
        .n(43, 15, total as u64)
        .n(58, 11, texts)
        .n(69, 15, 0)
        .n(84, 11, names)
        .n(95, 34, 0)
        .finish_into(&mut out);
    Ok(out)
}

/// Refuses what the bank would refuse, before a byte is written.
pub fn check_content(delivery: &Delivery) -> Result<(), BsError> {
    let content = |message: String| Err(BsError::Content(message));
    if delivery.creditor.validate().is_err() {
        return content(tr!("betalingsservice.creditor_missing"));
    }
    let mut seen = BTreeSet::new();
    for collection in &delivery.collections {
        let customer =
            customer_number(&collection.customer_number).map_err(|m| BsError::Content(m.into()))?;
        if !seen.insert((customer.clone(), collection.payment_date)) {
            return content(tr!("betalingsservice.two_on_one_day", customer = customer));
        }
        if collection.amount.0 <= 0 || collection.amount.0 >= 10_i64.pow(13) {
            return content(tr!(
                "betalingsservice.amount_not_positive",
                customer = customer
            ));
        }
        let days_ahead = (collection.payment_date - delivery.created).num_days();
        if !(0..=MAX_DAYS_AHEAD).contains(&days_ahead) {
            return content(tr!(
                "betalingsservice.payment_date_range",
                days = MAX_DAYS_AHEAD
            ));
        }
        if collection.name.trim().is_empty()
            || collection.street.trim().is_empty()
            || collection.postal_code.len() != 4
        {
            return content(tr!("betalingsservice.address_missing", customer = customer));
        }
        if collection
            .text_lines
            .iter()
            .any(|l| l.chars().count() > TEXT_WIDTH)
            || collection.text_lines.len() > 5000
        {
            return content(tr!(
                "betalingsservice.text_line_too_long",
                customer = customer
            ));
        }
    }
    Ok(())
}

/// What a 0601 file says about one customer, as lines a person can read: name and
/// address, each collection's date and amount, and its itemisation. For the access
/// report (R27): the stored file holds the payer's data like any table.
pub fn customer_lines(bytes: &[u8], customer: &str) -> Result<Vec<String>, BsError> {
    let wanted = customer_number(customer).map_err(|m| BsError::Content(m.into()))?;
    let all = records(bytes)?;
    let mut lines = Vec::new();
    for (index, chars) in all.iter().enumerate() {
        let record = RecordReader::new(index + 1, chars);
        let kind = record.raw(1, 5);
        if !matches!(kind.as_str(), "BS022" | "BS042" | "BS052")
            || record.raw(28, 15).trim() != wanted
        {
            continue;
        }
        let line = match (kind.as_str(), record.raw(18, 5).as_str()) {
            ("BS022", "00009") => format!("Postnummer: {}", record.raw(67, 4).trim()),
            ("BS022", _) => format!("Navn og adresse: {}", record.raw(52, 35).trim()),
            ("BS042", _) => {
                let amount = Ore(record.number(61, 13, "beløb")? as i64);
                let sign = if record.raw(60, 1) == "2" { "−" } else { "" };
                format!(
                    "Opkrævning {}: {sign}{}",
                    crate::dates::short(record.date8(52, "betalingsdato")?),
                    amount.to_danish()
                )
            }
            _ => format!("Tekst: {}", record.raw(53, 60).trim_end()),
        };
        lines.push(line);
    }
    Ok(lines)
}

/// Reads a 0601 file back and checks its structure and that BS092 and BS992 agree
/// with the records. This runs on every file before it is saved.
pub fn check_0601(bytes: &[u8]) -> Result<DeliverySummary, BsError> {
    strict_lines(bytes)?;
    let all = records(bytes)?;
    let records: Vec<RecordReader> = all
        .iter()
        .enumerate()
        .map(|(i, r)| RecordReader::new(i + 1, r))
        .collect();
    let first = records.first().ok_or(BsError::Empty)?;
    if first.raw(1, 5) != "BS002" || first.raw(17, 4) != "0601" {
        return Err(BsError::Structure {
            line: 1,
            reason: "filen skal begynde med BS002 og leverancetype 0601".into(),
        });
    }
    let delivery_id = first.number(21, 10, "leverance-id")?;
    let (mut collections, mut total, mut texts, mut names, mut sections) =
        (0u64, 0i64, 0u64, 0u64, 0u64);
    let mut end_seen = false;
    for record in &records[1..] {
        if end_seen {
            return Err(BsError::Structure {
                line: record.line,
                reason: tr!("betalingsservice.after_end"),
            });
        }
        match record.raw(1, 5).as_str() {
            "BS012" => {
                if record.raw(14, 4) != SECTION {
                    return Err(BsError::Structure {
                        line: record.line,
                        reason: format!(
                            "sektion {} kendes ikke (forventet 0112)",
                            record.raw(14, 4)
                        ),
                    });
                }
                (collections, total, texts, names) = (0, 0, 0, 0);
                sections += 1;
            }
            "BS022" => names += 1,
            "BS042" => {
                collections += 1;
                let amount = record.number(61, 13, "beløb")? as i64;
                total += match record.raw(60, 1).as_str() {
                    "1" => amount,
                    "2" => -amount,
                    "0" => 0,
                    _ => {
                        return Err(BsError::Field {
                            line: record.line,
                            field: "fortegn",
                            reason: tr!("betalingsservice.sign"),
                        })
                    }
                };
                record.date8(52, "betalingsdato")?;
            }
            "BS052" => texts += 1,
            "BS092" => totals("BS092", record, collections, total, texts, names)?,
            "BS992" => {
                totals("BS992", record, collections, total, texts, names)?;
                if record.number(21, 11, "antal sektioner")? != sections {
                    return Err(BsError::Totals {
                        record: "BS992",
                        reason: "antal sektioner".into(),
                    });
                }
                end_seen = true;
            }
            other => {
                return Err(BsError::Structure {
                    line: record.line,
                    reason: tr!("betalingsservice.unknown_record", kind = other),
                })
            }
        }
    }
    if !end_seen {
        return Err(BsError::Structure {
            line: records.len(),
            reason: "filen slutter ikke med BS992".into(),
        });
    }
    Ok(DeliverySummary {
        delivery_id,
        collections,
        total: Ore(total),
        text_lines: texts,
        name_records: names,
    })
}

/// Our own files are exact: every record 128 bytes and CR-LF (the reader of
/// returned files is more lenient).
fn strict_lines(bytes: &[u8]) -> Result<(), BsError> {
    let count = |b: u8| bytes.iter().filter(|&&x| x == b).count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    if !bytes.ends_with(b"\r\n") || count(b'\n') != crlf || count(b'\r') != crlf {
        return Err(BsError::Structure {
            line: 1,
            reason: "hver post skal slutte med CR-LF".into(),
        });
    }
    for (i, line) in bytes[..bytes.len() - 2].split(|&b| b == b'\n').enumerate() {
        let length = line.strip_suffix(b"\r").unwrap_or(line).len();
        if length != super::fixed_width::RECORD_LENGTH {
            return Err(BsError::Length {
                line: i + 1,
                length,
            });
        }
    }
    Ok(())
}

fn totals(
    kind: &'static str,
    record: &RecordReader,
    collections: u64,
    total: i64,
    texts: u64,
    names: u64,
) -> Result<(), BsError> {
    let wrong = |what: &str| {
        Err(BsError::Totals {
            record: kind,
            reason: what.into(),
        })
    };
    if record.number(32, 11, "antal BS042")? != collections {
        return wrong("antal opkrævninger (BS042)");
    }
    if record.number(43, 15, "beløb")? as i64 != total {
        return wrong("beløb");
    }
    if record.number(58, 11, "antal BS052")? != texts {
        return wrong("antal tekstlinjer (BS052)");
    }
    if record.number(84, 11, "antal BS022")? != names {
        return wrong("antal navn/adresse-poster (BS022)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery() -> Delivery {
        let creditor = Creditor {
            pbs_number: "01234567".into(),
            debtor_group: "00001".into(),
            data_supplier: "01234567".into(),
        };
        let collection = |customer: &str, name: &str, amount: i64| Collection {
            customer_number: customer.into(),
            name: name.into(),
            street: "Skolevej 1".into(),
            postal_code: "4000".into(),
            payment_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            amount: Ore(amount),
            reference: "000000001".into(),
            text_lines: vec![text_line("Ida: skole, september", Ore(amount))],
        };
        Delivery {
            delivery_id: 1,
            created: NaiveDate::from_ymd_opt(2026, 8, 20).unwrap(),
            creditor,
            main_text: "Skolepenge".into(),
            collections: vec![
                collection("1001", "Mette Sørensen", 215_000),
                collection("1002", "Anders Berg", 99_900),
            ],
        }
    }

    #[test]
    fn r27_a_payers_lines_are_read_from_the_stored_file_and_no_one_elses() {
        let bytes = write_0601(&delivery()).unwrap();
        let lines = customer_lines(&bytes, "1001").unwrap();
        assert_eq!(lines[0], "Navn og adresse: Mette Sørensen");
        assert_eq!(lines[1], "Navn og adresse: Skolevej 1");
        assert_eq!(lines[2], "Postnummer: 4000");
        assert_eq!(lines[3], "Opkrævning 01-09-2026: 2.150,00 kr.");
        assert!(
            lines[4].starts_with("Tekst: Ida: skole, september"),
            "{}",
            lines[4]
        );
        assert!(lines.iter().all(|l| !l.contains("Berg")));
        assert!(customer_lines(&bytes, "9999").unwrap().is_empty());
    }

    #[test]
    fn a_long_text_line_keeps_the_childs_name_the_month_and_the_amount() {
        let line = |text: &str, ore: i64| text_line(text, Ore(ore));
        let fits = line("Ida, skolepenge september 2026", 310_000);
        assert_eq!(fits.chars().count(), TEXT_WIDTH);
        assert!(fits.starts_with("Ida, skolepenge september 2026 "));
        let discount = line("Agnes, søskenderabat 2. barn (50 %) januar 2027", -155_000);
        assert!(
            discount.starts_with("Agnes, søskenderabat 2. barn (50 %) jan. 2027"),
            "{discount}"
        );
        let longer = line(
            "Josefine, søskenderabat 2. barn (50 %) januar 2027",
            -155_000,
        );
        assert!(
            longer.starts_with("Josefine, søskenderabat 2. barn jan. 2027 "),
            "{longer}"
        );
        assert!(discount.ends_with(" -1.550,00 kr."));
        let subsidy = line(
            "Agnes, økonomisk fripladstilskud (1.200,00 kr.) januar 2027",
            -120_000,
        );
        assert!(
            subsidy.starts_with("Agnes, økonomisk fripladstilskud jan. 2027 "),
            "{subsidy}"
        );
        let very_long = line(
            "Marie-Louise, efterregulering af SFO-modulet Eftermiddag med lang tekst september 2026",
            -12_345_600,
        );
        assert_eq!(very_long.chars().count(), TEXT_WIDTH);
        assert!(
            very_long.starts_with("Marie-Louise, efterregulering af. sep. 2026 "),
            "{very_long}"
        );
        assert!(very_long.ends_with("-123.456,00 kr."), "{very_long}");
        // May, June and July are short already; a text without a month is only cut.
        assert_eq!(
            fit_description("Bo, søskenderabat 2. barn (50 %) maj 2027", 30),
            "Bo, søskenderabat 2. maj 2027"
        );
        assert_eq!(
            fit_description("Regulering for noget meget langt", 20),
            "Regulering for noge."
        );
    }
}
