//! Fees and Betalingsservice through the use cases, on a real encrypted file and
//! the real keyring, with the demo school (R1, R7–R11, R14, R35). The program's
//! day is set with SKOLEKONTOR_TODAY, so the tests of this file take turns.

mod common;

use common::*;
use skolekontor_app::billing::{ManualPaymentInput, PaymentImportReport};
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::admission::WaitingInput;
use skolekontor_app::domain::betalingsservice::check_0601;
use skolekontor_app::domain::billing::{LineKind, RateInput, RateKind};
use skolekontor_app::domain::register::ChildInput;
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::register::NewChild;
use skolekontor_app::AppError;

static THE_DAY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn on(day: &str) {
    std::env::set_var("SKOLEKONTOR_TODAY", day);
}

/// (customer number, reference, amount in øre) of each BS042 in a 0601 file.
fn collections(file: &[u8]) -> Vec<(String, String, i64)> {
    file.split(|&b| b == b'\n')
        .filter(|r| r.starts_with(b"BS042"))
        .map(|r| {
            let field =
                |a: usize, b: usize| String::from_utf8_lossy(&r[a - 1..b]).trim().to_string();
            (
                field(28, 42),
                field(74, 103),
                field(61, 73).parse().unwrap(),
            )
        })
        .collect()
}

/// A 0602 payment record (section 0211) at the reference's positions.
fn record_0602(
    code: &str,
    customer: &str,
    amount: i64,
    reference: &str,
    paid_amount: i64,
) -> String {
    let mut r = format!("BS04201234567{code}001{:5}", "00001");
    r.push_str(&format!(
        "{customer:0>15}000000000010926{}{amount:013}{reference:<30}    ",
        if amount < 0 { 2 } else { 1 }
    ));
    r.push_str(&format!("011026011026{paid_amount:013}"));
    assert_eq!(r.len(), 128, "{r}");
    r
}

fn file_0602(records: &[String]) -> Vec<u8> {
    let mut lines = vec![
        format!(
            "{:<128}",
            format!("BS00201234567BS10602{:010}{:19}011026", 42, "")
        ),
        format!("{:<128}", "BS012012345670211"),
    ];
    lines.extend(records.iter().cloned());
    lines.push(format!(
        "{:<128}",
        format!("BS99201234567BS10602{:011}{:011}", 1, records.len())
    ));
    lines
        .iter()
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect()
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
    let preview = office.preview_charges("2026-09").unwrap();
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
    let issued = office.issue_charges("2026-09").unwrap();
    assert!(issued.issued && issued.run_id.is_some());
    assert_eq!(issued.total, preview.total);
    let again = office.issue_charges("2026-09").unwrap();
    assert_eq!(
        (again.run_id, again.total, again.charges.len()),
        (issued.run_id, issued.total, issued.charges.len())
    );
    assert_eq!(office.charge_runs().unwrap().len(), 1);

    // An issued charge never changes, even when a rate changes afterwards.
    office
        .add_rate(RateInput {
            kind: Some(RateKind::School),
            module: String::new(),
            amount: Ore::kroner(3_300),
            valid_from: "01-09-2026".into(),
        })
        .unwrap();
    assert_eq!(
        office.preview_charges("2026-09").unwrap().total,
        issued.total
    );
    assert!(
        office.preview_charges("2026-10").unwrap().total > issued.total,
        "October has the new rate"
    );

    // The 0601 file: checked by our reader, one collection per payer with something to pay.
    let run_id = issued.run_id.unwrap();
    let file = office.delivery_file(run_id).unwrap();
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
        office.delivery_file(run_id).unwrap().bytes,
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
    let before = office.payer_accounts(false).unwrap();
    let mut broken = file_0602(&records);
    let cut = broken.len() - 130;
    broken.truncate(cut);
    let err = office.import_payments(&broken).unwrap_err();
    assert!(
        err.to_string().contains("Filen er ikke indlæst") && err.to_string().contains("BS992"),
        "{err}"
    );
    assert_eq!(
        office.payer_accounts(false).unwrap().len(),
        before.len(),
        "nothing half-imported"
    );
    assert!(office
        .payer_accounts(false)
        .unwrap()
        .iter()
        .zip(&before)
        .all(|(a, b)| a.account == b.account));

    let report: PaymentImportReport = office.import_payments(&file_0602(&records)).unwrap();
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
            office.import_payments(&file_0602(&records)),
            Err(AppError::Refused(_))
        ),
        "the same file twice"
    );

    let payer = |customer: &str| customer.parse::<i64>().unwrap();
    let statement = office.payer_statement(payer(&paid.0)).unwrap();
    assert_eq!(
        (
            statement.charges[0].status.as_str(),
            statement.account.account.balance
        ),
        ("Betalt", Ore(0))
    );
    let statement = office.payer_statement(payer(&rejected.0)).unwrap();
    assert_eq!(
        (
            statement.charges[0].status.as_str(),
            statement.account.account.balance
        ),
        ("Afvist", Ore(rejected.2))
    );
    assert_eq!(
        office
            .payer_statement(payer(&charged_back.0))
            .unwrap()
            .account
            .account
            .balance,
        Ore(charged_back.2)
    );

    // A bank transfer settles the payer whose amount did not match.
    office
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
            .payer_statement(payer(&wrong.0))
            .unwrap()
            .account
            .account
            .balance,
        Ore(0)
    );
    let bad = office
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
    let arrears = office.payer_accounts(true).unwrap();
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
        office.document(DocumentRequest::Reminder {
            payer_id: payer(&paid.0)
        }),
        Err(AppError::Refused(_))
    ));

    let child = rejected_row.kindergarten_children[0].child_id;
    assert_eq!(
        office
            .terminate_kindergarten_for_arrears(child, false)
            .unwrap(),
        "31-12-2026"
    );
    let letter = text_of(
        &office
            .document(DocumentRequest::ArrearsTermination { child_id: child })
            .unwrap()
            .bytes,
    );
    assert!(letter.contains("Sidste dag 31. december 2026"), "{letter}");
    let january = office.preview_charges("2027-01").unwrap();
    assert!(
        january
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .all(|l| l.child_id != Some(child)),
        "R11: nothing after the last day"
    );
    let december = office.preview_charges("2026-12").unwrap();
    assert!(december
        .charges
        .iter()
        .flat_map(|c| &c.lines)
        .any(|l| l.child_id == Some(child)));
    assert!(
        matches!(
            office.terminate_kindergarten_for_arrears(child, false),
            Err(AppError::Refused(_))
        ),
        "already ends then"
    );
    // R14: in a very special case, with immediate effect — today is the last day, and nothing is refunded.
    assert_eq!(
        office
            .terminate_kindergarten_for_arrears(child, true)
            .unwrap(),
        "23-11-2026"
    );
    let letter = text_of(
        &office
            .document(DocumentRequest::ArrearsTermination { child_id: child })
            .unwrap()
            .bytes,
    );
    assert!(
        letter.contains("øjeblikkelig virkning") && letter.contains("refunderes"),
        "{letter}"
    );
    assert!(letter.contains("Sidste dag 23. november 2026"), "{letter}");
    let december = office.preview_charges("2026-12").unwrap();
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
        .register_on_waiting_list(waiting(Division::Kindergarten, None))
        .unwrap();
    office
        .register_on_waiting_list(waiting(Division::School, Some(0)))
        .unwrap();
    let fee_lines: Vec<_> = office
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
    office.issue_charges("2026-10").unwrap();
    let november = office.preview_charges("2026-11").unwrap();
    assert!(
        november
            .charges
            .iter()
            .flat_map(|c| &c.lines)
            .all(|l| l.kind != LineKind::EnrolmentFee),
        "charged once"
    );
}
