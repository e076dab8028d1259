//! The bookkeeping journal as files: CSV for the cash-book import of e-conomic and of
//! Dinero, and a PDF journal with the totals per account for the school's accounts.
//!
//! Both CSV files are semicolon-separated UTF-8 with a byte-order mark, dates
//! `dd-mm-åååå` and amounts with a decimal comma and no thousands separator, a
//! positive amount debiting `Konto` and crediting `Modkonto`; they differ in the
//! columns' names and order, which follow each program's import of a cash book.

use skolekontor_domain::billing::journal::{Journal, Posting};
use skolekontor_domain::dates;
use skolekontor_domain::Ore;

use crate::csv_file::CsvFile;
use crate::layout::{Column, DocumentBuilder, Table};
use crate::DocumentError;

/// Which bookkeeping program the CSV is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalCsv {
    /// e-conomic: Kassekladde → Importér.
    Economic,
    /// Dinero: Kassekladde → Importér posteringer.
    Dinero,
}

impl JournalCsv {
    fn headers(self) -> [&'static str; 6] {
        match self {
            JournalCsv::Economic => ["Dato", "Bilag", "Konto", "Tekst", "Beløb", "Modkonto"],
            JournalCsv::Dinero => ["Dato", "Bilag", "Tekst", "Beløb", "Konto", "Modkonto"],
        }
    }

    fn record(self, posting: &Posting) -> [String; 6] {
        let date = posting.date.format("%d-%m-%Y").to_string();
        let voucher = posting.voucher.to_string();
        let amount = plain_amount(posting.amount);
        let (account, contra, text) = (
            posting.account.clone(),
            posting.contra.clone(),
            posting.text.clone(),
        );
        match self {
            JournalCsv::Economic => [date, voucher, account, text, amount, contra],
            JournalCsv::Dinero => [date, voucher, text, amount, account, contra],
        }
    }
}

/// `-1234,50`: what a Danish import reads as a number.
pub fn plain_amount(amount: Ore) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let abs = amount.0.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// The journal's postings as CSV for `program`.
pub fn journal_csv(journal: &Journal, program: JournalCsv) -> Result<Vec<u8>, DocumentError> {
    let mut file = CsvFile::new();
    file.row(program.headers())?;
    for posting in journal.postings() {
        file.row(program.record(posting))?;
    }
    file.finish()
}

fn kroner(amount: Ore) -> String {
    amount.to_danish().trim_end_matches(" kr.").to_string()
}

/// The journal as PDF: each voucher with its postings and notes, then the movement
/// per account with the debit and credit sums, which are equal.
pub fn journal_pdf(doc: &mut DocumentBuilder, journal: &Journal) {
    doc.heading(&format!("Posteringsjournal {}", journal.month.danish()), 1);
    if journal.vouchers.is_empty() {
        doc.paragraph("Intet at bogføre i måneden: ingen opkrævning, betaling, kreditnota eller tilbagebetaling.");
        return;
    }
    doc.paragraph(&format!(
        "Beløb i kroner; et positivt beløb debiteres kontoen og krediteres modkontoen. Bilag nr. {} til {}.",
        journal.vouchers.first().map_or(0, |v| v.number),
        journal.vouchers.last().map_or(0, |v| v.number),
    ));
    let columns = vec![
        Column::new("Dato", 1.3),
        Column::new("Tekst", 4.2),
        Column::new("Konto", 0.9),
        Column::new("Modkonto", 1.2),
        Column::new("Beløb", 1.5),
    ];
    for voucher in &journal.vouchers {
        doc.heading(&format!("Bilag {}: {}", voucher.number, voucher.title), 2);
        doc.table(&Table {
            columns: columns.clone(),
            rows: voucher
                .postings
                .iter()
                .map(|p| {
                    vec![
                        dates::short(p.date),
                        p.text.clone(),
                        p.account.clone(),
                        p.contra.clone(),
                        kroner(p.amount),
                    ]
                })
                .collect(),
        });
        for note in &voucher.notes {
            doc.paragraph(note);
        }
    }
    doc.heading("Bevægelser pr. konto", 2);
    let mut rows: Vec<Vec<String>> = journal
        .totals
        .iter()
        .map(|t| {
            vec![
                t.account.clone(),
                t.items.join(", "),
                kroner(t.debit),
                kroner(t.credit),
            ]
        })
        .collect();
    let debit: Ore = journal.totals.iter().map(|t| t.debit).sum();
    let credit: Ore = journal.totals.iter().map(|t| t.credit).sum();
    rows.push(vec![
        String::new(),
        "I alt".into(),
        kroner(debit),
        kroner(credit),
    ]);
    doc.table(&Table {
        columns: vec![
            Column::new("Konto", 0.9),
            Column::new("Poster", 4.5),
            Column::new("Debet", 1.4),
            Column::new("Kredit", 1.4),
        ],
        rows,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_danish_numbers() {
        assert_eq!(plain_amount(Ore(123_450)), "1234,50");
        assert_eq!(plain_amount(Ore(-5)), "-0,05");
        assert_eq!(plain_amount(Ore(0)), "0,00");
    }
}
