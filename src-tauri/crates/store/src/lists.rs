//! What the office's lists read: each child's SFO module and kindergarten group, its
//! own phone, and its guardians with their homes — in three queries for the whole
//! school, so the register as a spreadsheet stays quick.

use std::collections::HashMap;

use chrono::NaiveDate;
use skolekontor_domain::address_protection::Home;
use skolekontor_domain::lists::ListGuardian;
use skolekontor_domain::register::Address;

use crate::error::StoreResult;

/// The list facts of one child that the register index does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFacts {
    /// The SFO module on `day` (or the next one booked), empty when none.
    pub sfo_module: String,
    /// The kindergarten group, empty when none.
    pub kindergarten_group: String,
    /// The child's own phone.
    pub phone: Option<String>,
    /// The guardians, payer first.
    pub guardians: Vec<ListGuardian>,
}

crate::concept_handles! {
    /// The lists.
    lists => ListsQueries
}

impl ListsQueries<'_> {
    /// The list facts of every child, by id.
    pub fn list_facts(&self, day: NaiveDate) -> StoreResult<HashMap<i64, ListFacts>> {
        let conn = self.db.conn();
        let mut facts: HashMap<i64, ListFacts> = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, phone FROM child WHERE archived_at IS NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))? {
            let (id, phone) = row?;
            facts.entry(id).or_default().phone = phone;
        }
        // The row running on `day` comes before one booked for later.
        let mut stmt = conn.prepare(
            "SELECT child_id, division, COALESCE(sfo_module, ''), COALESCE(kindergarten_group, '')
               FROM enrolment
              WHERE division IN ('sfo', 'kindergarten') AND (end_date IS NULL OR end_date >= ?1)
                AND (end_date IS NULL OR end_date >= start_date)
              ORDER BY start_date > ?1, start_date DESC, id DESC",
        )?;
        for row in stmt.query_map([day], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })? {
            let (id, division, module, group) = row?;
            let Some(child) = facts.get_mut(&id) else {
                continue;
            };
            if division == "sfo" && child.sfo_module.is_empty() {
                child.sfo_module = module;
            } else if division == "kindergarten" && child.kindergarten_group.is_empty() {
                child.kindergarten_group = group;
            }
        }
        let protected = crate::register::protected_households(conn)?;
        let mut stmt = conn.prepare(
            "SELECT l.child_id, g.first_name || ' ' || g.last_name, g.phone, g.email, l.has_custody,
                    h.street, h.postal_code, h.town, g.id, h.id
               FROM guardianship l
               JOIN guardian g ON g.id = l.guardian_id
               JOIN household h ON h.id = g.household_id
              ORDER BY l.child_id, l.is_payer DESC, l.position",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ListGuardian {
                    id: r.get(8)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    email: r.get(3)?,
                    has_custody: r.get(4)?,
                    home: Home::new(
                        Address {
                            street: r.get(5)?,
                            postal_code: r.get(6)?,
                            town: r.get(7)?,
                        },
                        protected.contains(&r.get(9)?),
                    ),
                },
            ))
        })? {
            let (id, guardian) = row?;
            if let Some(child) = facts.get_mut(&id) {
                child.guardians.push(guardian);
            }
        }
        Ok(facts)
    }
}
