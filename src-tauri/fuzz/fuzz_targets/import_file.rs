//! The import parser (issue 8): any bytes — CSV in any character set, broken
//! workbooks — give a plan or a Danish refusal, never a panic; a plan with a problem
//! holds nothing to store.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use skolekontor_import::{plan_import, KnownRecords};

fuzz_target!(|bytes: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let Ok(plan) = plan_import(bytes, &KnownRecords::default(), today) else {
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
