//! The class fund's statement (*kontoudtog for klassekassen*, R17–R20): the terms
//! the parents agreed, one school year's ledger between its opening and closing
//! balance, and each family's payments with R18/R19 in words.

use skolekontor_domain::Ore;

use crate::layout::{Column, DocumentBuilder, Table};

/// One ledger line as printed.
pub struct StatementLine {
    /// `dd-mm-yyyy`.
    pub date: String,
    /// The text, with the family for a deposit.
    pub text: String,
    /// The receipt reference.
    pub receipt: String,
    /// "150,00 kr." for a deposit, else empty.
    pub deposit: String,
    /// "40,00 kr." for an expense, else empty.
    pub expense: String,
    /// The balance after the line, or "annulleret".
    pub balance: String,
}

/// One family as printed.
pub struct StatementFamily {
    pub pupil: String,
    /// Deposits.
    pub paid: String,
    /// What the agreement asks, or empty.
    pub expected: String,
    /// R18/R19 or the difference.
    pub note: String,
}

/// What the statement prints.
pub struct FundStatementSheet {
    /// "3. klasse".
    pub class_name: String,
    /// `2026/27`.
    pub school_year: String,
    /// What the money is for (R20).
    pub purpose: String,
    /// The treasurer, or empty.
    pub treasurer: String,
    /// The agreed contribution in words, or empty.
    pub contribution: String,
    /// Before the year.
    pub opening: Ore,
    /// The day of the opening balance (31 July), `dd-mm-yyyy`.
    pub opening_day: String,
    /// At the end of the year or today.
    pub closing: Ore,
    /// The day the closing balance is for, `dd-mm-yyyy`.
    pub closing_day: String,
    /// The year's lines.
    pub lines: Vec<StatementLine>,
    /// Every family that has been in the class.
    pub families: Vec<StatementFamily>,
    /// R17 in words.
    pub notice: String,
}

/// Writes the statement.
pub fn class_fund_statement(doc: &mut DocumentBuilder, sheet: &FundStatementSheet) {
    doc.heading(
        &format!(
            "Klassekasse {} — kontoudtog {}",
            sheet.class_name, sheet.school_year
        ),
        1,
    );
    doc.field("Formål", &sheet.purpose);
    doc.field(
        "Kasserer",
        if sheet.treasurer.is_empty() {
            "ikke valgt"
        } else {
            &sheet.treasurer
        },
    );
    if !sheet.contribution.is_empty() {
        doc.field("Aftalt indbetaling", &sheet.contribution);
    }
    doc.field(
        &format!("Saldo pr. {}", sheet.opening_day),
        &sheet.opening.to_danish(),
    );
    doc.field(
        &format!("Saldo pr. {}", sheet.closing_day),
        &sheet.closing.to_danish(),
    );
    doc.space(6.0);
    doc.paragraph(&format!(
        "{} En elev, der forlader klassen før 9. klasse, får ingen andel udbetalt. En elev, der kommer til klassen senere, skal ikke indbetale for tiden før.",
        sheet.notice
    ));
    doc.heading("Kassebog", 2);
    if sheet.lines.is_empty() {
        doc.paragraph("Ingen bevægelser i skoleåret.");
    } else {
        let columns = vec![
            Column::new("Dato", 1.9),
            Column::new("Tekst", 3.4),
            Column::new("Bilag", 1.5),
            Column::new("Ind", 1.9),
            Column::new("Ud", 1.9),
            Column::new("Saldo", 2.0),
        ];
        let rows = sheet
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.date.clone(),
                    l.text.clone(),
                    l.receipt.clone(),
                    l.deposit.clone(),
                    l.expense.clone(),
                    l.balance.clone(),
                ]
            })
            .collect();
        doc.table(&Table { columns, rows });
    }
    doc.heading("Indbetalinger pr. familie", 2);
    let columns = vec![
        Column::new("Elev", 3.0),
        Column::new("Indbetalt", 2.0),
        Column::new("Aftalt til dato", 2.0),
        Column::new("Bemærkning", 4.6),
    ];
    let rows = sheet
        .families
        .iter()
        .map(|f| {
            vec![
                f.pupil.clone(),
                f.paid.clone(),
                f.expected.clone(),
                f.note.clone(),
            ]
        })
        .collect();
    doc.table(&Table { columns, rows });
}
