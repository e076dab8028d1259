//! Turns the table into what would be stored, checking every row with the register's
//! own rules (R5, R30, R34) and listing every problem by row and column.

use skolekontor_domain::tr;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use skolekontor_domain::admission::{ValidWaiting, WaitingInput};
use skolekontor_domain::betalingsservice::customer_number;
use skolekontor_domain::dates;
use skolekontor_domain::register::{
    check_links, ChildExtras, ChildInput, GuardianInput, GuardianLink, PlacementInput, ValidChild,
    ValidGuardian, HIGHEST_GRADE,
};
use skolekontor_domain::school::Division;
use skolekontor_domain::validation::FieldError;
use ts_rs::TS;

use crate::columns::{
    letter, ChildColumn, Column, GuardianColumn, GUARDIANS_PER_ROW, REQUIRED_CHILD,
};
use crate::table::{Table, TableRow};

/// One problem (or warning) in the file, placed as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    /// Række: the spreadsheet's row number (the header is 1).
    pub row: u32,
    /// The column's letter (A, B …), empty when the column is not in the file.
    pub letter: String,
    /// The column's header, empty for the row as a whole.
    pub column: String,
    /// What is wrong, in Danish, without the cell's content (it may be a CPR number).
    pub message: String,
}

/// What the register already holds, so an import neither doubles a child nor a parent.
#[derive(Debug, Clone, Default)]
pub struct KnownRecords {
    /// Children's CPR numbers as stored (`ddmmyy-xxxx`).
    pub child_cprs: HashSet<String>,
    /// Guardians' CPR numbers as stored, with their ids.
    pub guardians_by_cpr: HashMap<String, i64>,
    /// The SFO modules the school has rates for, as the school spells them.
    pub sfo_modules: Vec<String>,
    /// The customer numbers given to guardians (guardian id → number).
    pub customer_numbers: BTreeMap<i64, String>,
}

/// A guardian the import links: one already in the register, or a new person.
#[derive(Debug, Clone)]
pub enum PlannedGuardian {
    /// The register's guardian with this id.
    Existing(i64),
    /// A new guardian, first met in `row`.
    New {
        /// Where the guardian was first met.
        row: u32,
        /// The checked person.
        person: Box<ValidGuardian>,
    },
}

/// A checked child with its links to the plan's guardians (by index).
#[derive(Debug, Clone)]
pub struct PlannedChild {
    /// The row it came from.
    pub row: u32,
    /// The checked child with its placement.
    pub child: ValidChild,
    /// Index into [`ImportPlan::guardians`] and the link for this child.
    pub guardians: Vec<(usize, GuardianLink)>,
    /// SFO module, kindergarten group, enrolment fee and waiting list.
    pub extras: ChildExtras,
}

/// The checked file: what would be stored, and every problem and warning.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// Rows with text under the header.
    pub rows: usize,
    /// Children from rows without problems.
    pub children: Vec<PlannedChild>,
    /// Every guardian once, however many children they have.
    pub guardians: Vec<PlannedGuardian>,
    /// Payers' customer numbers, by index into [`ImportPlan::guardians`].
    pub customer_numbers: Vec<(usize, String)>,
    /// Problems; the import is refused while there is one.
    pub problems: Vec<ImportProblem>,
    /// Things to look at that do not stop the import.
    pub warnings: Vec<ImportProblem>,
}

impl ImportPlan {
    /// True when nothing stops the import.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// How many homes the new guardians live in (a household is an address).
    pub fn new_households(&self) -> usize {
        self.guardians
            .iter()
            .filter_map(|g| match g {
                PlannedGuardian::New { person, .. } => Some(person.home.household_key()),
                PlannedGuardian::Existing(_) => None,
            })
            .collect::<HashSet<_>>()
            .len()
    }
}

/// Where each known column is in the file.
struct Layout {
    positions: HashMap<Column, usize>,
}

impl Layout {
    fn read(headers: &[String], plan: &mut ImportPlan) -> Layout {
        let mut positions = HashMap::new();
        for (index, header) in headers.iter().enumerate() {
            if header.is_empty() {
                continue;
            }
            let place = |message: &str| ImportProblem {
                row: 1,
                letter: letter(index),
                column: header.clone(),
                message: message.into(),
            };
            match Column::from_header(header) {
                Some(column) if positions.contains_key(&column) => {
                    plan.problems.push(place(&tr!("import.column_twice")))
                }
                Some(column) => {
                    positions.insert(column, index);
                }
                None => plan.warnings.push(place(&tr!("import.column_unknown"))),
            }
        }
        for required in REQUIRED_CHILD {
            let column = Column::Child(required);
            if !positions.contains_key(&column) {
                plan.problems.push(ImportProblem {
                    row: 1,
                    letter: String::new(),
                    column: column.header(),
                    message: tr!("import.column_missing"),
                });
            }
        }
        Layout { positions }
    }

    fn problem(&self, row: u32, column: Column, message: impl Into<String>) -> ImportProblem {
        ImportProblem {
            row,
            letter: self
                .positions
                .get(&column)
                .map(|i| letter(*i))
                .unwrap_or_default(),
            column: column.header(),
            message: message.into(),
        }
    }
}

/// Checks the table against the register's rules and what it already holds.
pub fn plan_rows(table: &Table, known: &KnownRecords, today: NaiveDate) -> ImportPlan {
    let mut plan = ImportPlan {
        rows: table.rows.len(),
        ..ImportPlan::default()
    };
    plan.warnings
        .extend(table.notes.iter().map(|note| ImportProblem {
            row: 0,
            letter: String::new(),
            column: String::new(),
            message: note.clone(),
        }));
    let layout = Layout::read(&table.headers, &mut plan);
    if !plan.problems.is_empty() {
        return plan;
    }
    let mut seen = Seen::default();
    for row in &table.rows {
        let mut reader = RowReader {
            layout: &layout,
            row,
            problems: Vec::new(),
            warnings: Vec::new(),
            division: None,
            grade: None,
        };
        // Every part is checked even when one fails, so every problem is listed.
        let child = reader.child(today);
        let extras = child
            .as_ref()
            .and_then(|child| reader.extras(child, known, today));
        let guardians = reader.guardians(today);
        let planned = child
            .zip(extras)
            .zip(guardians)
            .and_then(|((child, extras), guardians)| {
                seen.add(&mut reader, known, child, extras, guardians)
            });
        plan.problems.append(&mut reader.problems);
        plan.warnings.append(&mut reader.warnings);
        if let Some(child) = planned {
            plan.children.push(child);
        }
    }
    plan.guardians = seen.guardians;
    plan.customer_numbers = seen.customer_numbers.into_iter().collect();
    plan.customer_numbers.sort();
    if !plan.problems.is_empty() {
        // All or nothing: a plan with a problem holds nothing to store.
        plan.children.clear();
        plan.guardians.clear();
        plan.customer_numbers.clear();
    }
    plan
}

/// One row being read: its cells by column, and what is wrong with them.
struct RowReader<'a> {
    layout: &'a Layout,
    row: &'a TableRow,
    problems: Vec<ImportProblem>,
    warnings: Vec<ImportProblem>,
    /// The Afdeling and Klassetrin cells as read (for the waiting list).
    division: Option<Division>,
    grade: Option<u8>,
}

impl RowReader<'_> {
    fn cell(&self, column: Column) -> &str {
        self.layout
            .positions
            .get(&column)
            .and_then(|i| self.row.cells.get(*i))
            .map_or("", String::as_str)
    }

    fn child_cell(&self, column: ChildColumn) -> String {
        self.cell(Column::Child(column)).to_string()
    }

    fn problem(&mut self, column: Column, message: impl Into<String>) {
        let problem = self.layout.problem(self.row.number, column, message);
        self.problems.push(problem);
    }

    fn warn(&mut self, column: Column, message: impl Into<String>) {
        let warning = self.layout.problem(self.row.number, column, message);
        self.warnings.push(warning);
    }

    /// The register's field errors placed in the file's columns.
    fn field_errors(&mut self, errors: Vec<FieldError>, to_column: impl Fn(&str) -> Column) {
        for error in errors {
            self.problem(to_column(&error.field), error.message);
        }
    }

    /// A CPR number that Excel stored as a number has lost its leading zero.
    fn cpr(&mut self, column: Column) -> String {
        let text = self.cell(column).to_string();
        if text.len() == 9 && text.bytes().all(|b| b.is_ascii_digit()) {
            self.warn(column, tr!("import.cpr_nine_digits"));
            return format!("0{text}");
        }
        text
    }

    fn child(&mut self, today: NaiveDate) -> Option<ValidChild> {
        let placement = self.placement();
        let input = ChildInput {
            first_name: self.child_cell(ChildColumn::FirstName),
            last_name: self.child_cell(ChildColumn::LastName),
            cpr: self.cpr(Column::Child(ChildColumn::Cpr)),
            birth_date: self.child_cell(ChildColumn::BirthDate),
            nationality: self.child_cell(ChildColumn::Nationality),
            previous_institution: self.child_cell(ChildColumn::PreviousInstitution),
            uni_login: self.child_cell(ChildColumn::UniLogin),
            home_municipality: self.child_cell(ChildColumn::HomeMunicipality),
            address_protected: self.marked(Column::Child(ChildColumn::AddressProtected)),
            placement: placement.clone().flatten(),
            ..ChildInput::default()
        };
        let to_column =
            |field: &str| Column::for_child_field(field).unwrap_or(Column::Child(ChildColumn::Cpr));
        match input.validate(today) {
            Ok(child) => {
                for warning in child.warnings.clone() {
                    self.warn(to_column(&warning.field), warning.message);
                }
                placement.map(|_| child)
            }
            Err(errors) => {
                self.field_errors(errors.errors, to_column);
                None
            }
        }
    }

    /// `Some(None)` for no placement (a child on the waiting list); `None` on a problem.
    fn placement(&mut self) -> Option<Option<PlacementInput>> {
        let division_column = Column::Child(ChildColumn::Division);
        let division = division_of(self.cell(division_column))
            .map_err(|message| self.problem(division_column, message));
        let grade = self.grade();
        let sfo = self.yes_no(Column::Child(ChildColumn::Sfo));
        let start_date = self.child_cell(ChildColumn::StartDate);
        let (division, grade, sfo) = (division.ok()?, grade?, sfo?);
        (self.division, self.grade) = (division, grade);
        // A child on the waiting list has a division and a grade but no start yet.
        let waiting = !self.child_cell(ChildColumn::RegisteredOn).is_empty()
            || !self.child_cell(ChildColumn::WantedStart).is_empty();
        if waiting && start_date.is_empty() && sfo != Some(true) {
            return Some(None);
        }
        let Some(division) = division else {
            if grade.is_some() || sfo == Some(true) || !start_date.is_empty() {
                self.problem(division_column, tr!("import.division_needed"));
                return None;
            }
            return Some(None);
        };
        Some(Some(PlacementInput {
            division: Some(division),
            grade,
            sfo: sfo.unwrap_or(false),
            start_date,
        }))
    }

    /// `Some(None)` for an empty cell; `None` on a problem.
    fn grade(&mut self) -> Option<Option<u8>> {
        let column = Column::Child(ChildColumn::Grade);
        let text = self.cell(column).to_lowercase();
        let digits = text.trim_end_matches("klasse").trim().trim_end_matches('.');
        if digits.is_empty() {
            return Some(None);
        }
        if digits == "børnehaveklasse" || digits == "bh" {
            return Some(Some(0));
        }
        match digits.parse::<u8>() {
            Ok(grade) if grade <= HIGHEST_GRADE => Some(Some(grade)),
            _ => {
                self.problem(column, tr!("import.grade_number"));
                None
            }
        }
    }

    /// `Some(None)` for an empty cell; `None` on a problem.
    /// A yes/no cell where empty means no; a problem is noted on the row.
    fn marked(&mut self, column: Column) -> bool {
        self.yes_no(column).flatten().unwrap_or(false)
    }

    fn yes_no(&mut self, column: Column) -> Option<Option<bool>> {
        let text = self.cell(column).to_lowercase();
        match text.as_str() {
            "" => Some(None),
            "ja" | "j" | "x" | "1" | "sand" | "true" | "yes" => Some(Some(true)),
            "nej" | "n" | "0" | "falsk" | "false" | "no" => Some(Some(false)),
            _ => {
                self.problem(column, tr!("import.yes_or_no"));
                None
            }
        }
    }

    /// A date cell: `Some(None)` when empty; `None` on a problem (also a day after today).
    fn past_date(&mut self, column: ChildColumn, today: NaiveDate) -> Option<Option<NaiveDate>> {
        let text = self.child_cell(column);
        if text.is_empty() {
            return Some(None);
        }
        match dates::parse(&text) {
            Some(day) if day <= today => Some(Some(day)),
            Some(_) => {
                self.problem(Column::Child(column), tr!("import.date_after_today"));
                None
            }
            None => {
                self.problem(Column::Child(column), tr!("import.date_format"));
                None
            }
        }
    }

    /// The row's SFO module, kindergarten group, enrolment fee and waiting list;
    /// `None` on a problem.
    fn extras(
        &mut self,
        child: &ValidChild,
        known: &KnownRecords,
        today: NaiveDate,
    ) -> Option<ChildExtras> {
        let module_column = Column::Child(ChildColumn::SfoModule);
        let module = self.cell(module_column).to_string();
        let sfo_module = match (module.is_empty(), &child.placement) {
            (true, _) => Some(None),
            (false, Some(placement)) if placement.sfo => known
                .sfo_modules
                .iter()
                .find(|m| m.to_lowercase() == module.to_lowercase())
                .map(|m| Some(m.clone()))
                .or_else(|| {
                    self.problem(module_column, tr!("import.module_without_rate"));
                    None
                }),
            (false, _) => {
                self.problem(module_column, tr!("import.module_needs_sfo"));
                None
            }
        };
        let group_column = Column::Child(ChildColumn::KindergartenGroup);
        let group = self.cell(group_column).to_string();
        let in_kindergarten = child
            .placement
            .as_ref()
            .is_some_and(|p| p.division == Division::Kindergarten);
        let kindergarten_group = match (group.is_empty(), in_kindergarten) {
            (true, _) => Some(None),
            (false, true) => Some(Some(group)),
            (false, false) => {
                self.problem(group_column, tr!("import.group_only_kindergarten"));
                None
            }
        };
        let fee_paid_on = self.past_date(ChildColumn::FeePaidOn, today);
        let waiting = self.waiting(child, today);
        Some(ChildExtras {
            sfo_module: sfo_module?,
            kindergarten_group: kindergarten_group?,
            fee_paid_on: fee_paid_on?,
            waiting: waiting?,
        })
    }

    /// The waiting list (R3's order is the day the child was put on it): a row with
    /// Skrevet op and no start date. `Some(None)` for none; `None` on a problem.
    fn waiting(
        &mut self,
        child: &ValidChild,
        today: NaiveDate,
    ) -> Option<Option<(ValidWaiting, NaiveDate)>> {
        let registered = self.past_date(ChildColumn::RegisteredOn, today)?;
        let wanted = self.child_cell(ChildColumn::WantedStart);
        let Some(registered) = registered else {
            if !wanted.is_empty() {
                self.problem(
                    Column::Child(ChildColumn::RegisteredOn),
                    tr!("import.registered_on_needed"),
                );
                return None;
            }
            return Some(None);
        };
        if child.placement.is_some() {
            self.warn(
                Column::Child(ChildColumn::RegisteredOn),
                tr!("import.placed_not_waiting"),
            );
            return Some(None);
        }
        let input = WaitingInput {
            child_id: 0,
            division: self.division,
            grade: self.grade,
            wanted_start: wanted,
            ..WaitingInput::default()
        };
        match input.validate(today) {
            Ok(entry) => Some(Some((entry, registered))),
            Err(errors) => {
                self.field_errors(errors.errors, |field| {
                    Column::Child(match field {
                        "grade" => ChildColumn::Grade,
                        "wantedStart" => ChildColumn::WantedStart,
                        _ => ChildColumn::Division,
                    })
                });
                None
            }
        }
    }

    fn guardian_cell(&self, index: usize, column: GuardianColumn) -> String {
        self.cell(Column::Guardian(index, column)).to_string()
    }

    fn guardian_is_filled(&self, index: usize) -> bool {
        self.layout
            .positions
            .keys()
            .filter(|c| matches!(c, Column::Guardian(i, _) if *i == index))
            .any(|c| !self.cell(*c).is_empty())
    }

    fn guardians(&mut self, today: NaiveDate) -> Option<Vec<RowGuardian>> {
        let filled: Vec<usize> = (0..GUARDIANS_PER_ROW)
            .filter(|i| self.guardian_is_filled(*i))
            .collect();
        if filled.is_empty() {
            self.problem(
                Column::Guardian(0, GuardianColumn::FirstName),
                tr!("import.guardian_needed"),
            );
            return None;
        }
        let mut guardians = Vec::new();
        let mut complete = true;
        for index in filled.iter().copied() {
            match self.guardian(index, today, filled.len() == 1) {
                Some(guardian) => guardians.push(guardian),
                None => complete = false,
            }
        }
        let links: Vec<GuardianLink> = guardians.iter().map(|g| g.link.clone()).collect();
        if let (true, Err(errors)) = (complete, check_links(&links)) {
            self.field_errors(errors.errors, |field| {
                let column = if field == "custody" {
                    GuardianColumn::Custody
                } else {
                    GuardianColumn::Payer
                };
                Column::Guardian(filled[0], column)
            });
            return None;
        }
        complete.then_some(guardians)
    }

    fn guardian(&mut self, index: usize, today: NaiveDate, only_one: bool) -> Option<RowGuardian> {
        let input = GuardianInput {
            first_name: self.guardian_cell(index, GuardianColumn::FirstName),
            last_name: self.guardian_cell(index, GuardianColumn::LastName),
            cpr: self.cpr(Column::Guardian(index, GuardianColumn::Cpr)),
            email: self.guardian_cell(index, GuardianColumn::Email),
            phone: self.guardian_cell(index, GuardianColumn::Phone),
            address: self.guardian_cell(index, GuardianColumn::Address),
            postal_code: self.guardian_cell(index, GuardianColumn::PostalCode),
            town: self.guardian_cell(index, GuardianColumn::Town),
            address_protected: self
                .marked(Column::Guardian(index, GuardianColumn::AddressProtected)),
        };
        let custody = self.yes_no(Column::Guardian(index, GuardianColumn::Custody));
        let payer = self.yes_no(Column::Guardian(index, GuardianColumn::Payer));
        let to_column = |field: &str| {
            Column::for_guardian_field(index, field)
                .unwrap_or(Column::Guardian(index, GuardianColumn::Cpr))
        };
        let person = match input.validate(today) {
            Ok(person) => person,
            Err(errors) => {
                self.field_errors(errors.errors, to_column);
                return None;
            }
        };
        for warning in person.warnings.clone() {
            self.warn(to_column(&warning.field), warning.message);
        }
        let link = GuardianLink {
            relation: self.guardian_cell(index, GuardianColumn::Relation),
            // Most parents hold custody; the file says "nej" for those who do not.
            has_custody: custody?.unwrap_or(true),
            // A child with one guardian has that guardian as payer unless told otherwise.
            is_payer: payer?.unwrap_or(only_one),
        };
        let customer_number = self.customer_number(index, link.is_payer)?;
        Some(RowGuardian {
            person,
            link,
            customer_number,
        })
    }

    /// The payer's customer number: `Some(None)` when empty; `None` on a problem.
    fn customer_number(&mut self, index: usize, is_payer: bool) -> Option<Option<String>> {
        let column = Column::Guardian(index, GuardianColumn::CustomerNumber);
        let text = self.cell(column).to_string();
        if text.is_empty() {
            return Some(None);
        }
        if !is_payer {
            let message = tr!("import.customer_number_payer_only", guardian = index + 1);
            self.problem(column, message);
            return None;
        }
        match customer_number(&text) {
            Ok(number) => Some(Some(number)),
            Err(message) => {
                self.problem(column, message);
                None
            }
        }
    }
}

/// A guardian as a row gives it.
struct RowGuardian {
    person: ValidGuardian,
    link: GuardianLink,
    customer_number: Option<String>,
}

/// Betalingsservice drops leading zeros, so `007` and `7` are one number.
fn number_key(number: &str) -> String {
    number.trim_start_matches('0').to_string()
}

/// Reads the Afdeling cell: `None` for no placement.
fn division_of(text: &str) -> Result<Option<Division>, String> {
    match text.to_lowercase().as_str() {
        "" => Ok(None),
        "skole" | "friskole" => Ok(Some(Division::School)),
        "børnehave" | "boernehave" | "bornehave" => Ok(Some(Division::Kindergarten)),
        "sfo" => Err(tr!("import.sfo_not_division")),
        _ => Err(tr!("import.division_word")),
    }
}

/// What earlier rows held, so that a family's second child links the same parents
/// and a child is never imported twice.
#[derive(Default)]
struct Seen {
    children: HashMap<String, u32>,
    guardians: Vec<PlannedGuardian>,
    guardian_keys: HashMap<String, usize>,
    /// Customer numbers by the guardian's index, and where each was first met.
    customer_numbers: HashMap<usize, String>,
    number_rows: HashMap<String, (usize, u32)>,
}

impl Seen {
    fn add(
        &mut self,
        reader: &mut RowReader<'_>,
        known: &KnownRecords,
        child: ValidChild,
        extras: ChildExtras,
        guardians: Vec<RowGuardian>,
    ) -> Option<PlannedChild> {
        if !self.child_is_new(reader, known, &child) {
            return None;
        }
        let mut links = Vec::new();
        for (position, guardian) in guardians.into_iter().enumerate() {
            let RowGuardian {
                person,
                link,
                customer_number,
            } = guardian;
            let index = self.guardian(reader, known, position, person)?;
            if let Some(number) = customer_number {
                self.customer_number(reader, known, position, index, number)?;
            }
            if links.iter().any(|(i, _)| *i == index) {
                reader.problem(
                    Column::Guardian(position, GuardianColumn::FirstName),
                    tr!("import.same_guardian_twice"),
                );
                return None;
            }
            links.push((index, link));
        }
        Some(PlannedChild {
            row: reader.row.number,
            child,
            guardians: links,
            extras,
        })
    }

    /// Records a payer's customer number; `None` when it clashes with another
    /// payer's (in the file or the register) or with the payer's own earlier one.
    fn customer_number(
        &mut self,
        reader: &mut RowReader<'_>,
        known: &KnownRecords,
        position: usize,
        index: usize,
        number: String,
    ) -> Option<()> {
        let column = Column::Guardian(position, GuardianColumn::CustomerNumber);
        let key = number_key(&number);
        let existing = match &self.guardians[index] {
            PlannedGuardian::Existing(id) => Some(*id),
            PlannedGuardian::New { .. } => None,
        };
        let clash = known
            .customer_numbers
            .iter()
            .find(|(id, n)| number_key(n) == key && Some(**id) != existing);
        let own = existing.and_then(|id| known.customer_numbers.get(&id));
        let message = if clash.is_some() {
            Some(tr!("import.customer_number_taken"))
        } else if own.is_some_and(|n| number_key(n) != key) {
            Some(tr!("import.payer_has_other_number"))
        } else if let Some((_, row)) = self.number_rows.get(&key).filter(|(i, _)| *i != index) {
            Some(tr!("import.customer_number_in_row", row = row))
        } else if self
            .customer_numbers
            .get(&index)
            .is_some_and(|n| number_key(n) != key)
        {
            Some(tr!("import.payer_number_earlier_row"))
        } else {
            None
        };
        if let Some(message) = message {
            reader.problem(column, message);
            return None;
        }
        self.number_rows.insert(key, (index, reader.row.number));
        self.customer_numbers.entry(index).or_insert(number);
        Some(())
    }

    fn child_is_new(
        &mut self,
        reader: &mut RowReader<'_>,
        known: &KnownRecords,
        child: &ValidChild,
    ) -> bool {
        let cpr_column = Column::Child(ChildColumn::Cpr);
        let key = match &child.cpr {
            Some(cpr) => {
                if known.child_cprs.contains(&cpr.formatted()) {
                    reader.problem(cpr_column, tr!("import.child_exists"));
                    return false;
                }
                cpr.formatted()
            }
            None => format!(
                "{}|{}|{:?}",
                child.first_name.to_lowercase(),
                child.last_name.to_lowercase(),
                child.birth_date
            ),
        };
        if let Some(first) = self.children.get(&key) {
            let message = tr!("import.same_child_row", row = first);
            reader.problem(cpr_column, message);
            return false;
        }
        self.children.insert(key, reader.row.number);
        true
    }

    /// The guardian's index in the plan; `None` when the row contradicts an earlier one.
    fn guardian(
        &mut self,
        reader: &mut RowReader<'_>,
        known: &KnownRecords,
        position: usize,
        person: ValidGuardian,
    ) -> Option<usize> {
        let key = guardian_key(&person);
        if let Some(&index) = self.guardian_keys.get(&key) {
            if let PlannedGuardian::New { row, person: first } = &self.guardians[index] {
                if let Some(difference) = difference(first, &person) {
                    let message = tr!(
                        "import.guardian_differs",
                        row = row,
                        difference = difference
                    );
                    reader.problem(
                        Column::Guardian(position, GuardianColumn::FirstName),
                        message,
                    );
                    return None;
                }
            }
            return Some(index);
        }
        let planned = match person
            .cpr
            .as_ref()
            .and_then(|cpr| known.guardians_by_cpr.get(&cpr.formatted()))
        {
            Some(&id) => {
                reader.warn(
                    Column::Guardian(position, GuardianColumn::Cpr),
                    tr!("import.guardian_exists"),
                );
                PlannedGuardian::Existing(id)
            }
            None => PlannedGuardian::New {
                row: reader.row.number,
                person: Box::new(person),
            },
        };
        self.guardians.push(planned);
        self.guardian_keys.insert(key, self.guardians.len() - 1);
        Some(self.guardians.len() - 1)
    }
}

/// The same person in two rows: by CPR number, else by name and e-mail, else by
/// name and home.
fn guardian_key(person: &ValidGuardian) -> String {
    if let Some(cpr) = &person.cpr {
        return cpr.formatted();
    }
    let name = format!(
        "{}|{}",
        person.first_name.to_lowercase(),
        person.last_name.to_lowercase()
    );
    match &person.email {
        Some(email) => format!("{name}|{}", email.to_lowercase()),
        None => format!("{name}|{}", person.home.household_key()),
    }
}

/// What differs between two rows' copies of one guardian.
fn difference(first: &ValidGuardian, again: &ValidGuardian) -> Option<String> {
    let same_name = first.first_name == again.first_name && first.last_name == again.last_name;
    if !same_name {
        Some(tr!("import.other_name"))
    } else if first.home.household_key() != again.home.household_key() {
        Some(tr!("import.other_address"))
    } else if first.email != again.email {
        Some(tr!("import.other_email"))
    } else if first.phone != again.phone {
        Some(tr!("import.other_phone"))
    } else {
        None
    }
}
