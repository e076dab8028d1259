//! Class funds through the use cases on the demo school, a real encrypted file and
//! the real keyring (R17–R20): the purpose is recorded, an expense can never take
//! the fund below zero, a pupil who joins owes nothing for the months before (R19),
//! a pupil who leaves gets no share (R18), and the school's charges never see it.
//! The program's day is set with SKOLEKONTOR_TODAY, so the tests take turns.

mod common;

use common::*;
use skolekontor_app::class_fund::CancelFundEntry;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::class_fund::{
    ClassFundInput, EntryKind, FundEntryInput, MemberStanding,
};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::register::{ChildInput, PlacementInput};
use skolekontor_app::domain::school::Division;
use skolekontor_app::office::LoginStep;
use skolekontor_app::register::NewChild;
use skolekontor_app::AppError;

/// 5th grade in 2026/27 began grade 0 in 2021; the demo keeps no fund for it.
const FIFTH: i32 = 2021;

fn entry(kind: EntryKind, date: &str, amount: &str, child_id: Option<i64>) -> FundEntryInput {
    let receipt = if kind == EntryKind::Expense {
        "Bilag 7"
    } else {
        ""
    };
    FundEntryInput {
        cohort: FIFTH,
        kind: Some(kind),
        date: date.into(),
        amount: amount.into(),
        text: "Tekst".into(),
        receipt: receipt.into(),
        child_id,
    }
}

fn refusal(error: AppError) -> String {
    match error {
        AppError::Refused(message) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn r17_r20_a_fund_is_begun_with_its_purpose_and_never_spends_money_it_does_not_have() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let view = office.class_fund().class_fund(FIFTH).unwrap();
    assert_eq!(
        (view.class_name.as_str(), view.exists),
        ("5. klasse", false)
    );
    let pupils: Vec<i64> = view.pupil_choices.iter().map(|c| c.id).collect();
    assert!(
        pupils.len() >= 10,
        "the demo's 5th grade has pupils: {}",
        pupils.len()
    );

    // No ledger before the parents' purpose is recorded (R20).
    let early = office
        .class_fund()
        .add_fund_entry(entry(
            EntryKind::Deposit,
            "01-09-2026",
            "100",
            Some(pupils[0]),
        ))
        .unwrap_err();
    assert!(refusal(early).contains("formålet"));
    let no_purpose = ClassFundInput {
        cohort: FIFTH,
        purpose: " ".into(),
        ..Default::default()
    };
    assert!(matches!(
        office.class_fund().save_class_fund(no_purpose),
        Err(AppError::Validation(_))
    ));
    let outsider = office
        .class_fund()
        .class_fund(2023)
        .unwrap()
        .treasurer_choices[0]
        .id;
    let wrong_treasurer = ClassFundInput {
        cohort: FIFTH,
        purpose: "Udflugter".into(),
        treasurer_guardian_id: Some(outsider),
        ..Default::default()
    };
    assert!(refusal(
        office
            .class_fund()
            .save_class_fund(wrong_treasurer)
            .unwrap_err()
    )
    .contains("Kassereren"));
    let mut ids: Vec<i64> = view.treasurer_choices.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        view.treasurer_choices.len(),
        "each parent once, also with twins in the class"
    );
    let treasurer = view.treasurer_choices[0].id;
    let terms = ClassFundInput {
        cohort: FIFTH,
        purpose: "Udflugter og lejrskole i 6. klasse".into(),
        treasurer_guardian_id: Some(treasurer),
        monthly_contribution: "50,00".into(),
        contribution_from: "01-08-2026".into(),
    };
    let view = office.class_fund().save_class_fund(terms).unwrap();
    assert!(view.exists && view.purpose.contains("lejrskole") && !view.treasurer.is_empty());
    assert_eq!(
        view.contribution,
        "50,00 kr. pr. familie pr. måned fra august 2026"
    );

    office
        .class_fund()
        .add_fund_entry(entry(
            EntryKind::Deposit,
            "05-09-2026",
            "200",
            Some(pupils[0]),
        ))
        .unwrap();
    office
        .class_fund()
        .add_fund_entry(entry(
            EntryKind::Deposit,
            "05-10-2026",
            "150,50",
            Some(pupils[1]),
        ))
        .unwrap();
    let view = office
        .class_fund()
        .add_fund_entry(entry(EntryKind::Expense, "20-10-2026", "300", None))
        .unwrap();
    assert_eq!(view.balance, "50,50 kr.");
    assert_eq!(
        view.entries
            .iter()
            .map(|e| e.balance.as_str())
            .collect::<Vec<_>>(),
        ["200,00 kr.", "350,50 kr.", "50,50 kr."]
    );

    // Below zero: refused with the day and the balance it would have; nothing saved.
    let over = refusal(
        office
            .class_fund()
            .add_fund_entry(entry(EntryKind::Expense, "21-10-2026", "50,51", None))
            .unwrap_err(),
    );
    assert!(
        over.contains("under 0 kr.") && over.contains("21-10-2026") && over.contains("-0,01 kr."),
        "{over}"
    );
    let before_the_money = refusal(
        office
            .class_fund()
            .add_fund_entry(entry(EntryKind::Expense, "01-09-2026", "10", None))
            .unwrap_err(),
    );
    assert!(
        before_the_money.contains("01-09-2026"),
        "{before_the_money}"
    );
    assert!(
        matches!(
            office
                .class_fund()
                .add_fund_entry(entry(EntryKind::Expense, "24-11-2026", "10", None)),
            Err(AppError::Validation(_))
        ),
        "not in the future"
    );
    office
        .class_fund()
        .add_fund_entry(entry(EntryKind::Expense, "22-10-2026", "10", None))
        .unwrap();
    let no_receipt = FundEntryInput {
        receipt: String::new(),
        ..entry(EntryKind::Expense, "22-10-2026", "10", None)
    };
    assert!(matches!(
        office.class_fund().add_fund_entry(no_receipt),
        Err(AppError::Validation(_))
    ));
    assert_eq!(
        office.class_fund().class_fund(FIFTH).unwrap().entries.len(),
        4
    );

    // A deposit whose money was spent cannot be cancelled; a spare one can, and stays visible.
    let first = office.class_fund().class_fund(FIFTH).unwrap().entries[0].id;
    let cancel = office
        .class_fund()
        .cancel_fund_entry(CancelFundEntry {
            entry_id: first,
            reason: "Tastefejl".into(),
        })
        .unwrap_err();
    assert!(refusal(cancel).contains("under 0 kr."));
    let expense = office
        .class_fund()
        .class_fund(FIFTH)
        .unwrap()
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::Expense && e.amount == "10,00 kr.")
        .unwrap()
        .id;
    let view = office
        .class_fund()
        .cancel_fund_entry(CancelFundEntry {
            entry_id: expense,
            reason: "Dobbelt bogført".into(),
        })
        .unwrap();
    assert_eq!(view.balance, "50,50 kr.");
    let cancelled = view.entries.iter().find(|e| e.id == expense).unwrap();
    assert_eq!(
        (cancelled.cancelled.as_str(), cancelled.balance.as_str()),
        ("Annulleret: Dobbelt bogført", "")
    );
    assert!(refusal(
        office
            .class_fund()
            .cancel_fund_entry(CancelFundEntry {
                entry_id: expense,
                reason: "igen".into()
            })
            .unwrap_err()
    )
    .contains("allerede"));

    // The list of classes shows the balance.
    let listed = office.class_fund().class_funds().unwrap();
    let fifth = listed.iter().find(|c| c.cohort == FIFTH).unwrap();
    assert_eq!(
        (fifth.has_fund, fifth.balance.as_str()),
        (true, "50,50 kr.")
    );
    assert_eq!(listed.len(), 10, "grades 0–9");
}

#[test]
fn r18_r19_a_joiner_owes_nothing_for_the_months_before_and_a_leaver_gets_no_share() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let terms = ClassFundInput {
        cohort: FIFTH,
        purpose: "Udflugter".into(),
        treasurer_guardian_id: None,
        monthly_contribution: "50".into(),
        contribution_from: "01-08-2026".into(),
    };
    office.class_fund().save_class_fund(terms).unwrap();
    let new_pupil = NewChild {
        child: ChildInput {
            placement: Some(PlacementInput {
                division: Some(Division::School),
                grade: Some(5),
                sfo: false,
                start_date: "10-11-2026".into(),
            }),
            ..ida().child
        },
        ..ida()
    };
    let joiner = office.register().add_child(new_pupil).unwrap().id;
    let view = office.class_fund().class_fund(FIFTH).unwrap();
    let family = view.families.iter().find(|f| f.child_id == joiner).unwrap();
    assert_eq!(family.standing, MemberStanding::Joined);
    assert_eq!(
        family.expected, "0,00 kr.",
        "joined 10 November: nothing for August to November (R19)"
    );
    assert!(family.note.contains("betaler ikke for tiden før"));
    let old_timer = view
        .families
        .iter()
        .find(|f| f.standing == MemberStanding::InClass)
        .unwrap();
    assert_eq!(
        old_timer.expected, "200,00 kr.",
        "August, September, October, November"
    );
    assert_eq!(old_timer.difference, "Mangler 200,00 kr.");

    // A school withdrawal says the fund pays no share out (R18).
    let leaver = old_timer.child_id;
    office
        .class_fund()
        .add_fund_entry(FundEntryInput {
            cohort: FIFTH,
            kind: Some(EntryKind::Deposit),
            date: "05-11-2026".into(),
            amount: "200".into(),
            text: "Indbetaling".into(),
            receipt: String::new(),
            child_id: Some(leaver),
        })
        .unwrap();
    let from = office.leaving().leaving(leaver).unwrap().guardians[0].id;
    let notice = WithdrawalInput {
        child_id: leaver,
        scope: WithdrawalScope::School,
        sfo_module: String::new(),
        received_on: "23-11-2026".into(),
        from_guardian_id: Some(from),
    };
    let preview = office.leaving().preview_withdrawal(notice.clone()).unwrap();
    assert!(
        preview
            .consequences
            .iter()
            .any(|c| c.contains("ingen andel") && c.contains("pengene bliver i klassen")),
        "{:?}",
        preview.consequences
    );
    office.leaving().record_withdrawal(notice).unwrap();

    // After the last day (31 December, R11) the pupil is listed as a leaver with nothing paid out.
    on("2027-02-15");
    let view = office.class_fund().class_fund(FIFTH).unwrap();
    let gone = view.families.iter().find(|f| f.child_id == leaver).unwrap();
    assert_eq!(
        (gone.standing, gone.paid.as_str(), gone.difference.as_str()),
        (MemberStanding::Left, "200,00 kr.", "")
    );
    assert!(
        gone.note.contains("31-12-2026") && gone.note.contains("ingen andel"),
        "{}",
        gone.note
    );
    assert_eq!(
        view.balance, "200,00 kr.",
        "the leaver's money stays in the fund"
    );
    assert!(!view.pupil_choices.iter().any(|c| c.id == leaver));
    on("2026-11-23");
}

#[test]
fn r17_the_fund_never_reaches_the_schools_charges_and_prints_its_statement() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let before = office.billing().preview_charges("2026-12").unwrap();
    let accounts_before = format!("{:?}", office.billing().payer_accounts(false).unwrap());
    let terms = ClassFundInput {
        cohort: FIFTH,
        purpose: "Juleafslutning".into(),
        ..Default::default()
    };
    let pupil = office
        .class_fund()
        .save_class_fund(terms)
        .unwrap()
        .pupil_choices[0]
        .id;
    office
        .class_fund()
        .add_fund_entry(entry(
            EntryKind::Deposit,
            "20-11-2026",
            "1.000",
            Some(pupil),
        ))
        .unwrap();
    office
        .class_fund()
        .add_fund_entry(entry(EntryKind::Expense, "22-11-2026", "400", None))
        .unwrap();
    let after = office.billing().preview_charges("2026-12").unwrap();
    assert_eq!(
        (after.total, after.charges.len()),
        (before.total, before.charges.len()),
        "class fund money is not the school's"
    );
    assert!(after.charges.iter().all(|c| c
        .lines
        .iter()
        .all(|l| !l.text.to_lowercase().contains("klassekasse"))));
    assert_eq!(
        format!("{:?}", office.billing().payer_accounts(false).unwrap()),
        accounts_before,
        "no payment, no balance of any payer moved"
    );

    let pdf = office
        .documents()
        .document(DocumentRequest::ClassFundStatement { cohort: FIFTH })
        .unwrap();
    // One line of words: a sentence may wrap anywhere on the page.
    let text = text_of(&pdf.bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Klassekasse 5. klasse — kontoudtog 2026/27",
        "Juleafslutning",
        "1.000,00 kr.",
        "400,00 kr.",
        "600,00 kr.",
        "Bilag 7",
        // R17–R19 in words; the codes themselves are for developers.
        "indgår ikke i skolens opkrævninger",
        "får ingen andel udbetalt",
        "skal ikke indbetale for tiden før",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the statement: {text}"
        );
    }
    assert!(!text.contains("-4008"), "no CPR numbers on the statement");
    let none = office
        .documents()
        .document(DocumentRequest::ClassFundStatement { cohort: 2022 })
        .unwrap_err();
    assert!(refusal(none).contains("ingen klassekasse"));
}

#[test]
fn r24_the_class_teacher_sees_only_her_own_class_fund_and_keeps_none() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    office.log_out();
    assert!(matches!(
        office.log_in("laerer3", "demo-skole-2026").unwrap(),
        LoginStep::LoggedIn { .. }
    ));
    let listed = office.class_fund().class_funds().unwrap();
    assert_eq!(
        listed.iter().map(|c| c.cohort).collect::<Vec<_>>(),
        [2023],
        "3rd grade only"
    );
    let third = office.class_fund().class_fund(2023).unwrap();
    assert!(
        third.exists && !third.can_manage && !third.entries.is_empty(),
        "the demo keeps a fund for 3rd grade"
    );
    assert!(matches!(
        office.class_fund().class_fund(FIFTH),
        Err(AppError::OutsideScope)
    ));
    let deposit = FundEntryInput {
        cohort: 2023,
        ..entry(EntryKind::Deposit, "20-11-2026", "10", None)
    };
    assert!(matches!(
        office.class_fund().add_fund_entry(deposit),
        Err(AppError::Forbidden { .. })
    ));
}

#[test]
fn r17_a_classs_payments_are_entered_on_one_screen_all_or_none() {
    use skolekontor_app::class_fund::{ClassDepositsInput, FamilyDeposit};
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let view = office.class_fund().class_fund(FIFTH).unwrap();
    let pupils: Vec<i64> = view.pupil_choices.iter().map(|c| c.id).collect();
    office
        .class_fund()
        .save_class_fund(ClassFundInput {
            cohort: FIFTH,
            purpose: "Lejrskole".into(),
            treasurer_guardian_id: Some(view.treasurer_choices[0].id),
            monthly_contribution: "50,00".into(),
            contribution_from: "01-08-2026".into(),
        })
        .unwrap();
    let outsider = office.class_fund().class_fund(2023).unwrap().pupil_choices[0].id;
    let deposit = |child_id, amount: &str| FamilyDeposit {
        child_id,
        amount: amount.into(),
    };
    let mut input = ClassDepositsInput {
        cohort: FIFTH,
        date: "20-11-2026".into(),
        text: "Indbetaling november".into(),
        deposits: vec![
            deposit(pupils[0], "150,00"),
            deposit(pupils[1], "15O"),
            deposit(outsider, "150,00"),
            deposit(pupils[2], "150,00"),
        ],
    };
    match office.class_fund().add_class_deposits(input.clone()) {
        Err(AppError::Validation(errors)) => {
            let fields: Vec<&str> = errors.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["deposits.1.amount", "deposits.2.childId"]);
        }
        other => panic!("expected a form error, got {other:?}"),
    }
    assert!(
        office
            .class_fund()
            .class_fund(FIFTH)
            .unwrap()
            .entries
            .is_empty(),
        "nothing stored"
    );

    input.deposits.remove(2);
    input.deposits[1].amount = "150".into();
    let view = office.class_fund().add_class_deposits(input).unwrap();
    assert_eq!(view.entries.len(), 3);
    assert_eq!(view.balance, "450,00 kr.");
}
