//! Use cases of the class funds (*klassekasser*, R17–R20): the office keeps each
//! class's purpose, treasurer, agreed contribution and ledger; an expense can never
//! take a fund below zero; the families' payments are shown against what the
//! agreement asks of them since they joined (R19), and leavers get no share (R18).
//! The money is the class's: nothing here reaches the school's charges.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skolekontor_documents::class_fund_statement::{
    FundStatementSheet, StatementFamily, StatementLine,
};
use skolekontor_domain::class_fund::{
    self, class_name, cohort_of, family_accounts, first_shortfall, grade_in, members,
    running_balances, ClassFundInput, ClassMember, EntryKind, FamilyAccount, FundEntryInput,
    LedgerEntry, MemberStanding,
};
use skolekontor_domain::dates;
use skolekontor_domain::Ore;
use skolekontor_store::class_fund::{StoredClassFund, StoredFundEntry};
use skolekontor_store::{Database, StoreError};
use ts_rs::TS;

use crate::access::Action;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::{language, tr};

/// A class in the list of funds.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ClassFundSummary {
    /// The class's cohort.
    pub cohort: i32,
    /// "3. klasse".
    pub class_name: String,
    /// Whether the class keeps a fund.
    pub has_fund: bool,
    /// "1.250,00 kr.", empty without a fund.
    pub balance: String,
    /// Pupils in the class today.
    pub pupils: u32,
}

/// A ledger line as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FundEntryView {
    #[ts(type = "number")]
    pub id: i64,
    /// `dd-mm-yyyy`.
    pub date: String,
    /// In or out.
    pub kind: EntryKind,
    /// "150,00 kr."
    pub amount: String,
    pub text: String,
    /// The receipt reference.
    pub receipt: String,
    /// The paying family's pupil.
    pub family: String,
    /// The balance after the line, "1.250,00 kr."; empty when cancelled.
    pub balance: String,
    /// "Annulleret: tastefejl", empty otherwise.
    pub cancelled: String,
}

/// A family's payments.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FamilyView {
    /// The pupil.
    #[ts(type = "number")]
    pub child_id: i64,
    /// The pupil's name.
    pub child_name: String,
    /// The guardians' names.
    pub guardians: String,
    /// Deposits.
    pub paid: String,
    /// What the agreement asks up to today; empty without an agreement.
    pub expected: String,
    /// "Mangler 50,00 kr.", "Betalt forud 20,00 kr.", or empty.
    pub difference: String,
    /// Where the pupil stands.
    pub standing: MemberStanding,
    /// R18/R19 in words, or empty.
    pub note: String,
}

/// A choice in a list (treasurer, paying family).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FundChoice {
    /// The guardian or pupil.
    #[ts(type = "number")]
    pub id: i64,
    /// The name, with the pupil for a guardian.
    pub label: String,
}

/// One class's fund.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ClassFundView {
    /// The class's cohort.
    pub cohort: i32,
    /// "3. klasse".
    pub class_name: String,
    /// False until the parents' terms are recorded.
    pub exists: bool,
    /// What the money is for (R20).
    pub purpose: String,
    #[ts(type = "number | null")]
    pub treasurer_guardian_id: Option<i64>,
    /// The treasurer's name, or empty.
    pub treasurer: String,
    /// The fund began, `dd-mm-yyyy`.
    pub began_on: String,
    /// "50,00 kr. pr. familie pr. måned fra september 2026", or empty.
    pub contribution: String,
    /// The balance today.
    pub balance: String,
    /// The ledger in order, with the balance after each line.
    pub entries: Vec<FundEntryView>,
    /// Every family that has been in the class.
    pub families: Vec<FamilyView>,
    /// Who can be treasurer: guardians of the pupils in the class.
    pub treasurer_choices: Vec<FundChoice>,
    /// Whose family can pay in: the class's pupils.
    pub pupil_choices: Vec<FundChoice>,
    /// Whether this user may keep the fund.
    pub can_manage: bool,
    /// R17 in words.
    pub notice: String,
}

/// Cancelling a ledger line, as typed.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CancelFundEntry {
    /// The line.
    #[ts(type = "number")]
    pub entry_id: i64,
    /// Why.
    pub reason: String,
}

fn kroner(amount: Ore) -> String {
    amount.to_danish()
}

fn ledger(entries: &[StoredFundEntry]) -> Vec<LedgerEntry> {
    entries.iter().map(|e| e.entry.clone()).collect()
}

fn entry_views(entries: &[StoredFundEntry]) -> Vec<FundEntryView> {
    let balances = running_balances(&ledger(entries));
    entries
        .iter()
        .map(|e| {
            let balance = balances
                .iter()
                .find(|(id, _)| *id == e.entry.id)
                .map(|(_, b)| *b)
                .unwrap_or_default();
            FundEntryView {
                id: e.entry.id,
                date: dates::short(e.entry.date),
                kind: e.entry.kind,
                amount: kroner(e.entry.amount),
                text: e.text.clone(),
                receipt: e.receipt.clone(),
                family: e.child_name.clone().unwrap_or_default(),
                balance: if e.entry.cancelled {
                    String::new()
                } else {
                    kroner(balance)
                },
                cancelled: e
                    .cancel_reason
                    .as_ref()
                    .map(|r| tr!("class_fund.cancelled", reason = r))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn family_view(
    account: &FamilyAccount,
    guardians: &[(i64, i64, String)],
    has_agreement: bool,
) -> FamilyView {
    let names: Vec<&str> = guardians
        .iter()
        .filter(|(child, _, _)| *child == account.member.child_id)
        .map(|(_, _, name)| name.as_str())
        .collect();
    let difference = Ore(account.expected.0 - account.paid.0);
    let difference = match (has_agreement, account.standing, difference.0) {
        (false, _, _) | (_, MemberStanding::Left, _) | (_, _, 0) => String::new(),
        (true, _, d) if d > 0 => tr!("class_fund.missing", amount = kroner(difference)),
        _ => tr!("class_fund.paid_ahead", amount = kroner(Ore(-difference.0))),
    };
    FamilyView {
        child_id: account.member.child_id,
        child_name: account.member.name.clone(),
        guardians: names.join(", "),
        paid: kroner(account.paid),
        expected: if has_agreement {
            kroner(account.expected)
        } else {
            String::new()
        },
        difference,
        standing: account.standing,
        note: account.note(),
    }
}

fn contribution_text(contributions: &[class_fund::Contribution], today: NaiveDate) -> String {
    match contributions
        .iter()
        .filter(|c| c.valid_from <= today)
        .max_by_key(|c| c.valid_from)
        .or(contributions.first())
    {
        Some(c) if c.monthly.0 > 0 => tr!(
            "class_fund.contribution",
            amount = kroner(c.monthly),
            month = dates::month_and_year_shown(c.valid_from)
        ),
        _ => String::new(),
    }
}

/// Each guardian of a present pupil once, with their children in the class: twins'
/// parents are one choice.
fn treasurer_choices(
    guardians: &[(i64, i64, String)],
    class: &[ClassMember],
    present_ids: &[i64],
) -> Vec<FundChoice> {
    let mut choices: Vec<(i64, String, Vec<&str>)> = Vec::new();
    for (child, id, name) in guardians
        .iter()
        .filter(|(child, _, _)| present_ids.contains(child))
    {
        let pupil = class
            .iter()
            .find(|m| m.child_id == *child)
            .map_or("", |m| m.name.as_str());
        match choices.iter_mut().find(|(existing, _, _)| existing == id) {
            Some((_, _, pupils)) => pupils.push(pupil),
            None => choices.push((*id, name.clone(), vec![pupil])),
        }
    }
    choices
        .into_iter()
        .map(|(id, name, pupils)| FundChoice {
            id,
            label: format!("{name} ({})", pupils.join(", ")),
        })
        .collect()
}

/// Today's pupils of a class (and those starting), for the choices.
fn present(members: &[ClassMember], today: NaiveDate) -> impl Iterator<Item = &ClassMember> {
    members
        .iter()
        .filter(move |m| m.last_day.is_none_or(|end| end >= today))
}

/// Reads one class's fund as the screen shows it.
pub(crate) fn fund_view(
    db: &Database,
    cohort: i32,
    today: NaiveDate,
    can_manage: bool,
) -> AppResult<ClassFundView> {
    let class = members(&db.class_fund().school_rows()?, cohort);
    let fund = db.class_fund().class_fund(cohort)?;
    let stored = db.class_fund().class_fund_entries(cohort)?;
    let contributions = db.class_fund().class_fund_contributions(cohort)?;
    let ids: Vec<i64> = class.iter().map(|m| m.child_id).collect();
    let guardians = db.class_fund().guardian_names(&ids)?;
    let present_ids: Vec<i64> = present(&class, today).map(|m| m.child_id).collect();
    // Saving began with the fund, its first agreed month or its first line, whichever
    // came first; R19 speaks of the pupils who join after that.
    let began = fund.as_ref().map_or(today, |f| f.began_on);
    let began = contributions
        .iter()
        .map(|c| c.valid_from)
        .chain(stored.iter().map(|e| e.entry.date))
        .fold(began, NaiveDate::min);
    let accounts = family_accounts(&class, &ledger(&stored), &contributions, began, today);
    let has_agreement = contributions.iter().any(|c| c.monthly.0 > 0);
    let balance: Ore = stored.iter().map(|e| e.entry.effect()).sum();
    let StoredClassFund {
        purpose,
        treasurer_guardian_id,
        treasurer_name,
        began_on,
        ..
    } = fund.clone().unwrap_or(StoredClassFund {
        cohort,
        purpose: String::new(),
        treasurer_guardian_id: None,
        treasurer_name: None,
        began_on: today,
    });
    Ok(ClassFundView {
        cohort,
        class_name: class_name(cohort, today),
        exists: fund.is_some(),
        purpose,
        treasurer_guardian_id,
        treasurer: treasurer_name.unwrap_or_default(),
        began_on: dates::short(began_on),
        contribution: contribution_text(&contributions, today),
        balance: kroner(balance),
        entries: entry_views(&stored),
        families: accounts
            .iter()
            .map(|a| family_view(a, &guardians, has_agreement))
            .collect(),
        treasurer_choices: treasurer_choices(&guardians, &class, &present_ids),
        pupil_choices: present(&class, today)
            .map(|m| FundChoice {
                id: m.child_id,
                label: m.name.clone(),
            })
            .collect(),
        can_manage,
        // The line every fund screen and statement carries (R17).
        notice: tr!("class_fund.outside_the_school"),
    })
}

/// One school year of a fund, for the printed statement: the ledger of the year
/// between the balance on 31 July before it and today's.
pub(crate) fn statement_sheet(
    db: &Database,
    cohort: i32,
    today: NaiveDate,
) -> AppResult<FundStatementSheet> {
    // Printed for the parents, so in Danish whatever the window shows.
    let view = language::in_danish(|| fund_view(db, cohort, today, false))?;
    if !view.exists {
        return Err(AppError::Refused(tr!(
            "class_fund.none",
            class = view.class_name
        )));
    }
    let stored = db.class_fund().class_fund_entries(cohort)?;
    let first = NaiveDate::from_ymd_opt(dates::school_year_start(today), 8, 1).expect("1 August");
    let lines = language::in_danish(|| entry_views(&stored))
        .into_iter()
        .zip(&stored)
        .filter(|(_, s)| s.entry.date >= first && s.entry.date <= today)
        .map(|(v, s)| {
            let (deposit, expense) = if v.kind == EntryKind::Deposit {
                (v.amount.clone(), String::new())
            } else {
                (String::new(), v.amount.clone())
            };
            let text = if v.family.is_empty() {
                v.text.clone()
            } else {
                format!("{} ({})", v.text, v.family)
            };
            StatementLine {
                date: v.date,
                text,
                receipt: v.receipt,
                deposit,
                expense,
                balance: if s.entry.cancelled {
                    "annulleret".into()
                } else {
                    v.balance
                },
            }
        })
        .collect();
    let families = view
        .families
        .iter()
        .map(|f| StatementFamily {
            pupil: f.child_name.clone(),
            paid: f.paid.clone(),
            expected: f.expected.clone(),
            note: [f.difference.as_str(), f.note.as_str()]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    Ok(FundStatementSheet {
        class_name: view.class_name,
        school_year: dates::school_year_label(today),
        purpose: view.purpose,
        treasurer: view.treasurer,
        contribution: view.contribution,
        opening: class_fund::balance_on(&ledger(&stored), first.pred_opt().expect("31 July")),
        opening_day: dates::short(first.pred_opt().expect("31 July")),
        closing: class_fund::balance_on(&ledger(&stored), today),
        closing_day: dates::short(today),
        lines,
        families,
        notice: view.notice,
    })
}

/// The line a school withdrawal's preview adds when the pupil's class keeps a fund (R18).
pub(crate) fn leaving_note(
    db: &Database,
    child_id: i64,
    today: NaiveDate,
) -> AppResult<Option<String>> {
    let cohort = db
        .class_fund()
        .school_rows()?
        .into_iter()
        .filter(|r| {
            r.child_id == child_id && r.start <= today && r.end.is_none_or(|end| end >= today)
        })
        .map(|r| cohort_of(r.grade, dates::school_year_start(r.start)))
        .next();
    let Some(cohort) = cohort else {
        return Ok(None);
    };
    Ok(db
        .class_fund()
        .class_fund(cohort)?
        .map(|_| tr!("class_fund.leaving_note", class = class_name(cohort, today))))
}

fn shortfall_refusal(entries: &[LedgerEntry], what: &str) -> AppResult<()> {
    match first_shortfall(entries) {
        None => Ok(()),
        Some((day, balance)) => Err(AppError::Refused(tr!(
            "class_fund.below_zero",
            what = what,
            day = dates::short(day),
            balance = kroner(balance)
        ))),
    }
}

crate::use_case_handle! {
    /// Class funds (*klassekasser*): the use cases, on the office's session.
    class_fund => ClassFundUseCases
}

impl ClassFundUseCases<'_> {
    /// The classes of this school year (and any older fund), with their balances.
    pub fn class_funds(&mut self) -> AppResult<Vec<ClassFundSummary>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let (today, user, db) = (context.today, &context.user, &context.open.db);
        let year = dates::school_year_start(today);
        let rows = db.class_fund().school_rows()?;
        let funds = db.class_fund().class_funds()?;
        let mut cohorts: Vec<i32> = (0..=9u8).map(|grade| cohort_of(grade, year)).collect();
        cohorts.extend(
            funds
                .iter()
                .map(|f| f.cohort)
                .filter(|c| grade_in(*c, year).is_none()),
        );
        cohorts.sort_unstable_by(|a, b| b.cmp(a));
        cohorts.dedup();
        let mut summaries = Vec::new();
        for cohort in cohorts
            .into_iter()
            .filter(|c| user.may_see_cohort(*c, today))
        {
            let has_fund = funds.iter().any(|f| f.cohort == cohort);
            let balance: Ore = if has_fund {
                db.class_fund()
                    .class_fund_entries(cohort)?
                    .iter()
                    .map(|e| e.entry.effect())
                    .sum()
            } else {
                Ore(0)
            };
            let pupils = present(&members(&rows, cohort), today)
                .filter(|m| m.first_day <= today)
                .count() as u32;
            summaries.push(ClassFundSummary {
                cohort,
                class_name: class_name(cohort, today),
                has_fund,
                balance: if has_fund {
                    kroner(balance)
                } else {
                    String::new()
                },
                pupils,
            });
        }
        Ok(summaries)
    }

    /// One class's fund: terms, ledger and the families' payments.
    pub fn class_fund(&mut self, cohort: i32) -> AppResult<ClassFundView> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::Cohort(cohort))?;
        let can_manage = context.user.may(Action::ManageClassFunds);
        fund_view(&context.open.db, cohort, context.today, can_manage)
    }

    /// Records the fund's terms (R20): the purpose, the treasurer and the agreed
    /// contribution. The first save begins the fund.
    pub fn save_class_fund(&mut self, input: ClassFundInput) -> AppResult<ClassFundView> {
        let context = self
            .office
            .authorize(Action::ManageClassFunds, Subject::Cohort(input.cohort))?;
        let today = context.today;
        let fund = input.validate()?;
        let work = context.open.db.begin()?;
        let db = work.db();
        if let Some(treasurer) = fund.treasurer_guardian_id {
            let class = members(&db.class_fund().school_rows()?, fund.cohort);
            let ids: Vec<i64> = present(&class, today).map(|m| m.child_id).collect();
            if !db
                .class_fund()
                .guardian_names(&ids)?
                .iter()
                .any(|(_, id, _)| *id == treasurer)
            {
                return Err(AppError::Refused(tr!("class_fund.treasurer_not_parent")));
            }
        }
        work.class_fund().save_class_fund(&fund, today)?;
        let view = fund_view(work.db(), fund.cohort, today, true)?;
        work.commit()?;
        Ok(view)
    }

    /// Adds a deposit or an expense; one that would take the fund below zero on any
    /// day is refused and nothing is saved.
    pub fn add_fund_entry(&mut self, input: FundEntryInput) -> AppResult<ClassFundView> {
        let context = self
            .office
            .authorize(Action::ManageClassFunds, Subject::Cohort(input.cohort))?;
        let today = context.today;
        let entry = input.validate(today)?;
        let work = context.open.db.begin()?;
        let db = work.db();
        if db.class_fund().class_fund(entry.cohort)?.is_none() {
            return Err(AppError::Refused(tr!("class_fund.no_fund_yet")));
        }
        if let Some(child_id) = entry.child_id {
            if !members(&db.class_fund().school_rows()?, entry.cohort)
                .iter()
                .any(|m| m.child_id == child_id)
            {
                return Err(AppError::Refused(tr!("class_fund.pupil_not_in_class")));
            }
        }
        let mut entries = ledger(&db.class_fund().class_fund_entries(entry.cohort)?);
        entries.push(LedgerEntry {
            id: i64::MAX,
            date: entry.date,
            kind: entry.kind,
            amount: entry.amount,
            child_id: entry.child_id,
            cancelled: false,
        });
        shortfall_refusal(
            &entries,
            &tr!("class_fund.the_expense", amount = kroner(entry.amount)),
        )?;
        work.class_fund().add_fund_entry(&entry)?;
        let view = fund_view(work.db(), entry.cohort, today, true)?;
        work.commit()?;
        Ok(view)
    }

    /// Cancels a ledger line with a reason; the line stays visible.
    pub fn cancel_fund_entry(&mut self, input: CancelFundEntry) -> AppResult<ClassFundView> {
        let context = self
            .office
            .authorize(Action::ManageClassFunds, Subject::School)?;
        let reason = input.reason.trim();
        if reason.is_empty() || reason.chars().count() > 200 {
            return Err(AppError::Input(tr!("class_fund.cancel_reason")));
        }
        let (cohort, line) = context
            .open
            .db
            .class_fund()
            .class_fund_entry(input.entry_id)?;
        context.check_subject(Subject::Cohort(cohort))?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let db = work.db();
        let mut entries = ledger(&db.class_fund().class_fund_entries(cohort)?);
        entries
            .iter_mut()
            .filter(|e| e.id == line.entry.id)
            .for_each(|e| e.cancelled = true);
        shortfall_refusal(
            &entries,
            &tr!(
                "class_fund.cancelling_deposit",
                amount = kroner(line.entry.amount)
            ),
        )?;
        work.class_fund()
            .cancel_fund_entry(input.entry_id, reason)
            .map_err(|e| match e {
                StoreError::NotFound => AppError::Refused(tr!("class_fund.already_cancelled")),
                other => other.into(),
            })?;
        let view = fund_view(work.db(), cohort, today, true)?;
        work.commit()?;
        Ok(view)
    }
}

/// One family's payment on the class's payment screen.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FamilyDeposit {
    /// The pupil whose family paid.
    #[ts(type = "number")]
    pub child_id: i64,
    /// `150,00`.
    pub amount: String,
}

/// The payments of many families of a class at once (a bank statement's lines, say).
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ClassDepositsInput {
    /// The class.
    pub cohort: i32,
    /// `dd-mm-yyyy`.
    pub date: String,
    /// "Indbetaling september".
    pub text: String,
    /// The families that paid; those left out are not touched.
    pub deposits: Vec<FamilyDeposit>,
}

impl ClassFundUseCases<'_> {
    /// Records many families' payments into a class fund: each is checked first
    /// (problems under its row), then all are stored in one unit of work — or none.
    pub fn add_class_deposits(&mut self, input: ClassDepositsInput) -> AppResult<ClassFundView> {
        let context = self
            .office
            .authorize(Action::ManageClassFunds, Subject::Cohort(input.cohort))?;
        let today = context.today;
        let work = context.open.db.begin()?;
        let db = work.db();
        if db.class_fund().class_fund(input.cohort)?.is_none() {
            return Err(AppError::Refused(tr!("class_fund.no_fund_yet")));
        }
        let pupils: Vec<i64> = members(&db.class_fund().school_rows()?, input.cohort)
            .iter()
            .map(|m| m.child_id)
            .collect();
        let mut entries = Vec::new();
        let mut errors = skolekontor_domain::ValidationErrors::default();
        for (index, deposit) in input.deposits.iter().enumerate() {
            let one = FundEntryInput {
                cohort: input.cohort,
                kind: Some(skolekontor_domain::class_fund::EntryKind::Deposit),
                date: input.date.clone(),
                amount: deposit.amount.clone(),
                text: input.text.clone(),
                receipt: String::new(),
                child_id: Some(deposit.child_id),
            };
            let prefix = format!("deposits.{index}.");
            if !pupils.contains(&deposit.child_id) {
                errors.add(
                    format!("{prefix}childId"),
                    tr!("class_fund.pupil_not_in_class"),
                );
                continue;
            }
            match one.validate(today) {
                Ok(entry) => entries.push(entry),
                Err(problems) => errors.errors.extend(problems.prefixed(&prefix).errors),
            }
        }
        if input.deposits.is_empty() {
            errors.add("deposits", tr!("class_fund.no_payments"));
        }
        errors.into_result()?;
        for entry in &entries {
            work.class_fund().add_fund_entry(entry)?;
        }
        let view = fund_view(work.db(), input.cohort, today, true)?;
        work.commit()?;
        Ok(view)
    }
}
