//! Fees and Betalingsservice through the use cases, on a real encrypted file and
//! the real keyring, with the demo school (R1, R7–R11, R14, R35). The program's
//! day is set with SKOLEKONTOR_TODAY, so the tests of this file take turns.

mod common;

use common::*;
use skolekontor_app::billing::{ManualPaymentInput, PaymentImportReport};
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::admission::WaitingInput;
use skolekontor_app::domain::betalingsservice::check_0601;
use skolekontor_app::domain::billing::{
    LineKind, RateCorrection, RateInput, RateKind, Reduction, SubsidyInput, SubsidyKind,
};
use skolekontor_app::domain::register::ChildInput;
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::register::NewChild;
use skolekontor_app::AppError;

static THE_DAY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn on(day: &str) {
    std::env::set_var("SKOLEKONTOR_TODAY", day);
}

/// The demo school, set up on 20 August 2026 with the headteacher logged in.
fn demo_school_on_20_august(fixture: &Fixture) -> skolekontor_app::Office {
    on("2026-08-20");
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    finish_second_factor(&mut office, done);
    office
}

#[test]
fn r7_to_r14_the_office_charges_a_month_reads_the_payments_and_chases_arrears() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on_20_august(&fixture);

    // The preview: one charge per payer, every total the sum of its lines (R35).
    let preview = office.billing().preview_charges("2026-09").unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert!(!preview.issued);
    assert_eq!(
        preview.payment_date, "01-09-2026",
        "R8/R35: the first banking day"
    );
    assert!(preview.charges.len() > 100, "{}", preview.charges.len());
    for charge in &preview.charges {
        assert_eq!(
            charge.total,
            charge.lines.iter().map(|l| l.amount).sum::<Ore>()
        );
    }
    let kinds: Vec<LineKind> = preview
        .charges
        .iter()
        .flat_map(|c| c.lines.iter().map(|l| l.kind))
        .collect();
    assert!(
        kinds.contains(&LineKind::SiblingDiscount) && kinds.contains(&LineKind::Subsidy),
        "the demo has siblings and subsidies"
    );
    let school_line = preview
        .charges
        .iter()
        .flat_map(|c| &c.lines)
        .find(|l| l.division == Some(Division::School) && l.kind == LineKind::Rate)
        .unwrap();
    assert_eq!(
        school_line.amount,
        Ore::kroner(3_100),
        "this year's rate (R7)"
    );

    // Issue once; again charges nothing twice.
    let issued = office.billing().issue_charges("2026-09").unwrap();
    assert!(issued.issued && issued.run_id.is_some());
    assert_eq!(issued.total, preview.total);
    let again = office.billing().issue_charges("2026-09").unwrap();
    assert_eq!(
        (again.run_id, again.total, again.charges.len()),
        (issued.run_id, issued.total, issued.charges.len())
    );
    assert_eq!(office.billing().charge_runs().unwrap().len(), 1);

    // An issued charge never changes, even when a rate changes afterwards.
    office
        .billing()
        .add_rate(RateInput {
            kind: Some(RateKind::School),
            module: String::new(),
            amount: Ore::kroner(3_300),
            valid_from: "01-09-2026".into(),
        })
        .unwrap();
    assert_eq!(
        office.billing().preview_charges("2026-09").unwrap().total,
        issued.total
    );
    assert!(
        office.billing().preview_charges("2026-10").unwrap().total > issued.total,
        "October has the new rate"
    );

    // The 0601 file: checked by our reader, one collection per payer with something to pay.
    let run_id = issued.run_id.unwrap();
    let file = office.billing().delivery_file(run_id).unwrap();
    assert!(
        file.file_name
            .starts_with("betalingsservice-2026-09-levering-1"),
        "{}",
        file.file_name
    );
    let summary = check_0601(&file.bytes).unwrap();
    assert_eq!(
        summary.collections as usize,
        issued.charges.iter().filter(|c| c.total.0 > 0).count()
    );
    assert_eq!(summary.total, issued.collected);
    assert_eq!(
        office.billing().delivery_file(run_id).unwrap().bytes,
        file.bytes,
        "the same file every time"
    );

    // 0602: paid, rejected (a kindergarten family), charged back, a wrong amount and an unknown reference.
    let in_file = collections(&file.bytes);
    let with_kindergarten = issued
        .charges
        .iter()
        .find(|c| {
            c.lines
                .iter()
                .any(|l| l.division == Some(Division::Kindergarten))
        })
        .unwrap();
    let rejected = in_file
        .iter()
        .find(|(_, r, _)| r.parse::<i64>().unwrap() == with_kindergarten.charge_id.unwrap())
        .unwrap()
        .clone();
    let others: Vec<&(String, String, i64)> = in_file.iter().filter(|c| **c != rejected).collect();
    let (paid, charged_back, wrong) = (others[0], others[1], others[2]);
    let records = [
        record_0602("0236", &paid.0, paid.2, &paid.1, paid.2),
        record_0602("0237", &rejected.0, rejected.2, &rejected.1, 0),
        record_0602(
            "0236",
            &charged_back.0,
            charged_back.2,
            &charged_back.1,
            charged_back.2,
        ),
        record_0602(
            "0239",
            &charged_back.0,
            charged_back.2,
            &charged_back.1,
            charged_back.2,
        ),
        record_0602("0236", &wrong.0, wrong.2, &wrong.1, wrong.2 - 100),
        record_0602("0236", "99999", 100, "000999999", 100),
    ];
    let before = office.billing().payer_accounts(false).unwrap();
    let mut broken = file_0602(&records);
    let cut = broken.len() - 130;
    broken.truncate(cut);
    let err = office.billing().import_payments(&broken).unwrap_err();
    assert!(
        err.to_string().contains("Filen er ikke indlæst") && err.to_string().contains("BS992"),
        "{err}"
    );
    assert_eq!(
        office.billing().payer_accounts(false).unwrap().len(),
        before.len(),
        "nothing half-imported"
    );
    assert!(office
        .billing()
        .payer_accounts(false)
        .unwrap()
        .iter()
        .zip(&before)
        .all(|(a, b)| a.account == b.account));

    let report: PaymentImportReport = office
        .billing()
        .import_payments(&file_0602(&records))
        .unwrap();
    assert_eq!(
        (
            report.paid,
            report.rejected,
            report.charged_back,
            report.unmatched.len()
        ),
        (2, 1, 1, 2)
    );
    assert_eq!(report.paid_total, Ore(paid.2 + charged_back.2));
    assert!(
        report.unmatched[0].reason.contains("beløbet passer ikke"),
        "{:?}",
        report.unmatched
    );
    assert_eq!(report.unmatched[1].reason, "ukendt opkrævning");
    assert!(
        matches!(
            office.billing().import_payments(&file_0602(&records)),
            Err(AppError::Refused(_))
        ),
        "the same file twice"
    );

    let payer = |customer: &str| customer.parse::<i64>().unwrap();
    let statement = office.billing().payer_statement(payer(&paid.0)).unwrap();
    assert_eq!(
        (
            statement.charges[0].status.as_str(),
            statement.account.account.balance
        ),
        ("Betalt", Ore(0))
    );
    let statement = office
        .billing()
        .payer_statement(payer(&rejected.0))
        .unwrap();
    assert_eq!(
        (
            statement.charges[0].status.as_str(),
            statement.account.account.balance
        ),
        ("Afvist", Ore(rejected.2))
    );
    assert_eq!(
        office
            .billing()
            .payer_statement(payer(&charged_back.0))
            .unwrap()
            .account
            .account
            .balance,
        Ore(charged_back.2)
    );

    // A bank transfer settles the payer whose amount did not match.
    office
        .billing()
        .add_manual_payment(ManualPaymentInput {
            payer_id: payer(&wrong.0),
            kind: "transfer".into(),
            amount: Ore(wrong.2),
            paid_on: "20-08-2026".into(),
            note: "Overførsel".into(),
        })
        .unwrap();
    assert_eq!(
        office
            .billing()
            .payer_statement(payer(&wrong.0))
            .unwrap()
            .account
            .account
            .balance,
        Ore(0)
    );
    let bad = office
        .billing()
        .add_manual_payment(ManualPaymentInput {
            payer_id: payer(&wrong.0),
            kind: "check".into(),
            amount: Ore(0),
            paid_on: "01-01-2030".into(),
            note: String::new(),
        })
        .unwrap_err();
    let AppError::Validation(errors) = bad else {
        panic!("validation expected")
    };
    assert_eq!(
        errors
            .errors
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        vec!["kind", "amount", "paidOn"]
    );

    // Two months later: the arrears list by age (R10), a reminder, and the kindergarten's termination (R14).
    on("2026-11-23");
    let arrears = office.billing().payer_accounts(true).unwrap();
    let rejected_row = arrears
        .iter()
        .find(|a| a.payer_id == payer(&rejected.0))
        .unwrap();
    assert_eq!(
        rejected_row.account.by_age,
        [Ore(0), Ore(0), Ore(rejected.2), Ore(0)],
        "83 days overdue"
    );
    assert_eq!(rejected_row.oldest_due.as_deref(), Some("01-09-2026"));
    assert!(arrears.iter().all(|a| a.payer_id != payer(&paid.0)));
    let reminder = text_of(
        &office
            .documents()
            .document(DocumentRequest::Reminder {
                payer_id: payer(&rejected.0),
            })
            .unwrap()
            .bytes,
    );
    assert!(
        reminder.contains("Påmindelse om betaling") && reminder.contains("september 2026"),
        "{reminder}"
    );
    assert!(
        reminder.contains(&Ore(rejected.2).to_danish()) && reminder.contains("3. december 2026"),
        "{reminder}"
    );
    assert!(matches!(
        office.documents().document(DocumentRequest::Reminder {
            payer_id: payer(&paid.0)
        }),
        Err(AppError::Refused(_))
    ));

    let child = rejected_row.kindergarten_children[0].child_id;
    assert_eq!(
        office
            .billing()
            .terminate_kindergarten_for_arrears(child, false)
            .unwrap(),
        "31-12-2026"
    );
    let letter = text_of(
        &office
            .documents()
            .document(DocumentRequest::ArrearsTermination { child_id: child })
            .unwrap()
            .bytes,
    );
    assert!(letter.contains("Sidste dag 31. december 2026"), "{letter}");
    let january = office.billing().preview_charges("2027-01").unwrap();
    assert!(
        january
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .all(|l| l.child_id != Some(child)),
        "R11: nothing after the last day"
    );
    let december = office.billing().preview_charges("2026-12").unwrap();
    assert!(december
        .charges
        .iter()
        .flat_map(|c| &c.lines)
        .any(|l| l.child_id == Some(child)));
    assert!(
        matches!(
            office
                .billing()
                .terminate_kindergarten_for_arrears(child, false),
            Err(AppError::Refused(_))
        ),
        "already ends then"
    );
    // R14: in a very special case, with immediate effect — today is the last day, and nothing is refunded.
    assert_eq!(
        office
            .billing()
            .terminate_kindergarten_for_arrears(child, true)
            .unwrap(),
        "23-11-2026"
    );
    let letter = text_of(
        &office
            .documents()
            .document(DocumentRequest::ArrearsTermination { child_id: child })
            .unwrap()
            .bytes,
    );
    assert!(
        letter.contains("øjeblikkelig virkning") && letter.contains("refunderes"),
        "{letter}"
    );
    assert!(letter.contains("Sidste dag 23. november 2026"), "{letter}");
    let december = office.billing().preview_charges("2026-12").unwrap();
    assert!(
        december
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .all(|l| l.child_id != Some(child)),
        "no charge after an immediate end"
    );
}

#[test]
fn r1_the_enrolment_fee_is_charged_once_per_child_at_registration() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on_20_august(&fixture);
    let child = office
        .register()
        .add_child(NewChild {
            child: ChildInput {
                first_name: "Nanna".into(),
                last_name: "Sørensen".into(),
                cpr: "070722-4006".into(),
                ..Default::default()
            },
            guardians: vec![guardian("Mette", "Bøgevej 3", true)],
        })
        .unwrap()
        .id;
    let waiting = |division, grade| WaitingInput {
        child_id: child,
        division: Some(division),
        grade,
        wanted_start: "01-08-2027".into(),
        ..Default::default()
    };
    office
        .admission()
        .register_on_waiting_list(waiting(Division::Kindergarten, None))
        .unwrap();
    office
        .admission()
        .register_on_waiting_list(waiting(Division::School, Some(0)))
        .unwrap();
    let fee_lines: Vec<_> = office
        .billing()
        .preview_charges("2026-10")
        .unwrap()
        .charges
        .into_iter()
        .flat_map(|c| c.lines)
        .filter(|l| l.kind == LineKind::EnrolmentFee)
        .collect();
    assert_eq!(
        fee_lines.len(),
        1,
        "R1: one fee covers kindergarten and school"
    );
    assert_eq!(
        (fee_lines[0].text.as_str(), fee_lines[0].amount),
        ("Nanna, indmeldelsesgebyr", Ore::kroner(1_500))
    );
    office.billing().issue_charges("2026-10").unwrap();
    let november = office.billing().preview_charges("2026-11").unwrap();
    assert!(
        november
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .all(|l| l.kind != LineKind::EnrolmentFee),
        "charged once"
    );
}

/// R35: a payer's customer number is the office's to set (the family's number from
/// the former system), is refused when another payer has it (leading zeros aside,
/// as Betalingsservice drops them), goes into the 0601 file, and an issued run
/// keeps the number it was issued with.
#[test]
fn r35_a_customer_number_set_by_the_office_is_used_kept_and_never_shared() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on_20_august(&fixture);
    let preview = office.billing().preview_charges("2026-09").unwrap();
    let payers: Vec<i64> = preview
        .charges
        .iter()
        .filter(|c| c.total.0 > 0)
        .map(|c| c.payer_id)
        .take(3)
        .collect();
    let (first, second, third) = (payers[0], payers[1], payers[2]);
    assert_eq!(
        office.billing().customer_number(first).unwrap(),
        None,
        "made at the first charge"
    );

    assert_eq!(
        office
            .billing()
            .set_customer_number(first, " 4711ab ")
            .unwrap(),
        "4711AB"
    );
    let shared = office
        .billing()
        .set_customer_number(second, "004711AB")
        .unwrap_err();
    assert!(
        shared
            .to_string()
            .contains("bruges allerede af en anden betaler"),
        "{shared}"
    );
    for (bad, says) in [
        ("47 11", "store bogstaver"),
        ("0000", "nuller"),
        ("", "1–15 tegn"),
    ] {
        match office.billing().set_customer_number(second, bad) {
            Err(AppError::Validation(errors)) => {
                assert!(errors.errors[0].message.contains(says), "{bad}: {errors:?}")
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert_eq!(
        office.billing().customer_number(second).unwrap(),
        None,
        "nothing stored"
    );
    assert!(matches!(
        office.billing().set_customer_number(999_999, "123"),
        Err(AppError::Store(_))
    ));
    // The third payer's own id is given to the second by hand: the third's number,
    // made at the first run, steps aside instead of failing the run.
    office
        .billing()
        .set_customer_number(second, &third.to_string())
        .unwrap();

    let issued = office.billing().issue_charges("2026-09").unwrap();
    let file = office
        .billing()
        .delivery_file(issued.run_id.unwrap())
        .unwrap();
    let numbers: Vec<String> = collections(&file.bytes).into_iter().map(|c| c.0).collect();
    assert!(numbers.contains(&"4711AB".to_string()), "{numbers:?}");
    let third_number = office.billing().customer_number(third).unwrap().unwrap();
    assert_eq!(third_number, format!("{third}A"));
    assert!(numbers.contains(&third_number));
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), numbers.len(), "one number per payer");

    // A changed number is used from the next run; September keeps the old one.
    office
        .billing()
        .set_customer_number(first, "BOGH7")
        .unwrap();
    let september = office.billing().preview_charges("2026-09").unwrap();
    let charge = september
        .charges
        .iter()
        .find(|c| c.payer_id == first)
        .unwrap();
    assert_eq!(charge.customer_number, "4711AB");
    assert_eq!(
        office
            .billing()
            .delivery_file(issued.run_id.unwrap())
            .unwrap()
            .bytes,
        file.bytes
    );
    office.billing().issue_charges("2026-10").unwrap();
    let october = office.billing().charge_runs().unwrap()[0].clone();
    let numbers: Vec<String> =
        collections(&office.billing().delivery_file(october.id).unwrap().bytes)
            .into_iter()
            .map(|c| c.0)
            .collect();
    assert!(numbers.contains(&"BOGH7".to_string()), "{numbers:?}");
}

/// The pupils charged for September with one school line and nothing else, alone on
/// their payer's charge: their corrections can be worked out by hand.
fn plain_school_pupils(preview: &skolekontor_app::billing::ChargePreview) -> Vec<(i64, i64)> {
    preview
        .charges
        .iter()
        .filter(|c| {
            c.lines.len() == 1
                && c.lines[0].kind == LineKind::Rate
                && c.lines[0].division == Some(Division::School)
        })
        .map(|c| (c.payer_id, c.lines[0].child_id.unwrap()))
        .collect()
}

fn corrections_of(
    preview: &skolekontor_app::billing::ChargePreview,
    month: &str,
) -> Vec<(i64, Option<i64>, Ore, String)> {
    preview
        .charges
        .iter()
        .flat_map(|c| c.lines.iter().map(move |l| (c.payer_id, l)))
        .filter(|(_, l)| l.corrects_month.as_deref() == Some(month))
        .map(|(payer, l)| (payer, l.child_id, l.amount, l.text.clone()))
        .collect()
}

/// R7, R9: a rate is corrected only until a run has used it; a new rate and a
/// subsidy from a date inside a charged month leave that month's run as it was and
/// put correction lines on the next run, naming the month; once charged, the month
/// nets to what it should cost and is not corrected again, and a later payer change
/// moves no money by itself.
#[test]
fn r7_r9_changes_reaching_back_into_a_charged_month_are_corrected_once_in_the_next_run() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on_20_august(&fixture);
    let september = office.billing().issue_charges("2026-09").unwrap();
    let plain = plain_school_pupils(&september);
    assert!(plain.len() >= 3, "{}", plain.len());
    let (subsidised_payer, subsidised) = plain[0];

    // A mistyped rate not yet used is put right, then removed; nothing was charged with it.
    let typo = RateInput {
        kind: Some(RateKind::School),
        module: String::new(),
        amount: Ore::kroner(32_000),
        valid_from: "01-01-2027".into(),
    };
    office.billing().add_rate(typo).unwrap();
    let correction = |amount: i64, remove: bool, from: &str| RateCorrection {
        kind: Some(RateKind::School),
        module: String::new(),
        valid_from: from.into(),
        amount: Ore::kroner(amount),
        remove,
    };
    office
        .billing()
        .correct_rate(correction(3_200, false, "01-01-2027"))
        .unwrap();
    let rates = office.billing().billing_setup().unwrap().rates;
    let january = rates
        .iter()
        .find(|r| r.rate.valid_from.to_string() == "2027-01-01")
        .unwrap();
    assert_eq!(
        (january.rate.amount, january.correctable),
        (Ore::kroner(3_200), true)
    );
    office
        .billing()
        .correct_rate(correction(0, true, "01-01-2027"))
        .unwrap();
    assert_eq!(
        office.billing().billing_setup().unwrap().rates.len(),
        rates.len() - 1
    );

    // This year's rate was used by September: refused, and it stays.
    let used = office
        .billing()
        .correct_rate(correction(3_000, false, "01-08-2026"))
        .unwrap_err();
    assert!(
        used.to_string()
            .contains("brugt i opkrævningen for september 2026")
            && used.to_string().contains("ny takst"),
        "{used}"
    );
    assert!(office
        .billing()
        .billing_setup()
        .unwrap()
        .rates
        .iter()
        .any(|r| r.rate.valid_from.to_string() == "2026-08-01"
            && r.rate.kind == RateKind::School
            && r.rate.amount == Ore::kroner(3_100)
            && !r.correctable));

    // Late in September: a new school rate and a half friplads, both from 1 September.
    on("2026-09-25");
    office
        .billing()
        .add_rate(RateInput {
            kind: Some(RateKind::School),
            module: String::new(),
            amount: Ore::kroner(3_300),
            valid_from: "01-09-2026".into(),
        })
        .unwrap();
    office
        .billing()
        .add_subsidy(SubsidyInput {
            child_id: subsidised,
            kind: Some(SubsidyKind::Friplads),
            division: Some(Division::School),
            reduction: Some(Reduction::Percent(50)),
            from: "01-09-2026".into(),
            to: String::new(),
        })
        .unwrap();
    assert_eq!(
        office.billing().preview_charges("2026-09").unwrap().total,
        september.total,
        "the charged month itself never changes"
    );
    let october = office.billing().preview_charges("2026-10").unwrap();
    assert!(october.problems.is_empty(), "{:?}", october.problems);
    let corrections = corrections_of(&october, "2026-09");
    let of = |child: i64| {
        corrections
            .iter()
            .filter(|c| c.1 == Some(child))
            .collect::<Vec<_>>()
    };
    // 3.300 with half off, where 3.100 was charged: 1.450 kr. back to the payer who paid.
    let back = of(subsidised);
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!(
        (back[0].0, back[0].2),
        (subsidised_payer, Ore::kroner(-1_450))
    );
    assert!(
        back[0].3.starts_with("Regulering for september 2026: ")
            && back[0].3.ends_with(", skolepenge"),
        "{}",
        back[0].3
    );
    // The others: 200 kr. more for September.
    for (payer, child) in &plain[1..] {
        let extra = of(*child);
        assert_eq!(extra.len(), 1, "{extra:?}");
        assert_eq!((extra[0].0, extra[0].2), (*payer, Ore::kroner(200)));
    }
    for charge in &october.charges {
        assert_eq!(
            charge.total,
            charge.lines.iter().map(|l| l.amount).sum::<Ore>()
        );
    }

    // Issued, the corrections are on October's run; November finds September settled.
    let issued = office.billing().issue_charges("2026-10").unwrap();
    assert_eq!(corrections_of(&issued, "2026-09").len(), corrections.len());
    check_0601(
        &office
            .billing()
            .delivery_file(issued.run_id.unwrap())
            .unwrap()
            .bytes,
    )
    .unwrap();
    let november = office.billing().preview_charges("2026-11").unwrap();
    assert!(corrections_of(&november, "2026-09").is_empty());
    assert!(corrections_of(&november, "2026-10").is_empty());

    // A payer change after the months were charged moves no money by itself.
    let (_, child) = plain[1];
    let detail = office.register().child(child).unwrap();
    if let Some(other) = detail
        .guardians
        .iter()
        .find(|g| !g.link.is_payer && g.link.has_custody)
    {
        office
            .register()
            .update_guardian_link(
                child,
                other.guardian_id,
                skolekontor_app::domain::register::GuardianLink {
                    is_payer: true,
                    ..other.link.clone()
                },
                false,
            )
            .unwrap();
        let november = office.billing().preview_charges("2026-11").unwrap();
        assert!(corrections_of(&november, "2026-09").is_empty());
        assert!(corrections_of(&november, "2026-10").is_empty());
        assert!(november
            .charges
            .iter()
            .any(|c| c.payer_id == other.guardian_id
                && c.lines.iter().any(|l| l.child_id == Some(child))));
    }
}
