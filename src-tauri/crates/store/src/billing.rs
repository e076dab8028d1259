//! Fees and payments at rest (R1, R7–R10, R14, R35): rates, billing settings,
//! subsidies, payer accounts, pending one-off lines, issued charge runs with
//! their lines and 0601 files, and payments. Issued charges and payments are
//! append-only (triggers in `004_billing.sql`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::betalingsservice::Creditor;
use skolekontor_domain::billing::arrears::{account, Account, LedgerCharge};
use skolekontor_domain::billing::reconcile::ChargedLine;
use skolekontor_domain::billing::{
    BillableChild, BillablePlacement, BillingSettings, ChargeLine, ChargeMonth, LineKind,
    PayerCharge, PendingItem, Rate, RateKind, Reduction, Subsidy, SubsidyKind,
};
use skolekontor_domain::placement::{ChangeKind, ChangeRecord};
use skolekontor_domain::school::Division;
use skolekontor_domain::Ore;

use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};
use skolekontor_domain::tr;

/// A run as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRun {
    pub id: i64,
    /// The month charged.
    pub month: ChargeMonth,
    /// Due date of its charges.
    pub payment_date: NaiveDate,
    /// UTC RFC 3339.
    pub issued_at: String,
    /// Who issued it.
    pub issued_by: Option<String>,
    /// Number of charges.
    pub charges: i64,
    /// Sum of the charges.
    pub total: Ore,
    /// The 0601 file's delivery id, once made.
    pub delivery_id: Option<i64>,
}

/// An issued charge with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCharge {
    /// Id (also the reference in the 0601 file).
    pub id: i64,
    pub run_id: i64,
    pub payer_id: i64,
    /// Kundenummer.
    pub customer_number: String,
    /// Due date.
    pub due: NaiveDate,
    pub total: Ore,
    pub lines: Vec<ChargeLine>,
    /// The latest Betalingsservice event (`bs_paid` …), if any.
    pub last_event: Option<String>,
}

/// A payer's name and address, for the 0601 file and letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerAddress {
    /// The guardian.
    pub payer_id: i64,
    /// Full name.
    pub name: String,
    pub street: String,
    /// Postnummer.
    pub postal_code: String,
    /// By.
    pub town: String,
}

/// A payment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    /// Who paid.
    pub payer_id: i64,
    /// Which charge, if known.
    pub charge_id: Option<i64>,
    /// `bs_paid`, `bs_rejected`, `bs_cancelled`, `bs_charged_back`, `transfer` or `cash`.
    pub kind: &'static str,
    /// Money in is positive, a charge-back negative, rejected and cancelled 0.
    pub amount: Ore,
    /// The day.
    pub paid_on: NaiveDate,
    /// A note (transfer text, import line).
    pub note: String,
}

/// A payer's ledger: charges, the net of payments, credit notes and refunds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Issued charges.
    pub charges: Vec<LedgerCharge>,
    /// Payments minus charge-backs.
    pub paid: Ore,
    /// Credit notes (*kreditnotaer*) issued to the payer.
    pub credited: Ore,
    /// Overpaid money paid back to the payer by bank transfer.
    pub refunded: Ore,
}

impl Ledger {
    /// What settles the charges: payments and credit notes, less what was paid back.
    /// The balance is the charges less this: charges − payments − credits + refunds.
    pub fn settled(&self) -> Ore {
        Ore(self.paid.0 + self.credited.0 - self.refunded.0)
    }

    /// The payer's account on `today` (R10): balance, what is overdue and by age.
    pub fn account(&self, today: NaiveDate) -> Account {
        account(&self.charges, self.settled(), today)
    }
}

fn reduction_columns(reduction: Reduction) -> (Option<i64>, Option<i64>) {
    match reduction {
        Reduction::Percent(p) => (Some(i64::from(p)), None),
        Reduction::Amount(a) => (None, Some(a.0)),
    }
}

impl Database {
    /// Adds a correction (credit or debit) for the payer's next charge.
    pub fn add_correction(&mut self, payer_id: i64, text: &str, amount: Ore) -> StoreResult<i64> {
        self.in_own_work(|work| work.billing().add_correction(payer_id, None, text, amount))
    }

    /// [`BillingWrites::charge_enrolment_fee`] in a unit of work of its own.
    pub fn charge_enrolment_fee(
        &mut self,
        child_id: i64,
        amount: Ore,
        text: &str,
    ) -> StoreResult<bool> {
        self.in_own_work(|work| work.billing().charge_enrolment_fee(child_id, amount, text))
    }

    /// [`BillingWrites::add_payment`] in a unit of work of its own.
    pub fn add_payment(&mut self, payment: &NewPayment) -> StoreResult<i64> {
        self.in_own_work(|work| work.billing().add_payment(payment))
    }
}

crate::concept_handles! {
    /// Fees and payments.
    billing => BillingQueries, BillingWrites
}

impl BillingQueries<'_> {
    /// Every rate, old and new.
    pub fn rates(&self) -> StoreResult<Vec<Rate>> {
        let mut stmt = self.db.conn().prepare("SELECT kind, module, amount_ore, valid_from FROM rate ORDER BY kind, module, valid_from")?;
        let rows = stmt.query_map([], |r| {
            Ok(Rate {
                kind: RateKind::from_code(&r.get::<_, String>(0)?).unwrap_or(RateKind::School),
                module: r.get(1)?,
                amount: Ore(r.get(2)?),
                valid_from: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether an enrolment fee has been put to charge on or after `day`.
    pub fn enrolment_fee_charged_since(&self, day: NaiveDate) -> StoreResult<bool> {
        Ok(self.db.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM pending_charge_item WHERE kind = 'enrolment_fee' AND substr(created_at, 1, 10) >= ?1)",
            [day],
            |r| r.get(0),
        )?)
    }

    /// The school's billing settings (defaults until saved) and its Betalingsservice numbers.
    pub fn billing_settings(&self) -> StoreResult<(BillingSettings, Creditor)> {
        let (json, pbs_number, debtor_group, data_supplier): (Option<String>, String, String, String) = self.db.conn().query_row(
            "SELECT billing_settings, pbs_number, debtor_group, data_supplier FROM school WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let settings = json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        Ok((
            settings,
            Creditor {
                pbs_number,
                debtor_group,
                data_supplier,
            },
        ))
    }

    /// Every subsidy, or one child's.
    pub fn subsidies(&self, child_id: Option<i64>) -> StoreResult<Vec<Subsidy>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT id, child_id, kind, division, percent, amount_ore, from_date, to_date FROM fee_subsidy
              WHERE ?1 IS NULL OR child_id = ?1 ORDER BY child_id, from_date",
        )?;
        let rows = stmt.query_map([child_id], |r| {
            let percent: Option<i64> = r.get(4)?;
            let amount: Option<i64> = r.get(5)?;
            Ok(Subsidy {
                id: r.get(0)?,
                child_id: r.get(1)?,
                kind: SubsidyKind::from_code(&r.get::<_, String>(2)?)
                    .unwrap_or(SubsidyKind::Friplads),
                division: Division::from_code(&r.get::<_, String>(3)?).unwrap_or(Division::School),
                reduction: match percent {
                    Some(p) => Reduction::Percent(p.clamp(0, 100) as u8),
                    None => Reduction::Amount(Ore(amount.unwrap_or(0))),
                },
                from: r.get(6)?,
                to: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The children with a placement in `month`, with payer, households and placements.
    pub fn billable_children(&self, month: ChargeMonth) -> StoreResult<Vec<BillableChild>> {
        self.billable_children_between(month, month)
    }

    /// Every child with a place in some month from `first` to `last`, each with all
    /// its places (a month's charges only count the places that run in it).
    pub fn billable_children_between(
        &self,
        first: ChargeMonth,
        last: ChargeMonth,
    ) -> StoreResult<Vec<BillableChild>> {
        let conn = self.db.conn();
        let mut children: BTreeMap<i64, BillableChild> = BTreeMap::new();
        let mut stmt = conn.prepare(
            "SELECT c.id, c.first_name, c.birth_date, e.division, COALESCE(e.sfo_module, ''), e.start_date, e.end_date
               FROM enrolment e JOIN child c ON c.id = e.child_id
              WHERE e.start_date <= ?2 AND (e.end_date IS NULL OR e.end_date >= ?1)
              ORDER BY c.id, e.start_date",
        )?;
        let mut rows = stmt.query(params![first.first_day(), last.last_day()])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let child = children.entry(id).or_insert_with(|| BillableChild {
                child_id: id,
                first_name: r.get(1).unwrap_or_default(),
                birth_date: r.get(2).ok().flatten(),
                payer_id: None,
                households: Vec::new(),
                placements: Vec::new(),
            });
            let Some(division) = Division::from_code(&r.get::<_, String>(3)?) else {
                continue;
            };
            child.placements.push(BillablePlacement {
                division,
                sfo_module: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
            });
        }
        let mut links = conn.prepare(
            "SELECT gs.child_id, gs.guardian_id, gs.is_payer, g.household_id FROM guardianship gs JOIN guardian g ON g.id = gs.guardian_id",
        )?;
        let mut rows = links.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(child) = children.get_mut(&r.get::<_, i64>(0)?) {
                if r.get::<_, bool>(2)? {
                    child.payer_id = Some(r.get(1)?);
                }
                let household: i64 = r.get(3)?;
                if !child.households.contains(&household) {
                    child.households.push(household);
                }
            }
        }
        Ok(children.into_values().collect())
    }

    /// One-off lines not yet on an issued charge.
    pub fn pending_items(&self) -> StoreResult<Vec<PendingItem>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT p.id, p.payer_id, p.child_id, p.kind, p.text, p.amount_ore FROM pending_charge_item p
              WHERE NOT EXISTS (SELECT 1 FROM charge_line l WHERE l.pending_item_id = p.id) ORDER BY p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PendingItem {
                id: r.get(0)?,
                payer_id: r.get(1)?,
                child_id: r.get(2)?,
                kind: LineKind::from_code(&r.get::<_, String>(3)?).unwrap_or(LineKind::Correction),
                text: r.get(4)?,
                amount: Ore(r.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The run of `month`, if issued.
    pub fn charge_run(&self, month: ChargeMonth) -> StoreResult<Option<StoredRun>> {
        Ok(self.charge_runs()?.into_iter().find(|r| r.month == month))
    }

    /// Every issued run, newest first.
    pub fn charge_runs(&self) -> StoreResult<Vec<StoredRun>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT r.id, r.month, r.payment_date, r.issued_at, u.full_name,
                    (SELECT count(*) FROM charge c WHERE c.run_id = r.id),
                    (SELECT COALESCE(sum(total_ore), 0) FROM charge c WHERE c.run_id = r.id),
                    (SELECT d.id FROM bs_delivery d WHERE d.run_id = r.id)
               FROM charge_run r LEFT JOIN app_user u ON u.id = r.issued_by ORDER BY r.month DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredRun {
                id: r.get(0)?,
                month: ChargeMonth::parse(&r.get::<_, String>(1)?).unwrap_or(ChargeMonth {
                    year: 2000,
                    month: 1,
                }),
                payment_date: r.get(2)?,
                issued_at: r.get(3)?,
                issued_by: r.get(4)?,
                charges: r.get(5)?,
                total: Ore(r.get(6)?),
                delivery_id: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The charges of a run, with lines and the latest Betalingsservice event.
    pub fn run_charges(&self, run_id: i64) -> StoreResult<Vec<StoredCharge>> {
        self.charges_where("c.run_id = ?1", run_id)
    }

    /// Every charge of a payer, oldest first.
    pub fn payer_charges(&self, payer_id: i64) -> StoreResult<Vec<StoredCharge>> {
        self.charges_where("c.payer_id = ?1", payer_id)
    }

    fn charges_where(&self, condition: &str, id: i64) -> StoreResult<Vec<StoredCharge>> {
        let conn = self.db.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT c.id, c.run_id, c.payer_id, c.customer_number, c.due_date, c.total_ore,
                    (SELECT p.kind FROM payment p WHERE p.charge_id = c.id AND p.kind LIKE 'bs_%' ORDER BY p.id DESC LIMIT 1)
               FROM charge c WHERE {condition} ORDER BY c.due_date, c.id"
        ))?;
        let mut charges: Vec<StoredCharge> = stmt
            .query_map([id], |r| {
                Ok(StoredCharge {
                    id: r.get(0)?,
                    run_id: r.get(1)?,
                    payer_id: r.get(2)?,
                    customer_number: r.get(3)?,
                    due: r.get(4)?,
                    total: Ore(r.get(5)?),
                    lines: Vec::new(),
                    last_event: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let index: BTreeMap<i64, usize> =
            charges.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let mut lines = conn.prepare(&format!(
            "SELECT l.charge_id, l.child_id, l.division, l.kind, l.text, l.amount_ore, l.pending_item_id, l.corrects_month, l.sfo_module
               FROM charge_line l JOIN charge c ON c.id = l.charge_id WHERE {condition} ORDER BY l.id"
        ))?;
        let mut rows = lines.query([id])?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                charges[i].lines.push(ChargeLine {
                    child_id: r.get(1)?,
                    division: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(Division::from_code),
                    sfo_module: r.get(8)?,
                    kind: LineKind::from_code(&r.get::<_, String>(3)?)
                        .unwrap_or(LineKind::Correction),
                    text: r.get(4)?,
                    amount: Ore(r.get(5)?),
                    pending_item_id: r.get(6)?,
                    corrects_month: r.get(7)?,
                });
            }
        }
        Ok(charges)
    }

    /// What has been charged for each month from `first` on, child by child: each
    /// month's rate, discount and subsidy lines and every correction made for it by a
    /// later run.
    pub fn charged_lines_since(
        &self,
        first: ChargeMonth,
    ) -> StoreResult<BTreeMap<ChargeMonth, Vec<ChargedLine>>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT r.month, c.payer_id, l.child_id, ch.first_name, l.division, l.amount_ore, l.id
               FROM charge_run r
               JOIN charge c ON c.run_id = r.id
               JOIN charge_line l ON l.charge_id = c.id
               JOIN child ch ON ch.id = l.child_id
              WHERE r.month >= ?1 AND l.division IS NOT NULL
                AND l.kind IN ('rate', 'sibling_discount', 'subsidy')
             UNION ALL
             SELECT l.corrects_month, c.payer_id, l.child_id, ch.first_name, l.division, l.amount_ore, l.id
               FROM charge_line l
               JOIN charge c ON c.id = l.charge_id
               JOIN child ch ON ch.id = l.child_id
              WHERE l.corrects_month >= ?1 AND l.division IS NOT NULL
              ORDER BY 7",
        )?;
        let mut rows = stmt.query([first.key()])?;
        let mut by_month: BTreeMap<ChargeMonth, Vec<ChargedLine>> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let Some(month) = ChargeMonth::parse(&r.get::<_, String>(0)?) else {
                continue;
            };
            by_month.entry(month).or_default().push(ChargedLine {
                payer_id: r.get(1)?,
                child_id: r.get(2)?,
                first_name: r.get(3)?,
                division: Division::from_code(&r.get::<_, String>(4)?).unwrap_or(Division::School),
                amount: Ore(r.get(5)?),
            });
        }
        Ok(by_month)
    }

    /// The months charged so far, oldest first.
    pub fn charged_months(&self) -> StoreResult<Vec<ChargeMonth>> {
        let mut stmt = self
            .db
            .conn()
            .prepare_cached("SELECT month FROM charge_run ORDER BY month")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .filter_map(|m| ChargeMonth::parse(m))
            .collect())
    }

    /// Names and addresses of payers (the first household of each).
    pub fn payer_addresses(&self) -> StoreResult<BTreeMap<i64, PayerAddress>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT g.id, g.first_name || ' ' || g.last_name, h.street, h.postal_code, h.town
               FROM guardian g JOIN household h ON h.id = g.household_id
              WHERE EXISTS (SELECT 1 FROM guardianship gs WHERE gs.guardian_id = g.id AND gs.is_payer = 1)
                 OR EXISTS (SELECT 1 FROM charge c WHERE c.payer_id = g.id)",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PayerAddress {
                payer_id: r.get(0)?,
                name: r.get(1)?,
                street: r.get(2)?,
                postal_code: r.get(3)?,
                town: r.get(4)?,
            })
        })?;
        Ok(rows
            .map(|r| r.map(|a| (a.payer_id, a)))
            .collect::<Result<_, _>>()?)
    }

    /// The stored 0601 file of a run.
    pub fn delivery_file(&self, run_id: i64) -> StoreResult<Option<(i64, Vec<u8>)>> {
        Ok(self
            .db
            .conn()
            .query_row(
                "SELECT id, file FROM bs_delivery WHERE run_id = ?1",
                [run_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The next delivery id (our running number in BS002).
    pub fn next_delivery_id(&self) -> StoreResult<i64> {
        Ok(self.db.conn().query_row(
            "SELECT COALESCE(max(id), 0) + 1 FROM bs_delivery",
            [],
            |r| r.get(0),
        )?)
    }

    /// The charge a 0601 reference (the charge id) points to: payer and customer number.
    pub fn charge_by_id(&self, charge_id: i64) -> StoreResult<Option<(i64, String, Ore)>> {
        Ok(self
            .db
            .conn()
            .query_row(
                "SELECT payer_id, customer_number, total_ore FROM charge WHERE id = ?1",
                [charge_id],
                |r| Ok((r.get(0)?, r.get(1)?, Ore(r.get(2)?))),
            )
            .optional()?)
    }

    /// Whether a file with this hash was read before.
    pub fn payment_file_known(&self, sha256: &str) -> StoreResult<bool> {
        Ok(self.db.conn().query_row(
            "SELECT count(*) FROM payment_import WHERE file_sha256 = ?1",
            [sha256],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// Every payer's ledger (payers with a charge, a payment, a credit note or a refund).
    pub fn ledgers(&self) -> StoreResult<BTreeMap<i64, Ledger>> {
        let conn = self.db.conn();
        let mut ledgers: BTreeMap<i64, Ledger> = BTreeMap::new();
        let mut stmt = conn.prepare(
            "SELECT payer_id, id, due_date, total_ore FROM charge ORDER BY due_date, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            ledgers
                .entry(r.get(0)?)
                .or_default()
                .charges
                .push(LedgerCharge {
                    charge_id: r.get(1)?,
                    due: r.get(2)?,
                    total: Ore(r.get(3)?),
                });
        }
        let sums: [(&str, fn(&mut Ledger) -> &mut Ore); 3] = [
            ("payment", |l| &mut l.paid),
            ("credit_note", |l| &mut l.credited),
            ("refund", |l| &mut l.refunded),
        ];
        for (table, field) in sums {
            let mut stmt = conn.prepare(&format!(
                "SELECT payer_id, sum(amount_ore) FROM {table} GROUP BY payer_id"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                *field(ledgers.entry(r.get(0)?).or_default()) = Ore(r.get(1)?);
            }
        }
        Ok(ledgers)
    }

    /// The sum of a child's lines on each charge issued to a payer, by charge id.
    pub fn child_lines_by_charge(
        &self,
        payer_id: i64,
        child_id: i64,
    ) -> StoreResult<BTreeMap<i64, Ore>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT c.id, sum(l.amount_ore) FROM charge_line l JOIN charge c ON c.id = l.charge_id
              WHERE c.payer_id = ?1 AND l.child_id = ?2 GROUP BY c.id",
        )?;
        let rows = stmt.query_map([payer_id, child_id], |r| Ok((r.get(0)?, Ore(r.get(1)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sum of a payer's items for a child still waiting for the next run (the
    /// enrolment fee, corrections, a balance moved before).
    pub fn pending_for_child(&self, payer_id: i64, child_id: i64) -> StoreResult<Ore> {
        Ok(Ore(self.db.conn().query_row(
            "SELECT coalesce(sum(p.amount_ore), 0) FROM pending_charge_item p
              WHERE p.payer_id = ?1 AND p.child_id = ?2
                AND NOT EXISTS (SELECT 1 FROM charge_line l WHERE l.pending_item_id = p.id)",
            [payer_id, child_id],
            |r| r.get(0),
        )?))
    }

    /// A payer's payments: (date, kind, amount, note), newest first.
    pub fn payer_payments(
        &self,
        payer_id: i64,
    ) -> StoreResult<Vec<(NaiveDate, String, Ore, String)>> {
        let mut stmt = self.db.conn().prepare("SELECT paid_on, kind, amount_ore, note FROM payment WHERE payer_id = ?1 ORDER BY paid_on DESC, id DESC")?;
        let rows = stmt.query_map([payer_id], |r| {
            Ok((r.get(0)?, r.get(1)?, Ore(r.get(2)?), r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every payer's customer number.
    pub fn customer_numbers(&self) -> StoreResult<BTreeMap<i64, String>> {
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT guardian_id, customer_number FROM payer_account")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest termination for arrears of a child: (notice given, last day, with immediate effect).
    pub fn arrears_termination_of(
        &self,
        child_id: i64,
    ) -> StoreResult<Option<(NaiveDate, NaiveDate, bool)>> {
        Ok(self
            .db.conn()
            .query_row(
                "SELECT notice_on, last_day, immediate FROM arrears_termination WHERE child_id = ?1 ORDER BY id DESC LIMIT 1",
                [child_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// The payer's children in the kindergarten now (for the termination).
    pub fn kindergarten_children_of_payer(
        &self,
        payer_id: i64,
        on: NaiveDate,
    ) -> StoreResult<Vec<(i64, String)>> {
        let mut stmt = self.db.conn().prepare(
            "SELECT DISTINCT c.id, c.first_name || ' ' || c.last_name FROM child c
               JOIN guardianship gs ON gs.child_id = c.id AND gs.guardian_id = ?1 AND gs.is_payer = 1
               JOIN enrolment e ON e.child_id = c.id AND e.division = 'kindergarten'
              WHERE e.start_date <= ?2 AND (e.end_date IS NULL OR e.end_date >= ?2) ORDER BY c.id",
        )?;
        let rows = stmt.query_map(params![payer_id, on], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl BillingWrites<'_, '_> {
    /// R14: records the kindergarten's termination for arrears and ends the child's
    /// kindergarten placement on `last_day`.
    pub fn terminate_kindergarten_for_arrears(
        &self,
        child_id: i64,
        notice_on: NaiveDate,
        last_day: NaiveDate,
        immediate: bool,
    ) -> StoreResult<()> {
        let ended = self.work.conn().execute(
            "UPDATE enrolment SET end_date = ?2 WHERE child_id = ?1 AND division = 'kindergarten'
                AND start_date <= ?2 AND (end_date IS NULL OR end_date > ?2)",
            params![child_id, last_day],
        )?;
        if ended == 0 {
            return Err(StoreError::NotFound);
        }
        crate::placement::insert_event(
            self.work.conn(),
            child_id,
            &ChangeRecord::new(
                ChangeKind::ArrearsTermination,
                last_day + chrono::Duration::days(1),
            ),
            self.work.actor().user_id,
        )?;
        self.work.conn().execute(
            "INSERT INTO arrears_termination (child_id, notice_on, last_day, immediate, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![child_id, notice_on, last_day, immediate, now_utc(), self.work.actor().user_id],
        )?;
        self.work.audit(
            &AuditEvent::change("kindergarten.terminate", "enrolment", child_id)
                .for_child(child_id)
                .with_fields(["end_date"]),
        )
    }

    /// Adds a rate; one per kind, module and start date.
    pub fn add_rate(&self, rate: &Rate) -> StoreResult<()> {
        let inserted = self.work.conn().execute(
            "INSERT OR IGNORE INTO rate (kind, module, amount_ore, valid_from, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rate.kind.code(), rate.module, rate.amount.0, rate.valid_from, now_utc(), self.work.actor().user_id],
        )?;
        if inserted == 0 {
            return Err(StoreError::Duplicate(tr!("billing.rate_same_day")));
        }
        let id = self.work.conn().last_insert_rowid();
        self.work
            .audit(&AuditEvent::change("rate.add", "rate", id))?;
        Ok(())
    }

    /// Saves the billing settings and numbers (already validated).
    pub fn save_billing_settings(
        &self,
        settings: &BillingSettings,
        creditor: &Creditor,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(settings)
            .map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
        self.work.conn().execute(
            "UPDATE school SET billing_settings = ?1, pbs_number = ?2, debtor_group = ?3, data_supplier = ?4 WHERE id = 1",
            params![json, creditor.pbs_number, creditor.debtor_group, creditor.data_supplier],
        )?;
        self.work
            .audit(&AuditEvent::change("billing.settings", "school", 1))?;
        Ok(())
    }

    /// Adds a subsidy to a child.
    pub fn add_subsidy(&self, subsidy: &Subsidy) -> StoreResult<i64> {
        let (percent, amount) = reduction_columns(subsidy.reduction);
        self.work.conn().execute(
            "INSERT INTO fee_subsidy (child_id, kind, division, percent, amount_ore, from_date, to_date, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![subsidy.child_id, subsidy.kind.code(), subsidy.division.code(), percent, amount, subsidy.from, subsidy.to, now_utc()],
        )?;
        let id = self.work.conn().last_insert_rowid();
        self.work.audit(
            &AuditEvent::change("subsidy.add", "fee_subsidy", id).for_child(subsidy.child_id),
        )?;
        Ok(id)
    }

    /// Ends a subsidy on `to` (its history stays).
    pub fn end_subsidy(&self, id: i64, to: NaiveDate) -> StoreResult<()> {
        let child: i64 = self
            .work
            .conn()
            .query_row(
                "SELECT child_id FROM fee_subsidy WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        self.work.conn().execute(
            "UPDATE fee_subsidy SET to_date = max(from_date, ?2) WHERE id = ?1",
            params![id, to],
        )?;
        self.work.audit(
            &AuditEvent::change("subsidy.end", "fee_subsidy", id)
                .for_child(child)
                .with_fields(["to_date"]),
        )?;
        Ok(())
    }

    /// Records a whole 0602 file's payments in one transaction: all or nothing.
    pub fn import_payments(
        &self,
        sha256: &str,
        delivery: u64,
        records: usize,
        payments: &[NewPayment],
    ) -> StoreResult<i64> {
        let inserted = self.work.conn().execute(
            "INSERT OR IGNORE INTO payment_import (file_sha256, delivery, records, matched, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![sha256, delivery as i64, records as i64, payments.len() as i64, now_utc(), self.work.actor().user_id],
        )?;
        if inserted == 0 {
            return Err(StoreError::Duplicate(tr!("billing.file_already_read")));
        }
        let import_id = self.work.conn().last_insert_rowid();
        for payment in payments {
            insert_payment(
                self.work.conn(),
                payment,
                Some(import_id),
                self.work.actor().user_id,
            )?;
        }
        self.work.audit(&AuditEvent::change(
            "payments.import",
            "payment_import",
            import_id,
        ))?;
        Ok(import_id)
    }

    /// Records a manual payment (transfer or cash).
    pub fn add_payment(&self, payment: &NewPayment) -> StoreResult<i64> {
        self.work
            .conn()
            .query_row(
                "SELECT id FROM guardian WHERE id = ?1",
                [payment.payer_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let id = insert_payment(self.work.conn(), payment, None, self.work.actor().user_id)?;
        self.work
            .audit(&AuditEvent::change("payment.add", "payment", id))?;
        Ok(id)
    }

    /// R1: puts the enrolment fee on the child's payer's next charge, once per child.
    /// Nothing happens if the fee was charged or marked paid before, or the fee is 0;
    /// returns whether it was added.
    pub fn charge_enrolment_fee(
        &self,
        child_id: i64,
        amount: Ore,
        text: &str,
    ) -> StoreResult<bool> {
        let paid: Option<String> = self
            .work
            .conn()
            .query_row(
                "SELECT enrolment_fee_paid_on FROM child WHERE id = ?1",
                [child_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let payer: Option<i64> = self
            .work
            .conn()
            .query_row(
                "SELECT guardian_id FROM guardianship WHERE child_id = ?1 AND is_payer = 1",
                [child_id],
                |r| r.get(0),
            )
            .optional()?;
        let (Some(payer), None, true) = (payer, paid, amount.0 > 0) else {
            return Ok(false);
        };
        let added = self.work.conn().execute(
            "INSERT OR IGNORE INTO pending_charge_item (payer_id, child_id, kind, text, amount_ore, created_at, created_by)
             VALUES (?1, ?2, 'enrolment_fee', ?3, ?4, ?5, ?6)",
            params![payer, child_id, text, amount.0, now_utc(), self.work.actor().user_id],
        )? == 1;
        if added {
            self.work.audit(
                &AuditEvent::change(
                    "charge.enrolment_fee",
                    "pending_charge_item",
                    self.work.conn().last_insert_rowid(),
                )
                .for_child(child_id),
            )?;
        }
        Ok(added)
    }

    /// Stores a month's charges once: when the month is already issued nothing is
    /// written and the run already issued is returned (`false`).
    pub fn issue_charge_run(
        &self,
        month: ChargeMonth,
        payment_date: NaiveDate,
        charges: &[PayerCharge],
    ) -> StoreResult<(i64, bool)> {
        let tx = self.work.conn();
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM charge_run WHERE month = ?1",
                [month.key()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok((id, false));
        }
        tx.execute(
            "INSERT INTO charge_run (month, payment_date, issued_at, issued_by) VALUES (?1, ?2, ?3, ?4)",
            params![month.key(), payment_date, now_utc(), self.work.actor().user_id],
        )?;
        let run_id = tx.last_insert_rowid();
        for charge in charges {
            let customer = crate::payer_account::ensure_payer_account(tx, charge.payer_id)?;
            tx.execute(
                "INSERT INTO charge (run_id, payer_id, customer_number, due_date, total_ore) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![run_id, charge.payer_id, customer, payment_date, charge.total.0],
            )?;
            let charge_id = tx.last_insert_rowid();
            let mut insert = tx.prepare_cached(
                "INSERT INTO charge_line (charge_id, child_id, division, kind, text, amount_ore, pending_item_id, corrects_month, sfo_module) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for line in &charge.lines {
                insert.execute(params![
                    charge_id,
                    line.child_id,
                    line.division.map(Division::code),
                    line.kind.code(),
                    line.text,
                    line.amount.0,
                    line.pending_item_id,
                    line.corrects_month,
                    line.sfo_module
                ])?;
            }
        }
        self.work
            .audit(&AuditEvent::change("charges.issue", "charge_run", run_id))?;
        Ok((run_id, true))
    }

    /// Puts a mistyped rate right (`amount`) or removes it (`None`); the caller has
    /// checked that no run has used it.
    pub fn correct_rate(&self, rate: &Rate, amount: Option<Ore>) -> StoreResult<()> {
        let conn = self.work.conn();
        let id: i64 = conn
            .query_row(
                "SELECT id FROM rate WHERE kind = ?1 AND module = ?2 AND valid_from = ?3",
                params![rate.kind.code(), rate.module, rate.valid_from],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let action = match amount {
            Some(amount) => {
                conn.execute(
                    "UPDATE rate SET amount_ore = ?2 WHERE id = ?1",
                    params![id, amount.0],
                )?;
                "rate.correct"
            }
            None => {
                conn.execute("DELETE FROM rate WHERE id = ?1", [id])?;
                "rate.remove"
            }
        };
        self.work
            .audit(&AuditEvent::change(action, "rate", id).with_fields(["amount_ore"]))
    }

    /// Keeps a run's checked 0601 file; a run has one.
    pub fn save_delivery(
        &self,
        run_id: i64,
        delivery_id: i64,
        created_on: NaiveDate,
        file: &[u8],
        collections: u64,
        total: Ore,
    ) -> StoreResult<()> {
        self.work.conn().execute(
            "INSERT INTO bs_delivery (id, run_id, created_on, file, collections, total_ore) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![delivery_id, run_id, created_on, file, collections as i64, total.0],
        )?;
        self.work.audit(&AuditEvent::change(
            "charges.delivery",
            "bs_delivery",
            delivery_id,
        ))
    }
}

fn insert_payment(
    tx: &Connection,
    payment: &NewPayment,
    import_id: Option<i64>,
    user: Option<i64>,
) -> StoreResult<i64> {
    tx.execute(
        "INSERT INTO payment (payer_id, charge_id, kind, amount_ore, paid_on, note, import_id, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![payment.payer_id, payment.charge_id, payment.kind, payment.amount.0, payment.paid_on, payment.note, import_id, now_utc(), user],
    )?;
    Ok(tx.last_insert_rowid())
}

impl BillingWrites<'_, '_> {
    /// Adds a correction (credit or debit) for the payer's next charge, about a child
    /// or not, inside the use case's work.
    pub fn add_correction(
        &self,
        payer_id: i64,
        child_id: Option<i64>,
        text: &str,
        amount: Ore,
    ) -> StoreResult<i64> {
        let conn = self.work.conn();
        conn.query_row("SELECT id FROM guardian WHERE id = ?1", [payer_id], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .ok_or(StoreError::NotFound)?;
        conn.execute(
            "INSERT INTO pending_charge_item (payer_id, child_id, kind, text, amount_ore, created_at, created_by)
             VALUES (?1, ?2, 'correction', ?3, ?4, ?5, ?6)",
            params![payer_id, child_id, text, amount.0, now_utc(), self.work.actor().user_id],
        )?;
        let id = conn.last_insert_rowid();
        let mut event = AuditEvent::change("charge.correction", "pending_charge_item", id);
        if let Some(child_id) = child_id {
            event = event.for_child(child_id);
        }
        self.work.audit(&event)?;
        Ok(id)
    }
}
