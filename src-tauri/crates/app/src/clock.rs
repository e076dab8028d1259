//! Today's date as the school sees it: Europe/Copenhagen.

use chrono::NaiveDate;
use chrono_tz::Europe::Copenhagen;

/// Set to `yyyy-mm-dd` to run the program on another day: for tests and for
/// training (e.g. issuing September's charges in August). Timestamps stay real.
pub const TODAY_VARIABLE: &str = "SKOLEKONTOR_TODAY";

/// Today's date in Copenhagen, or the day [`TODAY_VARIABLE`] names.
pub fn today() -> NaiveDate {
    std::env::var(TODAY_VARIABLE)
        .ok()
        .and_then(|day| NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&Copenhagen).date_naive())
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
