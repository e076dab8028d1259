//! The office's lists (klasseliste, kontaktliste, telefonliste, fødselsdagsliste,
//! adresseetiketter, SFO- og børnehavelister, elevregisteret) as plain tables: which
//! children, which columns, grouped and sorted. The same table becomes the screen,
//! the PDF, the .xlsx and the CSV, so the four never disagree.
//!
//! The contact list shares parents' details with other parents and so holds only the
//! families whose contact-sharing consent allows it (R23); the staff's own lists
//! (phone list, class list) are the school's work and need no consent. No list
//! carries a CPR number: a list is printed and mailed around.

use crate::tr;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::address_protection::Home;
use crate::contact::phone_display;
use crate::register::Address;
use crate::school::Division;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ListKind {
    /// Klasseliste: the pupils of each class with birthday and parents.
    Class,
    /// Kontaktliste: parents' phone and e-mail for the class, by consent.
    Contact,
    /// Telefonliste for the staff room.
    Phone,
    /// Fødselsdagsliste, by month.
    Birthday,
    /// Adresseetiketter: one label per home, A4 3×7.
    AddressLabels,
    /// SFO-liste per module.
    Sfo,
    /// Børnehaveliste per group.
    Kindergarten,
    /// Elevregisteret: every child with place and contact details.
    Register,
}

impl ListKind {
    /// Every list, in the order the screen offers them.
    pub const ALL: [ListKind; 8] = [
        ListKind::Class,
        ListKind::Contact,
        ListKind::Phone,
        ListKind::Birthday,
        ListKind::AddressLabels,
        ListKind::Sfo,
        ListKind::Kindergarten,
        ListKind::Register,
    ];

    /// The title in the reader's language, for the screen, the PDF heading, the sheet
    /// and the file name (the files are made in Danish).
    pub fn title(self) -> String {
        match self {
            ListKind::Class => tr!("lists.class_list"),
            ListKind::Contact => tr!("lists.contact_list"),
            ListKind::Phone => tr!("lists.phone_list"),
            ListKind::Birthday => tr!("lists.birthday_list"),
            ListKind::AddressLabels => tr!("lists.address_labels"),
            ListKind::Sfo => tr!("lists.sfo_list"),
            ListKind::Kindergarten => tr!("lists.kindergarten_list"),
            ListKind::Register => tr!("lists.register"),
        }
    }

    /// The word the command line takes (`klasseliste`, `kontaktliste` …).
    pub fn code(self) -> &'static str {
        match self {
            ListKind::Class => "klasseliste",
            ListKind::Contact => "kontaktliste",
            ListKind::Phone => "telefonliste",
            ListKind::Birthday => "fodselsdage",
            ListKind::AddressLabels => "etiketter",
            ListKind::Sfo => "sfo",
            ListKind::Kindergarten => "bornehave",
            ListKind::Register => "register",
        }
    }

    /// The list named by `code`.
    pub fn from_code(code: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Which children a list takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ListFilter {
    /// Only this grade (0–9).
    pub grade: Option<u8>,
    /// Only school or only kindergarten.
    pub division: Option<Division>,
    /// Only children in SFO.
    pub sfo_only: bool,
}

/// A sort asked for on the screen: column index and direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ListSort {
    /// The column, from 0.
    pub column: u8,
    /// Largest first.
    pub descending: bool,
}

/// A list as asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListRequest {
    /// Which list.
    pub kind: ListKind,
    /// Which children.
    #[serde(default)]
    pub filter: ListFilter,
    /// A column to sort by within each group; none keeps the list's own order.
    #[serde(default)]
    pub sort: Option<ListSort>,
}

/// A guardian as lists show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListGuardian {
    /// The guardian's id: siblings share their guardians, and so their family.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Eight digits, if any.
    pub phone: Option<String>,
    /// E-mail, if any.
    pub email: Option<String>,
    /// Home address, withheld from every list when protected (R37).
    pub home: Home,
    /// Has custody (forældremyndighed).
    pub has_custody: bool,
}

/// A child with what the lists need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListChild {
    /// Id, for links on the screen.
    pub id: i64,
    /// Fornavn(e).
    pub first_name: String,
    /// Efternavn.
    pub last_name: String,
    /// Fødselsdato.
    pub birth_date: Option<NaiveDate>,
    /// School or kindergarten, if placed.
    pub division: Option<Division>,
    /// Klassetrin, for pupils.
    pub grade: Option<u8>,
    /// The SFO module, empty when not in SFO.
    pub sfo_module: String,
    /// Also in SFO.
    pub sfo: bool,
    /// The kindergarten group, if any.
    pub kindergarten_group: String,
    /// The child's own phone, if any.
    pub phone: Option<String>,
    /// The guardians, payer first.
    pub guardians: Vec<ListGuardian>,
    /// The family allows its contact details on the class's contact list (R23).
    pub shares_contact: bool,
}

impl ListChild {
    fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    fn class_label(&self) -> String {
        match (self.division, self.grade) {
            (Some(Division::School), Some(grade)) => tr!("lists.grade", grade = grade),
            (Some(Division::Kindergarten), _) => tr!("lists.kindergarten"),
            _ => String::new(),
        }
    }

    /// The SFO column: the module's name, or "SFO" at a school without named modules
    /// (an empty cell would read as "not in SFO").
    fn sfo_label(&self) -> &str {
        match (self.sfo, self.sfo_module.as_str()) {
            (false, _) => "",
            (true, "") => "SFO",
            (true, module) => module,
        }
    }

    /// The family as the lists count it: the guardians the child has (siblings share
    /// theirs); empty for a child without guardians.
    fn family(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.guardians.iter().map(|g| g.id).collect();
        ids.sort_unstable();
        ids
    }

    fn matches(&self, filter: &ListFilter) -> bool {
        self.division.is_some()
            && filter.grade.is_none_or(|g| self.grade == Some(g))
            && filter.division.is_none_or(|d| self.division == Some(d))
            && (!filter.sfo_only || self.sfo)
    }

    fn custody_names(&self) -> String {
        self.guardians
            .iter()
            .filter(|g| g.has_custody)
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "Mette Hansen 12 34 56 78; Jens Hansen 87 65 43 21".
    fn guardian_phones(&self) -> String {
        self.guardians
            .iter()
            .filter_map(|g| {
                g.phone
                    .as_deref()
                    .map(|p| format!("{} {}", g.name, phone_display(p)))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn guardian_emails(&self) -> String {
        self.guardians
            .iter()
            .filter_map(|g| g.email.clone())
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn home(&self) -> Option<&Home> {
        self.guardians
            .iter()
            .find(|g| g.has_custody)
            .or(self.guardians.first())
            .map(|g| &g.home)
    }
}

/// One cell: text, or a date Excel should see as a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum Cell {
    /// Text as shown.
    Text(String),
    /// A day (shown `dd-mm-yyyy`, sorted as a date, an Excel date).
    Date(NaiveDate),
    /// A whole number (an age).
    Number(#[ts(type = "number")] i64),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn date(value: Option<NaiveDate>) -> Cell {
        value.map_or(Cell::Text(String::new()), Cell::Date)
    }

    /// The cell as printed text.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Date(date) => crate::dates::short(*date),
            Cell::Number(n) => n.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Text(text) if text.is_empty())
    }

    fn compare(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (Cell::Number(a), Cell::Number(b)) => a.cmp(b),
            _ => danish_key(&self.display()).cmp(&danish_key(&other.display())),
        }
    }
}

/// A sort key in Danish alphabetical order (R38): æ, ø, å after z, "Aa" as Å,
/// case ignored, by CLDR's Danish collation.
pub fn danish_key(text: &str) -> Vec<u8> {
    crate::text::danish_sort_key(text)
}

/// A column: what the screen translates (`key`) and the Danish header files carry.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListColumn {
    /// `name`, `birthDate`, … for the screen's language.
    pub key: String,
    /// "Navn", "Fødselsdato" …
    pub title: String,
    /// Share of the printed width.
    pub width: f32,
    /// On the PDF too (a portrait page holds about seven columns; the files hold all).
    pub printed: bool,
}

/// A row: the child it is about (none for a shared label) and its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListRow {
    /// The child, for a link to its page.
    #[ts(type = "number | null")]
    pub child_id: Option<i64>,
    /// The cells, one per column.
    pub cells: Vec<Cell>,
}

/// A group of rows under a heading ("3. klasse", "Modul 1", "marts").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListSection {
    /// The heading; empty for an ungrouped list.
    pub heading: String,
    pub rows: Vec<ListRow>,
}

/// A list, ready for the screen and every file format.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListTable {
    /// Which list.
    pub kind: ListKind,
    /// "Klasseliste 3. klasse".
    pub title: String,
    /// The day it shows.
    pub day: NaiveDate,
    /// A line under the title (what it holds, who is left out).
    pub note: String,
    /// What a group is called in a file's first column ("Klasse", "Modul" …).
    pub group_title: String,
    pub columns: Vec<ListColumn>,
    /// The groups in order.
    pub groups: Vec<ListSection>,
}

impl ListTable {
    /// How many rows in all.
    pub fn row_count(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }
}

fn column(key: &str, title: &str, width: f32) -> ListColumn {
    ListColumn {
        key: key.into(),
        title: title.into(),
        width,
        printed: true,
    }
}

/// A column the files and the screen have, but not the printed page.
fn file_only(key: &str, title: &str) -> ListColumn {
    ListColumn {
        printed: false,
        ..column(key, title, 1.0)
    }
}

fn class_order(child: &ListChild) -> (u8, u8) {
    match (child.division, child.grade) {
        (Some(Division::School), Some(grade)) => (0, grade),
        (Some(Division::Kindergarten), _) => (1, 0),
        _ => (2, 0),
    }
}

fn by_name(a: &&ListChild, b: &&ListChild) -> Ordering {
    danish_key(&a.first_name)
        .cmp(&danish_key(&b.first_name))
        .then_with(|| danish_key(&a.last_name).cmp(&danish_key(&b.last_name)))
        .then(a.id.cmp(&b.id))
}

/// Groups children under keys kept in `order`, named by `heading`.
fn grouped<'a, K: Ord>(
    children: &[&'a ListChild],
    key: impl Fn(&ListChild) -> K,
    heading: impl Fn(&ListChild) -> String,
) -> Vec<(String, Vec<&'a ListChild>)> {
    let mut groups: BTreeMap<K, (String, Vec<&ListChild>)> = BTreeMap::new();
    for child in children {
        groups
            .entry(key(child))
            .or_insert_with(|| (heading(child), Vec::new()))
            .1
            .push(child);
    }
    groups
        .into_values()
        .map(|(heading, mut members)| {
            members.sort_by(by_name);
            (heading, members)
        })
        .collect()
}

fn rows(children: &[&ListChild], cells: impl Fn(&ListChild) -> Vec<Cell>) -> Vec<ListRow> {
    children
        .iter()
        .map(|c| ListRow {
            child_id: Some(c.id),
            cells: cells(c),
        })
        .collect()
}

fn by_class(children: &[&ListChild], cells: impl Fn(&ListChild) -> Vec<Cell>) -> Vec<ListSection> {
    grouped(children, class_order, ListChild::class_label)
        .into_iter()
        .map(|(heading, members)| ListSection {
            heading,
            rows: rows(&members, &cells),
        })
        .collect()
}

/// The filter in words, for the title: "3. klasse", "børnehaven", "SFO".
fn filter_words(filter: &ListFilter) -> String {
    let mut words = Vec::new();
    if let Some(grade) = filter.grade {
        words.push(tr!("lists.grade", grade = grade));
    } else if let Some(division) = filter.division {
        words.push(match division {
            Division::School => tr!("lists.school"),
            Division::Sfo => "SFO".into(),
            Division::Kindergarten => tr!("lists.kindergarten"),
        });
    }
    if filter.sfo_only {
        words.push("SFO".into());
    }
    words.join(", ")
}

/// The age a child turns on its birthday in the year of `day`'s school year
/// (a birthday in spring belongs to the next calendar year).
fn age_turning(birth: NaiveDate, day: NaiveDate) -> i64 {
    let school_year = crate::dates::school_year_start(day);
    let year = if birth.month() >= 8 {
        school_year
    } else {
        school_year + 1
    };
    i64::from(year - birth.year())
}

/// Builds the list of `kind` for `children` as of `day`.
pub fn build(request: &ListRequest, children: &[ListChild], day: NaiveDate) -> ListTable {
    let filter = &request.filter;
    let chosen: Vec<&ListChild> = children.iter().filter(|c| c.matches(filter)).collect();
    let mut table = match request.kind {
        ListKind::Class => class_list(&chosen),
        ListKind::Contact => contact_list(&chosen),
        ListKind::Phone => phone_list(&chosen),
        ListKind::Birthday => birthday_list(&chosen, day),
        ListKind::AddressLabels => address_labels(&chosen),
        ListKind::Sfo => sfo_list(&chosen),
        ListKind::Kindergarten => kindergarten_list(&chosen),
        ListKind::Register => register(&chosen),
    };
    let words = filter_words(filter);
    table.title = if words.is_empty() {
        request.kind.title()
    } else {
        format!("{} – {words}", request.kind.title())
    };
    table.kind = request.kind;
    table.day = day;
    if let Some(sort) = request.sort {
        table.sort(sort);
    }
    table
}

impl ListTable {
    fn new(group_title: &str, columns: Vec<ListColumn>, groups: Vec<ListSection>) -> ListTable {
        ListTable {
            kind: ListKind::Class,
            title: String::new(),
            day: NaiveDate::MIN,
            note: String::new(),
            group_title: group_title.into(),
            columns,
            groups,
        }
    }

    fn with_note(mut self, note: String) -> ListTable {
        self.note = note;
        self
    }

    /// Sorts each group by a column (a stable sort: equal cells keep their order).
    pub fn sort(&mut self, sort: ListSort) {
        let index = usize::from(sort.column);
        if index >= self.columns.len() {
            return;
        }
        for group in &mut self.groups {
            group.rows.sort_by(|a, b| {
                let (a, b) = (&a.cells[index], &b.cells[index]);
                // Empty cells last, whichever way.
                match (a.is_empty(), b.is_empty()) {
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ if sort.descending => a.compare(b).reverse(),
                    _ => a.compare(b),
                }
            });
        }
    }
}

fn class_list(children: &[&ListChild]) -> ListTable {
    let columns = vec![
        column("name", &tr!("lists.column_name"), 3.0),
        column("birthDate", &tr!("lists.column_birthDate"), 1.4),
        column("sfo", &tr!("lists.column_sfo"), 1.0),
        column("parents", &tr!("lists.column_parents"), 3.5),
    ];
    let groups = by_class(children, |c| {
        vec![
            Cell::text(c.name()),
            Cell::date(c.birth_date),
            Cell::text(c.sfo_label()),
            Cell::text(c.custody_names()),
        ]
    });
    let count = children.len();
    ListTable::new(&tr!("lists.group_class"), columns, groups)
        .with_note(tr!("lists.children_count", count = count))
}

fn contact_list(children: &[&ListChild]) -> ListTable {
    let (shared, withheld): (Vec<&ListChild>, Vec<&ListChild>) =
        children.iter().partition(|c| c.shares_contact);
    let columns = vec![
        column("child", &tr!("lists.column_child"), 2.2),
        column("parents", &tr!("lists.column_parents"), 2.4),
        column("phone", &tr!("lists.column_phone"), 3.0),
        column("email", &tr!("lists.column_email"), 3.0),
        column("address", &tr!("lists.column_address"), 3.0),
    ];
    let groups = by_class(&shared, |c| {
        vec![
            Cell::text(c.name()),
            Cell::text(c.custody_names()),
            Cell::text(c.guardian_phones()),
            Cell::text(c.guardian_emails()),
            Cell::text(c.home().map(Home::line_for_others).unwrap_or_default()),
        ]
    });
    let families: std::collections::BTreeSet<Vec<i64>> = withheld
        .iter()
        .map(|c| c.family())
        .filter(|family| !family.is_empty())
        .collect();
    let alone = withheld.iter().filter(|c| c.guardians.is_empty()).count();
    let note = match families.len() + alone {
        0 => tr!("lists.all_share"),
        1 => tr!("lists.one_withheld"),
        n => tr!("lists.withheld", count = n),
    };
    ListTable::new(&tr!("lists.group_class"), columns, groups).with_note(note)
}

fn phone_list(children: &[&ListChild]) -> ListTable {
    let columns = vec![
        column("name", &tr!("lists.column_name"), 2.5),
        column("childPhone", &tr!("lists.column_childPhone"), 1.5),
        column("parentPhones", &tr!("lists.column_parentPhones"), 5.0),
    ];
    let groups = by_class(children, |c| {
        vec![
            Cell::text(c.name()),
            Cell::text(c.phone.as_deref().map(phone_display).unwrap_or_default()),
            Cell::text(c.guardian_phones()),
        ]
    });
    ListTable::new(&tr!("lists.group_class"), columns, groups).with_note(tr!("lists.staff_room"))
}

fn birthday_list(children: &[&ListChild], day: NaiveDate) -> ListTable {
    let born: Vec<&ListChild> = children
        .iter()
        .copied()
        .filter(|c| c.birth_date.is_some())
        .collect();
    let columns = vec![
        column("birthday", &tr!("lists.column_birthday"), 1.5),
        column("name", &tr!("lists.column_name"), 3.0),
        column("class", &tr!("lists.column_class"), 1.5),
        column("turns", &tr!("lists.column_turns"), 1.0),
    ];
    // The school year's order: August first.
    let month_key = |c: &ListChild| {
        let month = c.birth_date.map_or(1, |d| d.month());
        (month + 4) % 12
    };
    let groups = grouped(&born, month_key, |c| {
        crate::dates::month_name_shown(c.birth_date.map_or(1, |d| d.month()))
    })
    .into_iter()
    .map(|(heading, mut members)| {
        members.sort_by_key(|c| c.birth_date.map(|d| d.day()));
        ListSection {
            heading,
            rows: rows(&members, |c| {
                let birth = c.birth_date.unwrap_or(day);
                vec![
                    Cell::text(crate::dates::day_and_month_shown(birth)),
                    Cell::text(c.name()),
                    Cell::text(c.class_label()),
                    Cell::Number(age_turning(birth, day)),
                ]
            }),
        }
    })
    .collect();
    ListTable::new(&tr!("lists.group_month"), columns, groups)
}

fn address_labels(children: &[&ListChild]) -> ListTable {
    // One label per home: the custody holders living there, "forældre til" the
    // children of the list who live there. A protected home gets no label: a label
    // is its address.
    let mut homes: BTreeMap<String, (Address, Vec<String>, Vec<String>)> = BTreeMap::new();
    for child in children {
        for guardian in child.guardians.iter().filter(|g| g.has_custody) {
            let Some(home) = guardian.home.for_others() else {
                continue;
            };
            let entry = homes
                .entry(home.household_key())
                .or_insert_with(|| (home.clone(), Vec::new(), Vec::new()));
            if !entry.1.contains(&guardian.name) {
                entry.1.push(guardian.name.clone());
            }
            if !entry.2.contains(&child.first_name) {
                entry.2.push(child.first_name.clone());
            }
        }
    }
    let mut labels: Vec<ListRow> = homes
        .into_values()
        .map(|(home, names, children)| ListRow {
            child_id: None,
            cells: vec![
                Cell::text(names.join(&tr!("lists.and"))),
                Cell::text(tr!("lists.parents_of", children = children.join(", "))),
                Cell::text(home.street),
                Cell::text(home.postal_code),
                Cell::text(home.town),
            ],
        })
        .collect();
    labels.sort_by(|a, b| a.cells[0].compare(&b.cells[0]));
    let count = labels.len();
    let columns = vec![
        column("recipients", &tr!("lists.column_recipients"), 3.0),
        column("about", &tr!("lists.column_about"), 2.5),
        column("street", &tr!("lists.column_street"), 3.0),
        column("postalCode", &tr!("lists.column_postalCode"), 1.0),
        column("town", &tr!("lists.column_town"), 2.0),
    ];
    ListTable::new(
        "",
        columns,
        vec![ListSection {
            heading: String::new(),
            rows: labels,
        }],
    )
    .with_note(tr!("lists.labels_count", count = count))
}

/// Sections by a named group of the child's (SFO module, kindergarten group), a
/// child without one under `fallback`.
fn by_group(
    children: &[&ListChild],
    group: fn(&ListChild) -> &str,
    fallback: &str,
    cells: impl Fn(&ListChild) -> Vec<Cell>,
) -> Vec<ListSection> {
    grouped(
        children,
        |c| danish_key(group(c)),
        |c| match group(c) {
            "" => fallback.to_string(),
            name => name.to_string(),
        },
    )
    .into_iter()
    .map(|(heading, members)| ListSection {
        heading,
        rows: rows(&members, &cells),
    })
    .collect()
}

fn sfo_list(children: &[&ListChild]) -> ListTable {
    let in_sfo: Vec<&ListChild> = children.iter().copied().filter(|c| c.sfo).collect();
    let columns = vec![
        column("name", &tr!("lists.column_name"), 3.0),
        column("class", &tr!("lists.column_class"), 1.3),
        column("birthDate", &tr!("lists.column_birthDate"), 1.4),
        column("parentPhones", &tr!("lists.column_parentPhones"), 4.5),
    ];
    let groups = by_group(
        &in_sfo,
        |c| &c.sfo_module,
        "SFO",
        |c| {
            vec![
                Cell::text(c.name()),
                Cell::text(c.class_label()),
                Cell::date(c.birth_date),
                Cell::text(c.guardian_phones()),
            ]
        },
    );
    let count = in_sfo.len();
    ListTable::new(&tr!("lists.group_module"), columns, groups)
        .with_note(tr!("lists.sfo_count", count = count))
}

fn kindergarten_list(children: &[&ListChild]) -> ListTable {
    let in_kindergarten: Vec<&ListChild> = children
        .iter()
        .copied()
        .filter(|c| c.division == Some(Division::Kindergarten))
        .collect();
    let columns = vec![
        column("name", &tr!("lists.column_name"), 3.0),
        column("birthDate", &tr!("lists.column_birthDate"), 1.4),
        column("parentPhones", &tr!("lists.column_parentPhones"), 5.0),
    ];
    let groups = by_group(
        &in_kindergarten,
        |c| &c.kindergarten_group,
        &tr!("lists.kindergarten"),
        |c| {
            vec![
                Cell::text(c.name()),
                Cell::date(c.birth_date),
                Cell::text(c.guardian_phones()),
            ]
        },
    );
    let count = in_kindergarten.len();
    ListTable::new(&tr!("lists.group_group"), columns, groups)
        .with_note(tr!("lists.kindergarten_count", count = count))
}

fn register(children: &[&ListChild]) -> ListTable {
    let mut sorted: Vec<&ListChild> = children.to_vec();
    sorted.sort_by(|a, b| {
        danish_key(&a.last_name)
            .cmp(&danish_key(&b.last_name))
            .then_with(|| by_name(a, b))
    });
    let columns = vec![
        column("lastName", &tr!("lists.column_lastName"), 1.7),
        column("firstName", &tr!("lists.column_firstName"), 1.6),
        column("birthDate", &tr!("lists.column_birthDate"), 2.0),
        column("class", &tr!("lists.column_class"), 1.8),
        column("sfoModule", &tr!("lists.column_sfoModule"), 0.9),
        column("parents", &tr!("lists.column_parents"), 2.8),
        file_only("street", &tr!("lists.column_street")),
        file_only("postalCode", &tr!("lists.column_postalCode")),
        file_only("town", &tr!("lists.column_town")),
        column("phone", &tr!("lists.column_phone"), 3.3),
        file_only("email", &tr!("lists.column_email")),
    ];
    let rows = rows(&sorted, |c| {
        let home = c
            .home()
            .map(Home::address_for_others)
            .unwrap_or_else(Address::empty);
        vec![
            Cell::text(&c.last_name),
            Cell::text(&c.first_name),
            Cell::date(c.birth_date),
            Cell::text(c.class_label()),
            Cell::text(c.sfo_label()),
            Cell::text(c.custody_names()),
            Cell::text(home.street),
            Cell::text(home.postal_code),
            Cell::text(home.town),
            Cell::text(c.guardian_phones()),
            Cell::text(c.guardian_emails()),
        ]
    });
    let count = sorted.len();
    ListTable::new(
        "",
        columns,
        vec![ListSection {
            heading: String::new(),
            rows,
        }],
    )
    .with_note(tr!("lists.register_note", count = count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn home(street: &str) -> Address {
        Address {
            street: street.into(),
            postal_code: "8000".into(),
            town: "Aarhus C".into(),
        }
    }

    fn guardian(name: &str, street: &str, phone: &str) -> ListGuardian {
        ListGuardian {
            id: phone.parse().expect("a test guardian's phone is digits"),
            name: name.into(),
            phone: Some(phone.into()),
            email: Some(format!("{}@eksempel.dk", name.split(' ').next().unwrap())),
            home: Home::new(home(street), false),
            has_custody: true,
        }
    }

    fn child(id: i64, first: &str, grade: Option<u8>, born: NaiveDate) -> ListChild {
        ListChild {
            id,
            first_name: first.into(),
            last_name: "Bøgh".into(),
            birth_date: Some(born),
            division: Some(if grade.is_some() {
                Division::School
            } else {
                Division::Kindergarten
            }),
            grade,
            sfo_module: String::new(),
            sfo: false,
            kindergarten_group: String::new(),
            phone: None,
            guardians: vec![guardian("Mette Bøgh", "Skolevej 1", "12345678")],
            shares_contact: true,
        }
    }

    fn request(kind: ListKind) -> ListRequest {
        ListRequest {
            kind,
            filter: ListFilter::default(),
            sort: None,
        }
    }

    fn names(table: &ListTable, column: usize) -> Vec<String> {
        table
            .groups
            .iter()
            .flat_map(|g| g.rows.iter().map(move |r| r.cells[column].display()))
            .collect()
    }

    #[test]
    fn a_class_list_groups_by_class_and_sorts_danish_names() {
        let children = vec![
            child(1, "Åse", Some(3), d(2017, 3, 1)),
            child(2, "Zara", Some(3), d(2017, 5, 1)),
            child(3, "Anna", Some(0), d(2020, 5, 1)),
            child(4, "Ønske", Some(3), d(2017, 6, 1)),
            child(5, "Bo", None, d(2022, 1, 1)),
        ];
        let table = build(&request(ListKind::Class), &children, d(2026, 12, 1));
        let headings: Vec<&str> = table.groups.iter().map(|g| g.heading.as_str()).collect();
        assert_eq!(headings, ["0. klasse", "3. klasse", "Børnehave"]);
        assert_eq!(
            names(&table, 0),
            [
                "Anna Bøgh",
                "Zara Bøgh",
                "Ønske Bøgh",
                "Åse Bøgh",
                "Bo Bøgh"
            ]
        );
        let one_class = ListRequest {
            filter: ListFilter {
                grade: Some(3),
                ..ListFilter::default()
            },
            ..request(ListKind::Class)
        };
        let table = build(&one_class, &children, d(2026, 12, 1));
        assert_eq!(table.title, "Klasseliste – 3. klasse");
        assert_eq!(table.row_count(), 3);
    }

    #[test]
    fn r23_the_contact_list_leaves_out_families_without_consent() {
        let mut withheld = child(2, "Zara", Some(3), d(2017, 5, 1));
        withheld.shares_contact = false;
        withheld.guardians = vec![guardian("Hemmelig Forælder", "Gemt 2", "87654321")];
        let children = vec![child(1, "Åse", Some(3), d(2017, 3, 1)), withheld];
        let table = build(&request(ListKind::Contact), &children, d(2026, 12, 1));
        assert_eq!(table.row_count(), 1);
        let text = format!("{table:?}");
        assert!(!text.contains("Hemmelig") && !text.contains("87654321"));
        assert!(text.contains("Mette Bøgh 12 34 56 78"));
        assert!(table.note.starts_with("1 familie har ikke sagt ja"));
    }

    #[test]
    fn the_contact_list_counts_withheld_families_not_children() {
        let family = vec![guardian("Hemmelig Forælder", "Gemt 2", "87654321")];
        let mut children = Vec::new();
        for (id, name) in [(2, "Zara"), (3, "Zoe"), (4, "Zelma")] {
            let mut sibling = child(id, name, Some(3), d(2017, 5, 1));
            sibling.shares_contact = false;
            sibling.guardians = family.clone();
            children.push(sibling);
        }
        let mut other = child(5, "Ulla", Some(3), d(2017, 5, 1));
        other.shares_contact = false;
        other.guardians = vec![guardian("Anden Forælder", "Vej 1", "11223344")];
        children.push(other);
        let table = build(&request(ListKind::Contact), &children, d(2026, 12, 1));
        assert!(
            table.note.starts_with("2 familier har ikke sagt ja"),
            "{}",
            table.note
        );
    }

    #[test]
    fn an_sfo_child_shows_sfo_when_the_school_names_no_modules() {
        let mut in_sfo = child(1, "Anna", Some(1), d(2019, 3, 1));
        in_sfo.sfo = true;
        let not_in_sfo = child(2, "Bent", Some(1), d(2019, 4, 1));
        for kind in [ListKind::Class, ListKind::Register] {
            let table = build(
                &request(kind),
                &[in_sfo.clone(), not_in_sfo.clone()],
                d(2026, 12, 1),
            );
            let sfo_column = table
                .columns
                .iter()
                .position(|c| c.key.starts_with("sfo"))
                .unwrap();
            let cells: Vec<String> = table
                .groups
                .iter()
                .flat_map(|g| g.rows.iter())
                .map(|r| r.cells[sfo_column].display())
                .collect();
            assert!(cells.contains(&"SFO".to_string()), "{kind:?}: {cells:?}");
            assert!(cells.contains(&String::new()), "{kind:?}: {cells:?}");
        }
    }

    #[test]
    fn birthdays_follow_the_school_year_with_the_age_turned() {
        let children = vec![
            child(1, "Vår", Some(3), d(2017, 3, 14)),
            child(2, "Høst", Some(3), d(2017, 9, 2)),
        ];
        let table = build(&request(ListKind::Birthday), &children, d(2026, 12, 1));
        let headings: Vec<&str> = table.groups.iter().map(|g| g.heading.as_str()).collect();
        assert_eq!(headings, ["september", "marts"]);
        assert_eq!(table.groups[0].rows[0].cells[3], Cell::Number(9));
        assert_eq!(table.groups[1].rows[0].cells[3], Cell::Number(10));
        assert_eq!(table.groups[1].rows[0].cells[0].display(), "14. marts");
    }

    #[test]
    fn one_label_per_home_naming_the_children_living_there() {
        let mut sister = child(2, "Zara", Some(1), d(2019, 5, 1));
        sister
            .guardians
            .push(guardian("Jens Bøgh", "Skolevej 1", "11111111"));
        let mut brother = child(1, "Åse", Some(3), d(2017, 3, 1));
        brother
            .guardians
            .push(guardian("Jens Bøgh", "Skolevej 1", "11111111"));
        let mut elsewhere = child(3, "Carl", Some(3), d(2017, 3, 1));
        elsewhere.guardians = vec![guardian("Ane Dahl", "Havnegade 9", "22222222")];
        let table = build(
            &request(ListKind::AddressLabels),
            &[sister, brother, elsewhere],
            d(2026, 12, 1),
        );
        assert_eq!(table.row_count(), 2);
        let labels = &table.groups[0].rows;
        assert_eq!(labels[0].cells[0].display(), "Ane Dahl");
        assert_eq!(labels[1].cells[0].display(), "Mette Bøgh og Jens Bøgh");
        assert_eq!(labels[1].cells[1].display(), "Forældre til Zara, Åse");
    }

    #[test]
    fn r37_no_list_carries_a_protected_address() {
        let mut protected = child(1, "Åse", Some(3), d(2017, 3, 1));
        protected.guardians[0].home = Home::new(home("Skjultvej 7"), true);
        let open = child(2, "Carl", Some(3), d(2017, 3, 1));
        let everyone = [protected, open];
        for kind in ListKind::ALL {
            let table = build(&request(kind), &everyone, d(2026, 12, 1));
            let cells: Vec<String> = table
                .groups
                .iter()
                .flat_map(|g| g.rows.iter().flat_map(|r| r.cells.iter()))
                .map(Cell::display)
                .collect();
            assert!(
                !cells.iter().any(|c| c.contains("Skjultvej")),
                "{kind:?}: {cells:?}"
            );
            if matches!(kind, ListKind::Contact | ListKind::Register) {
                assert!(cells.iter().any(|c| c == "Adressebeskyttet"), "{kind:?}");
                assert!(cells.iter().any(|c| c.contains("Skolevej 1")), "{kind:?}");
            }
        }
        let labels = build(&request(ListKind::AddressLabels), &everyone, d(2026, 12, 1));
        assert_eq!(labels.row_count(), 1, "the protected home gets no label");
    }

    #[test]
    fn sorting_by_a_column_keeps_groups_and_puts_empty_cells_last() {
        let mut a = child(1, "Anna", Some(3), d(2017, 3, 1));
        a.birth_date = None;
        let children = vec![
            a,
            child(2, "Bo", Some(3), d(2017, 9, 1)),
            child(3, "Cy", Some(3), d(2017, 1, 1)),
        ];
        let mut ask = request(ListKind::Register);
        ask.sort = Some(ListSort {
            column: 2,
            descending: false,
        });
        let table = build(&ask, &children, d(2026, 12, 1));
        assert_eq!(names(&table, 1), ["Cy", "Bo", "Anna"]);
        ask.sort = Some(ListSort {
            column: 1,
            descending: true,
        });
        assert_eq!(
            names(&build(&ask, &children, d(2026, 12, 1)), 1),
            ["Cy", "Bo", "Anna"]
        );
    }

    #[test]
    fn filters_pick_division_and_sfo() {
        let mut in_sfo = child(1, "Anna", Some(1), d(2019, 3, 1));
        in_sfo.sfo = true;
        in_sfo.sfo_module = "Morgen og eftermiddag".into();
        let children = vec![
            in_sfo,
            child(2, "Bo", Some(1), d(2019, 3, 1)),
            child(3, "Cy", None, d(2022, 1, 1)),
        ];
        let mut ask = request(ListKind::Register);
        ask.filter.sfo_only = true;
        assert_eq!(build(&ask, &children, d(2026, 12, 1)).row_count(), 1);
        ask.filter = ListFilter {
            division: Some(Division::Kindergarten),
            ..ListFilter::default()
        };
        assert_eq!(names(&build(&ask, &children, d(2026, 12, 1)), 1), ["Cy"]);
        let sfo = build(&request(ListKind::Sfo), &children, d(2026, 12, 1));
        assert_eq!(sfo.groups[0].heading, "Morgen og eftermiddag");
        assert_eq!(sfo.row_count(), 1);
    }

    #[test]
    fn no_list_has_a_column_for_cpr() {
        for kind in ListKind::ALL {
            let table = build(&request(kind), &[], d(2026, 12, 1));
            assert!(table
                .columns
                .iter()
                .all(|c| !c.title.to_lowercase().contains("cpr")));
            assert_eq!(ListKind::from_code(kind.code()), Some(kind));
        }
    }
}
