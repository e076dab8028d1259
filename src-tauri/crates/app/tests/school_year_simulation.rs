//! Two school years of the demo school, day by day from 1 August 2026 to 31 July 2028,
//! through the app's use cases on a real encrypted file and the real keyring. Each
//! day brings events drawn from a seeded generator — class and SFO module changes,
//! withdrawals received on any day (the 28th–31st too), mid-year admissions, payer
//! changes, subsidies starting and ending, new rates on 1 August, the month's charges
//! with the bank's answer fed back (paid, rejected, charged back), terminations for
//! arrears, credit notes and refunds of overpaid balances, class-fund entries, the
//! rollover (on 1 August in one seed, on 20 August in the next), the retention plan
//! at new year — and after each day the invariants below are checked, each named
//! after its rule.
//!
//! `make test` runs 20 seeds; `SKOLEKONTOR_SIM_SEED=7` reruns one. A failure names
//! the seed, the day and that day's events.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate};
use common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skolekontor_app::demo::INTERNATIONAL_NAMES;
use skolekontor_app::domain::admission::{AdmissionInput, MeetingInput, WaitingInput};
use skolekontor_app::domain::betalingsservice::check_0601;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::billing::{
    ChargeMonth, LineKind, RateInput, RateKind, RateTable, Reduction, SubsidyInput, SubsidyKind,
};
use skolekontor_app::domain::class_fund::{ClassFundInput, EntryKind, FundEntryInput};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::placement::{ClassChangeInput, SfoChangeAction, SfoChangeInput};
use skolekontor_app::domain::register::{ChildInput, GuardianLink};
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::register::NewChild;
use skolekontor_app::{AppError, Office};
use skolekontor_store::{Database, DatabaseKey};

const FIRST_DAY: &str = "2026-08-01";
const LAST_DAY: &str = "2028-07-31";
/// Twenty seeds on Linux. Under Windows (Wine, in `make test-windows`) the rules are the
/// same code; there the run checks the platform's files, processes and keyring over two
/// school years, and two seeds do that at a tenth of the time (`make test` keeps
/// within its hour).
const SEEDS: u64 = if cfg!(windows) { 2 } else { 20 };

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn short(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// What the simulation itself knows of each payer's money, from the 0601 files it
/// was handed and the answers it gave the bank: the balance the program must show.
#[derive(Default)]
struct Books {
    charged: BTreeMap<i64, i64>,
    paid: BTreeMap<i64, i64>,
    charged_back: BTreeMap<i64, i64>,
    /// Credit notes issued.
    credited: BTreeMap<i64, i64>,
    /// Overpaid money paid back.
    refunded: BTreeMap<i64, i64>,
    /// Collections whose answer is still to come: (due day, charge id, customer, øre, payer).
    waiting: Vec<(NaiveDate, i64, String, i64, i64)>,
    /// Paid collections that may still be charged back: (due day, charge id, customer, øre, payer).
    paid_collections: Vec<(NaiveDate, i64, String, i64, i64)>,
}

impl Books {
    fn balance(&self, payer: i64) -> i64 {
        let of = |book: &BTreeMap<i64, i64>| book.get(&payer).copied().unwrap_or(0);
        of(&self.charged) - of(&self.paid) + of(&self.charged_back) - of(&self.credited)
            + of(&self.refunded)
    }

    /// What may still be credited: the charges less the credit notes.
    fn creditable(&self, payer: i64) -> i64 {
        self.charged.get(&payer).copied().unwrap_or(0)
            - self.credited.get(&payer).copied().unwrap_or(0)
    }
}

struct Simulation {
    seed: u64,
    rng: ChaCha8Rng,
    office: Office,
    /// A second connection to the same file, for the invariants' own reading.
    reader: Database,
    path: PathBuf,
    key: DatabaseKey,
    today: NaiveDate,
    /// The 2027 rollover's day: 1 August for even seeds, 20 August for odd ones.
    rollover_day: NaiveDate,
    books: Books,
    events: Vec<String>,
    counts: Counts,
    new_children: u32,
    /// The months charged so far.
    issued: BTreeSet<ChargeMonth>,
    /// Children whose enrolment fee has been charged (R1).
    fee_charged: BTreeSet<i64>,
    /// A run was issued today: the whole file is checked tonight.
    file_checks_due: bool,
    /// A class fund moved today.
    funds_moved: bool,
    /// A run or a bank answer moved money today.
    money_moved: bool,
    /// Time spent per part of the day, for the closing figures.
    spent: BTreeMap<&'static str, std::time::Duration>,
}

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    events: u64,
    refused: u64,
    checks: u64,
    days: u64,
}

impl Simulation {
    fn new(seed: u64, fixture: &Fixture) -> Simulation {
        let office = demo_school_on(fixture, FIRST_DAY);
        let key = skolekontor_store::KeyVault::load(
            &skolekontor_app::OsKeyring::connect().unwrap(),
            &fixture.account(),
        )
        .unwrap()
        .unwrap();
        let path = fixture.dir.path().join("skolekontor.db");
        Simulation {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            office,
            reader: Database::open(&path, &key).expect("the file opens for reading"),
            path,
            key,
            today: day(FIRST_DAY),
            rollover_day: if seed % 2 == 0 {
                day("2027-08-01")
            } else {
                day("2027-08-20")
            },
            books: Books::default(),
            events: Vec::new(),
            counts: Counts::default(),
            new_children: 0,
            issued: BTreeSet::new(),
            fee_charged: BTreeSet::new(),
            file_checks_due: false,
            funds_moved: false,
            money_moved: false,
            spent: BTreeMap::new(),
        }
    }

    fn note(&mut self, text: String) {
        self.counts.events += 1;
        self.events.push(text);
    }

    /// An event the rules may refuse (a full class, a place that is gone): a refusal
    /// is a Danish message and stores nothing; anything else is a failure.
    fn attempt<T>(&mut self, what: String, result: Result<T, AppError>) -> Option<T> {
        match result {
            Ok(value) => {
                self.note(what);
                Some(value)
            }
            Err(AppError::Validation(_)) | Err(AppError::Refused(_)) => {
                self.counts.refused += 1;
                self.events.push(format!("{what} (afvist)"));
                None
            }
            Err(other) => panic!("{what}: {other:?}"),
        }
    }

    fn chance(&mut self, per_mille: u32) -> bool {
        self.rng.random_range(0..1000) < per_mille
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.rng.random_range(0..items.len())].clone())
    }

    fn pupils(&mut self) -> Vec<skolekontor_app::domain::register::ChildSummary> {
        self.office
            .register()
            .list_children(false)
            .unwrap()
            .into_iter()
            .filter(|c| c.division == Some(Division::School))
            .collect()
    }

    // --- the day -------------------------------------------------------------------

    fn timed(&mut self, part: &'static str, work: impl FnOnce(&mut Self)) {
        let started = std::time::Instant::now();
        work(self);
        *self.spent.entry(part).or_default() += started.elapsed();
    }

    fn run_day(&mut self) {
        std::env::set_var(
            "SKOLEKONTOR_TODAY",
            self.today.format("%Y-%m-%d").to_string(),
        );
        self.events.clear();
        let d = self.today;
        if d.month() == 8 && d.day() == 1 {
            self.new_rates();
        }
        if d == self.rollover_day {
            self.timed("rollover", Self::rollover);
        }
        if d.month() == 1 && d.day() == 2 {
            self.timed("retention", Self::retention);
        }
        self.timed("bank", Self::bank_answers);
        self.timed("charges", Self::charge_next_month);
        if d.weekday().num_days_from_monday() < 5 {
            self.timed("office", Self::office_day);
        }
        self.counts.days += 1;
        if !self.events.is_empty() {
            self.timed("invariants", Self::check_invariants);
        }
    }

    /// The secretary's ordinary day: a few things happen, most days nothing much.
    fn office_day(&mut self) {
        // Notices arrive on any day of the month (R11), the 28th–31st included.
        if self.chance(80) {
            self.withdrawal();
        }
        if self.chance(120) {
            self.sfo_change();
        }
        if self.chance(30) {
            self.class_change();
        }
        if self.chance(40) {
            self.mid_year_admission();
        }
        if self.chance(50) {
            self.payer_change();
        }
        if self.chance(50) {
            self.subsidy();
        }
        if self.chance(60) {
            self.class_fund_entry();
        }
        if self.chance(40) {
            self.money_back();
        }
        if self.today.day() == 10 && self.chance(500) {
            self.arrears_termination();
        }
    }

    fn new_rates(&mut self) {
        let year = self.today.year();
        for (kind, module, kroner) in [
            (RateKind::School, "", 3_100 + 100 * (year - 2026) as i64),
            (
                RateKind::Kindergarten,
                "",
                2_200 + 50 * (year - 2026) as i64,
            ),
        ] {
            if year == 2026 {
                continue; // the demo's rates hold for 2026/27
            }
            let input = RateInput {
                kind: Some(kind),
                module: module.into(),
                amount: Ore::kroner(kroner),
                valid_from: short(self.today),
            };
            let result = self.office.billing().add_rate(input);
            self.attempt(
                format!("ny takst {kind:?} {kroner} kr. fra {}", short(self.today)),
                result,
            );
        }
    }

    fn rollover(&mut self) {
        let view = self.office.leaving().rollover_preview().unwrap();
        assert!(
            view.due.is_some(),
            "the rollover shows as due on {}",
            self.today
        );
        let year = self.today.year();
        let plan = self.office.leaving().run_rollover(year).unwrap();
        self.note(format!(
            "skoleårsskifte til {} ({} ændringer)",
            plan.label,
            plan.changes.len()
        ));
        let again = self.office.leaving().run_rollover(year).unwrap_err();
        assert!(
            matches!(again, AppError::Refused(_)),
            "a second rollover: {again:?}"
        );
    }

    fn retention(&mut self) {
        let plan = self.office.privacy().retention_plan().unwrap();
        if plan.lines.is_empty() && plan.files.is_empty() {
            return;
        }
        let done = self.office.privacy().run_retention(&plan.token).unwrap();
        self.note(format!("sletteplanen kørt: {done}"));
    }

    /// From the 15th, the next month is issued (R8); a month after July waits for the
    /// rollover, and is issued the day it has run.
    fn charge_next_month(&mut self) {
        let this_month = ChargeMonth::of(self.today);
        self.charge_month(this_month);
        if self.today.day() >= 15 {
            self.charge_month(this_month.next());
        }
    }

    fn charge_month(&mut self, target: ChargeMonth) {
        if self.issued.contains(&target) {
            return;
        }
        let issued = match self.office.billing().issue_charges(&target.key()) {
            Ok(issued) => issued,
            // Only the rollover may hold a month back (R12); the end of the
            // simulation checks that every month was charged in the end.
            Err(AppError::Refused(why)) if why.contains("Skoleårsskiftet") => return,
            Err(other) => panic!("{} cannot be issued: {other:?}", target.key()),
        };
        self.issued.insert(target);
        self.file_checks_due = true;
        self.money_moved = true;
        let run_id = issued.run_id.unwrap();
        let file = self.office.billing().delivery_file(run_id).unwrap().bytes;
        self.note(format!(
            "opkrævning for {} udsendt: {} betalere, {}",
            target.danish(),
            issued.charges.len(),
            issued.total.to_danish()
        ));
        self.check_run(target, &issued, &file);
        let due = day(&issued
            .payment_date
            .split('-')
            .rev()
            .collect::<Vec<_>>()
            .join("-"));
        for charge in &issued.charges {
            *self.books.charged.entry(charge.payer_id).or_default() += charge.total.0;
        }
        for (customer, reference, amount) in collections(&file) {
            let charge_id: i64 = reference.trim_start_matches('0').parse().unwrap();
            let payer = issued
                .charges
                .iter()
                .find(|c| c.charge_id == Some(charge_id))
                .unwrap()
                .payer_id;
            self.books
                .waiting
                .push((due, charge_id, customer, amount, payer));
        }
    }

    /// On the payment day the bank answers each collection: mostly paid, some
    /// rejected; a few paid ones are charged back weeks later.
    fn bank_answers(&mut self) {
        let today = self.today;
        let (due, later): (Vec<_>, Vec<_>) =
            self.books.waiting.drain(..).partition(|w| w.0 <= today);
        self.books.waiting = later;
        let mut records = Vec::new();
        let mut booked: Vec<(i64, i64, bool)> = Vec::new();
        for (due_on, charge_id, customer, amount, payer) in due {
            let reference = format!("{charge_id:09}");
            if self.chance(60) {
                records.push(record_0602_on(
                    "0237", &customer, amount, &reference, 0, due_on, today,
                ));
            } else {
                records.push(record_0602_on(
                    "0236", &customer, amount, &reference, amount, due_on, today,
                ));
                booked.push((payer, amount, false));
                self.books
                    .paid_collections
                    .push((due_on, charge_id, customer, amount, payer));
            }
        }
        if !self.books.paid_collections.is_empty() && self.chance(30) {
            let i = self.rng.random_range(0..self.books.paid_collections.len());
            let (due_on, charge_id, customer, amount, payer) =
                self.books.paid_collections.swap_remove(i);
            let reference = format!("{charge_id:09}");
            records.push(record_0602_on(
                "0239", &customer, amount, &reference, amount, due_on, today,
            ));
            booked.push((payer, amount, true));
        }
        if records.is_empty() {
            return;
        }
        let report = self
            .office
            .billing()
            .import_payments(&file_0602(&records))
            .unwrap();
        self.money_moved = true;
        assert!(
            report.unmatched.is_empty(),
            "every answer is booked: {:?}",
            report.unmatched
        );
        for (payer, amount, back) in booked {
            let book = if back {
                &mut self.books.charged_back
            } else {
                &mut self.books.paid
            };
            *book.entry(payer).or_default() += amount;
        }
        self.note(format!(
            "svar fra banken: {} betalt, {} afvist, {} tilbageført",
            report.paid, report.rejected, report.charged_back
        ));
    }

    fn withdrawal(&mut self) {
        let pupils = self.pupils();
        let Some(pupil) = self.pick(&pupils) else {
            return;
        };
        let view = self.office.placement().placements(pupil.id).unwrap();
        let Some(guardian) = view.guardians.first().map(|g| g.id) else {
            return;
        };
        let (scope, module) = match view.current_modules.first() {
            Some(module) if self.chance(600) => (WithdrawalScope::SfoModule, module.clone()),
            _ => (WithdrawalScope::School, String::new()),
        };
        let input = WithdrawalInput {
            child_id: pupil.id,
            scope,
            sfo_module: module.clone(),
            received_on: short(self.today),
            from_guardian_id: Some(guardian),
        };
        let result = self.office.leaving().record_withdrawal(input);
        self.attempt(
            format!(
                "udmeldelse af {} ({scope:?} {module}) modtaget {}",
                pupil.id,
                short(self.today)
            ),
            result,
        );
    }

    fn sfo_change(&mut self) {
        let pupils: Vec<_> = self
            .pupils()
            .into_iter()
            .filter(|p| p.grade.is_some_and(|g| g <= 3))
            .collect();
        let Some(pupil) = self.pick(&pupils) else {
            return;
        };
        let view = self.office.placement().placements(pupil.id).unwrap();
        let guardian = view.guardians.first().map(|g| g.id);
        let other: Vec<String> = view
            .school_modules
            .iter()
            .filter(|m| !view.current_modules.contains(m))
            .cloned()
            .collect();
        let action = match (view.current_modules.first(), other.is_empty()) {
            (None, false) => SfoChangeAction::Join,
            (Some(_), false) if self.chance(600) => SfoChangeAction::Switch,
            (Some(_), _) => SfoChangeAction::Drop,
            (None, true) => return,
        };
        let to_module = self.pick(&other).unwrap_or_default();
        let months_ahead = self.rng.random_range(0..3);
        let start = ChargeMonth::of(self.today);
        let start = (0..months_ahead).fold(start, |m, _| m.next());
        let input = SfoChangeInput {
            child_id: pupil.id,
            action,
            from_module: view.current_modules.first().cloned().unwrap_or_default(),
            to_module: to_module.clone(),
            start_month: format!("{:02}-{}", start.month, start.year),
            received_on: short(self.today),
            from_guardian_id: guardian,
        };
        let result = self.office.placement().change_sfo(input);
        self.attempt(
            format!("SFO {action:?} for {} til {to_module}", pupil.id),
            result,
        );
    }

    fn class_change(&mut self) {
        let pupils = self.pupils();
        let Some(pupil) = self.pick(&pupils) else {
            return;
        };
        let Some(grade) = pupil.grade else { return };
        let to_grade = if grade == 0 || (grade < 9 && self.chance(500)) {
            grade + 1
        } else {
            grade - 1
        };
        let first = ChargeMonth::of(self.today).next().first_day();
        let input = ClassChangeInput {
            child_id: pupil.id,
            to_grade: Some(to_grade),
            first_day: short(first),
            meeting_on: short(self.today),
            all_agree: true,
            reason: "Forældrene, klasselæreren og ledelsen er enige".into(),
        };
        let result = self.office.placement().change_class(input);
        self.attempt(
            format!("klasseskift for {} fra {grade} til {to_grade}", pupil.id),
            result,
        );
    }

    /// R3, R4: a family registers a child for a grade; after the meeting and the
    /// headteacher's approval the child starts on the 1st of next month. The
    /// enrolment fee is charged once (R1).
    fn mid_year_admission(&mut self) {
        self.new_children += 1;
        let n = self.new_children;
        let grade: u8 = self.rng.random_range(1..=8);
        let birth_year = self.today.year() - 7 - i32::from(grade);
        // Every other new child has a name from another alphabet (R38).
        let (first_name, last_name) = match n % 2 {
            0 => {
                let (first, last) =
                    INTERNATIONAL_NAMES[(n as usize / 2) % INTERNATIONAL_NAMES.len()];
                (format!("{first}{n}"), last.to_string())
            }
            _ => (format!("Sim{n}"), "Testesen".to_string()),
        };
        let child = NewChild {
            child: ChildInput {
                first_name,
                last_name,
                birth_date: format!("0{}-0{}-{birth_year}", 1 + n % 9, 1 + n % 9),
                ..Default::default()
            },
            guardians: vec![guardian(
                &format!("Forælder{n}"),
                &format!("Simvej {n}"),
                true,
            )],
        };
        let child_id = self.office.register().add_child(child).unwrap().id;
        let start = ChargeMonth::of(self.today).next().first_day();
        let waiting = WaitingInput {
            child_id,
            division: Some(Division::School),
            grade: Some(grade),
            wanted_start: short(start),
            ..Default::default()
        };
        let registered = self.office.admission().register_on_waiting_list(waiting);
        let Some(entry) = self.attempt(
            format!("{child_id} skrevet op til {grade}. klasse"),
            registered,
        ) else {
            return;
        };
        let meeting = MeetingInput {
            held_on: short(self.today),
            with_leadership: true,
            with_child: true,
            with_parents: true,
            with_class_teacher: true,
            all_agree: true,
            notes: "Alle enige.".into(),
        };
        self.office
            .admission()
            .record_meeting(entry.id, meeting)
            .unwrap();
        let decided =
            self.office
                .admission()
                .decide_admission(entry.id, true, "Alle var enige på mødet.");
        if self
            .attempt(format!("optagelse af {child_id} godkendt"), decided)
            .is_none()
        {
            return;
        }
        let terms = self.office.admission().terms_versions().unwrap();
        let terms: Vec<i64> = terms
            .iter()
            .filter(|t| t.division == Division::School)
            .map(|t| t.id)
            .take(1)
            .collect();
        let admission = AdmissionInput {
            start_date: short(start),
            terms_version_ids: terms,
            terms_accepted_on: short(self.today),
            ..Default::default()
        };
        let result = self.office.admission().admit(entry.id, admission);
        self.attempt(
            format!("{child_id} optaget i {grade}. klasse fra {}", short(start)),
            result,
        );
    }

    /// The payer of a child becomes the other guardian with custody; a guardian
    /// without custody is refused.
    fn payer_change(&mut self) {
        let pupils = self.pupils();
        let Some(pupil) = self.pick(&pupils) else {
            return;
        };
        let detail = self.office.register().child(pupil.id).unwrap();
        let Some(other) = detail.guardians.iter().find(|g| !g.link.is_payer).cloned() else {
            return;
        };
        let link = GuardianLink {
            is_payer: true,
            ..other.link.clone()
        };
        let former = detail
            .guardians
            .iter()
            .find(|g| g.link.is_payer)
            .map(|g| g.guardian_id);
        let moves = self.chance(500);
        let open = self
            .office
            .billing()
            .payer_change_preview(pupil.id)
            .unwrap()
            .open_for_child;
        let pending_before = self.reader.billing().pending_items().unwrap().len();
        let result =
            self.office
                .register()
                .update_guardian_link(pupil.id, other.guardian_id, link, moves);
        let refused_without_custody = !other.link.has_custody;
        let what = format!(
            "betaler for {} skifter til {}{}",
            pupil.id,
            other.guardian_id,
            if moves {
                format!(", {} ubetalt flyttes", open.to_danish())
            } else {
                String::new()
            }
        );
        let changed = self.attempt(what, result).is_some();
        assert_eq!(
            changed, !refused_without_custody,
            "a payer change with custody {}",
            other.link.has_custody
        );
        // The open balance moves as two corrections in the same work, or not at all.
        let pending = self.reader.billing().pending_items().unwrap();
        let added: Vec<(i64, i64)> = pending[pending_before..]
            .iter()
            .map(|p| (p.payer_id, p.amount.0))
            .collect();
        let expected = match (changed && moves && open.0 > 0, former) {
            (true, Some(from)) => vec![(from, -open.0), (other.guardian_id, open.0)],
            _ => Vec::new(),
        };
        self.check(
            "R10 a moved open balance is a minus for the former payer and a plus for the new",
            added == expected,
            || format!("{added:?} but {expected:?}"),
        );
    }

    /// R10: a credit note, or the refund of an overpaid balance by bank transfer. Asking
    /// for more than may be credited or paid back must be refused; less must not be.
    fn money_back(&mut self) {
        let payers: Vec<i64> = self.books.charged.keys().copied().collect();
        let overpaid_payers: Vec<i64> = payers
            .iter()
            .copied()
            .filter(|p| self.books.balance(*p) < 0)
            .collect();
        let too_much = self.chance(150);
        if !overpaid_payers.is_empty() && self.chance(500) {
            let payer = self.pick(&overpaid_payers).expect("some");
            let overpaid = -self.books.balance(payer);
            let amount = if too_much {
                overpaid + 1
            } else {
                self.rng.random_range(1..=overpaid)
            };
            let input = RefundInput {
                payer_id: payer,
                amount: Ore(amount),
                paid_on: short(self.today),
                bank_reference: format!("OVF {}-{}", self.seed, self.counts.events),
            };
            let result = self.office.billing().record_refund(input);
            let done = self
                .attempt(format!("{payer} får {amount} øre betalt tilbage"), result)
                .is_some();
            assert_eq!(
                done, !too_much,
                "a refund of {amount} øre of {overpaid} overpaid"
            );
            if done {
                *self.books.refunded.entry(payer).or_default() += amount;
                self.money_moved = true;
            }
            return;
        }
        let Some(payer) = self.pick(&payers) else {
            return;
        };
        let creditable = self.books.creditable(payer);
        let amount = if too_much || creditable <= 0 {
            creditable.max(0) + 1
        } else {
            self.rng.random_range(1..=creditable.min(50_000))
        };
        let input = CreditNoteInput {
            payer_id: payer,
            child_id: None,
            text: "Kreditnota i simuleringen".into(),
            amount: Ore(amount),
        };
        let result = self.office.billing().issue_credit_note(input);
        let done = self
            .attempt(format!("kreditnota på {amount} øre til {payer}"), result)
            .is_some();
        assert_eq!(
            done,
            amount <= creditable,
            "a credit note of {amount} øre of {creditable}"
        );
        if done {
            *self.books.credited.entry(payer).or_default() += amount;
            self.money_moved = true;
        }
    }

    /// R9: a friplads from the 1st of this or next month, or one ended.
    fn subsidy(&mut self) {
        let pupils = self.pupils();
        let Some(pupil) = self.pick(&pupils) else {
            return;
        };
        let existing = self.office.billing().subsidies(pupil.id).unwrap();
        if let Some(open) = existing.iter().find(|s| s.to.is_none()) {
            let to = ChargeMonth::of(self.today).next().last_day();
            let result = self.office.billing().end_subsidy(open.id, &short(to));
            self.attempt(
                format!("friplads for {} slutter {}", pupil.id, short(to)),
                result,
            );
            return;
        }
        let from = if self.chance(500) {
            ChargeMonth::of(self.today).first_day()
        } else {
            ChargeMonth::of(self.today).next().first_day()
        };
        let percent = [25, 50, 100][self.rng.random_range(0..3)];
        let input = SubsidyInput {
            child_id: pupil.id,
            kind: Some(SubsidyKind::Friplads),
            division: Some(Division::School),
            reduction: Some(Reduction::Percent(percent)),
            from: short(from),
            to: String::new(),
        };
        let result = self.office.billing().add_subsidy(input);
        self.attempt(
            format!("friplads {percent} % for {} fra {}", pupil.id, short(from)),
            result,
        );
    }

    fn class_fund_entry(&mut self) {
        let funds = self.office.class_fund().class_funds().unwrap();
        let Some(fund) = self.pick(&funds) else {
            return;
        };
        if !fund.has_fund {
            let input = ClassFundInput {
                cohort: fund.cohort,
                purpose: "Lejrskole og udflugter".into(),
                ..Default::default()
            };
            let result = self.office.class_fund().save_class_fund(input);
            self.attempt(
                format!("klassekasse for {} oprettet", fund.class_name),
                result,
            );
            return;
        }
        let deposit = self.chance(700);
        let kroner = self.rng.random_range(20..400);
        let input = FundEntryInput {
            cohort: fund.cohort,
            kind: Some(if deposit {
                EntryKind::Deposit
            } else {
                EntryKind::Expense
            }),
            date: short(self.today),
            amount: format!("{kroner},00"),
            text: if deposit {
                "Indbetaling".into()
            } else {
                "Is til klassen".into()
            },
            receipt: if deposit {
                String::new()
            } else {
                format!("Bon {}", self.counts.events)
            },
            child_id: None,
        };
        let result = self.office.class_fund().add_fund_entry(input);
        self.funds_moved |= self
            .attempt(
                format!("klassekasse {}: {kroner} kr.", fund.class_name),
                result,
            )
            .is_some();
    }

    /// R14: a kindergarten payer with overdue charges is given notice.
    fn arrears_termination(&mut self) {
        let accounts = self.office.billing().payer_accounts(true).unwrap();
        let children: Vec<i64> = accounts
            .iter()
            .flat_map(|a| a.kindergarten_children.iter().map(|c| c.child_id))
            .collect();
        let Some(child) = self.pick(&children) else {
            return;
        };
        let result = self
            .office
            .billing()
            .terminate_kindergarten_for_arrears(child, false);
        self.attempt(
            format!("børnehaveplads for {child} opsagt for restance"),
            result,
        );
    }

    // --- the invariants --------------------------------------------------------------

    fn check(&mut self, rule: &str, holds: bool, detail: impl FnOnce() -> String) {
        self.counts.checks += 1;
        if !holds {
            panic!(
                "seed {} ({}): {rule} broken on {}: {}\nthe day's events:\n  {}",
                self.seed,
                format_args!("SKOLEKONTOR_SIM_SEED={}", self.seed),
                self.today,
                detail(),
                self.events.join("\n  ")
            );
        }
    }

    /// The run just issued: every line of a month matches a place and a rate in force
    /// (R7, R11, R12), one collection per payer in a file our checker passes (R35),
    /// and the next month finds nothing left to correct.
    fn check_run(
        &mut self,
        month: ChargeMonth,
        issued: &skolekontor_app::billing::ChargePreview,
        file: &[u8],
    ) {
        let db = &self.reader;
        let table = RateTable::new(db.billing().rates().unwrap());
        let places: BTreeMap<i64, Vec<_>> = db
            .billing()
            .billable_children(month)
            .unwrap()
            .into_iter()
            .map(|c| (c.child_id, c.placements))
            .collect();
        let mut problems = Vec::new();
        for line in issued
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .filter(|l| l.kind == LineKind::Rate)
        {
            let division = line.division.unwrap();
            let rows = places
                .get(&line.child_id.unwrap())
                .cloned()
                .unwrap_or_default();
            let fits = rows.iter().any(|r| {
                r.division == division
                    && r.start <= month.last_day()
                    && r.end.is_none_or(|end| end >= month.first_day())
                    && table.in_force(
                        RateKind::of_division(division),
                        &r.sfo_module,
                        r.start.max(month.first_day()),
                    ) == Some(line.amount)
            });
            if !fits {
                problems.push(format!(
                    "{}: {} ({:?})",
                    line.text,
                    line.amount.to_danish(),
                    rows
                ));
            }
        }
        self.check(
            "R7/R11/R12 each charge line has a place and a rate in force",
            problems.is_empty(),
            || problems.join("\n"),
        );
        let summary = check_0601(file);
        self.check(
            "R35 the 0601 file passes the checker",
            summary.is_ok(),
            || format!("{summary:?}"),
        );
        let numbers: Vec<String> = collections(file).into_iter().map(|c| c.0).collect();
        let unique: BTreeSet<&String> = numbers.iter().collect();
        self.check(
            "R35 one collection per payer",
            unique.len() == numbers.len(),
            || format!("{numbers:?}"),
        );
        let positive = issued.charges.iter().filter(|c| c.total.0 > 0).count();
        self.check(
            "R35 every payer owing money is collected",
            positive == numbers.len(),
            || format!("{positive} charges, {} collections", numbers.len()),
        );
        let mut twice = Vec::new();
        for line in issued
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .filter(|l| l.kind == LineKind::EnrolmentFee)
        {
            if !self.fee_charged.insert(line.child_id.unwrap()) {
                twice.push(line.text.clone());
            }
        }
        self.check(
            "R1 the enrolment fee at most once per child",
            twice.is_empty(),
            || twice.join("\n"),
        );
        let next = self
            .office
            .billing()
            .preview_charges(&month.next().key())
            .unwrap();
        let left: Vec<String> = next
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .filter(|l| l.corrects_month.is_some())
            .map(|l| l.text.clone())
            .collect();
        self.check(
            "R7/R9 corrections net to what each month should cost",
            left.is_empty(),
            || left.join("\n"),
        );
    }

    fn check_invariants(&mut self) {
        if self.money_moved {
            self.money_moved = false;
            self.check_balances();
        }
        if self.funds_moved || self.file_checks_due {
            self.funds_moved = false;
            self.check_class_funds();
        }
        if self.file_checks_due {
            self.file_checks_due = false;
            self.check_file();
        }
    }

    /// R10: the ledgers as the arrears list reads them, against the simulation's books.
    /// Balances move only with a run or the bank's answer, so they are checked then.
    fn check_balances(&mut self) {
        let ledgers = self.reader.billing().ledgers().unwrap();
        let mut wrong = Vec::new();
        let payers: BTreeSet<i64> = ledgers
            .keys()
            .chain(self.books.charged.keys())
            .copied()
            .collect();
        for payer in payers {
            let ledger = ledgers.get(&payer).cloned().unwrap_or_default();
            let account = ledger.account(self.today);
            let expected = self.books.balance(payer);
            if account.balance.0 != expected {
                wrong.push(format!("{payer}: {} but {expected}", account.balance.0));
            }
            let by_age: i64 = account.by_age.iter().map(|o| o.0).sum();
            if by_age != account.overdue.0 || account.overdue.0 > account.balance.0.max(0) {
                wrong.push(format!("{payer}: arrears {account:?}"));
            }
        }
        self.check(
            "R10 each balance = charges − payments + charge-backs − credits + refunds, arrears agree",
            wrong.is_empty(),
            || wrong.join("\n"),
        );
    }

    /// R17–R19: a class fund's balance is its ledger's sum, on the list and the page.
    fn check_class_funds(&mut self) {
        let mut funds_wrong = Vec::new();
        for fund in self
            .office
            .class_fund()
            .class_funds()
            .unwrap()
            .into_iter()
            .filter(|f| f.has_fund)
        {
            let view = self.office.class_fund().class_fund(fund.cohort).unwrap();
            let mut sum = 0;
            for entry in &view.entries {
                let amount = kroner_text(&entry.amount);
                sum += if entry.kind == EntryKind::Deposit {
                    amount
                } else {
                    -amount
                };
            }
            if sum != kroner_text(&view.balance) || sum != kroner_text(&fund.balance) {
                funds_wrong.push(format!("{}: {} vs {}", fund.class_name, sum, view.balance));
            }
        }
        self.check(
            "R17–R19 each class fund's balance equals its ledger",
            funds_wrong.is_empty(),
            || funds_wrong.join("\n"),
        );
    }

    /// Every page's checksum, SQLite's integrity check and the whole audit chain (R29),
    /// on the file as it lies on disk.
    fn check_file(&mut self) {
        let integrity = skolekontor_store::backup::check_backup(&self.path, &self.key);
        self.check(
            "the database's integrity check passes and the audit chain verifies",
            integrity.is_ok(),
            || format!("{integrity:?}"),
        );
    }
}

/// "1.250,00 kr." in øre.
fn kroner_text(text: &str) -> i64 {
    Ore::parse_danish(text.trim_end_matches(" kr.").trim())
        .unwrap_or_else(|| panic!("an amount: {text}"))
        .0
}

fn simulate(seed: u64) -> (Counts, std::time::Duration) {
    let started = std::time::Instant::now();
    let fixture = Fixture::new();
    let mut sim = Simulation::new(seed, &fixture);
    let last = day(LAST_DAY);
    while sim.today <= last {
        sim.run_day();
        sim.today += Duration::days(1);
    }
    sim.check_class_funds();
    sim.check_file();
    let runs = sim.office.billing().charge_runs().unwrap();
    assert_eq!(
        runs.len(),
        24,
        "seed {seed}: every month from August 2026 to July 2028 charged"
    );
    println!("seed {seed} time by part: {:?}", sim.spent);
    (sim.counts, started.elapsed())
}

const TEST_NAME: &str = "two_school_years_day_by_day_keep_every_rule";

/// One seed in this process: its figures as the last line of the output.
fn one_seed(seed: u64) {
    let (counts, took) = simulate(seed);
    println!(
        "seed {seed}: {} days, {} events, {} refused, {} checks, {:.1} s",
        counts.days,
        counts.events,
        counts.refused,
        counts.checks,
        took.as_secs_f64()
    );
    assert!(
        counts.events > counts.days / 4,
        "seed {seed}: the simulation does something"
    );
}

/// The figures of a finished seed's line: (days, events, refused, checks).
fn figures(line: &str) -> [u64; 4] {
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .filter_map(|w| w.parse().ok())
        .collect();
    [numbers[1], numbers[2], numbers[3], numbers[4]]
}

#[test]
fn two_school_years_day_by_day_keep_every_rule() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(seed) = std::env::var("SKOLEKONTOR_SIM_SEED") {
        one_seed(seed.parse().expect("SKOLEKONTOR_SIM_SEED is a number"));
        return;
    }
    // The program's day is one per process, so each seed runs in a process of its
    // own (this test again, with the seed set), as many at a time as there are cores.
    let started = std::time::Instant::now();
    let exe = std::env::current_exe().unwrap();
    let at_once = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let mut pending: Vec<u64> = (0..SEEDS).rev().collect();
    let mut running: Vec<(u64, std::process::Child)> = Vec::new();
    let mut total = [0u64; 4];
    let mut report = String::new();
    while !pending.is_empty() || !running.is_empty() {
        while running.len() < at_once {
            let Some(seed) = pending.pop() else { break };
            let child = std::process::Command::new(&exe)
                .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
                .env("SKOLEKONTOR_SIM_SEED", seed.to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            running.push((seed, child));
        }
        let (seed, child) = running.remove(0);
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "seed {seed} failed (rerun it with SKOLEKONTOR_SIM_SEED={seed}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("seed {seed}: ")) && l.contains(" checks, "))
            .unwrap_or_else(|| panic!("seed {seed} printed no figures:\n{stdout}"));
        writeln!(report, "{line}").unwrap();
        for (sum, n) in total.iter_mut().zip(figures(line)) {
            *sum += n;
        }
    }
    println!(
        "{report}{SEEDS} seeds: {} days, {} events ({} refused by the rules), {} invariant checks in {:.1} s",
        total[0],
        total[1],
        total[2],
        total[3],
        started.elapsed().as_secs_f64()
    );
}
