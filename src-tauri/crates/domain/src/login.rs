//! Logins that cannot be guessed (R29): how long a user name waits after failed
//! passwords or one-time codes, and when a login waiting for its code ends. Pure
//! rules; the app keeps the counts and reads the clock.

use crate::tr;

/// The longest wait between two tries: 15 minutes (96 guesses a day at most).
pub const MAX_WAIT_SECONDS: u64 = 15 * 60;

/// Wrong one-time codes after which a login waiting for its code ends and the
/// password must be typed again.
pub const MAX_WRONG_CODES: u32 = 5;

/// Seconds a user name must wait after `failures` failed tries in a row: 1 s after
/// the first, doubling with each, at most [`MAX_WAIT_SECONDS`].
pub fn wait_after(failures: u32) -> u64 {
    match failures {
        0 => 0,
        n => 1u64
            .checked_shl(n - 1)
            .unwrap_or(u64::MAX)
            .min(MAX_WAIT_SECONDS),
    }
}

/// Milliseconds still to wait at `now_ms` after `failures` failed tries, the last of
/// them at `last_failure_ms` (both Unix milliseconds); 0 when the next try may be made.
pub fn wait_left_ms(failures: u32, last_failure_ms: i64, now_ms: i64) -> u64 {
    let wait_ms = wait_after(failures).saturating_mul(1000);
    let until = last_failure_ms.saturating_add(i64::try_from(wait_ms).unwrap_or(i64::MAX));
    until.saturating_sub(now_ms).max(0) as u64
}

/// "Vent 16 sekunder" / "Vent 9 minutter", rounded up, for the refusal.
pub fn wait_text(wait_ms: u64) -> String {
    match wait_ms.div_ceil(1000) {
        0 | 1 => tr!("login.wait_a_second"),
        seconds @ 2..=90 => tr!("login.wait_seconds", seconds = seconds),
        seconds => tr!("login.wait_minutes", minutes = seconds.div_ceil(60)),
    }
}

/// The 30-second time step (RFC 6238) that Unix time `seconds` falls in.
pub fn time_step(seconds: u64) -> u64 {
    seconds / 30
}

/// A code from time step `step` may be used once: only a step after the last one
/// the user used counts (no replay).
pub fn step_is_fresh(step: u64, last_used: u64) -> bool {
    step > last_used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r29_waits_grow_with_each_failure_and_stop_at_fifteen_minutes() {
        assert_eq!(wait_after(0), 0);
        assert_eq!(wait_after(1), 1);
        assert_eq!(wait_after(5), 16);
        assert_eq!(wait_after(10), 512);
        assert_eq!(wait_after(11), MAX_WAIT_SECONDS);
        assert_eq!(wait_after(200), MAX_WAIT_SECONDS);
        let waits: Vec<u64> = (1..=12).map(wait_after).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn r29_the_wait_runs_from_the_last_failure() {
        assert_eq!(wait_left_ms(5, 1_000_000, 1_000_000), 16_000);
        assert_eq!(wait_left_ms(5, 1_000_000, 1_010_000), 6_000);
        assert_eq!(wait_left_ms(5, 1_000_000, 1_016_000), 0);
        assert_eq!(wait_left_ms(5, 1_000_000, 5_000_000), 0);
        assert_eq!(wait_left_ms(0, 1_000_000, 1_000_000), 0);
        assert_eq!(wait_left_ms(1, 1_000_000, 1_000_999), 1);
    }

    #[test]
    fn the_wait_is_told_in_whole_seconds_or_minutes_rounded_up() {
        assert_eq!(wait_text(1), "Vent et sekund");
        assert_eq!(wait_text(15_001), "Vent 16 sekunder");
        assert_eq!(wait_text(512_000), "Vent 9 minutter");
    }

    #[test]
    fn r29_a_time_step_is_taken_once() {
        assert_eq!(time_step(59), 1);
        assert_eq!(time_step(60), 2);
        assert!(step_is_fresh(2, 1));
        assert!(!step_is_fresh(2, 2));
        assert!(!step_is_fresh(1, 2));
    }
}
