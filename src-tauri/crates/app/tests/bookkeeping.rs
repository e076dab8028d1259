//! The bookkeeping journal through the use cases, on a real encrypted file with the
//! demo school: the chart of accounts, and a month's journal reconciled to the øre
//! with the charge run, the 0601 file, the 0602 file and the payers' balances; the
//! CSV files read back with a CSV reader and the PDF with pdftotext.

mod common;

use std::collections::BTreeMap;

use common::*;
use skolekontor_app::billing::ManualPaymentInput;
use skolekontor_app::bookkeeping::{AccountInput, JournalFormat};
use skolekontor_app::domain::betalingsservice::check_0601;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::billing::journal::VoucherSource;
use skolekontor_app::domain::billing::LineKind;
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::Ore;
use skolekontor_app::{AppError, Office};

/// Every item gets an account: income 1000s, reductions 1100s, money 5800s.
fn set_chart(office: &mut Office) -> BTreeMap<String, String> {
    let rows = office.bookkeeping().chart_of_accounts().unwrap();
    let mut chart = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let account = match row.group.as_str() {
            "income" => format!("{}", 1010 + i),
            "reductions" => format!("{}", 1110 + i),
            "money" if row.code == "cash" => "5810".to_string(),
            "money" => "5820".to_string(),
            _ => "5600".to_string(),
        };
        chart.insert(row.code.clone(), account);
    }
    office
        .bookkeeping()
        .save_chart_of_accounts(
            chart
                .iter()
                .map(|(code, account)| AccountInput {
                    code: code.clone(),
                    account: account.clone(),
                })
                .collect(),
        )
        .unwrap();
    chart
}

fn total_balance(office: &mut Office) -> i64 {
    office
        .billing()
        .payer_accounts(false)
        .unwrap()
        .iter()
        .map(|p| p.account.balance.0)
        .sum()
}

/// Reads a journal CSV (BOM, semicolons) into rows of named cells.
fn read_csv(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn ore_of(text: &str) -> i64 {
    let (kroner, ore) = text.split_once(',').expect("a decimal comma");
    let sign = if kroner.starts_with('-') { -1 } else { 1 };
    sign * (kroner.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + ore.parse::<i64>().unwrap())
}

#[test]
fn the_journal_of_a_month_reconciles_with_the_charge_run_the_0601_and_0602_files_to_the_ore() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");

    // No chart yet: nothing to post is fine, something to post names what is missing.
    assert!(office
        .bookkeeping()
        .journal("2026-09", 1)
        .unwrap()
        .vouchers
        .is_empty());
    let before = total_balance(&mut office);
    let issued = office.billing().issue_charges("2026-09").unwrap();
    let missing = office
        .bookkeeping()
        .journal("2026-09", 1)
        .unwrap_err()
        .to_string();
    assert!(
        missing.starts_with("Vælg et kontonummer i kontoplanen for: ")
            && missing.contains("Skolepenge")
            && missing.contains("Forældrenes tilgodehavender"),
        "{missing}"
    );

    // A wrong account number is refused at its field, and nothing is saved.
    let refused = office.bookkeeping().save_chart_of_accounts(vec![
        AccountInput {
            code: "school".into(),
            account: "10 10".into(),
        },
        AccountInput {
            code: "kindergarten".into(),
            account: "1030".into(),
        },
    ]);
    match refused {
        Err(AppError::Validation(errors)) => {
            assert_eq!(errors.errors[0].field, "accounts.school");
            assert!(errors.errors[0].message.contains("1 til 9 cifre"));
        }
        other => panic!("expected a form error, got {other:?}"),
    }
    assert!(office
        .bookkeeping()
        .chart_of_accounts()
        .unwrap()
        .iter()
        .all(|r| r.account.is_empty()));
    let chart = set_chart(&mut office);
    let rows = office.bookkeeping().chart_of_accounts().unwrap();
    assert!(
        rows.iter().any(|r| r.code == "sfo" && r.name == "SFO"),
        "SFO has its line: {rows:?}"
    );
    assert!(rows.iter().all(|r| chart[&r.code] == r.account));
    let log = office.audit().audit_log(Default::default()).unwrap();
    let change = log
        .iter()
        .find(|e| e.description == "Kontoplan ændret")
        .expect("the chart's change is logged");
    assert!(
        change
            .field_labels
            .contains(&"konto for skolepenge".to_string()),
        "{:?}",
        change.field_labels
    );

    // The 0601 file, and a 0602 file for it: every collection paid on 1 September,
    // but one rejected and one paid and then charged back on 8 September.
    let run_id = issued.run_id.unwrap();
    let file = office.billing().delivery_file(run_id).unwrap();
    let summary = check_0601(&file.bytes).unwrap();
    let in_file = collections(&file.bytes);
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 9, d).unwrap();
    let mut records = Vec::new();
    let (mut paid, mut charged_back) = (0i64, 0i64);
    for (i, (customer, reference, amount)) in in_file.iter().enumerate() {
        let record = |code: &str, paid_amount: i64, on: u32| {
            record_0602_on(
                code,
                customer,
                *amount,
                reference,
                paid_amount,
                day(1),
                day(on),
            )
        };
        if i == 0 {
            records.push(record("0237", 0, 1));
            continue;
        }
        records.push(record("0236", *amount, 1));
        paid += amount;
        if i == 1 {
            records.push(record("0239", *amount, 8));
            charged_back += amount;
        }
    }
    let report = office
        .billing()
        .import_payments(&file_0602(&records))
        .unwrap();
    assert_eq!(report.paid_total, Ore(paid));

    // A transfer, a credit note and a refund in the same month.
    on("2026-09-10");
    let rejected_payer: i64 = in_file[0].0.parse().unwrap();
    let owed = issued
        .charges
        .iter()
        .find(|c| c.payer_id == rejected_payer)
        .unwrap()
        .total;
    office
        .billing()
        .add_manual_payment(ManualPaymentInput {
            payer_id: rejected_payer,
            kind: "transfer".into(),
            amount: owed + Ore::kroner(100),
            paid_on: "09-09-2026".into(),
            note: "Overført selv".into(),
        })
        .unwrap();
    office
        .billing()
        .record_refund(RefundInput {
            payer_id: rejected_payer,
            amount: Ore::kroner(100),
            paid_on: "10-09-2026".into(),
            bank_reference: "OVF-77".into(),
        })
        .unwrap();
    let credited_payer: i64 = in_file[2].0.parse().unwrap();
    office
        .billing()
        .issue_credit_note(CreditNoteInput {
            payer_id: credited_payer,
            child_id: None,
            text: "SFO lukket en dag".into(),
            amount: Ore::kroner(150),
        })
        .unwrap();

    let journal = office.bookkeeping().journal("2026-09", 500).unwrap();
    let of = |source: fn(&VoucherSource) -> bool| -> Vec<_> {
        journal
            .vouchers
            .iter()
            .filter(|v| source(&v.source))
            .collect()
    };

    // The charge run: the debtors rise by the run's total; each item by its lines.
    let run = of(|s| *s == VoucherSource::ChargeRun);
    assert_eq!(run.len(), 1);
    assert_eq!(run[0].number, 500);
    assert_eq!(run[0].debtors, issued.total);
    let mut by_item: BTreeMap<String, i64> = BTreeMap::new();
    for line in issued.charges.iter().flat_map(|c| &c.lines) {
        let code = match (line.kind, line.division) {
            (LineKind::Rate, Some(Division::School)) => "school".to_string(),
            (LineKind::Rate, Some(Division::Kindergarten)) => "kindergarten".to_string(),
            (LineKind::Rate, _) if line.sfo_module.is_empty() => "sfo".into(),
            (LineKind::Rate, _) => format!("sfo:{}", line.sfo_module.to_lowercase()),
            (LineKind::SiblingDiscount, _) => "sibling_discount".into(),
            (LineKind::Subsidy, _) => "subsidy".into(),
            (LineKind::EnrolmentFee, _) => "enrolment_fee".into(),
            (LineKind::Correction, _) => "correction".into(),
        };
        *by_item.entry(chart[&code].clone()).or_default() -= line.amount.0;
    }
    by_item.retain(|_, sum| *sum != 0);
    let posted: BTreeMap<String, i64> = run[0]
        .postings
        .iter()
        .map(|p| (p.account.clone(), p.amount.0))
        .collect();
    assert_eq!(posted, by_item);
    assert!(
        by_item.len() >= 4,
        "rates, modules and reductions: {by_item:?}"
    );
    // What goes to Betalingsservice is the 0601 file's total.
    assert_eq!(issued.collected, summary.total);
    assert!(
        run[0].notes[0].contains(&summary.total.to_danish()),
        "{:?}",
        run[0].notes
    );

    // The 0602 file: paid on the 1st, charged back on the 8th; the rejection moves nothing.
    let files = of(|s| matches!(s, VoucherSource::PaymentFile { .. }));
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].postings.len(), 1);
    assert_eq!(files[0].postings[0].amount, Ore(paid));
    assert_eq!(files[0].postings[0].account, chart["bs_payment"]);
    assert!(files[0].notes[0].starts_with("1 opkrævning blev afvist"));
    assert_eq!(files[1].postings[0].amount, Ore(-charged_back));
    assert_eq!(files[1].postings[0].account, chart["charge_back"]);
    let manual = of(|s| *s == VoucherSource::ManualPayment);
    assert_eq!(manual[0].postings[0].amount, owed + Ore::kroner(100));
    assert_eq!(
        of(|s| *s == VoucherSource::Refund)[0].debtors,
        Ore::kroner(100)
    );
    assert_eq!(
        of(|s| *s == VoucherSource::CreditNote)[0].debtors,
        Ore::kroner(-150)
    );

    // The debtor account moved exactly as the payers' balances did.
    let moved: i64 = journal.vouchers.iter().map(|v| v.debtors.0).sum();
    assert_eq!(moved, total_balance(&mut office) - before);
    let debit: i64 = journal.totals.iter().map(|t| t.debit.0).sum();
    let credit: i64 = journal.totals.iter().map(|t| t.credit.0).sum();
    assert_eq!(debit, credit, "the journal balances");

    // The e-conomic file read back: the same postings, the same sums per account.
    let economic = office
        .bookkeeping()
        .journal_file("2026-09", 500, JournalFormat::Economic)
        .unwrap();
    assert_eq!(
        economic.file_name,
        "Posteringsjournal-september-2026-e-conomic-2026-09-10.csv"
    );
    let rows = read_csv(&economic.bytes);
    assert_eq!(rows.len(), journal.postings().count());
    assert_eq!(
        rows[0].keys().cloned().collect::<Vec<_>>(),
        ["Beløb", "Bilag", "Dato", "Konto", "Modkonto", "Tekst"]
    );
    assert_eq!(rows[0]["Dato"], "01-09-2026");
    assert_eq!(rows[0]["Bilag"], "500");
    let mut per_account: BTreeMap<String, i64> = BTreeMap::new();
    for row in &rows {
        *per_account.entry(row["Konto"].clone()).or_default() += ore_of(&row["Beløb"]);
        *per_account.entry(row["Modkonto"].clone()).or_default() -= ore_of(&row["Beløb"]);
    }
    for total in &journal.totals {
        assert_eq!(
            per_account[&total.account],
            total.debit.0 - total.credit.0,
            "account {}",
            total.account
        );
    }
    assert_eq!(per_account[&chart["debtors"]], moved);
    let dinero = office
        .bookkeeping()
        .journal_file("2026-09", 500, JournalFormat::Dinero)
        .unwrap();
    let dinero_rows = read_csv(&dinero.bytes);
    assert_eq!(
        dinero_rows, rows,
        "the same cells, in Dinero's column order"
    );
    assert!(std::str::from_utf8(&dinero.bytes)
        .unwrap()
        .starts_with("\u{feff}Dato;Bilag;Tekst;Beløb;Konto;Modkonto"));

    // The PDF: every voucher, the totals, and no name or CPR number of a family.
    let pdf = office
        .bookkeeping()
        .journal_file("2026-09", 500, JournalFormat::Pdf)
        .unwrap();
    let text = text_of(&pdf.bytes);
    for expected in [
        "Posteringsjournal september 2026".to_string(),
        "Bilag 500: Opkrævning september 2026".to_string(),
        "Bevægelser pr. konto".to_string(),
        Ore(debit).to_danish().trim_end_matches(" kr.").to_string(),
        "OVF-77".to_string(),
    ] {
        assert!(text.contains(&expected), "{expected:?} missing: {text}");
    }
    let payer_name = &issued.charges[0].payer_name;
    assert!(!text.contains(payer_name.as_str()), "no parent's name");
    let log = office.audit().audit_log(Default::default()).unwrap();
    assert!(
        log.iter().any(
            |e| e.description == "Posteringsjournal gemt eller udskrevet"
                && e.field_labels == ["måned: 2026-09"]
        ),
        "the export is logged"
    );
}
