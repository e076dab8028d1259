//! Money in whole øre (R34): never floating point.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An amount in øre (1 kr. = 100 øre). Signed, so credits are negative.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS,
)]
#[ts(export, type = "number")]
pub struct Ore(pub i64);

impl Ore {
    /// `kroner` whole kroner.
    pub const fn kroner(kroner: i64) -> Ore {
        Ore(kroner * 100)
    }

    /// Danish format with thousands dots and decimal comma: `1.234,50 kr.`
    pub fn to_danish(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let kroner = (abs / 100).to_string();
        let mut grouped = String::with_capacity(kroner.len() + kroner.len() / 3);
        for (i, c) in kroner.chars().enumerate() {
            if i > 0 && (kroner.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped},{:02} kr.", abs % 100)
    }

    /// Reads an amount as typed in Danish: `1.234,50`, `1234,5`, `-200`, `1.500 kr.`
    /// (dots group thousands, the comma starts at most two øre digits).
    pub fn parse_danish(text: &str) -> Option<Ore> {
        let t = text
            .trim()
            .trim_end_matches("kr.")
            .trim_end_matches("kr")
            .trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, t),
        };
        let (whole, fraction) = t.split_once(',').unwrap_or((t, ""));
        let groups: Vec<&str> = whole.split('.').collect();
        let grouped_ok =
            groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !grouped_ok
            || !groups.iter().all(|g| digits(g))
            || fraction.len() > 2
            || (!fraction.is_empty() && !digits(fraction))
        {
            return None;
        }
        let kroner: i64 = groups.concat().parse().ok()?;
        let ore: i64 = format!("{fraction:0<2}").parse().ok()?;
        let total = kroner.checked_mul(100)?.checked_add(ore)?;
        Some(Ore(if negative { -total } else { total }))
    }

    /// Adds without overflow panics; `None` on overflow.
    pub fn checked_add(self, other: Ore) -> Option<Ore> {
        self.0.checked_add(other.0).map(Ore)
    }
}

impl std::ops::Add for Ore {
    type Output = Ore;
    fn add(self, other: Ore) -> Ore {
        Ore(self.0 + other.0)
    }
}

impl std::ops::Sub for Ore {
    type Output = Ore;
    fn sub(self, other: Ore) -> Ore {
        Ore(self.0 - other.0)
    }
}

impl std::ops::AddAssign for Ore {
    fn add_assign(&mut self, other: Ore) {
        self.0 += other.0;
    }
}

impl std::iter::Sum for Ore {
    fn sum<I: Iterator<Item = Ore>>(iter: I) -> Ore {
        iter.fold(Ore(0), |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r34_amounts_in_danish_format() {
        assert_eq!(Ore(123_450).to_danish(), "1.234,50 kr.");
        assert_eq!(Ore(0).to_danish(), "0,00 kr.");
        assert_eq!(Ore(5).to_danish(), "0,05 kr.");
        assert_eq!(Ore::kroner(1_000_000).to_danish(), "1.000.000,00 kr.");
        assert_eq!(Ore(-99_999).to_danish(), "-999,99 kr.");
        assert_eq!(Ore(i64::MIN).to_danish(), "-92.233.720.368.547.758,08 kr.");
    }

    #[test]
    fn r34_typed_amounts_are_read_in_ore() {
        assert_eq!(Ore::parse_danish("1.234,50"), Some(Ore(123_450)));
        assert_eq!(Ore::parse_danish("1234,5"), Some(Ore(123_450)));
        assert_eq!(Ore::parse_danish(" 1.500 kr. "), Some(Ore(150_000)));
        assert_eq!(Ore::parse_danish("-200"), Some(Ore(-20_000)));
        assert_eq!(Ore::parse_danish("0,05"), Some(Ore(5)));
        for bad in ["", "1,234", "12.34", "1.2345", "abc", "1,2,3", "--1"] {
            assert_eq!(Ore::parse_danish(bad), None, "{bad}");
        }
    }

    #[test]
    fn sums_are_exact_in_ore() {
        let total: Ore = std::iter::repeat_n(Ore(10), 10).sum();
        assert_eq!(total, Ore(100));
        assert_eq!(Ore(i64::MAX).checked_add(Ore(1)), None);
    }
}
