//! The bookkeeping journal (*posteringsjournal*): what a month's charge run, the
//! payments read from 0602 files, manual payments, credit notes and refunds mean for
//! the school's books. Each item goes to the account the school set for it in its
//! chart of accounts (*kontoplan*); the other side of every posting is the parents'
//! debtor account, so each posting balances by itself.
//!
//! Amounts follow the cash-book convention of e-conomic and Dinero: a positive amount
//! is a debit of `account` and a credit of `contra`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ChargeMonth, LineKind};
use crate::dates::short;
use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;
use crate::Ore;

/// What a posting is about; each has its own account in the chart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostingItem {
    /// Skolepenge.
    SchoolRate,
    /// SFO, one account per module.
    SfoRate(String),
    /// Børnehave.
    KindergartenRate,
    /// Søskenderabat.
    SiblingDiscount,
    /// Friplads and municipal subsidy.
    Subsidy,
    /// Indmeldelsesgebyr (R1).
    EnrolmentFee,
    /// Regulering of a charged month, and the office's own corrections.
    Correction,
    /// Kreditnota.
    CreditNote,
    /// Money in through Betalingsservice (0602, R35).
    BetalingsservicePayment,
    /// Money in by bank transfer.
    TransferPayment,
    /// Money in as cash.
    CashPayment,
    /// A Betalingsservice payment the payer had paid back (tilbageført).
    ChargeBack,
    /// An overpaid balance paid back to the payer.
    Refund,
    /// Forældrenes tilgodehavender: the other side of every posting.
    Debtors,
}

impl PostingItem {
    /// The items every school has, in the chart's order; an SFO module's own item
    /// follows SFO without a module.
    pub const FIXED: [PostingItem; 14] = [
        PostingItem::SchoolRate,
        PostingItem::SfoRate(String::new()),
        PostingItem::KindergartenRate,
        PostingItem::EnrolmentFee,
        PostingItem::SiblingDiscount,
        PostingItem::Subsidy,
        PostingItem::Correction,
        PostingItem::CreditNote,
        PostingItem::BetalingsservicePayment,
        PostingItem::TransferPayment,
        PostingItem::CashPayment,
        PostingItem::ChargeBack,
        PostingItem::Refund,
        PostingItem::Debtors,
    ];

    /// The stable key in the chart (`sfo:<module>` for a module, in lower case).
    pub fn code(&self) -> String {
        match self {
            PostingItem::SfoRate(module) if !module.is_empty() => {
                format!("sfo:{}", module.to_lowercase())
            }
            other => other.fixed_code().into(),
        }
    }

    fn fixed_code(&self) -> &'static str {
        match self {
            PostingItem::SchoolRate => "school",
            PostingItem::SfoRate(_) => "sfo",
            PostingItem::KindergartenRate => "kindergarten",
            PostingItem::SiblingDiscount => "sibling_discount",
            PostingItem::Subsidy => "subsidy",
            PostingItem::EnrolmentFee => "enrolment_fee",
            PostingItem::Correction => "correction",
            PostingItem::CreditNote => "credit_note",
            PostingItem::BetalingsservicePayment => "bs_payment",
            PostingItem::TransferPayment => "transfer",
            PostingItem::CashPayment => "cash",
            PostingItem::ChargeBack => "charge_back",
            PostingItem::Refund => "refund",
            PostingItem::Debtors => "debtors",
        }
    }

    /// Reads [`PostingItem::code`] back.
    pub fn from_code(code: &str) -> Option<PostingItem> {
        if let Some(module) = code.strip_prefix("sfo:") {
            return (!module.is_empty()).then(|| PostingItem::SfoRate(module.into()));
        }
        PostingItem::FIXED
            .into_iter()
            .find(|item| item.code() == code)
    }

    /// The item's Danish name, as the journal (for the bookkeeping) shows it.
    pub fn danish(&self) -> String {
        crate::language::in_danish(|| self.shown())
    }

    /// The item's name in the reader's language, for the chart of accounts' screen.
    pub fn shown(&self) -> String {
        match self {
            PostingItem::SchoolRate => tr!("journal.school_rate"),
            PostingItem::SfoRate(module) if module.is_empty() => "SFO".into(),
            PostingItem::SfoRate(module) => format!("SFO, {module}"),
            PostingItem::KindergartenRate => tr!("journal.kindergarten_rate"),
            PostingItem::SiblingDiscount => tr!("journal.sibling_discount"),
            PostingItem::Subsidy => tr!("journal.subsidy"),
            PostingItem::EnrolmentFee => tr!("journal.enrolment_fee"),
            PostingItem::Correction => tr!("journal.correction"),
            PostingItem::CreditNote => tr!("journal.credit_note"),
            PostingItem::BetalingsservicePayment => tr!("journal.bs_payment"),
            PostingItem::TransferPayment => tr!("journal.transfer_payment"),
            PostingItem::CashPayment => tr!("journal.cash_payment"),
            PostingItem::ChargeBack => tr!("journal.charge_back"),
            PostingItem::Refund => tr!("journal.refund"),
            PostingItem::Debtors => tr!("journal.debtors"),
        }
    }

    /// The chart's group as a code the screen names: `income`, `reductions`,
    /// `money` (bank and cash) or `balance`.
    pub fn group(&self) -> &'static str {
        match self {
            PostingItem::SchoolRate
            | PostingItem::SfoRate(_)
            | PostingItem::KindergartenRate
            | PostingItem::EnrolmentFee
            | PostingItem::Correction => "income",
            PostingItem::SiblingDiscount | PostingItem::Subsidy | PostingItem::CreditNote => {
                "reductions"
            }
            PostingItem::BetalingsservicePayment
            | PostingItem::TransferPayment
            | PostingItem::CashPayment
            | PostingItem::ChargeBack
            | PostingItem::Refund => "money",
            PostingItem::Debtors => "balance",
        }
    }

    /// The item a charge line is posted to.
    pub fn of_line(kind: LineKind, division: Option<Division>, sfo_module: &str) -> PostingItem {
        match kind {
            LineKind::Rate => match division {
                Some(Division::Sfo) => PostingItem::SfoRate(sfo_module.trim().to_string()),
                Some(Division::Kindergarten) => PostingItem::KindergartenRate,
                _ => PostingItem::SchoolRate,
            },
            LineKind::SiblingDiscount => PostingItem::SiblingDiscount,
            LineKind::Subsidy => PostingItem::Subsidy,
            LineKind::EnrolmentFee => PostingItem::EnrolmentFee,
            LineKind::Correction => PostingItem::Correction,
        }
    }
}

/// The school's account number per item, keyed by [`PostingItem::code`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChartOfAccounts {
    /// Item code → account number.
    pub accounts: BTreeMap<String, String>,
}

impl ChartOfAccounts {
    /// The account of `item`, if set.
    pub fn account(&self, item: &PostingItem) -> Option<&str> {
        self.accounts.get(&item.code()).map(String::as_str)
    }

    /// Checks that every number is 1–9 digits (what e-conomic and Dinero accept);
    /// errors are keyed by the item's code. An empty number unsets the item.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        for (code, account) in &self.accounts {
            if PostingItem::from_code(code).is_none() {
                errors.add(code, tr!("journal.no_such_item"));
            } else if !is_account_number(account) {
                errors.add(code, tr!("journal.account_number"));
            }
        }
        errors.into_result()
    }
}

/// Empty (unset) or 1–9 digits.
fn is_account_number(account: &str) -> bool {
    account.len() <= 9 && account.bytes().all(|b| b.is_ascii_digit())
}

/// A charge line as the journal needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFact {
    /// What the line is.
    pub kind: LineKind,
    /// The division, for rates.
    pub division: Option<Division>,
    /// The SFO module, for an SFO rate.
    pub sfo_module: String,
    /// Positive = debit the payer.
    pub amount: Ore,
}

/// An issued month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFact {
    /// The month charged.
    pub month: ChargeMonth,
    /// The day it falls due (the posting date).
    pub payment_date: NaiveDate,
    /// Every line of every charge.
    pub lines: Vec<LineFact>,
    /// The charges' totals, one per payer.
    pub charge_totals: Vec<Ore>,
}

/// How money came in or went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentFactKind {
    /// Paid through Betalingsservice.
    BsPaid,
    /// Rejected or cancelled: nothing moved.
    BsNotPaid,
    /// Charged back: money went back to the payer (a negative amount).
    BsChargedBack,
    /// A bank transfer.
    Transfer,
    Cash,
}

/// One payment row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFact {
    /// What it was.
    pub kind: PaymentFactKind,
    /// Positive in, negative out.
    pub amount: Ore,
    /// The bank day.
    pub paid_on: NaiveDate,
    /// The 0602 file's delivery number, for a payment read from one.
    pub delivery: Option<u64>,
    /// The payer's customer number (not a name: the journal leaves the school).
    pub customer_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditNoteFact {
    pub number: i64,
    pub issued_on: NaiveDate,
    /// Positive.
    pub amount: Ore,
    /// The payer's customer number.
    pub customer_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundFact {
    pub paid_on: NaiveDate,
    /// Positive.
    pub amount: Ore,
    /// The transfer's reference.
    pub bank_reference: String,
    /// The payer's customer number.
    pub customer_number: String,
}

/// Everything of one period that reaches the books.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFacts {
    /// The period's issued month, if issued.
    pub run: Option<RunFact>,
    /// Payments with a bank day in the period.
    pub payments: Vec<PaymentFact>,
    /// Credit notes issued in the period.
    pub credit_notes: Vec<CreditNoteFact>,
    /// Refunds paid in the period.
    pub refunds: Vec<RefundFact>,
}

/// Where a voucher comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum VoucherSource {
    /// The month's charge run.
    ChargeRun,
    /// A 0602 file's payments of one bank day.
    PaymentFile {
        /// The file's delivery number.
        #[ts(type = "number")]
        delivery: u64,
    },
    /// A payment typed in by the office.
    ManualPayment,
    CreditNote,
    Refund,
}

/// One posting line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Posting {
    /// Bilagsnummer.
    pub voucher: u32,
    /// Posting date.
    pub date: NaiveDate,
    /// Posting text.
    pub text: String,
    /// The item's name (for the PDF and the screen).
    pub item: String,
    /// Debited when the amount is positive.
    pub account: String,
    /// Credited when the amount is positive.
    pub contra: String,
    /// Positive = debit `account`, credit `contra`.
    pub amount: Ore,
}

/// One voucher: its postings and what to tell the bookkeeper about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Voucher {
    /// Bilagsnummer.
    pub number: u32,
    pub date: NaiveDate,
    /// What it is.
    pub title: String,
    /// Where it comes from.
    pub source: VoucherSource,
    pub postings: Vec<Posting>,
    /// What it moves on the debtor account (charges up, payments down).
    pub debtors: Ore,
    /// Notes for the bookkeeper (what was collected, rejections).
    pub notes: Vec<String>,
}

/// An account's movement in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AccountTotal {
    /// The account number.
    pub account: String,
    /// The items posted to it.
    pub items: Vec<String>,
    /// Sum of debits.
    pub debit: Ore,
    /// Sum of credits (positive).
    pub credit: Ore,
}

/// A period's journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Journal {
    /// The period.
    pub month: ChargeMonth,
    /// The vouchers, by date.
    pub vouchers: Vec<Voucher>,
    /// Per account: debit and credit; the two columns' sums are equal.
    pub totals: Vec<AccountTotal>,
}

impl Journal {
    /// Every posting, voucher by voucher.
    pub fn postings(&self) -> impl Iterator<Item = &Posting> {
        self.vouchers.iter().flat_map(|v| v.postings.iter())
    }
}

/// Why a journal cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    /// Items in the period have no account.
    #[error("{}", tr!("journal.account_missing", items = names(.0)))]
    MissingAccounts(Vec<PostingItem>),
}

/// Makes the journal of `month` from its facts, numbering vouchers from `first_voucher`.
pub fn journal(
    month: ChargeMonth,
    facts: &JournalFacts,
    chart: &ChartOfAccounts,
    first_voucher: u32,
) -> Result<Journal, JournalError> {
    let mut drafts = Vec::new();
    if let Some(run) = &facts.run {
        drafts.push(run_voucher(run));
    }
    drafts.extend(payment_vouchers(&facts.payments));
    drafts.extend(facts.credit_notes.iter().map(credit_note_voucher));
    drafts.extend(facts.refunds.iter().map(refund_voucher));
    // Stable by date: within a day the order above (charges, payments, credits, refunds).
    drafts.sort_by_key(|d| d.date);
    let missing = missing_accounts(&drafts, chart);
    if !missing.is_empty() {
        return Err(JournalError::MissingAccounts(missing));
    }
    let vouchers: Vec<Voucher> = drafts
        .into_iter()
        .zip(first_voucher..)
        .map(|(draft, number)| draft.post(number, chart))
        .collect();
    let totals = account_totals(&vouchers);
    Ok(Journal {
        month,
        vouchers,
        totals,
    })
}

/// A voucher before it has a number and accounts: (item, text, amount debited to the
/// item's account against the debtors).
struct Draft {
    date: NaiveDate,
    title: String,
    source: VoucherSource,
    lines: Vec<(PostingItem, String, Ore)>,
    notes: Vec<String>,
}

impl Draft {
    fn post(self, number: u32, chart: &ChartOfAccounts) -> Voucher {
        let debtors = chart
            .account(&PostingItem::Debtors)
            .unwrap_or_default()
            .to_string();
        let mut moved = Ore(0);
        let postings = self
            .lines
            .into_iter()
            .map(|(item, text, amount)| {
                moved = Ore(moved.0 - amount.0);
                Posting {
                    voucher: number,
                    date: self.date,
                    text,
                    item: item.shown(),
                    account: chart.account(&item).unwrap_or_default().to_string(),
                    contra: debtors.clone(),
                    amount,
                }
            })
            .collect();
        Voucher {
            number,
            date: self.date,
            title: self.title,
            source: self.source,
            postings,
            debtors: moved,
            notes: self.notes,
        }
    }
}

/// A charge: the debtors are debited, each income item credited (a discount debited):
/// per item `amount` = −(the lines' sum) on the item's account.
fn run_voucher(run: &RunFact) -> Draft {
    let mut by_item: BTreeMap<PostingItem, Ore> = BTreeMap::new();
    for line in &run.lines {
        let item = PostingItem::of_line(line.kind, line.division, &line.sfo_module);
        let sum = by_item.entry(item).or_default();
        *sum = Ore(sum.0 + line.amount.0);
    }
    let month = run.month.shown();
    let collected: Ore = run.charge_totals.iter().filter(|t| t.0 > 0).copied().sum();
    let not_collected: Vec<&Ore> = run.charge_totals.iter().filter(|t| t.0 <= 0).collect();
    let mut notes = vec![tr!(
        "journal.note_collected",
        amount = collected.to_danish(),
        charges = charges(run.charge_totals.len())
    )];
    if !not_collected.is_empty() {
        let sum: Ore = not_collected.iter().copied().copied().sum();
        notes.push(tr!(
            "journal.note_not_collected",
            charges = charges(not_collected.len()),
            amount = sum.to_danish()
        ));
    }
    Draft {
        date: run.payment_date,
        title: tr!("journal.charge_title", month = month.clone()),
        source: VoucherSource::ChargeRun,
        lines: by_item
            .into_iter()
            .filter(|(_, sum)| sum.0 != 0)
            .map(|(item, sum)| {
                let text = format!("{} {month}", item.shown());
                (item, text, Ore(-sum.0))
            })
            .collect(),
        notes,
    }
}

/// `1 opkrævning`, `2 opkrævninger`.
fn charges(count: usize) -> String {
    match count {
        1 => tr!("journal.one_charge"),
        n => tr!("journal.charges", count = n),
    }
}

/// The items' names, for the message that they lack an account.
fn names(items: &[PostingItem]) -> String {
    let mut names: Vec<String> = items.iter().map(PostingItem::shown).collect();
    names.sort();
    names.join(", ")
}

/// Betalingsservice payments per file and bank day; manual payments one by one.
fn payment_vouchers(payments: &[PaymentFact]) -> Vec<Draft> {
    let mut by_file: BTreeMap<(NaiveDate, u64), Vec<&PaymentFact>> = BTreeMap::new();
    let mut drafts = Vec::new();
    for payment in payments {
        match (payment.kind, payment.delivery) {
            (PaymentFactKind::Transfer | PaymentFactKind::Cash, _) | (_, None) => {
                drafts.push(manual_payment_voucher(payment))
            }
            (_, Some(delivery)) => by_file
                .entry((payment.paid_on, delivery))
                .or_default()
                .push(payment),
        }
    }
    for ((date, delivery), payments) in by_file {
        drafts.push(file_voucher(date, delivery, &payments));
    }
    drafts
}

fn file_voucher(date: NaiveDate, delivery: u64, payments: &[&PaymentFact]) -> Draft {
    let sum_of = |kind| -> (usize, Ore) {
        let of_kind: Vec<&&PaymentFact> = payments.iter().filter(|p| p.kind == kind).collect();
        (of_kind.len(), of_kind.iter().map(|p| p.amount).sum())
    };
    let (paid_count, paid) = sum_of(PaymentFactKind::BsPaid);
    let (back_count, back) = sum_of(PaymentFactKind::BsChargedBack);
    let (not_paid, _) = sum_of(PaymentFactKind::BsNotPaid);
    let day = short(date);
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    if paid_count > 0 {
        lines.push((
            PostingItem::BetalingsservicePayment,
            tr!(
                "journal.file_payments",
                day = day.clone(),
                count = paid_count
            ),
            paid,
        ));
    }
    if back_count > 0 {
        lines.push((
            PostingItem::ChargeBack,
            tr!(
                "journal.file_charged_back",
                day = day.clone(),
                count = back_count
            ),
            back,
        ));
    }
    if not_paid > 0 {
        notes.push(tr!("journal.note_not_paid", charges = charges(not_paid)));
    }
    Draft {
        date,
        title: tr!("journal.file_title", delivery = delivery, day = day),
        source: VoucherSource::PaymentFile { delivery },
        lines,
        notes,
    }
}

fn manual_payment_voucher(payment: &PaymentFact) -> Draft {
    let (item, how) = match payment.kind {
        PaymentFactKind::Cash => (PostingItem::CashPayment, tr!("journal.by_cash")),
        PaymentFactKind::BsChargedBack => (PostingItem::ChargeBack, tr!("journal.charged_back")),
        PaymentFactKind::BsPaid | PaymentFactKind::BsNotPaid => (
            PostingItem::BetalingsservicePayment,
            "Betalingsservice".into(),
        ),
        PaymentFactKind::Transfer => (PostingItem::TransferPayment, tr!("journal.by_transfer")),
    };
    let text = tr!(
        "journal.payment_text",
        how = how,
        customer = payment.customer_number.clone()
    );
    Draft {
        date: payment.paid_on,
        title: text.clone(),
        source: VoucherSource::ManualPayment,
        lines: vec![(item, text, payment.amount)],
        notes: Vec::new(),
    }
}

/// A credit note lowers the debtors against its own (reduction) account.
fn credit_note_voucher(note: &CreditNoteFact) -> Draft {
    let text = tr!(
        "journal.credit_note_text",
        number = note.number,
        customer = note.customer_number.clone()
    );
    Draft {
        date: note.issued_on,
        title: text.clone(),
        source: VoucherSource::CreditNote,
        lines: vec![(PostingItem::CreditNote, text, note.amount)],
        notes: Vec::new(),
    }
}

/// A refund: money out of the bank, the debtors debited back.
fn refund_voucher(refund: &RefundFact) -> Draft {
    let text = tr!(
        "journal.refund_text",
        customer = refund.customer_number.clone(),
        reference = refund.bank_reference.clone()
    );
    Draft {
        date: refund.paid_on,
        title: text.clone(),
        source: VoucherSource::Refund,
        lines: vec![(PostingItem::Refund, text, Ore(-refund.amount.0))],
        notes: Vec::new(),
    }
}

fn missing_accounts(drafts: &[Draft], chart: &ChartOfAccounts) -> Vec<PostingItem> {
    let mut items: Vec<&PostingItem> = drafts
        .iter()
        .flat_map(|d| d.lines.iter().map(|(item, _, _)| item))
        .collect();
    if !items.is_empty() {
        items.push(&PostingItem::Debtors);
    }
    let mut missing: Vec<PostingItem> = items
        .into_iter()
        .filter(|item| chart.account(item).is_none_or(str::is_empty))
        .cloned()
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

fn account_totals(vouchers: &[Voucher]) -> Vec<AccountTotal> {
    let mut totals: BTreeMap<String, AccountTotal> = BTreeMap::new();
    let mut add = |account: &str, item: &str, debit: i64| {
        let total = totals
            .entry(account.to_string())
            .or_insert_with(|| AccountTotal {
                account: account.to_string(),
                items: Vec::new(),
                debit: Ore(0),
                credit: Ore(0),
            });
        if !total.items.iter().any(|i| i == item) {
            total.items.push(item.to_string());
        }
        if debit >= 0 {
            total.debit = Ore(total.debit.0 + debit);
        } else {
            total.credit = Ore(total.credit.0 - debit);
        }
    };
    let debtors = PostingItem::Debtors.shown();
    for posting in vouchers.iter().flat_map(|v| &v.postings) {
        add(&posting.account, &posting.item, posting.amount.0);
        add(&posting.contra, &debtors, -posting.amount.0);
    }
    let mut totals: Vec<AccountTotal> = totals.into_values().collect();
    totals.sort_by_key(|t| (t.account.len(), t.account.clone()));
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn chart() -> ChartOfAccounts {
        let mut accounts = BTreeMap::new();
        for (item, account) in [
            ("school", "1010"),
            ("sfo:modul 1", "1020"),
            ("sfo:modul 2", "1021"),
            ("kindergarten", "1030"),
            ("sibling_discount", "1050"),
            ("subsidy", "1060"),
            ("enrolment_fee", "1040"),
            ("correction", "1070"),
            ("credit_note", "1080"),
            ("bs_payment", "5820"),
            ("transfer", "5820"),
            ("cash", "5810"),
            ("charge_back", "5820"),
            ("refund", "5820"),
            ("debtors", "5600"),
        ] {
            accounts.insert(item.to_string(), account.to_string());
        }
        ChartOfAccounts { accounts }
    }

    fn line(kind: LineKind, division: Option<Division>, module: &str, kr: i64) -> LineFact {
        LineFact {
            kind,
            division,
            sfo_module: module.into(),
            amount: Ore(kr * 100),
        }
    }

    fn facts() -> JournalFacts {
        use Division::*;
        use LineKind::*;
        JournalFacts {
            run: Some(RunFact {
                month: ChargeMonth::new(2026, 9).unwrap(),
                payment_date: day(9, 1),
                lines: vec![
                    line(Rate, Some(School), "", 3000),
                    line(Rate, Some(School), "", 3000),
                    line(SiblingDiscount, Some(School), "", -750),
                    line(Rate, Some(Sfo), "Modul 1", 1200),
                    line(Rate, Some(Sfo), "Modul 2", 900),
                    line(Subsidy, Some(Sfo), "", -900),
                    line(EnrolmentFee, None, "", 500),
                    line(Correction, None, "", -6000),
                ],
                charge_totals: vec![Ore(695_000), Ore(-600_000)],
            }),
            payments: vec![
                PaymentFact {
                    kind: PaymentFactKind::BsPaid,
                    amount: Ore(300_000),
                    paid_on: day(9, 1),
                    delivery: Some(7),
                    customer_number: "1".into(),
                },
                PaymentFact {
                    kind: PaymentFactKind::BsPaid,
                    amount: Ore(100_000),
                    paid_on: day(9, 1),
                    delivery: Some(7),
                    customer_number: "2".into(),
                },
                PaymentFact {
                    kind: PaymentFactKind::BsChargedBack,
                    amount: Ore(-100_000),
                    paid_on: day(9, 8),
                    delivery: Some(8),
                    customer_number: "2".into(),
                },
                PaymentFact {
                    kind: PaymentFactKind::BsNotPaid,
                    amount: Ore(0),
                    paid_on: day(9, 1),
                    delivery: Some(7),
                    customer_number: "3".into(),
                },
                PaymentFact {
                    kind: PaymentFactKind::Cash,
                    amount: Ore(20_000),
                    paid_on: day(9, 3),
                    delivery: None,
                    customer_number: "3".into(),
                },
            ],
            credit_notes: vec![CreditNoteFact {
                number: 4,
                issued_on: day(9, 10),
                amount: Ore(5_000),
                customer_number: "1".into(),
            }],
            refunds: vec![RefundFact {
                paid_on: day(9, 12),
                amount: Ore(2_500),
                bank_reference: "OVF-1".into(),
                customer_number: "4".into(),
            }],
        }
    }

    #[test]
    fn each_item_goes_to_its_account_and_every_posting_balances_against_the_debtors() {
        let journal = journal(ChargeMonth::new(2026, 9).unwrap(), &facts(), &chart(), 101).unwrap();
        let run = &journal.vouchers[0];
        assert_eq!(run.number, 101);
        assert_eq!(run.source, VoucherSource::ChargeRun);
        let on = |account: &str| -> Vec<i64> {
            run.postings
                .iter()
                .filter(|p| p.account == account)
                .map(|p| p.amount.0)
                .collect()
        };
        // Income is credited (negative), reductions debited, each module apart.
        assert_eq!(on("1010"), vec![-600_000]);
        assert_eq!(on("1020"), vec![-120_000]);
        assert_eq!(on("1021"), vec![-90_000]);
        assert_eq!(on("1050"), vec![75_000]);
        assert_eq!(on("1060"), vec![90_000]);
        assert_eq!(on("1040"), vec![-50_000]);
        assert_eq!(on("1070"), vec![600_000]);
        assert!(run.postings.iter().all(|p| p.contra == "5600"));
        // The debtors move by the run's total, which is the charges' sum.
        assert_eq!(run.debtors, Ore(95_000));
        assert_eq!(
            run.notes[0],
            "Via Betalingsservice opkræves 6.950,00 kr. (2 opkrævninger i alt)."
        );
        assert!(run.notes[1].contains("-6.000,00 kr."), "{:?}", run.notes);

        let titles: Vec<&str> = journal.vouchers.iter().map(|v| v.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Opkrævning september 2026",
                "Betalingsservice, levering 7, 01-09-2026",
                "Indbetaling kontant, kunde 3",
                "Betalingsservice, levering 8, 08-09-2026",
                "Kreditnota nr. 4, kunde 1",
                "Tilbagebetaling, kunde 4, OVF-1",
            ]
        );
        let numbers: Vec<u32> = journal.vouchers.iter().map(|v| v.number).collect();
        assert_eq!(numbers, [101, 102, 103, 104, 105, 106]);
        let file = &journal.vouchers[1];
        assert_eq!(file.postings.len(), 1, "a rejection moves no money");
        assert_eq!(file.postings[0].amount, Ore(400_000));
        assert!(file.notes[0].starts_with("1 opkrævning blev afvist"));
        assert_eq!(journal.vouchers[3].postings[0].amount, Ore(-100_000));
        assert_eq!(journal.vouchers[4].postings[0].amount, Ore(5_000));
        assert_eq!(journal.vouchers[4].debtors, Ore(-5_000));
        assert_eq!(journal.vouchers[5].debtors, Ore(2_500));

        // Debit equals credit, account by account summed.
        let debit: i64 = journal.totals.iter().map(|t| t.debit.0).sum();
        let credit: i64 = journal.totals.iter().map(|t| t.credit.0).sum();
        assert_eq!(debit, credit);
        let debtors = journal.totals.iter().find(|t| t.account == "5600").unwrap();
        let moved: i64 = journal.vouchers.iter().map(|v| v.debtors.0).sum();
        assert_eq!(debtors.debit.0 - debtors.credit.0, moved);
        assert_eq!(moved, 95_000 - 400_000 - 20_000 + 100_000 - 5_000 + 2_500);
    }

    #[test]
    fn an_item_without_an_account_stops_the_journal_and_is_named() {
        let mut chart = chart();
        chart.accounts.remove("sfo:modul 2");
        chart.accounts.insert("debtors".into(), String::new());
        let err = journal(ChargeMonth::new(2026, 9).unwrap(), &facts(), &chart, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Vælg et kontonummer i kontoplanen for: Forældrenes tilgodehavender (debitorer), SFO, Modul 2."
        );
        // An empty period needs no accounts.
        let empty = journal(
            ChargeMonth::new(2026, 9).unwrap(),
            &JournalFacts::default(),
            &ChartOfAccounts::default(),
            1,
        )
        .unwrap();
        assert!(empty.vouchers.is_empty() && empty.totals.is_empty());
    }

    #[test]
    fn account_numbers_are_one_to_nine_digits() {
        let mut chart = chart();
        assert!(chart.validate().is_ok());
        chart.accounts.insert("school".into(), "10 10".into());
        chart.accounts.insert("cash".into(), "1234567890".into());
        chart.accounts.insert("nonsense".into(), "1".into());
        chart.accounts.insert("transfer".into(), String::new());
        let fields: Vec<String> = chart
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["cash", "nonsense", "school"]);
    }

    #[test]
    fn item_codes_read_back() {
        for item in PostingItem::FIXED
            .into_iter()
            .chain([PostingItem::SfoRate("modul 1".into())])
        {
            assert_eq!(PostingItem::from_code(&item.code()), Some(item));
        }
        assert_eq!(PostingItem::from_code("sfo:"), None);
        assert_eq!(
            PostingItem::from_code("sfo"),
            Some(PostingItem::SfoRate(String::new()))
        );
        assert_eq!(
            PostingItem::of_line(LineKind::Rate, Some(Division::Sfo), "Modul 1").code(),
            "sfo:modul 1"
        );
    }
}
