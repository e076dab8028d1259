//! The register of children and guardians: households, custody links, placements.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use skolekontor_domain::address_protection::{self, Resident};
use skolekontor_domain::admission::ValidWaiting;
use skolekontor_domain::cpr::Gender;
use skolekontor_domain::placement::{ChangeKind, ChangeRecord};
use skolekontor_domain::register::{
    placement_label, Address, ChildDetail, ChildExtras, ChildRef, ChildSummary, GuardianLink,
    GuardianOfChild, GuardianSummary, Household, Placement, ValidChild, ValidGuardian,
};
use skolekontor_domain::school::Division;
use skolekontor_domain::Cpr;

use skolekontor_domain::audit::AuditEvent;

use crate::admission::insert_waiting_entry;
use crate::audit::{append, changed_fields, Actor};
use crate::database::{now_utc, Database};
use crate::error::{StoreError, StoreResult};
use crate::payer_account::{customer_number_event, give_customer_number};
use skolekontor_domain::tr;

/// A guardian to link: one already in the register, or a new person.
#[derive(Debug, Clone)]
pub enum GuardianRef {
    /// By database id.
    Existing(i64),
    /// A new guardian to create.
    New(ValidGuardian),
}

fn unique_violation(error: rusqlite::Error, message: String) -> StoreError {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
        && error.to_string().contains("UNIQUE")
    {
        StoreError::Duplicate(message)
    } else {
        error.into()
    }
}

fn household_for(conn: &Connection, home: &Address) -> StoreResult<i64> {
    let key = home.household_key();
    if let Some(id) = conn
        .query_row(
            "SELECT id FROM household WHERE match_key = ?1",
            [&key],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO household (street, postal_code, town, match_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![home.street, home.postal_code, home.town, key, now_utc()],
    )?;
    Ok(conn.last_insert_rowid())
}

fn insert_guardian(conn: &Connection, actor: &Actor, guardian: &ValidGuardian) -> StoreResult<i64> {
    let household = household_for(conn, &guardian.home)?;
    let now = now_utc();
    conn.execute(
        "INSERT INTO guardian (first_name, last_name, cpr, email, phone, household_id, address_protected,
                               created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7, ?7)",
        params![
            guardian.first_name, guardian.last_name, guardian.cpr.as_ref().map(Cpr::formatted),
            guardian.email, guardian.phone, household, now, guardian.address_protected
        ],
    )
    .map_err(|e| unique_violation(e, tr!("register.guardian_cpr_taken_choose")))?;
    let id = conn.last_insert_rowid();
    append(
        conn,
        actor,
        &AuditEvent::change("guardian.create", "guardian", id),
    )?;
    Ok(id)
}

fn link(
    conn: &Connection,
    child_id: i64,
    guardian_id: i64,
    link: &GuardianLink,
) -> StoreResult<()> {
    if link.is_payer {
        conn.execute(
            "UPDATE guardianship SET is_payer = 0 WHERE child_id = ?1",
            [child_id],
        )?;
    }
    let position: i64 = conn.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM guardianship WHERE child_id = ?1",
        [child_id],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO guardianship (child_id, guardian_id, relation, has_custody, is_payer, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (child_id, guardian_id) DO UPDATE SET relation = ?3, has_custody = ?4, is_payer = ?5",
        params![child_id, guardian_id, link.relation.trim(), link.has_custody, link.is_payer, position],
    )?;
    Ok(())
}

/// The placement running on `today` or later (a place under notice is current until
/// its last day; after a rollover the coming year's place is shown with its start).
fn current_placement(
    conn: &Connection,
    child_id: i64,
    today: NaiveDate,
) -> StoreResult<Option<Placement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT division, grade, start_date, end_date FROM enrolment
         WHERE child_id = ?1 AND (end_date IS NULL OR end_date >= ?2) AND (end_date IS NULL OR end_date >= start_date)
         ORDER BY start_date, id",
    )?;
    let rows = stmt.query_map(params![child_id, today], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<u8>>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, Option<NaiveDate>>(3)?,
        ))
    })?;
    let mut placement = PlacementRows::default();
    for row in rows {
        let (division, grade, start_date, end_date) = row?;
        placement.add(&division, grade, start_date, end_date);
    }
    Ok(placement.current())
}

/// The running rows of one child, oldest first: the newest school or kindergarten
/// place, with SFO when an SFO place runs into it.
#[derive(Default)]
struct PlacementRows {
    main: Option<Placement>,
    sfo_ends: Vec<Option<NaiveDate>>,
}

impl PlacementRows {
    fn add(
        &mut self,
        division: &str,
        grade: Option<u8>,
        start_date: NaiveDate,
        end_date: Option<NaiveDate>,
    ) {
        match Division::from_code(division) {
            Some(Division::Sfo) => self.sfo_ends.push(end_date),
            Some(division) => {
                self.main = Some(Placement {
                    division,
                    grade,
                    sfo: false,
                    start_date,
                })
            }
            None => {}
        }
    }

    fn current(self) -> Option<Placement> {
        let main = self.main?;
        let sfo = main.division == Division::School
            && self
                .sfo_ends
                .iter()
                .any(|end| end.is_none_or(|end| end >= main.start_date));
        Some(Placement { sfo, ..main })
    }
}

/// Starts `placement` (an admission, or a registration with a place): a kindergarten
/// place running into it ends the day before (kindergarten to school), and the
/// change is kept as a placement event made by `actor`.
pub(crate) fn start_placement(
    conn: &Connection,
    actor: &Actor,
    child_id: i64,
    placement: &Placement,
    sfo_module: Option<&str>,
) -> StoreResult<()> {
    let before = placement.start_date - Duration::days(1);
    let previous = current_placement(conn, child_id, placement.start_date)?;
    conn.execute(
        "UPDATE enrolment SET end_date = max(start_date, ?2) WHERE child_id = ?1 AND (end_date IS NULL OR end_date > ?2)",
        params![child_id, before],
    )?;
    let insert = "INSERT INTO enrolment (child_id, division, grade, sfo_module, start_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    conn.execute(
        insert,
        params![
            child_id,
            placement.division.code(),
            placement.grade,
            Option::<&str>::None,
            placement.start_date,
            now_utc()
        ],
    )?;
    if placement.sfo {
        conn.execute(
            insert,
            params![
                child_id,
                Division::Sfo.code(),
                Option::<u8>::None,
                sfo_module,
                placement.start_date,
                now_utc()
            ],
        )?;
    }
    let from_kindergarten = previous
        .as_ref()
        .is_some_and(|p| p.division == Division::Kindergarten)
        && placement.division == Division::School;
    let mut record = ChangeRecord::new(
        if from_kindergarten {
            ChangeKind::KindergartenToSchool
        } else {
            ChangeKind::Admission
        },
        placement.start_date,
    );
    record.from_grade = previous.and_then(|p| p.grade);
    record.to_grade = placement.grade;
    record.to_module = sfo_module.unwrap_or_default().to_owned();
    crate::placement::insert_event(conn, child_id, &record, actor.user_id)?;
    Ok(())
}

fn gender_code(gender: Option<Gender>) -> Option<&'static str> {
    gender.map(|g| match g {
        Gender::Male => "male",
        Gender::Female => "female",
    })
}

fn gender_from(code: Option<String>) -> Option<Gender> {
    match code.as_deref() {
        Some("male") => Some(Gender::Male),
        Some("female") => Some(Gender::Female),
        _ => None,
    }
}

/// Inserts a child with its placement inside the caller's transaction.
fn insert_child(
    conn: &Connection,
    actor: &Actor,
    child: &ValidChild,
    sfo_module: Option<&str>,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO child (first_name, last_name, cpr, birth_date, gender, nationality, phone, email,
                            previous_institution, uni_login, home_municipality, address_protected,
                            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?12, ?13, ?11, ?11)",
        params![
            child.first_name, child.last_name, child.cpr.as_ref().map(Cpr::formatted), child.birth_date,
            gender_code(child.gender), child.nationality, child.phone, child.email,
            child.previous_institution, child.uni_login, now_utc(), child.home_municipality,
            child.address_protected
        ],
    )
    .map_err(|e| unique_violation(e, tr!("register.child_cpr_taken")))?;
    let child_id = conn.last_insert_rowid();
    append(
        conn,
        actor,
        &AuditEvent::change("child.create", "child", child_id).for_child(child_id),
    )?;
    if let Some(placement) = &child.placement {
        start_placement(conn, actor, child_id, placement, sfo_module)?;
    }
    Ok(child_id)
}

/// What an imported child brings beyond the register's form: the kindergarten
/// group, the enrolment fee (R1) and a place on the waiting list since its day (R3).
fn store_extras(
    conn: &Connection,
    actor: &Actor,
    child_id: i64,
    extras: &ChildExtras,
) -> StoreResult<()> {
    if let Some(group) = &extras.kindergarten_group {
        conn.execute(
            "UPDATE enrolment SET kindergarten_group = ?2 WHERE child_id = ?1 AND division = 'kindergarten' AND end_date IS NULL",
            params![child_id, group],
        )?;
    }
    if let Some(paid_on) = extras.fee_paid_on {
        conn.execute(
            "UPDATE child SET enrolment_fee_paid_on = ?2 WHERE id = ?1",
            params![child_id, paid_on],
        )?;
    }
    if let Some((entry, registered_on)) = &extras.waiting {
        let entry = ValidWaiting {
            child_id,
            ..entry.clone()
        };
        // The day the old list says, at midnight: R3's order among the imported.
        let registered_at = format!("{}T00:00:00.000Z", registered_on.format("%Y-%m-%d"));
        let id = insert_waiting_entry(conn, actor, &entry, &registered_at)?;
        append(
            conn,
            actor,
            &AuditEvent::change("waiting.create", "waiting_entry", id).for_child(child_id),
        )?;
    }
    Ok(())
}

/// A child an import adds: the checked child, its guardians by index into the
/// import's guardians with their links, and what the file adds.
pub type ImportedChild = (ValidChild, Vec<(usize, GuardianLink)>, ChildExtras);

impl Database {
    /// Adds a child with its guardians and placement, all or nothing.
    pub fn add_child(
        &mut self,
        child: &ValidChild,
        guardians: &[(GuardianRef, GuardianLink)],
    ) -> StoreResult<i64> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        let child_id = insert_child(&tx, &actor, child, None)?;
        for (guardian, guardian_link) in guardians {
            let guardian_id = match guardian {
                GuardianRef::Existing(id) => *id,
                GuardianRef::New(new) => insert_guardian(&tx, &actor, new)?,
            };
            link(&tx, child_id, guardian_id, guardian_link)?;
        }
        tx.commit()?;
        Ok(child_id)
    }

    /// An import's families in one unit of work (for the store's own tests).
    pub fn import_register(
        &mut self,
        guardians: &[GuardianRef],
        children: &[ImportedChild],
        customer_numbers: &[(usize, String)],
    ) -> StoreResult<usize> {
        self.in_own_work(|work| {
            work.register()
                .import_register(guardians, children, customer_numbers)
        })
    }

    /// In its own unit of work, for callers without one (store tests, the demo).
    pub fn update_child(&mut self, id: i64, child: &ValidChild) -> StoreResult<()> {
        let work = self.begin()?;
        work.register().update_child(id, child)?;
        Ok(work.commit()?)
    }

    /// Archives (or, with `archived = false`, restores) a child. Nothing is deleted.
    pub fn set_child_archived(&mut self, id: i64, archived: bool) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        let at = archived.then(now_utc);
        let changed = tx.execute(
            "UPDATE child SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, at, now_utc()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        let action = if archived {
            "child.archive"
        } else {
            "child.restore"
        };
        append(
            &tx,
            &actor,
            &AuditEvent::change(action, "child", id).for_child(id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Links a guardian (existing or new) to a child; returns the guardian's id.
    pub fn add_guardian_to_child(
        &mut self,
        child_id: i64,
        guardian: &GuardianRef,
        guardian_link: &GuardianLink,
    ) -> StoreResult<i64> {
        self.in_own_work(|work| {
            work.register()
                .add_guardian_to_child(child_id, guardian, guardian_link)
        })
    }

    /// Changes custody, payer or relation of one guardian for one child.
    pub fn update_guardian_link(
        &mut self,
        child_id: i64,
        guardian_id: i64,
        guardian_link: &GuardianLink,
    ) -> StoreResult<()> {
        self.in_own_work(|work| {
            work.register()
                .update_guardian_link(child_id, guardian_id, guardian_link)
        })
    }

    /// Changes a guardian's details; a new address moves them to that household.
    pub fn update_guardian(
        &mut self,
        guardian_id: i64,
        guardian: &ValidGuardian,
    ) -> StoreResult<()> {
        let actor = self.actor().clone();
        let tx = self.transaction()?;
        let household = household_for(&tx, &guardian.home)?;
        let cpr = guardian.cpr.as_ref().map(Cpr::formatted);
        let mut fields = changed_fields(
            &tx,
            "guardian",
            guardian_id,
            &[
                ("first_name", &guardian.first_name),
                ("last_name", &guardian.last_name),
                ("cpr", &cpr),
                ("email", &guardian.email),
                ("phone", &guardian.phone),
                ("address_protected", &guardian.address_protected),
            ],
        )?;
        if !changed_fields(
            &tx,
            "guardian",
            guardian_id,
            &[("household_id", &household)],
        )?
        .is_empty()
        {
            fields.push("address".into());
        }
        let changed = tx
            .execute(
                "UPDATE guardian SET first_name = ?2, last_name = ?3, cpr = ?4, email = ?5, phone = ?6,
                     household_id = ?7, updated_at = ?8, address_protected = ?9 WHERE id = ?1",
                params![
                    guardian_id, guardian.first_name, guardian.last_name, guardian.cpr.as_ref().map(Cpr::formatted),
                    guardian.email, guardian.phone, household, now_utc(), guardian.address_protected
                ],
            )
            .map_err(|e| unique_violation(e, tr!("register.guardian_cpr_taken")))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        if !fields.is_empty() {
            append(
                &tx,
                &actor,
                &AuditEvent::change("guardian.update", "guardian", guardian_id).with_fields(fields),
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

crate::concept_handles! {
    /// The register.
    register => RegisterQueries, RegisterWrites
}

impl RegisterQueries<'_> {
    /// The guardian links of a child, in order.
    pub fn guardian_links(&self, child_id: i64) -> StoreResult<Vec<(i64, GuardianLink)>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT guardian_id, relation, has_custody, is_payer FROM guardianship WHERE child_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([child_id], |r| {
            Ok((
                r.get(0)?,
                GuardianLink {
                    relation: r.get(1)?,
                    has_custody: r.get(2)?,
                    is_payer: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Everything about one child.
    pub fn child_detail(&self, id: i64) -> StoreResult<ChildDetail> {
        let conn = self.db.conn();
        let mut detail = conn.query_row(
            "SELECT id, first_name, last_name, cpr, birth_date, gender, nationality, phone, email,
                    previous_institution, uni_login, archived_at, home_municipality, address_protected
               FROM child WHERE id = ?1",
            [id],
            |r| {
                let cpr: Option<String> = r.get(3)?;
                Ok(ChildDetail {
                    id: r.get(0)?,
                    first_name: r.get(1)?,
                    last_name: r.get(2)?,
                    cpr_warning: cpr.as_deref().and_then(cpr_warning),
                    cpr,
                    birth_date: r.get(4)?,
                    gender: gender_from(r.get(5)?),
                    nationality: r.get(6)?,
                    phone: r.get(7)?,
                    email: r.get(8)?,
                    previous_institution: r.get(9)?,
                    uni_login: r.get(10)?,
                    home_municipality: r.get(12)?,
                    address_protected: r.get(13)?,
                    placement: None,
                    class_label: String::new(),
                    archived_at: r.get(11)?,
                    guardians: Vec::new(),
                    households: Vec::new(),
                })
            },
        )?;
        detail.placement = current_placement(conn, id, self.db.today())?;
        detail.class_label = placement_label(detail.placement.as_ref());
        detail.guardians = self.guardians_of(id)?;
        detail.households = households_of(&detail.guardians);
        Ok(detail)
    }

    fn guardians_of(&self, child_id: i64) -> StoreResult<Vec<GuardianOfChild>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT g.id, g.first_name, g.last_name, g.cpr, g.email, g.phone, h.id, h.street, h.postal_code, h.town,
                    l.relation, l.has_custody, l.is_payer, g.address_protected
             FROM guardianship l JOIN guardian g ON g.id = l.guardian_id JOIN household h ON h.id = g.household_id
             WHERE l.child_id = ?1 ORDER BY l.is_payer DESC, l.position",
        )?;
        let protected = protected_households(self.db.conn())?;
        let rows = stmt.query_map([child_id], |r| {
            let household_id = r.get(6)?;
            Ok(GuardianOfChild {
                guardian_id: r.get(0)?,
                first_name: r.get(1)?,
                last_name: r.get(2)?,
                cpr: r.get(3)?,
                email: r.get(4)?,
                phone: r.get(5)?,
                household_id,
                home: address(r, 7)?,
                address_protected: r.get(13)?,
                home_protected: protected.contains(&household_id),
                link: GuardianLink {
                    relation: r.get(10)?,
                    has_custody: r.get(11)?,
                    is_payer: r.get(12)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The CPR numbers already in the register, so an import doubles nobody: the
    /// children's, and the guardians' with their ids.
    pub fn known_cprs(&self) -> StoreResult<(HashSet<String>, HashMap<String, i64>)> {
        let children = self
            .db
            .conn()
            .prepare("SELECT cpr FROM child WHERE cpr IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<HashSet<String>, _>>()?;
        let guardians = self
            .db
            .conn()
            .prepare("SELECT cpr, id FROM guardian WHERE cpr IS NOT NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<HashMap<String, i64>, _>>()?;
        Ok((children, guardians))
    }

    /// All children for the list and the search index, each with its CPR (if any).
    pub fn child_summaries(&self) -> StoreResult<Vec<(ChildSummary, Option<String>)>> {
        let conn = self.db.conn();
        let names = guardian_names_by_child(conn)?;
        let placements = open_placements(conn, self.db.today())?;
        let mut stmt = conn.prepare(
            "SELECT id, first_name, last_name, birth_date, archived_at IS NOT NULL, cpr FROM child
             ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            let placement = placements.get(&id);
            Ok((
                ChildSummary {
                    id,
                    first_name: r.get(1)?,
                    last_name: r.get(2)?,
                    birth_date: r.get(3)?,
                    class_label: placement_label(placement),
                    division: placement.map(|p| p.division),
                    grade: placement.and_then(|p| p.grade),
                    sfo: placement.is_some_and(|p| p.sfo),
                    archived: r.get(4)?,
                    guardian_names: names.get(&id).cloned().unwrap_or_default(),
                },
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// All guardians with their children, for the search index, each with its CPR.
    pub fn guardian_summaries(&self) -> StoreResult<Vec<(GuardianSummary, Option<String>)>> {
        let conn = self.db.conn();
        let mut children: HashMap<i64, Vec<ChildRef>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT l.guardian_id, c.id, c.first_name || ' ' || c.last_name FROM guardianship l
             JOIN child c ON c.id = l.child_id ORDER BY c.birth_date",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ChildRef {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
            ))
        })? {
            let (guardian, child) = row?;
            children.entry(guardian).or_default().push(child);
        }
        let mut stmt = conn.prepare(
            "SELECT g.id, g.first_name, g.last_name, h.street, h.postal_code, h.town, g.cpr
             FROM guardian g JOIN household h ON h.id = g.household_id
             ORDER BY g.last_name COLLATE NOCASE, g.first_name COLLATE NOCASE, g.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok((
                GuardianSummary {
                    id,
                    first_name: r.get(1)?,
                    last_name: r.get(2)?,
                    home: address(r, 3)?,
                    children: children.get(&id).cloned().unwrap_or_default(),
                },
                r.get(6)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn cpr_warning(cpr: &str) -> Option<String> {
    // Stored numbers were valid when saved; only the modulus-11 warning is of interest.
    let far_future = NaiveDate::MAX;
    Cpr::parse(cpr, far_future)
        .ok()?
        .warning()
        .map(str::to_string)
}

fn address(r: &Row<'_>, first: usize) -> rusqlite::Result<Address> {
    Ok(Address {
        street: r.get(first)?,
        postal_code: r.get(first + 1)?,
        town: r.get(first + 2)?,
    })
}

fn households_of(guardians: &[GuardianOfChild]) -> Vec<Household> {
    let mut households: Vec<Household> = Vec::new();
    for g in guardians {
        let name = format!("{} {}", g.first_name, g.last_name);
        match households.iter_mut().find(|h| h.id == g.household_id) {
            Some(h) => h.members.push(name),
            None => households.push(Household {
                id: g.household_id,
                address: g.home.clone(),
                protected: g.home_protected,
                members: vec![name],
            }),
        }
    }
    households
}

/// The homes whose address must not leave the office (R37), from every guardian's
/// mark and their children's.
pub(crate) fn protected_households(conn: &Connection) -> StoreResult<BTreeSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.household_id, g.address_protected,
                EXISTS (SELECT 1 FROM guardianship l JOIN child c ON c.id = l.child_id
                         WHERE l.guardian_id = g.id AND c.address_protected = 1)
           FROM guardian g",
    )?;
    let residents = stmt
        .query_map([], |r| {
            Ok(Resident {
                household_id: r.get(0)?,
                guardian_marked: r.get(1)?,
                child_marked: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(address_protection::protected_households(residents))
}

fn guardian_names_by_child(conn: &Connection) -> StoreResult<HashMap<i64, Vec<String>>> {
    let mut names: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT l.child_id, g.first_name || ' ' || g.last_name FROM guardianship l
         JOIN guardian g ON g.id = l.guardian_id ORDER BY l.child_id, l.is_payer DESC, l.position",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (child, name) = row?;
        names.entry(child).or_default().push(name);
    }
    Ok(names)
}

fn open_placements(conn: &Connection, today: NaiveDate) -> StoreResult<HashMap<i64, Placement>> {
    let mut rows_by_child: HashMap<i64, PlacementRows> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT child_id, division, grade, start_date, end_date FROM enrolment
          WHERE (end_date IS NULL OR end_date >= ?1) AND (end_date IS NULL OR end_date >= start_date) ORDER BY start_date, id",
    )?;
    let rows = stmt.query_map([today], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<u8>>(2)?,
            r.get::<_, NaiveDate>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
        ))
    })?;
    for row in rows {
        let (child, division, grade, start_date, end_date) = row?;
        rows_by_child
            .entry(child)
            .or_default()
            .add(&division, grade, start_date, end_date);
    }
    Ok(rows_by_child
        .into_iter()
        .filter_map(|(child, rows)| rows.current().map(|p| (child, p)))
        .collect())
}

impl RegisterWrites<'_, '_> {
    /// Changes a child's own details. Its placements are never touched here: they
    /// change only through the placement use cases, under their rules.
    pub fn update_child(&self, id: i64, child: &ValidChild) -> StoreResult<()> {
        let actor = self.work.actor().clone();
        let tx = self.work.conn();
        let cpr = child.cpr.as_ref().map(Cpr::formatted);
        let gender = gender_code(child.gender);
        let fields = changed_fields(
            tx,
            "child",
            id,
            &[
                ("first_name", &child.first_name),
                ("last_name", &child.last_name),
                ("cpr", &cpr),
                ("birth_date", &child.birth_date),
                ("gender", &gender),
                ("nationality", &child.nationality),
                ("phone", &child.phone),
                ("email", &child.email),
                ("previous_institution", &child.previous_institution),
                ("uni_login", &child.uni_login),
                ("home_municipality", &child.home_municipality),
                ("address_protected", &child.address_protected),
            ],
        )?;
        let changed = tx
            .execute(
                "UPDATE child SET first_name = ?2, last_name = ?3, cpr = ?4, birth_date = ?5, gender = ?6,
                     nationality = ?7, phone = ?8, email = ?9, previous_institution = ?10, uni_login = ?11,
                     updated_at = ?12, home_municipality = ?13, address_protected = ?14
                 WHERE id = ?1",
                params![
                    id, child.first_name, child.last_name, child.cpr.as_ref().map(Cpr::formatted),
                    child.birth_date, gender_code(child.gender), child.nationality, child.phone, child.email,
                    child.previous_institution, child.uni_login, now_utc(), child.home_municipality,
                    child.address_protected
                ],
            )
            .map_err(|e| unique_violation(e, tr!("register.child_cpr_taken")))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        if !fields.is_empty() {
            append(
                tx,
                &actor,
                &AuditEvent::change("child.update", "child", id)
                    .for_child(id)
                    .with_fields(fields),
            )?;
        }
        Ok(())
    }

    /// Stores a whole checked import in one transaction: every guardian once, then
    /// the children linked to them by index with what the file adds, then the
    /// payers' customer numbers (by the guardians' index). Nothing is stored if one
    /// write fails.
    pub fn import_register(
        &self,
        guardians: &[GuardianRef],
        children: &[ImportedChild],
        customer_numbers: &[(usize, String)],
    ) -> StoreResult<usize> {
        let actor = self.work.actor().clone();
        let tx = self.work.conn();
        let mut guardian_ids = Vec::with_capacity(guardians.len());
        for guardian in guardians {
            guardian_ids.push(match guardian {
                GuardianRef::Existing(id) => *id,
                GuardianRef::New(new) => insert_guardian(tx, &actor, new)?,
            });
        }
        for (child, links, extras) in children {
            let child_id = insert_child(tx, &actor, child, extras.sfo_module.as_deref())?;
            store_extras(tx, &actor, child_id, extras)?;
            for (index, guardian_link) in links {
                let guardian_id = *guardian_ids.get(*index).ok_or(StoreError::NotFound)?;
                link(tx, child_id, guardian_id, guardian_link)?;
            }
        }
        for (index, number) in customer_numbers {
            let guardian_id = *guardian_ids.get(*index).ok_or(StoreError::NotFound)?;
            give_customer_number(tx, guardian_id, number)?;
            append(tx, &actor, &customer_number_event(guardian_id))?;
        }
        // Each record has its own create event above; this one marks the batch.
        let event = AuditEvent {
            record_id: None,
            ..AuditEvent::change("register.import", "child", 0)
        }
        .with_fields([
            format!("children: {}", children.len()),
            format!("guardians: {}", guardians.len()),
        ]);
        append(tx, &actor, &event)?;
        Ok(children.len())
    }

    /// Adds a guardian (new or existing) to a child, inside the use case's work.
    pub fn add_guardian_to_child(
        &self,
        child_id: i64,
        guardian: &GuardianRef,
        guardian_link: &GuardianLink,
    ) -> StoreResult<i64> {
        let conn = self.work.conn();
        conn.query_row("SELECT id FROM child WHERE id = ?1", [child_id], |r| {
            r.get::<_, i64>(0)
        })?;
        let guardian_id = match guardian {
            GuardianRef::Existing(id) => *id,
            GuardianRef::New(new) => insert_guardian(conn, self.work.actor(), new)?,
        };
        link(conn, child_id, guardian_id, guardian_link)?;
        self.work.audit(
            &AuditEvent::change("guardianship.create", "guardian", guardian_id).for_child(child_id),
        )?;
        Ok(guardian_id)
    }

    /// Changes custody, payer or relation of one guardian for one child, inside the
    /// use case's work.
    pub fn update_guardian_link(
        &self,
        child_id: i64,
        guardian_id: i64,
        guardian_link: &GuardianLink,
    ) -> StoreResult<()> {
        let conn = self.work.conn();
        let exists: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM guardianship WHERE child_id = ?1 AND guardian_id = ?2",
                [child_id, guardian_id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        link(conn, child_id, guardian_id, guardian_link)?;
        self.work.audit(
            &AuditEvent::change("guardianship.update", "guardian", guardian_id)
                .for_child(child_id)
                .with_fields(["relation", "has_custody", "is_payer"]),
        )
    }
}
