//! CPR parsing (R30): any text either parses or gives one of the three Danish
//! errors; a parsed number prints and reads back as itself.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use skolekontor_domain::Cpr;

fuzz_target!(|text: &str| {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let Ok(cpr) = Cpr::parse(text, today) else {
        return;
    };
    let again = Cpr::parse(&cpr.formatted(), today).expect("a formatted CPR reads back");
    assert!(again == cpr);
    assert!(cpr.birth_date() <= today);
    assert!(cpr.age_on(today) >= 0);
    // The mask keeps the birth date and hides the four last digits.
    assert_eq!(cpr.masked(), format!("{}XXXX", &cpr.formatted()[..7]));
    let _ = (cpr.gender(), cpr.passes_modulus11(), cpr.warning());
});
