//! The import parser (issues 8 and 17): any bytes — CSV in any character set, broken
//! workbooks, .xlsx and .ods sheets with far cells or repeats — named as a CSV, an
//! Excel file or an .ods file, give a plan or a Danish refusal, never a panic or a
//! runaway allocation; a plan with a problem holds nothing to store.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use skolekontor_import::{plan_import, KnownRecords};

fuzz_target!(|bytes: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let name = ["eksport.csv", "eksport.xlsx", "eksport.ods"][bytes.len() % 3];
    let Ok(plan) = plan_import(bytes, Some(name), &KnownRecords::default(), today) else {
        return;
    };
    assert!(plan.children.len() <= plan.rows);
    if !plan.is_clean() {
        assert!(plan.children.is_empty() && plan.guardians.is_empty());
    }
    for child in &plan.children {
        for (index, _) in &child.guardians {
            assert!(*index < plan.guardians.len());
        }
    }
});
