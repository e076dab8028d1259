//! Today's date as the school sees it: Europe/Copenhagen.

use chrono::NaiveDate;
use chrono_tz::Europe::Copenhagen;

/// In builds made for tests (feature `test-hooks`) only: set to `yyyy-mm-dd` to run
/// the program on another day. Timestamps stay real. The program `make run` starts
/// never reads it.
pub const TODAY_VARIABLE: &str = "SKOLEKONTOR_TODAY";

/// Today's date in Copenhagen (or, in a build for tests, the day [`TODAY_VARIABLE`]
/// names).
pub fn today() -> NaiveDate {
    moved_day().unwrap_or_else(|| chrono::Utc::now().with_timezone(&Copenhagen).date_naive())
}

#[cfg(feature = "test-hooks")]
fn moved_day() -> Option<NaiveDate> {
    let day = std::env::var(TODAY_VARIABLE).ok()?;
    NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()
}

#[cfg(not(feature = "test-hooks"))]
fn moved_day() -> Option<NaiveDate> {
    None
}

/// A UTC RFC 3339 timestamp shown as `dd-mm-yyyy hh:mm` in Copenhagen time.
pub fn local_display(utc: &str) -> Option<String> {
    let at = chrono::DateTime::parse_from_rfc3339(utc).ok()?;
    Some(
        at.with_timezone(&Copenhagen)
            .format("%d-%m-%Y %H:%M")
            .to_string(),
    )
}

/// The Copenhagen date of a UTC RFC 3339 timestamp.
pub fn local_date(utc: &str) -> Option<NaiveDate> {
    let at = chrono::DateTime::parse_from_rfc3339(utc).ok()?;
    Some(at.with_timezone(&Copenhagen).date_naive())
}

#[cfg(test)]
mod tests {
    /// The shipped program ignores the variable: its day is the calendar's.
    #[cfg(not(feature = "test-hooks"))]
    #[test]
    fn a_program_not_built_for_tests_ignores_the_moved_day() {
        std::env::set_var(super::TODAY_VARIABLE, "2031-02-03");
        let real = chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Copenhagen)
            .date_naive();
        assert_eq!(super::today(), real);
        std::env::remove_var(super::TODAY_VARIABLE);
    }

    #[test]
    fn utc_is_shown_in_copenhagen_time_across_summer_time() {
        assert_eq!(
            super::local_display("2026-07-01T10:00:00Z").unwrap(),
            "01-07-2026 12:00"
        );
        assert_eq!(
            super::local_display("2026-12-01T10:00:00Z").unwrap(),
            "01-12-2026 11:00"
        );
    }
}

/// In builds for tests only: a PEM certificate (`SKOLEKONTOR_SMTP_TEST_ROOT`, a file)
/// the e-mail connection also trusts, for the throw-away certificate of the test's own
/// SMTP server. Never part of the program `make run` starts.
#[cfg(feature = "test-hooks")]
pub fn test_smtp_root() -> Option<Vec<u8>> {
    std::fs::read(std::env::var_os("SKOLEKONTOR_SMTP_TEST_ROOT")?).ok()
}

/// Without test hooks the connection trusts the system's certificates only.
#[cfg(not(feature = "test-hooks"))]
pub fn test_smtp_root() -> Option<Vec<u8>> {
    None
}
