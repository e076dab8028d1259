//! Payment information 0602 from Betalingsservice (R35): paid, rejected, cancelled
//! and charged back. A file is read whole or not at all: the first bad line stops it.

use crate::tr;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fixed_width::{records, RecordReader};
use super::BsError;
use crate::Ore;

/// What happened to a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum PaymentEvent {
    /// 0236 (or 0297 for a payment slip): paid.
    Paid,
    /// 0237: rejected, nothing was paid.
    Rejected,
    /// 0238: cancelled, nothing was paid.
    Cancelled,
    /// 0239 (or 0299): the payer had the amount paid back.
    ChargedBack,
}

impl PaymentEvent {
    /// The stable code used in the database.
    pub fn code(self) -> &'static str {
        match self {
            PaymentEvent::Paid => "paid",
            PaymentEvent::Rejected => "rejected",
            PaymentEvent::Cancelled => "cancelled",
            PaymentEvent::ChargedBack => "charged_back",
        }
    }

    /// Reads [`PaymentEvent::code`] back.
    pub fn from_code(code: &str) -> Option<PaymentEvent> {
        [
            PaymentEvent::Paid,
            PaymentEvent::Rejected,
            PaymentEvent::Cancelled,
            PaymentEvent::ChargedBack,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }

    /// Danish, for the import's list.
    pub fn danish(self) -> &'static str {
        match self {
            PaymentEvent::Paid => "Betalt",
            PaymentEvent::Rejected => "Afvist",
            PaymentEvent::Cancelled => "Annulleret",
            PaymentEvent::ChargedBack => "Tilbageført",
        }
    }
}

/// One BS042 of a 0602 file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    /// 1-based line in the file.
    pub line: usize,
    /// What happened.
    pub event: PaymentEvent,
    /// Kundenummer, leading zeros removed (Mastercard pads them).
    pub customer_number: String,
    /// The due date of the collection.
    pub due: Option<NaiveDate>,
    /// The collection's amount.
    pub amount: Ore,
    /// Our reference from the 0601.
    pub reference: String,
    /// When it was paid (or charged back).
    pub paid_on: Option<NaiveDate>,
    /// The amount actually paid (or charged back).
    pub paid_amount: Ore,
}

/// Reads a 0602 file. Checks the delivery type, the sections, every field it uses,
/// and that BS992 counts the BS042 records it read.
pub fn parse_0602(bytes: &[u8]) -> Result<(u64, Vec<PaymentRecord>), BsError> {
    let all = records(bytes)?;
    let records: Vec<RecordReader> = all
        .iter()
        .enumerate()
        .map(|(i, r)| RecordReader::new(i + 1, r))
        .collect();
    let first = &records[0];
    if first.raw(1, 5) != "BS002" || first.raw(17, 4) != "0602" {
        return Err(BsError::Structure {
            line: 1,
            reason: tr!("betalingsservice.not_0602"),
        });
    }
    let delivery = first.number(21, 10, "leverancespecifikation")?;
    let mut section = String::new();
    let mut payments = Vec::new();
    let mut end_seen = false;
    for record in &records[1..] {
        if end_seen {
            return Err(BsError::Structure {
                line: record.line,
                reason: tr!("betalingsservice.after_end"),
            });
        }
        match record.raw(1, 5).as_str() {
            "BS012" => section = record.raw(14, 4),
            "BS042" => payments.push(payment(record, &section)?),
            "BS022" | "BS052" | "BS092" => {}
            "BS992" => {
                if record.number(32, 11, "antal BS042")? != payments.len() as u64 {
                    return Err(BsError::Totals {
                        record: "BS992",
                        reason: tr!("betalingsservice.payment_count", count = payments.len()),
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
            reason: tr!("betalingsservice.no_end"),
        });
    }
    Ok((delivery, payments))
}

fn payment(record: &RecordReader, section: &str) -> Result<PaymentRecord, BsError> {
    let code = record.raw(14, 4);
    let event = match code.as_str() {
        "0236" | "0297" => PaymentEvent::Paid,
        "0237" => PaymentEvent::Rejected,
        "0238" => PaymentEvent::Cancelled,
        "0239" | "0299" => PaymentEvent::ChargedBack,
        _ => {
            return Err(BsError::Structure {
                line: record.line,
                reason: tr!("betalingsservice.unknown_code", code = code),
            })
        }
    };
    // Automatic payments (0211) and payment slips (0215) place the fields differently.
    let (customer, due, sign, amount, reference) = match section {
        "0211" => (record.text(26, 15), 50, 56, 57, record.text(70, 30)),
        "0215" => (record.text(30, 15), 53, 59, 60, record.text(73, 9)),
        other => {
            return Err(BsError::Structure {
                line: record.line,
                reason: tr!("betalingsservice.unknown_section", section = other.trim()),
            })
        }
    };
    let amount = record.number(amount, 13, "beløb")? as i64;
    let signed = match record.raw(sign, 1).as_str() {
        "0" | "1" => amount,
        "2" => -amount,
        _ => {
            return Err(BsError::Field {
                line: record.line,
                field: "fortegn",
                reason: tr!("betalingsservice.sign"),
            })
        }
    };
    let customer_number = customer.trim_start_matches('0').to_string();
    if customer_number.is_empty() {
        return Err(BsError::Field {
            line: record.line,
            field: "kundenummer",
            reason: tr!("betalingsservice.missing"),
        });
    }
    Ok(PaymentRecord {
        line: record.line,
        event,
        customer_number,
        due: record.date6(due, "forfaldsdato")?,
        amount: Ore(signed),
        reference,
        paid_on: record.date6(104, "betalingsdato")?,
        paid_amount: Ore(record.number(116, 13, "betalt beløb")? as i64),
    })
}
