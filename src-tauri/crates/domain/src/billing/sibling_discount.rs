//! Søskenderabat (R9) as the school's settings: which divisions, who counts as
//! siblings, who pays full price, and the discount for each later child.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::reduction::Reduction;
use crate::school::Division;
use crate::tr;
use crate::validation::ValidationErrors;

/// Who counts as siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum SiblingsBy {
    /// Children with the same payer.
    SamePayer,
    /// Children who share a household (an address), whoever pays.
    SameHousehold,
}

/// Which child pays full price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum FullPrice {
    /// The oldest child pays full price; younger ones get the discount.
    Oldest,
    /// The youngest child pays full price.
    Youngest,
}

/// The discount of the child in `position` (2 = second child) and every later
/// child up to the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DiscountStep {
    /// 2, 3, …
    pub position: u8,
    /// How much comes off.
    pub reduction: Reduction,
}

/// The school's sibling discount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SiblingDiscountPolicy {
    /// The divisions whose rates get the discount; the children enrolled in them are counted.
    pub divisions: Vec<Division>,
    /// Who counts as siblings.
    pub siblings_by: SiblingsBy,
    /// Who pays full price.
    pub full_price: FullPrice,
    /// Discount per position; the last step also covers every later child.
    pub steps: Vec<DiscountStep>,
}

impl Default for SiblingDiscountPolicy {
    /// A common friskole rule: school fees, same payer, the oldest pays full,
    /// the second child 50 %, the third and later free.
    fn default() -> Self {
        SiblingDiscountPolicy {
            divisions: vec![Division::School],
            siblings_by: SiblingsBy::SamePayer,
            full_price: FullPrice::Oldest,
            steps: vec![
                DiscountStep {
                    position: 2,
                    reduction: Reduction::Percent(50),
                },
                DiscountStep {
                    position: 3,
                    reduction: Reduction::Percent(100),
                },
            ],
        }
    }
}

/// A child as the discount sees it.
#[derive(Debug, Clone)]
pub struct SiblingCandidate {
    pub child_id: i64,
    /// For the order; unknown birth dates count as youngest.
    pub birth_date: Option<NaiveDate>,
    pub payer_id: i64,
    /// Every household the child belongs to.
    pub households: Vec<i64>,
}

impl SiblingDiscountPolicy {
    /// Checks the settings, with Danish messages.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut positions = BTreeSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            if step.position < 2 {
                errors.add(format!("steps.{i}.position"), tr!("sibling.from_second"));
            } else if !positions.insert(step.position) {
                errors.add(format!("steps.{i}.position"), tr!("sibling.once_each"));
            }
            if !step.reduction.is_valid() {
                errors.add(format!("steps.{i}.reduction"), tr!("sibling.range"));
            }
        }
        errors.into_result()
    }

    /// The discount for a child in `position` (1 = pays full).
    pub fn step_for(&self, position: usize) -> Option<Reduction> {
        self.steps
            .iter()
            .filter(|s| usize::from(s.position) <= position)
            .max_by_key(|s| s.position)
            .map(|s| s.reduction)
    }

    /// Each counted child's position among its siblings (1 = full price).
    /// `candidates` are the children enrolled in a discounted division this month.
    pub fn positions(&self, candidates: &[SiblingCandidate]) -> BTreeMap<i64, usize> {
        let mut positions = BTreeMap::new();
        for mut group in self.groups(candidates) {
            group.sort_by(|a, b| {
                let key = |c: &SiblingCandidate| c.birth_date.unwrap_or(NaiveDate::MAX);
                let order = key(a).cmp(&key(b)).then(a.child_id.cmp(&b.child_id));
                match self.full_price {
                    FullPrice::Oldest => order,
                    FullPrice::Youngest => order.reverse(),
                }
            });
            for (i, child) in group.iter().enumerate() {
                positions.insert(child.child_id, i + 1);
            }
        }
        positions
    }

    /// Siblings grouped: by payer, or by shared households (a chain of shared
    /// addresses joins children, so half-siblings across two homes count together).
    fn groups<'a>(&self, candidates: &'a [SiblingCandidate]) -> Vec<Vec<&'a SiblingCandidate>> {
        let keys: Vec<Vec<i64>> = candidates
            .iter()
            .map(|c| match self.siblings_by {
                SiblingsBy::SamePayer => vec![c.payer_id],
                SiblingsBy::SameHousehold if c.households.is_empty() => vec![-c.child_id],
                SiblingsBy::SameHousehold => c.households.clone(),
            })
            .collect();
        let mut parent: Vec<usize> = (0..candidates.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut first_with_key: BTreeMap<i64, usize> = BTreeMap::new();
        for (i, child_keys) in keys.iter().enumerate() {
            for key in child_keys {
                match first_with_key.get(key) {
                    Some(&j) => {
                        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                        parent[a] = b;
                    }
                    None => {
                        first_with_key.insert(*key, i);
                    }
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<&SiblingCandidate>> = BTreeMap::new();
        for (i, candidate) in candidates.iter().enumerate() {
            groups
                .entry(root(&mut parent, i))
                .or_default()
                .push(candidate);
        }
        groups.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(id: i64, year: i32, payer: i64, households: &[i64]) -> SiblingCandidate {
        SiblingCandidate {
            child_id: id,
            birth_date: NaiveDate::from_ymd_opt(year, 6, 1),
            payer_id: payer,
            households: households.to_vec(),
        }
    }

    #[test]
    fn r9_the_oldest_pays_full_and_later_children_follow_the_steps() {
        let policy = SiblingDiscountPolicy::default();
        let positions = policy.positions(&[
            child(3, 2018, 1, &[]),
            child(1, 2014, 1, &[]),
            child(2, 2016, 1, &[]),
            child(9, 2015, 7, &[]),
        ]);
        assert_eq!(positions[&1], 1);
        assert_eq!(positions[&2], 2);
        assert_eq!(positions[&3], 3);
        assert_eq!(positions[&9], 1, "another payer's child is not a sibling");
        assert_eq!(policy.step_for(1), None);
        assert_eq!(policy.step_for(2), Some(Reduction::Percent(50)));
        assert_eq!(
            policy.step_for(5),
            Some(Reduction::Percent(100)),
            "the last step covers later children"
        );
    }

    #[test]
    fn r9_youngest_first_and_siblings_by_household() {
        let policy = SiblingDiscountPolicy {
            siblings_by: SiblingsBy::SameHousehold,
            full_price: FullPrice::Youngest,
            ..SiblingDiscountPolicy::default()
        };
        // Child 1 lives in homes 10 and 11 (separated parents); child 2 only in 11, with another payer.
        let positions = policy.positions(&[
            child(1, 2014, 1, &[10, 11]),
            child(2, 2017, 2, &[11]),
            child(3, 2016, 3, &[12]),
        ]);
        assert_eq!(positions[&2], 1, "the youngest pays full");
        assert_eq!(positions[&1], 2);
        assert_eq!(positions[&3], 1);
    }

    #[test]
    fn bad_steps_are_refused() {
        let policy = SiblingDiscountPolicy {
            steps: vec![
                DiscountStep {
                    position: 1,
                    reduction: Reduction::Percent(10),
                },
                DiscountStep {
                    position: 2,
                    reduction: Reduction::Percent(120),
                },
            ],
            ..SiblingDiscountPolicy::default()
        };
        let fields: Vec<String> = policy
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["steps.0.position", "steps.1.reduction"]);
    }
}
