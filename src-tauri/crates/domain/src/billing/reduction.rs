//! A reduction of a rate: a percentage or a fixed amount, as the school sets it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Ore;

/// How much comes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "type", content = "value")]
pub enum Reduction {
    /// Whole percent of the amount, 0–100.
    Percent(u8),
    /// A fixed amount per month (never more than the amount itself).
    Amount(Ore),
}

impl Reduction {
    /// How much comes off `amount`, in whole øre, rounded half up, never more than `amount`.
    pub fn off(self, amount: Ore) -> Ore {
        if amount.0 <= 0 {
            return Ore(0);
        }
        let off = match self {
            Reduction::Percent(p) => (amount.0 * i64::from(p.min(100)) + 50) / 100,
            Reduction::Amount(a) => a.0.max(0),
        };
        Ore(off.min(amount.0))
    }

    /// Whether the values are in range.
    pub fn is_valid(self) -> bool {
        match self {
            Reduction::Percent(p) => p <= 100,
            Reduction::Amount(a) => (0..=Ore::kroner(100_000).0).contains(&a.0),
        }
    }

    /// `50 %` or `500,00 kr.`, for charge texts.
    pub fn to_danish(self) -> String {
        match self {
            Reduction::Percent(p) => format!("{p} %"),
            Reduction::Amount(a) => a.to_danish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reductions_round_to_whole_ore_and_never_exceed_the_amount() {
        assert_eq!(Reduction::Percent(50).off(Ore(310_000)), Ore(155_000));
        assert_eq!(Reduction::Percent(33).off(Ore(101)), Ore(33));
        assert_eq!(
            Reduction::Percent(50).off(Ore(101)),
            Ore(51),
            "half an øre rounds up"
        );
        assert_eq!(Reduction::Percent(100).off(Ore(99_999)), Ore(99_999));
        assert_eq!(
            Reduction::Amount(Ore::kroner(500)).off(Ore::kroner(300)),
            Ore::kroner(300)
        );
        assert_eq!(Reduction::Amount(Ore::kroner(500)).off(Ore(0)), Ore(0));
        assert!(!Reduction::Percent(101).is_valid());
    }
}
