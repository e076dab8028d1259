//! The retention plan (*sletteplan*, R26, R33) as of a day: who, which data, which
//! rule and why. The fields come from the personal-data register, so a new field is
//! planned for as soon as it is registered. Running the plan is the store's job, after
//! the headteacher has approved it; this module only decides.

use crate::tr;
use chrono::{Datelike, Months, NaiveDate};

use crate::dates;
use crate::personal_data::{DataSubject, Link, Retention, REGISTER};
use crate::privacy::RetentionPeriods;
use crate::school::Division;

/// What the plan needs to know about one child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFacts {
    pub child_id: i64,
    /// The name, for the plan the headteacher reads.
    pub name: String,
    /// For R33.
    pub birth_date: Option<NaiveDate>,
    /// Every placement's first and last day.
    pub places: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// Waiting-list entries still open, by division.
    pub waiting: Vec<Division>,
    /// The last day the accounts have anything about the child (charges, payments).
    pub last_accounting_day: Option<NaiveDate>,
    /// Already reduced to what the accounts need.
    pub reduced: bool,
    /// The day the last grade-9 leaving certificate was issued, if one is recorded.
    pub certificate_issued: Option<NaiveDate>,
    /// Already reduced to the name, the CPR number and the certificate.
    pub certificate_only: bool,
}

/// What the plan needs to know about one guardian: their data lives as long as their
/// children's, and what the accounts need of them (name, CPR, address) as long as
/// the accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianFacts {
    pub guardian_id: i64,
    /// The name, for the plan the headteacher reads.
    pub name: String,
    /// The children linked to them.
    pub children: Vec<i64>,
    /// Named in the accounts: charges, payments, a payer account, a notice given.
    pub in_accounts: bool,
    /// The last day the accounts hold about them as payer.
    pub last_accounting_day: Option<NaiveDate>,
    /// Already reduced to what the accounts need.
    pub reduced: bool,
}

/// What happens to a person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Everything not needed for the accounts goes; the accounting fields stay.
    KeepOnlyAccounting,
    /// Everything goes but the name, the CPR number and the leaving certificate's
    /// record, which are kept for the certificate years.
    KeepOnlyCertificate,
    /// Everything about the person goes.
    DeleteAll,
}

/// One line of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDeletion {
    /// Whose data.
    pub subject: DataSubject,
    pub name: String,
    /// What happens.
    pub step: Step,
    /// The rule applied.
    pub rule: Retention,
    /// Why, in Danish: the day it is based on and the deadline that has passed.
    pub reason: String,
    /// The (table, column) pairs that go.
    pub fields: Vec<(&'static str, &'static str)>,
}

/// The day a child left: the last day of its last place, once no place runs on `as_of`.
pub fn left_on(facts: &ChildFacts, as_of: NaiveDate) -> Option<NaiveDate> {
    if facts.places.is_empty()
        || facts
            .places
            .iter()
            .any(|(_, end)| end.is_none_or(|end| end >= as_of))
    {
        return None;
    }
    facts.places.iter().filter_map(|(_, end)| *end).max()
}

fn end_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December")
}

/// R26: what the accounts do not need goes by the end of the calendar year the child
/// left (or the months the school set).
pub fn leaving_deadline(left: NaiveDate, periods: &RetentionPeriods) -> NaiveDate {
    match periods.months_after_leaving {
        None => end_of_year(left.year()),
        Some(months) => left
            .checked_add_months(Months::new(months))
            .expect("a real date"),
    }
}

/// R26: accounting data goes the set number of years after the end of the financial
/// (calendar) year it belongs to.
pub fn accounting_deadline(last: NaiveDate, periods: &RetentionPeriods) -> NaiveDate {
    end_of_year(last.year() + periods.accounting_years as i32)
}

/// R26/R33: a waiting-list child goes when it can no longer start: for the school when
/// compulsory education ends (31 July of the year it turns 17), for the kindergarten
/// when it reaches school age (31 July of the year it turns 6).
pub fn waiting_deadline(birth: NaiveDate, division: Division) -> NaiveDate {
    let age = if division == Division::Kindergarten {
        6
    } else {
        17
    };
    NaiveDate::from_ymd_opt(birth.year() + age, 7, 31).expect("31 July")
}

/// A stored Betalingsservice file (0601) for the plan: it names payers with their
/// addresses, customer numbers and amounts, so it is accounting data and goes by the
/// accounting rule (R26), counted from the year of the month it collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryFacts {
    /// The stored file.
    pub delivery_id: i64,
    /// The first day of the month it collected for.
    pub month: NaiveDate,
}

/// A stored Betalingsservice file due for deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFileDeletion {
    /// The stored file.
    pub delivery_id: i64,
    /// The month it collected for (its first day).
    pub month: NaiveDate,
    /// Why, in Danish.
    pub reason: String,
}

/// R26: the stored 0601 files whose accounting years have passed on `as_of`.
pub fn due_deliveries(
    deliveries: &[DeliveryFacts],
    periods: &RetentionPeriods,
    as_of: NaiveDate,
) -> Vec<PlannedFileDeletion> {
    deliveries
        .iter()
        .filter_map(|file| {
            let deadline = accounting_deadline(file.month, periods);
            (as_of > deadline).then(|| PlannedFileDeletion {
                delivery_id: file.delivery_id,
                month: file.month,
                reason: tr!(
                    "retention.file_year_over",
                    year = file.month.year(),
                    until = dates::short(deadline)
                ),
            })
        })
        .collect()
}

/// The rules whose fields a step removes.
fn rules_of(step: Step) -> &'static [Retention] {
    match step {
        Step::KeepOnlyAccounting => &[Retention::AfterLeaving, Retention::WaitingList],
        Step::KeepOnlyCertificate => &[
            Retention::AfterLeaving,
            Retention::WaitingList,
            Retention::Accounting,
        ],
        Step::DeleteAll => &[
            Retention::AfterLeaving,
            Retention::WaitingList,
            Retention::Accounting,
            Retention::Certificate,
        ],
    }
}

/// What a certificate is about: kept with it (R26).
const CERTIFICATE_HOLDER: &[(&str, &str)] = &[
    ("child", "first_name"),
    ("child", "last_name"),
    ("child", "cpr"),
];

/// R26: a grade-9 leaving certificate's record is kept the set years after the end of
/// the year it was issued.
pub fn certificate_deadline(issued: NaiveDate, periods: &RetentionPeriods) -> NaiveDate {
    end_of_year(issued.year() + periods.certificate_years as i32)
}

/// The register's fields of a child, or of a guardian, under `rules`. A household is
/// shared by the guardians living there, so it is never removed for one of them; the
/// run removes it when its last guardian has gone.
fn fields(guardian: bool, rules: &[Retention]) -> Vec<(&'static str, &'static str)> {
    REGISTER
        .iter()
        .filter(|t| {
            if guardian {
                t.guardian != Link::None && t.table != "household"
            } else {
                t.child != Link::None
            }
        })
        .flat_map(|t| {
            t.personal
                .iter()
                .filter(|f| rules.contains(&f.retention))
                .map(move |f| (t.table, f.column))
        })
        .collect()
}

fn plan_one(
    facts: &ChildFacts,
    periods: &RetentionPeriods,
    as_of: NaiveDate,
) -> Option<PlannedDeletion> {
    let line = |step, rule, reason: String| {
        let mut going = fields(false, rules_of(step));
        if step == Step::KeepOnlyCertificate {
            going.retain(|field| !CERTIFICATE_HOLDER.contains(field));
        }
        Some(PlannedDeletion {
            subject: DataSubject::Child { id: facts.child_id },
            name: facts.name.clone(),
            step,
            rule,
            reason,
            fields: going,
        })
    };
    // Kept for the certificate, the child has no places left to count from.
    if let (true, Some(issued)) = (facts.certificate_only, facts.certificate_issued) {
        let certificate_end = certificate_deadline(issued, periods);
        if as_of <= certificate_end {
            return None;
        }
        return line(
            Step::DeleteAll,
            Retention::Certificate,
            tr!(
                "retention.certificate_issued",
                issued = dates::short(issued),
                until = dates::short(certificate_end)
            ),
        );
    }
    if let Some(left) = left_on(facts, as_of) {
        let last = facts.last_accounting_day.map_or(left, |day| day.max(left));
        let accounts_end = accounting_deadline(last, periods);
        if let (true, Some(issued)) = (as_of > accounts_end, facts.certificate_issued) {
            let certificate_end = certificate_deadline(issued, periods);
            if as_of > certificate_end {
                return line(
                    Step::DeleteAll,
                    Retention::Certificate,
                    tr!(
                        "retention.left_certificate",
                        left = dates::short(left),
                        until = dates::short(certificate_end)
                    ),
                );
            }
            if facts.certificate_only {
                return None;
            }
            return line(
                Step::KeepOnlyCertificate,
                Retention::Accounting,
                tr!(
                    "retention.left_keep_certificate",
                    left = dates::short(left),
                    accounts = dates::short(accounts_end),
                    certificate = dates::short(certificate_end)
                ),
            );
        }
        if as_of > accounts_end {
            return line(
                Step::DeleteAll,
                Retention::Accounting,
                tr!(
                    "retention.left_accounts",
                    left = dates::short(left),
                    until = dates::short(accounts_end)
                ),
            );
        }
        let leaving_end = leaving_deadline(left, periods);
        if as_of > leaving_end && !facts.reduced {
            return line(
                Step::KeepOnlyAccounting,
                Retention::AfterLeaving,
                tr!(
                    "retention.left_reduce",
                    left = dates::short(left),
                    until = dates::short(leaving_end)
                ),
            );
        }
        return None;
    }
    // Only on the waiting list: never placed here.
    if facts.places.is_empty() && !facts.waiting.is_empty() {
        let birth = facts.birth_date?;
        let deadline = facts
            .waiting
            .iter()
            .map(|d| waiting_deadline(birth, *d))
            .max()?;
        if as_of > deadline {
            return line(
                Step::DeleteAll,
                Retention::WaitingList,
                tr!("retention.waiting_list", after = dates::short(deadline)),
            );
        }
    }
    None
}

/// Where a guardian's child stands once the children's part of the plan has run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChildAfterPlan {
    Active,
    Reduced,
    Gone,
}

fn child_after_plan(
    id: i64,
    children: &[ChildFacts],
    planned: &[PlannedDeletion],
) -> ChildAfterPlan {
    let step = planned
        .iter()
        .find(|p| p.subject == DataSubject::Child { id })
        .map(|p| p.step);
    match (children.iter().find(|c| c.child_id == id), step) {
        // Kept for a certificate, a former pupil no longer needs the parents' data.
        (None, _) | (_, Some(Step::DeleteAll | Step::KeepOnlyCertificate)) => ChildAfterPlan::Gone,
        (Some(child), None) if child.certificate_only => ChildAfterPlan::Gone,
        (_, Some(Step::KeepOnlyAccounting)) => ChildAfterPlan::Reduced,
        (Some(child), None) if child.reduced => ChildAfterPlan::Reduced,
        _ => ChildAfterPlan::Active,
    }
}

/// R26 for a guardian: nothing goes while one of their children keeps its data. Then
/// a guardian the accounts never name goes entirely; one they name keeps only what
/// the accounts need, until the last child and the accounting years are gone.
fn plan_guardian(
    guardian: &GuardianFacts,
    children: &[ChildFacts],
    planned: &[PlannedDeletion],
    periods: &RetentionPeriods,
    as_of: NaiveDate,
) -> Option<PlannedDeletion> {
    let after: Vec<ChildAfterPlan> = guardian
        .children
        .iter()
        .map(|c| child_after_plan(*c, children, planned))
        .collect();
    if after.contains(&ChildAfterPlan::Active) {
        return None;
    }
    let line = |step, rule, reason: String| {
        Some(PlannedDeletion {
            subject: DataSubject::Guardian {
                id: guardian.guardian_id,
            },
            name: guardian.name.clone(),
            step,
            rule,
            reason,
            fields: fields(true, rules_of(step)),
        })
    };
    if !guardian.in_accounts {
        return line(
            Step::DeleteAll,
            Retention::AfterLeaving,
            tr!("retention.guardian_not_in_accounts"),
        );
    }
    let accounts_end = guardian
        .last_accounting_day
        .map(|day| accounting_deadline(day, periods));
    if !after.contains(&ChildAfterPlan::Reduced) && accounts_end.is_none_or(|end| as_of > end) {
        return line(
            Step::DeleteAll,
            Retention::Accounting,
            match accounts_end {
                Some(end) => tr!(
                    "retention.guardian_accounts_until",
                    until = dates::short(end)
                ),
                None => tr!("retention.guardian_accounts_empty"),
            },
        );
    }
    if guardian.reduced {
        return None;
    }
    line(
        Step::KeepOnlyAccounting,
        Retention::AfterLeaving,
        tr!("retention.guardian_reduce"),
    )
}

/// The plan as of `as_of`: every child whose period has run out, then every guardian
/// whose children's data has gone or been reduced (counting this plan), and nobody else.
pub fn plan(
    children: &[ChildFacts],
    guardians: &[GuardianFacts],
    periods: &RetentionPeriods,
    as_of: NaiveDate,
) -> Vec<PlannedDeletion> {
    let mut planned: Vec<PlannedDeletion> = children
        .iter()
        .filter_map(|c| plan_one(c, periods, as_of))
        .collect();
    let for_guardians: Vec<PlannedDeletion> = guardians
        .iter()
        .filter_map(|g| plan_guardian(g, children, &planned, periods, as_of))
        .collect();
    planned.extend(for_guardians);
    planned
}

#[cfg(test)]
mod delivery_tests {
    use super::*;

    #[test]
    fn r26_a_stored_0601_file_goes_when_its_accounting_years_have_passed() {
        let periods = RetentionPeriods::default();
        let files = [
            DeliveryFacts {
                delivery_id: 1,
                month: NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
            },
            DeliveryFacts {
                delivery_id: 2,
                month: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            },
        ];
        let last_day = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert!(
            due_deliveries(&files, &periods, last_day).is_empty(),
            "kept to the end of the fifth year"
        );
        let due = due_deliveries(&files, &periods, last_day.succ_opt().unwrap());
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].delivery_id, 1);
        assert!(due[0].reason.contains("31-12-2025"), "{}", due[0].reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn pupil_who_left(left: NaiveDate) -> ChildFacts {
        ChildFacts {
            child_id: 1,
            name: "Ida Holm".into(),
            birth_date: Some(d(2012, 3, 1)),
            places: vec![(d(2018, 8, 1), Some(left))],
            waiting: vec![],
            last_accounting_day: Some(d(2026, 6, 1)),
            reduced: false,
            certificate_issued: None,
            certificate_only: false,
        }
    }

    #[test]
    fn r26_a_pupil_who_left_on_30_june_keeps_only_accounting_data_after_new_year_and_nothing_after_five_more_years(
    ) {
        let periods = RetentionPeriods::default();
        let ida = [pupil_who_left(d(2026, 6, 30))];
        assert!(
            plan(&ida, &[], &periods, d(2026, 12, 31)).is_empty(),
            "inside the period nothing is touched"
        );
        let first = plan(&ida, &[], &periods, d(2027, 1, 1));
        assert_eq!(
            (first.len(), first[0].step, first[0].rule),
            (1, Step::KeepOnlyAccounting, Retention::AfterLeaving)
        );
        assert!(
            first[0].reason.contains("30-06-2026") && first[0].reason.contains("31-12-2026"),
            "{}",
            first[0].reason
        );
        assert!(
            first[0].fields.contains(&("child", "phone"))
                && first[0].fields.contains(&("health_note", "text"))
        );
        assert!(
            !first[0].fields.contains(&("child", "cpr"))
                && !first[0].fields.contains(&("charge_line", "amount_ore")),
            "the accounts keep theirs"
        );
        assert!(plan(&ida, &[], &periods, d(2031, 12, 31))
            .iter()
            .all(|p| p.step == Step::KeepOnlyAccounting));
        let reduced = [ChildFacts {
            reduced: true,
            ..ida[0].clone()
        }];
        assert!(
            plan(&reduced, &[], &periods, d(2031, 12, 31)).is_empty(),
            "reduced once, not listed again"
        );
        let last = plan(&ida, &[], &periods, d(2032, 1, 1));
        assert_eq!(
            (last[0].step, last[0].rule),
            (Step::DeleteAll, Retention::Accounting)
        );
        assert!(
            last[0].fields.contains(&("child", "cpr"))
                && last[0].fields.contains(&("charge_line", "amount_ore"))
        );
    }

    #[test]
    fn a_pupil_still_placed_and_the_schools_own_months_are_respected() {
        let mut ida = pupil_who_left(d(2026, 6, 30));
        ida.places.push((d(2026, 8, 1), None));
        assert!(
            plan(&[ida], &[], &RetentionPeriods::default(), d(2030, 1, 1)).is_empty(),
            "a current pupil keeps everything"
        );
        let fifteen = RetentionPeriods {
            months_after_leaving: Some(15),
            ..RetentionPeriods::default()
        };
        let left = [pupil_who_left(d(2026, 6, 30))];
        assert!(plan(&left, &[], &fifteen, d(2027, 9, 30)).is_empty());
        assert_eq!(plan(&left, &[], &fifteen, d(2027, 10, 1)).len(), 1);
    }

    #[test]
    fn r26_r33_a_waiting_list_child_goes_when_it_can_no_longer_start() {
        let waiting = |division| ChildFacts {
            child_id: 2,
            name: "Bo".into(),
            birth_date: Some(d(2021, 5, 1)),
            places: vec![],
            waiting: vec![division],
            last_accounting_day: None,
            reduced: false,
            certificate_issued: None,
            certificate_only: false,
        };
        let kindergarten = [waiting(Division::Kindergarten)];
        assert!(plan(
            &kindergarten,
            &[],
            &RetentionPeriods::default(),
            d(2027, 7, 31)
        )
        .is_empty());
        let gone = plan(
            &kindergarten,
            &[],
            &RetentionPeriods::default(),
            d(2027, 8, 1),
        );
        assert_eq!(
            (gone[0].step, gone[0].rule),
            (Step::DeleteAll, Retention::WaitingList)
        );
        let school = [waiting(Division::School)];
        assert!(plan(&school, &[], &RetentionPeriods::default(), d(2038, 7, 31)).is_empty());
        assert_eq!(
            plan(&school, &[], &RetentionPeriods::default(), d(2038, 8, 1)).len(),
            1
        );
    }

    fn parent(children: Vec<i64>, in_accounts: bool) -> GuardianFacts {
        GuardianFacts {
            guardian_id: 7,
            name: "Mette Holm".into(),
            children,
            in_accounts,
            last_accounting_day: in_accounts.then(|| d(2026, 6, 1)),
            reduced: false,
        }
    }

    fn guardian_lines(plan: &[PlannedDeletion]) -> Vec<(Step, Retention)> {
        plan.iter()
            .filter(|p| matches!(p.subject, DataSubject::Guardian { .. }))
            .map(|p| (p.step, p.rule))
            .collect()
    }

    #[test]
    fn r26_a_paying_guardian_keeps_name_cpr_and_address_with_the_accounts_and_goes_with_them() {
        let periods = RetentionPeriods::default();
        let ida = pupil_who_left(d(2026, 6, 30));
        let payer = [parent(vec![1], true)];
        assert!(guardian_lines(&plan(
            std::slice::from_ref(&ida),
            &payer,
            &periods,
            d(2026, 12, 31)
        ))
        .is_empty());
        let first = plan(std::slice::from_ref(&ida), &payer, &periods, d(2027, 1, 1));
        assert_eq!(
            guardian_lines(&first),
            [(Step::KeepOnlyAccounting, Retention::AfterLeaving)],
            "reduced in the same run as the child"
        );
        let line = first.last().unwrap();
        assert!(
            line.fields.contains(&("guardian", "email"))
                && line.fields.contains(&("guardian", "phone"))
        );
        for kept in [
            ("guardian", "cpr"),
            ("guardian", "last_name"),
            ("guardian", "household_id"),
            ("charge", "total_ore"),
        ] {
            assert!(!line.fields.contains(&kept), "{kept:?} is accounting data");
        }
        assert!(
            !line.fields.iter().any(|(t, _)| *t == "household"),
            "a household is shared"
        );
        let reduced_child = ChildFacts {
            reduced: true,
            ..ida.clone()
        };
        let reduced_parent = [GuardianFacts {
            reduced: true,
            ..payer[0].clone()
        }];
        assert!(plan(&[reduced_child], &reduced_parent, &periods, d(2031, 12, 31)).is_empty());
        let last = plan(&[ida], &reduced_parent, &periods, d(2032, 1, 1));
        assert_eq!(
            guardian_lines(&last),
            [(Step::DeleteAll, Retention::Accounting)]
        );
        assert!(last.last().unwrap().reason.contains("31-12-2031"));
        assert!(last.last().unwrap().fields.contains(&("guardian", "cpr")));
    }

    #[test]
    fn r26_a_guardian_waits_for_every_child_and_one_the_accounts_never_name_goes_entirely() {
        let periods = RetentionPeriods::default();
        let ida = pupil_who_left(d(2026, 6, 30));
        let sister = ChildFacts {
            child_id: 3,
            places: vec![(d(2020, 8, 1), None)],
            ..ida.clone()
        };
        let both = [ida.clone(), sister];
        assert!(
            guardian_lines(&plan(
                &both,
                &[parent(vec![1, 3], true)],
                &periods,
                d(2027, 1, 1)
            ))
            .is_empty(),
            "a sister still at school keeps the family's data"
        );
        assert_eq!(
            guardian_lines(&plan(
                &[ida],
                &[parent(vec![1], false)],
                &periods,
                d(2027, 1, 1)
            )),
            [(Step::DeleteAll, Retention::AfterLeaving)],
            "a parent who never paid has nothing the accounts need"
        );
        let bo = ChildFacts {
            child_id: 2,
            name: "Bo".into(),
            birth_date: Some(d(2021, 5, 1)),
            places: vec![],
            waiting: vec![Division::Kindergarten],
            last_accounting_day: None,
            reduced: false,
            certificate_issued: None,
            certificate_only: false,
        };
        assert_eq!(
            guardian_lines(&plan(
                &[bo],
                &[parent(vec![2], false)],
                &periods,
                d(2027, 8, 1)
            )),
            [(Step::DeleteAll, Retention::AfterLeaving)],
            "the waiting-list child's parent goes with the child"
        );
    }

    #[test]
    fn r26_a_grade_9_leavers_certificate_keeps_name_and_cpr_for_thirty_years() {
        let periods = RetentionPeriods::default();
        let leaver = ChildFacts {
            reduced: true,
            certificate_issued: Some(d(2026, 6, 20)),
            ..pupil_who_left(d(2026, 6, 30))
        };
        assert!(plan(
            std::slice::from_ref(&leaver),
            &[],
            &periods,
            d(2031, 12, 31)
        )
        .is_empty());
        let after_accounts = plan(
            std::slice::from_ref(&leaver),
            &[parent(vec![1], true)],
            &periods,
            d(2032, 1, 1),
        );
        let line = &after_accounts[0];
        assert_eq!(
            (line.step, line.rule),
            (Step::KeepOnlyCertificate, Retention::Accounting)
        );
        assert!(line.reason.contains("31-12-2056"), "{}", line.reason);
        for kept in CERTIFICATE_HOLDER
            .iter()
            .chain(&[("exam_certificate", "grades")])
        {
            assert!(
                !line.fields.contains(kept),
                "{kept:?} stays with the certificate"
            );
        }
        assert!(
            line.fields.contains(&("child", "birth_date"))
                && line.fields.contains(&("charge_line", "amount_ore"))
        );
        assert_eq!(
            guardian_lines(&after_accounts),
            [(Step::DeleteAll, Retention::Accounting)],
            "the parents are not kept for the certificate"
        );
        // The run removed the places and the accounts.
        let kept = ChildFacts {
            certificate_only: true,
            places: vec![],
            last_accounting_day: None,
            ..leaver
        };
        assert!(plan(std::slice::from_ref(&kept), &[], &periods, d(2056, 12, 31)).is_empty());
        let last = plan(&[kept], &[], &periods, d(2057, 1, 1));
        assert_eq!(
            (last[0].step, last[0].rule),
            (Step::DeleteAll, Retention::Certificate)
        );
        assert!(
            last[0].fields.contains(&("exam_certificate", "grades"))
                && last[0].fields.contains(&("child", "cpr"))
        );
    }
}
