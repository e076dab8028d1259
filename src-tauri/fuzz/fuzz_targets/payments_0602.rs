//! The bank's 0602 file (Betalingsservice): any bytes are read whole or refused
//! with a line number, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skolekontor_domain::betalingsservice::parse_0602;

fuzz_target!(|bytes: &[u8]| {
    if let Ok((_, records)) = parse_0602(bytes) {
        for record in &records {
            assert!(record.line >= 1);
        }
    }
});
