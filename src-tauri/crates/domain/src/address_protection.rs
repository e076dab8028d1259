//! Navne- og adressebeskyttelse (R37): which homes' addresses may leave the office.
//!
//! A guardian or a child is marked when the CPR register protects their address. The
//! office's own screen still shows it; everything someone else receives (a contract
//! and the other parent's copy of it, a label, a class or contact list, a letter to
//! another family, an e-mail) asks [`Home::for_others`] and gets nothing.

use std::collections::BTreeSet;

use crate::register::Address;
use crate::tr;

/// Who is marked, as the register links people to homes: one row per guardian, with
/// the marks of the children linked to that guardian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resident {
    /// The household (home) the guardian lives in.
    pub household_id: i64,
    /// The guardian is marked.
    pub guardian_marked: bool,
    /// A child of this guardian is marked.
    pub child_marked: bool,
}

/// The homes whose address must not leave the office: where a marked guardian lives,
/// and every home of a marked child's guardians — the register does not say at which
/// of its parents' homes a child is registered, and one guess wrong would give the
/// protected address away. Anyone else at such an address is covered by it too:
/// printing a stepfather's address would print the mother's.
pub fn protected_households(residents: impl IntoIterator<Item = Resident>) -> BTreeSet<i64> {
    residents
        .into_iter()
        .filter(|r| r.guardian_marked || r.child_marked)
        .map(|r| r.household_id)
        .collect()
}

/// What stands where a protected address would have been printed: the reader sees
/// that there is an address and that it is not theirs to have.
pub fn withheld() -> String {
    tr!("address_protection.withheld")
}

/// A home as lists and documents get it: the address, and whether it may leave the
/// office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    address: Address,
    protected: bool,
}

impl Home {
    pub fn new(address: Address, protected: bool) -> Home {
        Home { address, protected }
    }

    /// The address for a paper, file or e-mail someone outside the office receives;
    /// `None` when it is protected.
    pub fn for_others(&self) -> Option<&Address> {
        (!self.protected).then_some(&self.address)
    }

    /// "Skolevej 1, 8000 Aarhus C", or the word for a withheld address.
    pub fn line_for_others(&self) -> String {
        self.for_others()
            .map(Address::one_line)
            .unwrap_or_else(withheld)
    }

    /// The address for a file's address columns: the word for a withheld address in
    /// the street's place, postcode and town empty.
    pub fn address_for_others(&self) -> Address {
        self.for_others().cloned().unwrap_or_else(|| Address {
            street: withheld(),
            ..Address::empty()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident(household_id: i64, guardian_marked: bool, child_marked: bool) -> Resident {
        Resident {
            household_id,
            guardian_marked,
            child_marked,
        }
    }

    fn address() -> Address {
        Address {
            street: "Skolevej 1".into(),
            postal_code: "8000".into(),
            town: "Aarhus C".into(),
        }
    }

    #[test]
    fn r37_a_home_is_protected_by_a_marked_guardian_or_a_marked_child_living_there() {
        let homes = protected_households([
            resident(1, false, false),
            resident(2, true, false),
            resident(3, false, true),
            resident(3, false, false),
            resident(4, false, false),
        ]);
        assert_eq!(homes, BTreeSet::from([2, 3]));
    }

    #[test]
    fn r37_a_protected_home_never_gives_its_address_to_others() {
        let open = Home::new(address(), false);
        let closed = Home::new(address(), true);
        assert_eq!(open.for_others(), Some(&address()));
        assert_eq!(open.line_for_others(), "Skolevej 1, 8000 Aarhus C");
        assert_eq!(closed.for_others(), None);
        let line = closed.line_for_others();
        assert!(
            !line.contains("Skolevej") && !line.contains("8000"),
            "{line}"
        );
        assert_eq!(line, "Adressebeskyttet");
    }
}
