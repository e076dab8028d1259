//! Requests from data subjects (R27, R31): access, rectification, erasure,
//! restriction, portability, objection. Each is recorded with who asked and when; the
//! answer is due one month after it was received, extendable by two months with notice.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::personal_data::DataSubject;
use crate::tr;
use crate::validation::ValidationErrors;

/// What the person asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum RequestKind {
    /// Indsigt.
    Access,
    /// Berigtigelse.
    Rectification,
    /// Sletning.
    Erasure,
    /// Begrænsning.
    Restriction,
    /// Dataportabilitet.
    Portability,
    /// Indsigelse.
    Objection,
}

impl RequestKind {
    const ALL: [RequestKind; 6] = [
        RequestKind::Access,
        RequestKind::Rectification,
        RequestKind::Erasure,
        RequestKind::Restriction,
        RequestKind::Portability,
        RequestKind::Objection,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Restriction => "restriction",
            RequestKind::Portability => "portability",
            RequestKind::Objection => "objection",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// "indsigt", "sletning" … in the reader's language.
    pub fn shown(self) -> String {
        match self {
            RequestKind::Access => tr!("data_request.access"),
            RequestKind::Rectification => tr!("data_request.rectification"),
            RequestKind::Erasure => tr!("data_request.erasure"),
            RequestKind::Restriction => tr!("data_request.restriction"),
            RequestKind::Portability => tr!("data_request.portability"),
            RequestKind::Objection => tr!("data_request.objection"),
        }
    }
}

/// R31: the answer is due one month after the request was received.
pub fn due_on(received: NaiveDate) -> NaiveDate {
    received
        .checked_add_months(Months::new(1))
        .expect("a real date")
}

/// R31: with notice, the deadline can be extended by two months.
pub fn extended_due_on(received: NaiveDate) -> NaiveDate {
    received
        .checked_add_months(Months::new(3))
        .expect("a real date")
}

/// A request as typed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RequestInput {
    /// About whom.
    pub subject: DataSubject,
    /// What is asked.
    pub kind: RequestKind,
    /// Who asked: the person, or who on their behalf.
    pub made_by: String,
    /// `dd-mm-yyyy`.
    pub received_on: String,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    /// About whom.
    pub subject: DataSubject,
    /// What is asked.
    pub kind: RequestKind,
    /// Who asked.
    pub made_by: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
}

impl RequestInput {
    /// Checks the form: who asked, and a day not in the future.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRequest, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let made_by = self.made_by.trim();
        if made_by.is_empty() {
            errors.add("madeBy", tr!("privacy.made_by_missing"));
        } else if made_by.chars().count() > 200 {
            errors.add("madeBy", tr!("common.max_200"));
        }
        let received = dates::parse(&self.received_on);
        match received {
            None => errors.add("receivedOn", tr!("common.date_format")),
            Some(day) if day > today => errors.add("receivedOn", tr!("common.date_future")),
            Some(_) => {}
        }
        errors.into_result()?;
        let received_on = received.expect("checked");
        Ok(ValidRequest {
            subject: self.subject,
            kind: self.kind,
            made_by: made_by.to_string(),
            received_on,
            due_on: due_on(received_on),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r31_the_answer_is_due_a_month_later_and_three_with_an_extension() {
        assert_eq!(due_on(d(2026, 11, 23)), d(2026, 12, 23));
        assert_eq!(due_on(d(2027, 1, 31)), d(2027, 2, 28));
        assert_eq!(extended_due_on(d(2026, 11, 30)), d(2027, 2, 28));
    }

    #[test]
    fn a_request_needs_who_and_a_day_not_in_the_future() {
        let input = RequestInput {
            subject: DataSubject::Child { id: 1 },
            kind: RequestKind::Access,
            made_by: " ".into(),
            received_on: "24-11-2026".into(),
        };
        let fields: Vec<String> = input
            .validate(d(2026, 11, 23))
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["madeBy", "receivedOn"]);
        let ok = RequestInput {
            made_by: "Mette Hansen (mor)".into(),
            received_on: "23-11-2026".into(),
            ..input
        };
        assert_eq!(
            ok.validate(d(2026, 11, 23)).unwrap().due_on,
            d(2026, 12, 23)
        );
        assert_eq!(
            RequestKind::from_code("portability"),
            Some(RequestKind::Portability)
        );
    }
}
