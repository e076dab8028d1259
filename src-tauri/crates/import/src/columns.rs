//! The documented columns of an import file (docs/import.md) and how a header is
//! recognised: case, spaces, `_`, `-` and æ/ae, ø/oe, å/aa do not matter.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A column the import knows. Guardian columns exist for guardian 1 and 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// A column about the child.
    Child(ChildColumn),
    /// A column about guardian 1 (index 0) or 2 (index 1).
    Guardian(usize, GuardianColumn),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChildColumn {
    FirstName,
    LastName,
    Cpr,
    BirthDate,
    Division,
    Grade,
    Sfo,
    StartDate,
    HomeMunicipality,
    Nationality,
    PreviousInstitution,
    UniLogin,
    /// The SFO module (empty: SFO without a module).
    SfoModule,
    KindergartenGroup,
    /// When the child was put on the waiting list (R3's order).
    RegisteredOn,
    /// The start wanted on the waiting list.
    WantedStart,
    /// When the enrolment fee was paid (R1).
    FeePaidOn,
    /// Navne- og adressebeskyttelse (R37).
    AddressProtected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuardianColumn {
    FirstName,
    LastName,
    Cpr,
    Email,
    Phone,
    Address,
    PostalCode,
    Town,
    Relation,
    Custody,
    Payer,
    /// The payer's Betalingsservice customer number (kundenummer).
    CustomerNumber,
    /// Navne- og adressebeskyttelse (R37).
    AddressProtected,
}

/// How many guardians a row can hold.
pub const GUARDIANS_PER_ROW: usize = 2;

const CHILD_COLUMNS: [(ChildColumn, &str, &str); 18] = [
    (ChildColumn::FirstName, "Barn fornavn", "firstName"),
    (ChildColumn::LastName, "Barn efternavn", "lastName"),
    (ChildColumn::Cpr, "Barn CPR", "cpr"),
    (ChildColumn::BirthDate, "Barn fødselsdato", "birthDate"),
    (ChildColumn::Division, "Afdeling", "division"),
    (ChildColumn::Grade, "Klassetrin", "grade"),
    (ChildColumn::Sfo, "SFO", "sfo"),
    (ChildColumn::StartDate, "Startdato", "startDate"),
    (
        ChildColumn::HomeMunicipality,
        "Bopælskommune",
        "homeMunicipality",
    ),
    (ChildColumn::Nationality, "Nationalitet", "nationality"),
    (
        ChildColumn::PreviousInstitution,
        "Tidligere skole eller dagtilbud",
        "previousInstitution",
    ),
    (ChildColumn::UniLogin, "UNI-Login", "uniLogin"),
    (ChildColumn::SfoModule, "SFO-modul", "sfoModule"),
    (
        ChildColumn::KindergartenGroup,
        "Børnehavegruppe",
        "kindergartenGroup",
    ),
    (ChildColumn::RegisteredOn, "Skrevet op", "registeredOn"),
    (ChildColumn::WantedStart, "Ønsket start", "wantedStart"),
    (
        ChildColumn::FeePaidOn,
        "Indmeldelsesgebyr betalt",
        "feePaidOn",
    ),
    (
        ChildColumn::AddressProtected,
        "Barn adressebeskyttelse",
        "addressProtected",
    ),
];

const GUARDIAN_COLUMNS: [(GuardianColumn, &str, &str); 13] = [
    (GuardianColumn::FirstName, "fornavn", "firstName"),
    (GuardianColumn::LastName, "efternavn", "lastName"),
    (GuardianColumn::Cpr, "CPR", "cpr"),
    (GuardianColumn::Email, "e-mail", "email"),
    (GuardianColumn::Phone, "telefon", "phone"),
    (GuardianColumn::Address, "adresse", "address"),
    (GuardianColumn::PostalCode, "postnummer", "postalCode"),
    (GuardianColumn::Town, "by", "town"),
    (GuardianColumn::Relation, "relation", "relation"),
    (GuardianColumn::Custody, "forældremyndighed", "custody"),
    (GuardianColumn::Payer, "betaler", "payer"),
    (
        GuardianColumn::CustomerNumber,
        "kundenummer",
        "customerNumber",
    ),
    (
        GuardianColumn::AddressProtected,
        "adressebeskyttelse",
        "addressProtected",
    ),
];

/// The child columns a file must have.
pub const REQUIRED_CHILD: [ChildColumn; 2] = [ChildColumn::FirstName, ChildColumn::LastName];

impl Column {
    /// Every column in the documented order.
    pub fn all() -> Vec<Column> {
        let child = CHILD_COLUMNS.iter().map(|(c, _, _)| Column::Child(*c));
        let guardians = (0..GUARDIANS_PER_ROW).flat_map(|index| {
            GUARDIAN_COLUMNS
                .iter()
                .map(move |(c, _, _)| Column::Guardian(index, *c))
        });
        child.chain(guardians).collect()
    }

    /// The documented header, e.g. `Forælder 2 postnummer`.
    pub fn header(self) -> String {
        match self {
            Column::Child(column) => child_entry(column).1.to_string(),
            Column::Guardian(index, column) => {
                format!("Forælder {} {}", index + 1, guardian_entry(column).1)
            }
        }
    }

    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        // Built once: a hostile file may have thousands of header cells.
        static BY_HEADER: LazyLock<HashMap<String, Column>> = LazyLock::new(|| {
            Column::all()
                .into_iter()
                .map(|column| (normalised(&column.header()), column))
                .collect()
        });
        BY_HEADER.get(&normalised(header)).copied()
    }

    /// The column that a form field of the register's check belongs to.
    pub fn for_child_field(field: &str) -> Option<Column> {
        CHILD_COLUMNS
            .iter()
            .find(|(_, _, f)| *f == field)
            .map(|(c, _, _)| Column::Child(*c))
    }

    /// The same for a guardian's field.
    pub fn for_guardian_field(index: usize, field: &str) -> Option<Column> {
        GUARDIAN_COLUMNS
            .iter()
            .find(|(_, _, f)| *f == field)
            .map(|(c, _, _)| Column::Guardian(index, *c))
    }
}

fn child_entry(column: ChildColumn) -> &'static (ChildColumn, &'static str, &'static str) {
    CHILD_COLUMNS
        .iter()
        .find(|(c, _, _)| *c == column)
        .expect("every child column is listed")
}

fn guardian_entry(column: GuardianColumn) -> &'static (GuardianColumn, &'static str, &'static str) {
    GUARDIAN_COLUMNS
        .iter()
        .find(|(c, _, _)| *c == column)
        .expect("every guardian column is listed")
}

/// A header as compared: lower case, letters and digits only, æøå spelt out.
fn normalised(header: &str) -> String {
    header
        .to_lowercase()
        .replace('æ', "ae")
        .replace('ø', "oe")
        .replace('å', "aa")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The spreadsheet's letter for a 0-based column: A … Z, AA …
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A fictional example row for the template, column by column.
fn example(column: Column) -> &'static str {
    match column {
        Column::Child(c) => match c {
            ChildColumn::FirstName => "Ida",
            ChildColumn::LastName => "Skov",
            ChildColumn::Cpr => "",
            ChildColumn::BirthDate => "05-09-2019",
            ChildColumn::Division => "skole",
            ChildColumn::Grade => "1",
            ChildColumn::Sfo => "ja",
            ChildColumn::StartDate => "01-08-2026",
            ChildColumn::HomeMunicipality => "Silkeborg",
            ChildColumn::Nationality => "Dansk",
            ChildColumn::PreviousInstitution => "",
            ChildColumn::UniLogin => "",
            ChildColumn::SfoModule => "",
            ChildColumn::KindergartenGroup => "",
            ChildColumn::RegisteredOn => "",
            ChildColumn::WantedStart => "",
            ChildColumn::FeePaidOn => "15-03-2025",
            ChildColumn::AddressProtected => "nej",
        },
        Column::Guardian(1, _) => "",
        Column::Guardian(_, c) => match c {
            GuardianColumn::FirstName => "Hanne",
            GuardianColumn::LastName => "Skov",
            GuardianColumn::Cpr => "",
            GuardianColumn::Email => "hanne@eksempel.dk",
            GuardianColumn::Phone => "20304050",
            GuardianColumn::Address => "Egevej 4",
            GuardianColumn::PostalCode => "8600",
            GuardianColumn::Town => "Silkeborg",
            GuardianColumn::Relation => "mor",
            GuardianColumn::Custody => "ja",
            GuardianColumn::Payer => "ja",
            GuardianColumn::CustomerNumber => "",
            GuardianColumn::AddressProtected => "nej",
        },
    }
}

/// An import file to fill in: every documented header and one fictional example row,
/// as Danish Excel opens it (UTF-8 with a byte-order mark, `;` between fields).
pub fn template_csv() -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let columns = Column::all();
    let headers: Vec<String> = columns.iter().map(|c| c.header()).collect();
    let row: Vec<&str> = columns.iter().map(|c| example(*c)).collect();
    writer.write_record(&headers).expect("writing to memory");
    writer.write_record(&row).expect("writing to memory");
    writer.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_any_spelling() {
        let payer = Column::Guardian(1, GuardianColumn::Payer);
        assert_eq!(Column::from_header("Forælder 2 betaler"), Some(payer));
        assert_eq!(Column::from_header(" FORAELDER_2_BETALER "), Some(payer));
        assert_eq!(
            Column::from_header("barn-cpr"),
            Some(Column::Child(ChildColumn::Cpr))
        );
        assert_eq!(Column::from_header("Forælder 3 betaler"), None);
    }

    #[test]
    fn every_documented_header_reads_back_as_its_column() {
        for column in Column::all() {
            assert_eq!(Column::from_header(&column.header()), Some(column));
        }
        assert_eq!(Column::all().len(), 18 + 2 * 13);
    }

    #[test]
    fn the_template_is_a_file_the_import_reads_without_a_problem() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let plan = crate::plan_import(
            &template_csv(),
            Some("skabelon.csv"),
            &Default::default(),
            today,
        )
        .unwrap();
        assert!(plan.is_clean(), "{:?}", plan.problems);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
        assert_eq!(plan.children.len(), 1);
    }

    #[test]
    fn column_letters_follow_the_spreadsheet() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(33), "AH");
    }
}
