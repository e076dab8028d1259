//! Use cases of fees and payments (R1, R7–R10, R14, R35): rates, subsidies and
//! settings; previewing and issuing a month's charges with its Betalingsservice
//! file; reading payments back; manual payments, accounts and arrears.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use skolekontor_documents::arrears_letters::{
    Addressee, ArrearsTermination, Reminder, UnpaidCharge,
};
use skolekontor_domain::betalingsservice::delivery::text_line;
use skolekontor_domain::betalingsservice::{
    check_0601, parse_0602, write_0601, Collection, Creditor, Delivery, PaymentEvent,
};
use skolekontor_domain::billing::arrears::{
    arrears_termination_last_day, reminder_pay_by, Account,
};
use skolekontor_domain::billing::{
    compute_month, due_date, issuable_due_date, BillingSettings, ChargeLine, ChargeMonth,
    ChargeRules, ChargeRun, PayerCharge, Rate, RateCorrection, RateInput, RateKind, RateTable,
    Subsidy, SubsidyInput,
};
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_domain::{dates, Ore};
use skolekontor_store::billing::{NewPayment, PayerAddress, StoredCharge, StoredRun};
use skolekontor_store::{Database, Work};
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// The rates screen: every rate and the settings.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BillingSetup {
    /// Every rate, old and new.
    pub rates: Vec<RateRow>,
    /// Sibling discount, July, pro rata.
    pub settings: BillingSettings,
    /// PBS number and friends.
    pub creditor: Creditor,
}

/// A rate on the rates screen, and whether it may still be put right.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RateRow {
    #[serde(flatten)]
    #[ts(flatten)]
    pub rate: Rate,
    /// No run has used it yet (R7): it can be corrected or removed.
    pub correctable: bool,
}

/// One payer's charge as the screens show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChargeView {
    /// The issued charge's id; none in a preview.
    #[ts(type = "number | null")]
    pub charge_id: Option<i64>,
    #[ts(type = "number")]
    pub payer_id: i64,
    pub payer_name: String,
    /// Kundenummer (made when first issued).
    pub customer_number: String,
    /// `dd-mm-yyyy`.
    pub due: String,
    pub lines: Vec<ChargeLine>,
    /// The sum.
    pub total: Ore,
    /// Danish: "Til opkrævning", "Betalt", "Afvist" …
    pub status: String,
}

/// A month's charges: a preview, or the issued run.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ChargePreview {
    /// `2026-09`.
    pub month: String,
    /// `september 2026`.
    pub month_label: String,
    /// `dd-mm-yyyy`: the first banking day of the month, or the next one if that has passed.
    pub payment_date: String,
    /// Whether the month is issued (then the charges are the issued ones).
    pub issued: bool,
    /// `dd-mm-yyyy hh:mm` and who, once issued.
    pub issued_note: Option<String>,
    /// The run, once issued.
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
    /// Per payer.
    pub charges: Vec<ChargeView>,
    /// What stops issuing.
    pub problems: Vec<String>,
    /// Sum of all charges.
    pub total: Ore,
    /// What goes to Betalingsservice (the positive charges).
    pub collected: Ore,
}

/// An issued run in the list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    #[ts(type = "number")]
    pub id: i64,
    /// `2026-09`.
    pub month: String,
    /// `september 2026`.
    pub month_label: String,
    /// `dd-mm-yyyy`.
    pub payment_date: String,
    /// `dd-mm-yyyy hh:mm`.
    pub issued_at: String,
    /// Number of charges.
    #[ts(type = "number")]
    pub charges: i64,
    /// Sum.
    pub total: Ore,
    /// The 0601 delivery id.
    #[ts(type = "number | null")]
    pub delivery_id: Option<i64>,
}

/// A file to save (the 0601 delivery).
#[derive(Debug, Clone)]
pub struct DeliveryFile {
    /// Suggested name.
    pub file_name: String,
    /// The bytes, checked by our reader.
    pub bytes: Vec<u8>,
}

/// A line of a 0602 file that was not booked.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct UnmatchedPayment {
    /// Line in the file.
    #[ts(type = "number")]
    pub line: usize,
    /// What happened.
    pub event: PaymentEvent,
    /// Kundenummer in the file.
    pub customer_number: String,
    /// Reference in the file.
    pub reference: String,
    /// Amount in the file.
    pub amount: Ore,
    /// Why it was not booked.
    pub reason: String,
}

/// What reading a 0602 file did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PaymentImportReport {
    /// Booked as paid.
    #[ts(type = "number")]
    pub paid: usize,
    /// Sum paid.
    pub paid_total: Ore,
    #[ts(type = "number")]
    pub rejected: usize,
    #[ts(type = "number")]
    pub cancelled: usize,
    #[ts(type = "number")]
    pub charged_back: usize,
    /// For the secretary to look at.
    pub unmatched: Vec<UnmatchedPayment>,
}

/// A payment typed by the secretary.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ManualPaymentInput {
    #[ts(type = "number")]
    pub payer_id: i64,
    /// `transfer` or `cash`.
    pub kind: String,
    /// In øre, positive.
    pub amount: Ore,
    /// `dd-mm-yyyy`.
    pub paid_on: String,
    /// Free text.
    pub note: String,
}

/// A payer's account in the list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PayerAccount {
    #[ts(type = "number")]
    pub payer_id: i64,
    pub name: String,
    /// Kundenummer.
    pub customer_number: String,
    /// Balance, overdue and ages.
    pub account: Account,
    /// `dd-mm-yyyy` of the oldest unpaid due date.
    pub oldest_due: Option<String>,
    /// Kindergarten children of the payer (for R14), id and name.
    pub kindergarten_children: Vec<KindergartenChild>,
}

/// A child in the kindergarten paid for by a payer.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct KindergartenChild {
    #[ts(type = "number")]
    pub child_id: i64,
    /// Full name.
    pub name: String,
}

/// A payment in a payer's statement.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    /// `dd-mm-yyyy`.
    pub paid_on: String,
    /// Danish.
    pub kind: String,
    pub amount: Ore,
    pub note: String,
}

/// A payer's whole statement.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PayerStatement {
    /// The summary.
    pub account: PayerAccount,
    /// Every charge, oldest first.
    pub charges: Vec<ChargeView>,
    /// Every payment, newest first.
    pub payments: Vec<PaymentView>,
    /// Credit notes, oldest first.
    pub credit_notes: Vec<crate::payer_credit::CreditNoteView>,
    /// Refunds of overpaid money, oldest first.
    pub refunds: Vec<crate::payer_credit::RefundView>,
}

fn parse_month(text: &str) -> AppResult<ChargeMonth> {
    ChargeMonth::parse(text).ok_or_else(|| AppError::Input(tr!("billing.month_format")))
}

fn status(last_event: Option<&str>, total: Ore) -> String {
    match last_event {
        Some("bs_paid") => tr!("billing.status_paid"),
        Some("bs_rejected") => tr!("billing.status_rejected"),
        Some("bs_cancelled") => tr!("billing.status_cancelled"),
        Some("bs_charged_back") => tr!("billing.status_charged_back"),
        _ if total.0 <= 0 => tr!("billing.status_nothing"),
        _ => tr!("billing.status_to_charge"),
    }
}

fn payment_kind_shown(kind: &str) -> String {
    match kind {
        "bs_paid" => "Betalingsservice".into(),
        "bs_rejected" => tr!("billing.payment_rejected"),
        "bs_cancelled" => tr!("billing.payment_cancelled"),
        "bs_charged_back" => tr!("billing.payment_charged_back"),
        "cash" => tr!("billing.payment_cash"),
        _ => tr!("billing.payment_transfer"),
    }
}

/// What first used `rate`, in words ("opkrævningen for september 2026"), if anything has.
fn rate_used_in(db: &Database, table: &RateTable, rate: &Rate) -> AppResult<Option<String>> {
    Ok(match rate.kind {
        RateKind::EnrolmentFee => db
            .billing()
            .enrolment_fee_charged_since(rate.valid_from)?
            .then(|| tr!("billing.used_in_enrolment_fee")),
        _ => db
            .billing()
            .charged_months()?
            .into_iter()
            .find(|m| table.used_on(rate, std::iter::once(m.first_day())))
            .map(|m| tr!("billing.used_in_run", month = m.shown())),
    })
}

/// Computes a month from the store.
fn compute(db: &Database, month: ChargeMonth) -> AppResult<ChargeRun> {
    let rates = RateTable::new(db.billing().rates()?);
    let (settings, _) = db.billing().billing_settings()?;
    let subsidies = db.billing().subsidies(None)?;
    let children = db.billing().billable_children(month)?;
    let pending = db.billing().pending_items()?;
    let rules = ChargeRules {
        rates: &rates,
        settings: &settings,
        subsidies: &subsidies,
    };
    let mut run = compute_month(month, &children, &rules, &pending);
    crate::reconciliation::add_corrections(db, month, &rules, &mut run)?;
    let school_year = crate::leaving::school_year_state(db)?;
    if school_year.month_waits_for_rollover(month.first_day()) {
        run.problems.insert(
            0,
            tr!(
                "billing.waits_for_rollover",
                year = school_year.next_label(),
                month = month.shown()
            ),
        );
    }
    Ok(run)
}

fn payer_name(addresses: &BTreeMap<i64, PayerAddress>, payer_id: i64) -> String {
    addresses
        .get(&payer_id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| format!("Betaler {payer_id}"))
}

fn stored_view(charge: StoredCharge, addresses: &BTreeMap<i64, PayerAddress>) -> ChargeView {
    ChargeView {
        charge_id: Some(charge.id),
        payer_id: charge.payer_id,
        payer_name: payer_name(addresses, charge.payer_id),
        customer_number: charge.customer_number,
        due: dates::short(charge.due),
        status: status(charge.last_event.as_deref(), charge.total),
        lines: charge.lines,
        total: charge.total,
    }
}

/// The 0601 delivery of charges: one collection per payer with a positive total.
fn delivery(
    db: &Database,
    delivery_id: u32,
    month: ChargeMonth,
    today: NaiveDate,
    charges: &[(i64, &PayerCharge, String)],
) -> AppResult<Delivery> {
    let (_, creditor) = db.billing().billing_settings()?;
    let creditor = creditor
        .validate()
        .map_err(|_| AppError::Refused(tr!("billing.creditor_missing")))?;
    let addresses = db.billing().payer_addresses()?;
    let school = db.school().school()?.ok_or(AppError::NotOpen)?;
    let collections = charges
        .iter()
        .filter(|(_, charge, _)| charge.total.0 > 0)
        .map(|(reference, charge, customer)| {
            let address = addresses.get(&charge.payer_id);
            Collection {
                customer_number: customer.clone(),
                name: address.map(|a| a.name.clone()).unwrap_or_default(),
                street: address.map(|a| a.street.clone()).unwrap_or_default(),
                postal_code: address.map(|a| a.postal_code.clone()).unwrap_or_default(),
                payment_date: due_date(month, today),
                amount: charge.total,
                reference: format!("{reference:09}"),
                text_lines: charge
                    .lines
                    .iter()
                    .map(|l| text_line(&l.text, l.amount))
                    .collect(),
            }
        })
        .collect();
    Ok(Delivery {
        delivery_id,
        created: today,
        creditor,
        main_text: format!("{} - opkrævning {}", school.name, month.danish()),
        collections,
    })
}

fn bs_error(error: skolekontor_domain::betalingsservice::BsError) -> AppError {
    AppError::Refused(tr!("billing.file_cannot_be_made", error = error))
}

crate::use_case_handle! {
    /// Fees and payments (*betaling*): rates, charges, the bank's files, payments, arrears, payers, credit notes and refunds; the use cases, on the office's session.
    billing => BillingUseCases
}

impl BillingUseCases<'_> {
    /// The rates and billing settings.
    pub fn billing_setup(&mut self) -> AppResult<BillingSetup> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        let db = &context.open.db;
        let (settings, creditor) = db.billing().billing_settings()?;
        let rates = db.billing().rates()?;
        let table = RateTable::new(rates.clone());
        let mut rows = Vec::with_capacity(rates.len());
        for rate in rates {
            let used = rate_used_in(db, &table, &rate)?.is_some();
            rows.push(RateRow {
                rate,
                correctable: !used,
            });
        }
        Ok(BillingSetup {
            rates: rows,
            settings,
            creditor,
        })
    }

    /// Puts a mistyped rate right, or removes it, while no run has used it (R7).
    /// A used rate stays as it was charged; a new rate from a date follows it, and
    /// the next run corrects the charged months that date reaches back into.
    pub fn correct_rate(&mut self, input: RateCorrection) -> AppResult<()> {
        let rate = RateInput {
            kind: input.kind,
            module: input.module.clone(),
            amount: input.amount,
            valid_from: input.valid_from.clone(),
        }
        .validate()?;
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let work = context.open.db.begin()?;
        let db = work.db();
        if let Some(used_in) = rate_used_in(db, &RateTable::new(db.billing().rates()?), &rate)? {
            return Err(AppError::Refused(tr!(
                "billing.rate_in_use",
                used_in = used_in
            )));
        }
        work.billing()
            .correct_rate(&rate, (!input.remove).then_some(rate.amount))?;
        work.commit()?;
        Ok(())
    }

    /// Adds a rate (R7); a change is a new rate from a later date.
    pub fn add_rate(&mut self, input: RateInput) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let rate = input.validate()?;
        let work = context.open.db.begin()?;
        work.billing().add_rate(&rate)?;
        Ok(work.commit()?)
    }

    /// Saves the sibling discount, July and pro-rata settings and the Betalingsservice numbers.
    pub fn save_billing_settings(
        &mut self,
        settings: BillingSettings,
        creditor: Creditor,
    ) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        let mut errors = ValidationErrors::default();
        if let Err(e) = settings.validate() {
            errors.errors.extend(e.errors);
        }
        let creditor = if creditor == Creditor::default() {
            creditor
        } else {
            creditor.validate().unwrap_or_else(|e| {
                errors.errors.extend(e.errors);
                Creditor::default()
            })
        };
        errors.into_result()?;
        let work = context.open.db.begin()?;
        work.billing().save_billing_settings(&settings, &creditor)?;
        Ok(work.commit()?)
    }

    /// A child's subsidies (R9).
    pub fn subsidies(&mut self, child_id: i64) -> AppResult<Vec<Subsidy>> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        Ok(context.open.db.billing().subsidies(Some(child_id))?)
    }

    /// Grants a friplads or records the municipal subsidy (R9).
    pub fn add_subsidy(&mut self, input: SubsidyInput) -> AppResult<i64> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let subsidy = input.validate()?;
        let work = context.open.db.begin()?;
        let id = work.billing().add_subsidy(&subsidy)?;
        work.commit()?;
        Ok(id)
    }

    /// Ends a subsidy on a date.
    pub fn end_subsidy(&mut self, id: i64, to: &str) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let to = dates::parse(to).ok_or_else(|| AppError::Input(tr!("common.date_format")))?;
        let work = context.open.db.begin()?;
        work.billing().end_subsidy(id, to)?;
        Ok(work.commit()?)
    }

    /// A month's charges: the issued ones, or a preview of what issuing would charge.
    pub fn preview_charges(&mut self, month: &str) -> AppResult<ChargePreview> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        let month = parse_month(month)?;
        let today = context.today;
        let db = &context.open.db;
        let addresses = db.billing().payer_addresses()?;
        let mut preview = ChargePreview {
            month: month.key(),
            month_label: month.shown(),
            payment_date: dates::short(due_date(month, today)),
            issued: false,
            issued_note: None,
            run_id: None,
            charges: Vec::new(),
            problems: Vec::new(),
            total: Ore(0),
            collected: Ore(0),
        };
        if let Some(run) = db.billing().charge_run(month)? {
            preview.issued = true;
            preview.payment_date = dates::short(run.payment_date);
            preview.issued_note = Some(issued_note(&run));
            preview.run_id = Some(run.id);
            preview.charges = db
                .billing()
                .run_charges(run.id)?
                .into_iter()
                .map(|c| stored_view(c, &addresses))
                .collect();
        } else {
            let run = compute(db, month)?;
            let numbers = db.billing().customer_numbers()?;
            preview.problems = run.problems;
            preview.charges = run
                .charges
                .into_iter()
                .map(|c| ChargeView {
                    charge_id: None,
                    payer_id: c.payer_id,
                    payer_name: payer_name(&addresses, c.payer_id),
                    customer_number: numbers
                        .get(&c.payer_id)
                        .cloned()
                        .unwrap_or_else(|| c.payer_id.to_string()),
                    due: preview.payment_date.clone(),
                    status: tr!("billing.status_preview"),
                    lines: c.lines,
                    total: c.total,
                })
                .collect();
        }
        preview.total = preview.charges.iter().map(|c| c.total).sum();
        preview.collected = preview
            .charges
            .iter()
            .filter(|c| c.total.0 > 0)
            .map(|c| c.total)
            .sum();
        Ok(preview)
    }

    /// Issues a month's charges once (R8) and makes its checked 0601 file. Issuing a
    /// month again charges nothing twice and returns the run already issued.
    pub fn issue_charges(&mut self, month: &str) -> AppResult<ChargePreview> {
        let key = parse_month(month)?;
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        issue_month(&mut context.open.db, key, context.today)?;
        self.preview_charges(month)
    }

    /// Every issued run, newest first.
    pub fn charge_runs(&mut self) -> AppResult<Vec<RunSummary>> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        Ok(context
            .open
            .db
            .billing()
            .charge_runs()?
            .into_iter()
            .map(|r| RunSummary {
                id: r.id,
                month: r.month.key(),
                month_label: r.month.shown(),
                payment_date: dates::short(r.payment_date),
                issued_at: clock::local_display(&r.issued_at).unwrap_or_default(),
                charges: r.charges,
                total: r.total,
                delivery_id: r.delivery_id,
            })
            .collect())
    }

    /// The run's 0601 file, re-read and checked by our reader before it is handed out.
    pub fn delivery_file(&mut self, run_id: i64) -> AppResult<DeliveryFile> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let db = &context.open.db;
        let run = db
            .billing()
            .charge_runs()?
            .into_iter()
            .find(|r| r.id == run_id)
            .ok_or(AppError::Store(skolekontor_store::StoreError::NotFound))?;
        let (delivery_id, bytes) = db
            .billing()
            .delivery_file(run_id)?
            .ok_or(AppError::WrongState(tr!("billing.no_delivery_file")))?;
        check_0601(&bytes).map_err(bs_error)?;
        Ok(DeliveryFile {
            file_name: format!(
                "betalingsservice-{}-levering-{delivery_id}.txt",
                run.month.key()
            ),
            bytes,
        })
    }

    /// Reads a 0602 file: the whole file or nothing. Booked lines update the charges;
    /// lines that do not match a charge are listed and not booked.
    pub fn import_payments(&mut self, bytes: &[u8]) -> AppResult<PaymentImportReport> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let sha = format!("{:x}", Sha256::digest(bytes));
        let work = context.open.db.begin()?;
        let db = work.db();
        if db.billing().payment_file_known(&sha)? {
            return Err(AppError::Refused(tr!("billing.file_already_read")));
        }
        let (delivery, records) = parse_0602(bytes)
            .map_err(|e| AppError::Input(tr!("billing.file_not_read", error = e)))?;
        let mut report = PaymentImportReport {
            paid: 0,
            paid_total: Ore(0),
            rejected: 0,
            cancelled: 0,
            charged_back: 0,
            unmatched: Vec::new(),
        };
        let mut booked = Vec::new();
        for record in &records {
            match match_payment(db, record)? {
                Ok(payment) => {
                    match record.event {
                        PaymentEvent::Paid => {
                            report.paid += 1;
                            report.paid_total.0 += payment.amount.0;
                        }
                        PaymentEvent::Rejected => report.rejected += 1,
                        PaymentEvent::Cancelled => report.cancelled += 1,
                        PaymentEvent::ChargedBack => report.charged_back += 1,
                    }
                    booked.push(payment);
                }
                Err(reason) => report.unmatched.push(UnmatchedPayment {
                    line: record.line,
                    event: record.event,
                    customer_number: record.customer_number.clone(),
                    reference: record.reference.clone(),
                    amount: record.amount,
                    reason,
                }),
            }
        }
        work.billing()
            .import_payments(&sha, delivery, records.len(), &booked)?;
        work.commit()?;
        Ok(report)
    }

    /// Records a bank transfer or cash payment.
    pub fn add_manual_payment(&mut self, input: ManualPaymentInput) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let mut errors = ValidationErrors::default();
        let kind = match input.kind.as_str() {
            "transfer" => "transfer",
            "cash" => "cash",
            _ => {
                errors.add("kind", tr!("billing.payment_method_missing"));
                "transfer"
            }
        };
        if !(1..=Ore::kroner(1_000_000).0).contains(&input.amount.0) {
            errors.add("amount", tr!("billing.amount_positive"));
        }
        let paid_on = dates::parse(&input.paid_on);
        match paid_on {
            None => errors.add("paidOn", tr!("common.date_format")),
            Some(d) if d > context.today => errors.add("paidOn", tr!("billing.date_in_future")),
            Some(_) => {}
        }
        errors.into_result()?;
        let payment = NewPayment {
            payer_id: input.payer_id,
            charge_id: None,
            kind,
            amount: input.amount,
            paid_on: paid_on.expect("checked"),
            note: input.note.trim().chars().take(200).collect(),
        };
        let work = context.open.db.begin()?;
        work.billing().add_payment(&payment)?;
        Ok(work.commit()?)
    }

    /// A credit (negative) or debit for the payer's next charge.
    pub fn add_correction(&mut self, payer_id: i64, text: &str, amount: Ore) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::School)?;
        let text = text.trim();
        let mut errors = ValidationErrors::default();
        if text.is_empty() || text.chars().count() > 80 {
            errors.add("text", tr!("billing.line_text_length"));
        }
        if amount.0 == 0 || amount.0.abs() > Ore::kroner(100_000).0 {
            errors.add("amount", tr!("billing.amount_missing"));
        }
        errors.into_result()?;
        let work = context.open.db.begin()?;
        work.billing()
            .add_correction(payer_id, None, text, amount)?;
        Ok(work.commit()?)
    }

    /// Every payer's account; with `overdue_only`, the arrears list (R10).
    pub fn payer_accounts(&mut self, overdue_only: bool) -> AppResult<Vec<PayerAccount>> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        let today = context.today;
        let db = &context.open.db;
        let addresses = db.billing().payer_addresses()?;
        let numbers = db.billing().customer_numbers()?;
        let mut rows = Vec::new();
        for (payer_id, ledger) in db.billing().ledgers()? {
            let account = ledger.account(today);
            if overdue_only && !account.in_arrears() {
                continue;
            }
            rows.push(payer_account(
                db, payer_id, account, &addresses, &numbers, today,
            )?);
        }
        rows.sort_by(|a, b| {
            b.account
                .overdue
                .cmp(&a.account.overdue)
                .then(a.name.cmp(&b.name))
        });
        Ok(rows)
    }

    /// One payer's statement: charges with their status, and payments.
    pub fn payer_statement(&mut self, payer_id: i64) -> AppResult<PayerStatement> {
        let context = self
            .office
            .authorize(Action::ViewBilling, Subject::School)?;
        let today = context.today;
        let db = &context.open.db;
        let addresses = db.billing().payer_addresses()?;
        let ledger = db
            .billing()
            .ledgers()?
            .remove(&payer_id)
            .unwrap_or_default();
        let summary = payer_account(
            db,
            payer_id,
            ledger.account(today),
            &addresses,
            &db.billing().customer_numbers()?,
            today,
        )?;
        Ok(PayerStatement {
            account: summary,
            charges: db
                .billing()
                .payer_charges(payer_id)?
                .into_iter()
                .map(|c| stored_view(c, &addresses))
                .collect(),
            payments: db
                .billing()
                .payer_payments(payer_id)?
                .into_iter()
                .map(|(on, kind, amount, note)| PaymentView {
                    paid_on: dates::short(on),
                    kind: payment_kind_shown(&kind).into(),
                    amount,
                    note,
                })
                .collect(),
            credit_notes: crate::payer_credit::credit_note_views(db, payer_id)?,
            refunds: crate::payer_credit::refund_views(db, payer_id)?,
        })
    }

    /// R14: terminates a kindergarten place for arrears with one month's notice to
    /// the end of a month, or in very special cases with immediate effect (today is
    /// the last day, and nothing paid is refunded); returns the last day. The letter
    /// prints as a document.
    pub fn terminate_kindergarten_for_arrears(
        &mut self,
        child_id: i64,
        immediate: bool,
    ) -> AppResult<String> {
        let context = self
            .office
            .authorize(Action::ManageBilling, Subject::Child(child_id))?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let payer = work
            .db()
            .register()
            .guardian_links(child_id)?
            .into_iter()
            .find(|(_, link)| link.is_payer)
            .map(|(id, _)| id)
            .ok_or_else(|| AppError::Refused(tr!("billing.no_payer")))?;
        let ledger = work
            .db()
            .billing()
            .ledgers()?
            .remove(&payer)
            .unwrap_or_default();
        let last_day = arrears_termination_last_day(&ledger.account(today), today, immediate)
            .map_err(AppError::Refused)?;
        work.billing()
            .terminate_kindergarten_for_arrears(child_id, today, last_day, immediate)
            .map_err(|e| match e {
                skolekontor_store::StoreError::NotFound => AppError::Refused(tr!(
                    "billing.no_kindergarten_place_after",
                    day = dates::short(last_day)
                )),
                other => other.into(),
            })?;
        work.commit()?;
        context.open.refresh_index()?;
        Ok(dates::short(last_day))
    }
}

/// Issues `month` unless it is issued: computes the charges, refuses while anything
/// is missing or the bank would refuse the file, stores the run and its checked 0601
/// file. Returns the run's id.
pub fn issue_month(db: &mut Database, month: ChargeMonth, today: NaiveDate) -> AppResult<i64> {
    // One unit of work from the first read: the run and its file are stored together
    // or not at all, and nothing read here can change before they are.
    let work = db.begin()?;
    if let Some(run) = work.db().billing().charge_run(month)? {
        return Ok(run.id);
    }
    let run = compute(work.db(), month)?;
    if !run.problems.is_empty() {
        return Err(AppError::Refused(tr!(
            "billing.cannot_issue_yet",
            problems = run.problems.join(" ")
        )));
    }
    let due = issuable_due_date(month, today).map_err(AppError::Refused)?;
    // Everything the bank would refuse is found before anything is written.
    let trial: Vec<(i64, &PayerCharge, String)> = run
        .charges
        .iter()
        .map(|c| (0, c, c.payer_id.to_string()))
        .collect();
    skolekontor_domain::betalingsservice::delivery::check_content(&delivery(
        work.db(),
        1,
        month,
        today,
        &trial,
    )?)
    .map_err(bs_error)?;
    let (run_id, _) = work.billing().issue_charge_run(month, due, &run.charges)?;
    crate::crash_point::reached("charges.after-run");
    make_delivery(&work, run_id, month, today)?;
    work.commit()?;
    Ok(run_id)
}

fn issued_note(run: &StoredRun) -> String {
    let at = clock::local_display(&run.issued_at).unwrap_or_default();
    match &run.issued_by {
        Some(name) => tr!("billing.issued_by", at = at, name = name),
        None => tr!("billing.issued", at = at),
    }
}

/// Writes the issued run's 0601 file, checks it with our reader, and keeps it.
fn make_delivery(work: &Work, run_id: i64, month: ChargeMonth, today: NaiveDate) -> AppResult<()> {
    let db = work.db();
    let charges = db.billing().run_charges(run_id)?;
    let as_payer: Vec<PayerCharge> = charges
        .iter()
        .map(|c| PayerCharge {
            payer_id: c.payer_id,
            lines: c.lines.clone(),
            total: c.total,
        })
        .collect();
    let refs: Vec<(i64, &PayerCharge, String)> = charges
        .iter()
        .zip(&as_payer)
        .map(|(stored, charge)| (stored.id, charge, stored.customer_number.clone()))
        .collect();
    let delivery_id = db.billing().next_delivery_id()?;
    let mut delivery = delivery(db, delivery_id as u32, month, today, &refs)?;
    // An issued run keeps its due date even if the file is made later.
    let due = db
        .billing()
        .charge_runs()?
        .into_iter()
        .find(|r| r.id == run_id)
        .map(|r| r.payment_date);
    if let Some(due) = due {
        delivery
            .collections
            .iter_mut()
            .for_each(|c| c.payment_date = due);
    }
    let bytes = write_0601(&delivery).map_err(bs_error)?;
    let summary = check_0601(&bytes).map_err(bs_error)?;
    work.billing().save_delivery(
        run_id,
        delivery_id,
        today,
        &bytes,
        summary.collections,
        summary.total,
    )?;
    Ok(())
}

/// Matches a 0602 line to its charge by our reference (the charge id) and checks the
/// customer number and amount; `Err` is the reason it is not booked.
fn match_payment(
    db: &Database,
    record: &skolekontor_domain::betalingsservice::PaymentRecord,
) -> AppResult<Result<NewPayment, String>> {
    let Some(charge_id) = record.reference.trim().parse::<i64>().ok() else {
        return Ok(Err(tr!("billing.unmatched_reference")));
    };
    let Some((payer_id, customer, total)) = db.billing().charge_by_id(charge_id)? else {
        return Ok(Err(tr!("billing.unmatched_unknown")));
    };
    if customer.trim_start_matches('0') != record.customer_number {
        return Ok(Err(tr!("billing.unmatched_customer", customer = customer)));
    }
    let (kind, amount) = match record.event {
        PaymentEvent::Paid if record.paid_amount != total => {
            return Ok(Err(tr!(
                "billing.unmatched_amount",
                charged = total.to_danish(),
                paid = record.paid_amount.to_danish()
            )));
        }
        PaymentEvent::Paid => ("bs_paid", record.paid_amount),
        PaymentEvent::Rejected => ("bs_rejected", Ore(0)),
        PaymentEvent::Cancelled => ("bs_cancelled", Ore(0)),
        PaymentEvent::ChargedBack => (
            "bs_charged_back",
            Ore(-(if record.paid_amount.0 > 0 {
                record.paid_amount.0
            } else {
                record.amount.0.abs()
            })),
        ),
    };
    Ok(Ok(NewPayment {
        payer_id,
        charge_id: Some(charge_id),
        kind,
        amount,
        paid_on: record.paid_on.or(record.due).unwrap_or_else(clock::today),
        note: format!("0602 linje {}", record.line),
    }))
}

fn payer_account(
    db: &Database,
    payer_id: i64,
    account: Account,
    addresses: &BTreeMap<i64, PayerAddress>,
    numbers: &BTreeMap<i64, String>,
    today: NaiveDate,
) -> AppResult<PayerAccount> {
    let oldest_due = account
        .overdue_charges()
        .next()
        .map(|o| dates::short(o.due));
    Ok(PayerAccount {
        payer_id,
        name: payer_name(addresses, payer_id),
        customer_number: numbers.get(&payer_id).cloned().unwrap_or_default(),
        oldest_due,
        kindergarten_children: db
            .billing()
            .kindergarten_children_of_payer(payer_id, today)?
            .into_iter()
            .map(|(child_id, name)| KindergartenChild { child_id, name })
            .collect(),
        account,
    })
}

pub(crate) fn addressee(address: Option<&PayerAddress>) -> Addressee {
    Addressee {
        name: address.map(|a| a.name.clone()).unwrap_or_default(),
        street: address.map(|a| a.street.clone()).unwrap_or_default(),
        postal_town: address
            .map(|a| format!("{} {}", a.postal_code, a.town))
            .unwrap_or_default(),
    }
}

/// The payers whose oldest unpaid charge fell due more than `days` days before
/// `today`, in payer order.
pub(crate) fn payers_overdue_for(
    db: &Database,
    days: u32,
    today: NaiveDate,
) -> AppResult<Vec<i64>> {
    Ok(db
        .billing()
        .ledgers()?
        .into_iter()
        .filter(|(_, ledger)| ledger.account(today).overdue_for_more_than(days))
        .map(|(payer, _)| payer)
        .collect())
}

pub(crate) fn reminder_letter(
    db: &Database,
    payer_id: i64,
    today: NaiveDate,
) -> AppResult<Reminder> {
    let ledger = db
        .billing()
        .ledgers()?
        .remove(&payer_id)
        .unwrap_or_default();
    let account = ledger.account(today);
    if !account.in_arrears() {
        return Err(AppError::Refused(tr!("billing.nothing_overdue")));
    }
    let months: BTreeMap<i64, String> = db
        .billing()
        .charge_runs()?
        .into_iter()
        .map(|r| (r.id, r.month.danish()))
        .collect();
    let charges: BTreeMap<i64, i64> = db
        .billing()
        .payer_charges(payer_id)?
        .into_iter()
        .map(|c| (c.id, c.run_id))
        .collect();
    Ok(Reminder {
        to: addressee(db.billing().payer_addresses()?.get(&payer_id)),
        customer_number: db
            .billing()
            .customer_numbers()?
            .remove(&payer_id)
            .unwrap_or_default(),
        unpaid: account
            .overdue_charges()
            .map(|o| UnpaidCharge {
                month: charges
                    .get(&o.charge_id)
                    .and_then(|run| months.get(run))
                    .cloned()
                    .unwrap_or_default(),
                due: o.due,
                unpaid: o.unpaid,
            })
            .collect(),
        pay_by: reminder_pay_by(today),
    })
}

/// The recorded termination's letter (R14).
pub(crate) fn termination_letter(
    db: &Database,
    child_id: i64,
    today: NaiveDate,
) -> AppResult<ArrearsTermination> {
    let (notice_on, last_day, immediate) = db
        .billing()
        .arrears_termination_of(child_id)?
        .ok_or_else(|| AppError::Refused(tr!("billing.not_terminated_for_arrears")))?;
    let child = db.register().child_detail(child_id)?;
    let payer = child
        .guardians
        .iter()
        .find(|g| g.link.is_payer)
        .map(|g| g.guardian_id);
    let ledger = payer
        .and_then(|p| db.billing().ledgers().ok()?.remove(&p))
        .unwrap_or_default();
    Ok(ArrearsTermination {
        to: addressee(
            payer
                .and_then(|p| db.billing().payer_addresses().ok()?.remove(&p))
                .as_ref(),
        ),
        child: crate::documents::child_fields(&child),
        notice_on,
        last_day,
        immediate,
        overdue: ledger.account(today).overdue,
    })
}
