//! The fictional demo school: families with siblings, split households and single
//! guardians, pupils in grades 0–9 and kindergarten children. The same generator
//! feeds the set-up screen's demo button, `skolekontor-cli demo`, the tests and
//! the benchmarks. Every name and number is made up; CPR numbers are generated
//! to the R30 rules (most pass modulus 11, as real ones from before 2007 do).

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use skolekontor_domain::admission::ValidWaiting;
use skolekontor_domain::dates;
use skolekontor_domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_domain::role::{Role, StaffScope};
use skolekontor_domain::school::{Division, SchoolInput};
use skolekontor_store::register::GuardianRef;
use skolekontor_store::users::UserProfile;
use skolekontor_store::{Database, StoreError};

/// The seed of the demo school everyone sees.
pub const DEMO_SEED: u64 = 2026;

const GIRLS: &[&str] = &[
    "Emma", "Ida", "Clara", "Freja", "Alma", "Sofia", "Ella", "Karla", "Agnes", "Laura", "Olivia",
    "Asta", "Josefine", "Maja", "Nora", "Lærke", "Signe", "Åse", "Ellen", "Vigga",
];
const BOYS: &[&str] = &[
    "William", "Noah", "Oscar", "Lucas", "Carl", "Alfred", "Oliver", "Aksel", "Emil", "Malthe",
    "Viggo", "Valdemar", "Arthur", "Magnus", "Søren", "Bjørn", "Frederik", "Anton", "August",
    "Johan",
];
const WOMEN: &[&str] = &[
    "Mette", "Anne", "Camilla", "Louise", "Maria", "Sara", "Line", "Trine", "Helle", "Pernille",
    "Rikke", "Marianne", "Birgitte", "Sidsel", "Tove",
];
const MEN: &[&str] = &[
    "Jens", "Peter", "Lars", "Michael", "Thomas", "Martin", "Anders", "Henrik", "Søren", "Jesper",
    "Rasmus", "Kasper", "Niels", "Mads", "Bo",
];
const LAST: &[&str] = &[
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Østergaard",
    "Bøgh",
    "Dahl",
    "Holm",
    "Lund",
    "Skov",
    "Møller",
    "Kjær",
    "Frandsen",
];
const STREETS: &[&str] = &[
    "Bøgevej",
    "Skolevej",
    "Kirkestræde",
    "Møllebakken",
    "Engtoften",
    "Ahornvej",
    "Havrevænget",
    "Stationsvej",
    "Åbakken",
    "Lærkevej",
    "Solsikkevej",
    "Præstegårdsvej",
];
const TOWNS: &[(&str, &str)] = &[
    ("4000", "Roskilde"),
    ("4060", "Kirke Såby"),
    ("4070", "Kirke Hyllinge"),
    ("4320", "Lejre"),
    ("4330", "Hvalsø"),
    ("0800", "Høje Taastrup"),
];

/// Fictional names (first, last) from other alphabets and spellings, as Danish schools
/// enrol them every year: Polish, Turkish, Vietnamese, Lithuanian, Icelandic, Russian,
/// Greek, Arabic and Hebrew (written right to left), Serbian, Chinese (no glyph in the
/// vendored fonts: printed as a visible mark), German, and accents typed as separate
/// combining marks. The tests' international school and the school-year simulation
/// draw from them (R38).
pub const INTERNATIONAL_NAMES: &[(&str, &str)] = &[
    ("Mikołaj", "Wiśniewski"),
    ("Şevval", "Yıldız"),
    ("Nguyễn Thị", "Ánh"),
    ("Žygimantas", "Kęstutis"),
    ("Þórdís", "Guðmundsdóttir"),
    ("Анастасия", "Иванова"),
    ("Ευάγγελος", "Παπαδόπουλος"),
    ("محمد", "العلي"),
    ("נועה", "כהן"),
    ("Đorđe", "Petrović"),
    ("李", "小龙"),
    ("Jürgen", "Straße"),
    ("Zoe\u{308}", "Mu\u{308}ller"),
];

/// How big a demo to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    /// Pupils in grades 0–9.
    pub pupils: usize,
    /// Kindergarten children.
    pub kindergarten: usize,
}

impl DemoSize {
    /// The reference school: about 200 pupils and 40 kindergarten children.
    pub const SCHOOL: DemoSize = DemoSize {
        pupils: 200,
        kindergarten: 40,
    };
}

/// One family: guardians and their children with the links.
#[derive(Debug, Clone)]
pub struct DemoFamily {
    /// One or two guardians.
    pub guardians: Vec<GuardianInput>,
    /// Children with one link per guardian (same order).
    pub children: Vec<(ChildInput, Vec<GuardianLink>)>,
}

/// A generated school.
#[derive(Debug, Clone)]
pub struct DemoSchool {
    /// The school itself.
    pub school: SchoolInput,
    pub families: Vec<DemoFamily>,
}

impl DemoSchool {
    /// Number of children.
    pub fn child_count(&self) -> usize {
        self.families.iter().map(|f| f.children.len()).sum()
    }

    /// Number of guardians.
    pub fn guardian_count(&self) -> usize {
        self.families.iter().map(|f| f.guardians.len()).sum()
    }
}

struct Generator {
    rng: StdRng,
    used_cprs: HashSet<String>,
    today: NaiveDate,
}

impl Generator {
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.random_range(0..list.len())]
    }

    /// A CPR number for `birth` of the given gender, valid by R30 and unique here.
    fn cpr(&mut self, birth: NaiveDate, female: bool) -> String {
        let yy = birth.year() % 100;
        let century_digit = if birth.year() >= 2000 {
            4
        } else {
            self.rng.random_range(0..=3)
        };
        let base = format!("{:02}{:02}{:02}", birth.day(), birth.month(), yy);
        loop {
            let serial = self.rng.random_range(0..100);
            let mut digits: Vec<u32> = format!("{base}{century_digit}{serial:02}")
                .chars()
                .filter_map(|c| c.to_digit(10))
                .collect();
            let weights = [4, 3, 2, 7, 6, 5, 4, 3, 2];
            let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
            let check = (11 - sum % 11) % 11;
            // About one in twenty is issued without a valid check digit (R30, since 2007).
            if check == 10 {
                continue; // no valid check digit for this serial: take another
            }
            let last = if self.rng.random_ratio(1, 20) {
                self.rng.random_range(0..10)
            } else {
                check
            };
            if (last % 2 == 0) != female {
                continue;
            }
            digits.push(last);
            let text: String = digits
                .iter()
                .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                .collect();
            let formatted = format!("{}-{}", &text[..6], &text[6..]);
            if self.used_cprs.insert(formatted.clone()) {
                return formatted;
            }
        }
    }

    fn birth_in_year(&mut self, year: i32) -> NaiveDate {
        let ordinal = self.rng.random_range(1..=365);
        NaiveDate::from_yo_opt(year, ordinal)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 6, 1).expect("valid"))
    }

    fn address(&mut self) -> (String, &'static str, &'static str) {
        let street = format!("{} {}", self.pick(STREETS), self.rng.random_range(1..120));
        let (code, town) = TOWNS[self.rng.random_range(0..TOWNS.len())];
        (street, code, town)
    }

    fn guardian(
        &mut self,
        female: bool,
        last_name: &str,
        home: &(String, &str, &str),
    ) -> GuardianInput {
        let first = if female {
            self.pick(WOMEN)
        } else {
            self.pick(MEN)
        };
        let birth_year = self.today.year() - self.rng.random_range(28..52);
        let birth = self.birth_in_year(birth_year);
        GuardianInput {
            first_name: first.to_string(),
            last_name: last_name.to_string(),
            cpr: self.cpr(birth, female),
            email: format!(
                "{}.{}{}@eksempel.dk",
                ascii(first),
                ascii(last_name),
                self.rng.random_range(1..99)
            ),
            phone: format!(
                "{}{:07}",
                self.rng.random_range(2..=9),
                self.rng.random_range(0..10_000_000)
            ),
            address: home.0.clone(),
            postal_code: home.1.to_string(),
            town: home.2.to_string(),
            address_protected: false,
        }
    }

    fn child(&mut self, last_name: &str, placement: PlacementInput, birth_year: i32) -> ChildInput {
        let female = self.rng.random_bool(0.5);
        let first = if female {
            self.pick(GIRLS)
        } else {
            self.pick(BOYS)
        };
        let birth = self.birth_in_year(birth_year).min(self.today);
        ChildInput {
            first_name: first.to_string(),
            last_name: last_name.to_string(),
            cpr: self.cpr(birth, female),
            nationality: "Dansk".into(),
            placement: Some(placement),
            ..Default::default()
        }
    }
}

/// The demo towns' municipalities (R36's count is per home municipality).
fn municipality_of(town: &str) -> &'static str {
    match town {
        "Roskilde" => "Roskilde Kommune",
        "Høje Taastrup" => "Høje-Taastrup Kommune",
        _ => "Lejre Kommune",
    }
}

fn ascii(name: &str) -> String {
    name.to_lowercase()
        .replace('æ', "ae")
        .replace('ø', "oe")
        .replace('å', "aa")
}

/// Generates a school of `size` as of `today`, the same for the same seed and date.
pub fn generate(seed: u64, size: DemoSize, today: NaiveDate) -> DemoSchool {
    let mut g = Generator {
        rng: StdRng::seed_from_u64(seed),
        used_cprs: HashSet::new(),
        today,
    };
    let year_start = dates::school_year_start(today);
    let school_start = NaiveDate::from_ymd_opt(year_start, 8, 1).expect("valid");
    // Places to hand out: pupils spread over grades 0–9, then kindergarten.
    let mut places: Vec<(PlacementInput, i32)> = (0..size.pupils)
        .map(|i| {
            let grade = (i % 10) as u8;
            let placement = PlacementInput {
                division: Some(Division::School),
                grade: Some(grade),
                sfo: grade <= 3 && i % 3 != 0,
                start_date: dates::short(school_start),
            };
            (placement, year_start - 6 - i32::from(grade))
        })
        .chain((0..size.kindergarten).map(|i| {
            let placement = PlacementInput {
                division: Some(Division::Kindergarten),
                grade: None,
                sfo: false,
                start_date: dates::short(school_start),
            };
            (placement, year_start - 3 - (i % 3) as i32)
        }))
        .collect();
    // Shuffle deterministically so siblings land in different grades.
    for i in (1..places.len()).rev() {
        let j = g.rng.random_range(0..=i);
        places.swap(i, j);
    }
    let mut families = Vec::new();
    let mut remaining = places.into_iter().peekable();
    while remaining.peek().is_some() {
        let siblings = match g.rng.random_range(0..10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let last_name = g.pick(LAST).to_string();
        let home = g.address();
        let kind = g.rng.random_range(0..10);
        let guardians = match kind {
            // A single guardian.
            0 => vec![g.guardian(true, &last_name, &home)],
            // Separated parents: two households.
            1 | 2 => {
                let other_home = g.address();
                vec![
                    g.guardian(true, &last_name, &home),
                    g.guardian(false, &last_name, &other_home),
                ]
            }
            _ => vec![
                g.guardian(true, &last_name, &home),
                g.guardian(false, &last_name, &home),
            ],
        };
        let links: Vec<GuardianLink> = guardians
            .iter()
            .enumerate()
            .map(|(i, _)| GuardianLink {
                relation: if i == 0 { "mor".into() } else { "far".into() },
                has_custody: true,
                is_payer: i == 0,
            })
            .collect();
        let children = (0..siblings)
            .filter_map(|_| remaining.next())
            .map(|(placement, birth_year)| {
                let child = ChildInput {
                    home_municipality: municipality_of(home.2).into(),
                    ..g.child(&last_name, placement, birth_year)
                };
                (child, links.clone())
            })
            .collect();
        families.push(DemoFamily {
            guardians,
            children,
        });
    }
    let school = SchoolInput {
        name: "Bøgely Friskole (demo)".into(),
        address: "Skolevej 1".into(),
        postal_code: "4000".into(),
        town: "Roskilde".into(),
        phone: "46 12 34 56".into(),
        email: "kontor@boegely-friskole.eksempel.dk".into(),
        web: "boegely-friskole.eksempel.dk".into(),
        cvr: "12345678".into(),
        divisions: vec![Division::School, Division::Sfo, Division::Kindergarten],
    };
    DemoSchool { school, families }
}

/// Writes the demo families into `db` (the school row is written by set-up).
pub fn load(db: &mut Database, demo: &DemoSchool, today: NaiveDate) -> Result<(), StoreError> {
    for family in &demo.families {
        let mut guardian_ids: Vec<Option<i64>> = vec![None; family.guardians.len()];
        for (child, links) in &family.children {
            let valid = child
                .validate(today)
                .map_err(|_| StoreError::Duplicate("demo: ugyldigt barn".into()))?;
            let mut refs = Vec::new();
            for (i, guardian) in family.guardians.iter().enumerate() {
                let reference = match guardian_ids[i] {
                    Some(id) => GuardianRef::Existing(id),
                    None => GuardianRef::New(
                        guardian
                            .validate(today)
                            .map_err(|_| StoreError::Duplicate("demo: ugyldig forælder".into()))?,
                    ),
                };
                refs.push((reference, links[i].clone()));
            }
            let child_id = db.add_child(&valid, &refs)?;
            for (i, (guardian_id, _)) in db
                .register()
                .guardian_links(child_id)?
                .into_iter()
                .enumerate()
            {
                guardian_ids[i].get_or_insert(guardian_id);
            }
        }
    }
    Ok(())
}

/// The demo school's fees (R7, R9): last year's and this year's rates, the default
/// sibling discount, fictional Betalingsservice numbers, and a few subsidies.
pub fn load_billing(db: &mut Database, today: NaiveDate) -> Result<(), StoreError> {
    use skolekontor_domain::betalingsservice::Creditor;
    use skolekontor_domain::billing::{
        BillingSettings, Rate, RateKind, Reduction, Subsidy, SubsidyKind,
    };
    use skolekontor_domain::Ore;
    let this_year = dates::school_year_start(today);
    let work = db.begin()?;
    for (year, school, sfo, kindergarten, fee) in [
        (this_year - 1, 2_950, 1_600, 2_350, 1_250),
        (this_year, 3_100, 1_650, 2_400, 1_500),
    ] {
        let from = NaiveDate::from_ymd_opt(year, 8, 1).unwrap_or(today);
        for (kind, kroner) in [
            (RateKind::School, school),
            (RateKind::Sfo, sfo),
            (RateKind::Kindergarten, kindergarten),
            (RateKind::EnrolmentFee, fee),
        ] {
            work.billing().add_rate(&Rate {
                kind,
                module: String::new(),
                amount: Ore::kroner(kroner),
                valid_from: from,
            })?;
        }
    }
    let creditor = Creditor {
        pbs_number: "01234567".into(),
        debtor_group: "00001".into(),
        data_supplier: "01234567".into(),
    };
    work.billing()
        .save_billing_settings(&BillingSettings::default(), &creditor)?;
    let from = NaiveDate::from_ymd_opt(this_year, 8, 1).unwrap_or(today);
    let pupils = work.db().admission().pupils_on(today)?;
    for (pupil, percent) in pupils.iter().step_by(40).zip([50, 75, 100, 25, 50]) {
        let friplads = Subsidy {
            id: 0,
            child_id: pupil.child_id,
            kind: SubsidyKind::Friplads,
            division: Division::School,
            reduction: Reduction::Percent(percent),
            from,
            to: None,
        };
        work.billing().add_subsidy(&friplads)?;
    }
    let kindergarten: Vec<i64> = work
        .db()
        .billing()
        .billable_children(skolekontor_domain::billing::ChargeMonth::of(today))?
        .into_iter()
        .filter(|c| {
            c.placements
                .iter()
                .any(|p| p.division == Division::Kindergarten)
        })
        .map(|c| c.child_id)
        .step_by(10)
        .collect();
    for child_id in kindergarten {
        let subsidy = Subsidy {
            id: 0,
            child_id,
            kind: SubsidyKind::MunicipalSubsidy,
            division: Division::Kindergarten,
            reduction: Reduction::Amount(Ore::kroner(1_200)),
            from,
            to: None,
        };
        work.billing().add_subsidy(&subsidy)?;
    }
    work.commit()
}

/// Class funds (R17–R20) for the 3rd and 6th grade: the parents' purpose, a
/// treasurer, 50 kr. a month agreed from 1 August, most families paying on the 5th,
/// and an expense in October when the fund can afford it.
pub fn load_class_funds(db: &mut Database, today: NaiveDate) -> Result<(), StoreError> {
    use skolekontor_domain::class_fund::{
        cohort_of, first_shortfall, members, Contribution, EntryKind, LedgerEntry, ValidClassFund,
        ValidFundEntry,
    };
    use skolekontor_domain::Ore;
    let year = dates::school_year_start(today);
    let began = NaiveDate::from_ymd_opt(year, 8, 1).unwrap_or(today);
    let rows = db.class_fund().school_rows()?;
    let funds = [
        (
            3,
            "Udflugter, klassefester og et bidrag til lejrskolen i 6. klasse.",
            "Bowling og pizza",
            1_450,
        ),
        (
            6,
            "Lejrskole på Bornholm i maj og afslutningsfesten i juni.",
            "Depositum, lejrskole",
            2_000,
        ),
    ];
    for (grade, purpose, expense, kroner) in funds {
        let cohort = cohort_of(grade, year);
        let class: Vec<_> = members(&rows, cohort)
            .into_iter()
            .filter(|m| m.last_day.is_none_or(|end| end >= today))
            .collect();
        let Some(first) = class.first() else { continue };
        let treasurer = db
            .class_fund()
            .guardian_names(&[first.child_id])?
            .first()
            .map(|(_, id, _)| *id);
        let contribution = Some(Contribution {
            valid_from: began,
            monthly: Ore::kroner(50),
        });
        db.save_class_fund(
            &ValidClassFund {
                cohort,
                purpose: purpose.into(),
                treasurer_guardian_id: treasurer,
                contribution,
            },
            began,
        )?;
        let paydays = std::iter::successors(Some(began), |d| {
            d.checked_add_months(chrono::Months::new(1))
        })
        .map(|d| d + chrono::Days::new(4))
        .take_while(|d| *d <= today);
        for (month, day) in paydays.enumerate() {
            for member in class
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + month) % 6 != 5)
                .map(|(_, m)| m)
            {
                let text = format!(
                    "Indbetaling {}",
                    dates::long(day).split(' ').nth(1).unwrap_or_default()
                );
                db.add_fund_entry(&ValidFundEntry {
                    cohort,
                    kind: EntryKind::Deposit,
                    date: day,
                    amount: Ore::kroner(50),
                    text,
                    receipt: String::new(),
                    child_id: Some(member.child_id),
                })?;
            }
        }
        let day = NaiveDate::from_ymd_opt(year, 10, 20).unwrap_or(today);
        let spend = ValidFundEntry {
            cohort,
            kind: EntryKind::Expense,
            date: day,
            amount: Ore::kroner(kroner),
            text: expense.into(),
            receipt: "Bilag 1".into(),
            child_id: None,
        };
        let mut ledger: Vec<LedgerEntry> = db
            .class_fund()
            .class_fund_entries(cohort)?
            .into_iter()
            .map(|e| e.entry)
            .collect();
        ledger.push(LedgerEntry {
            id: i64::MAX,
            date: day,
            kind: EntryKind::Expense,
            amount: spend.amount,
            child_id: None,
            cancelled: false,
        });
        if day <= today && first_shortfall(&ledger).is_none() {
            db.add_fund_entry(&spend)?;
        }
    }
    Ok(())
}

/// The demo school's other users (same password as the headteacher): the secretary,
/// the 3rd grade's class teacher and the kindergarten leader.
pub fn load_users(db: &mut Database, password_hash: &str) -> Result<(), StoreError> {
    let users = [
        ("sekretaer", "Susanne Sekretær", Role::Secretary, None),
        (
            "laerer3",
            "Lars Klasselærer",
            Role::Staff,
            Some(StaffScope::Class { grade: 3 }),
        ),
        (
            "bornehave",
            "Bente Børnehaveleder",
            Role::Staff,
            Some(StaffScope::Kindergarten),
        ),
    ];
    for (username, full_name, role, scope) in users {
        db.insert_user(
            username,
            &UserProfile {
                full_name: full_name.into(),
                role,
                scope,
                active: true,
            },
            password_hash,
        )?;
    }
    Ok(())
}

/// Terms versions and a waiting list: grade-0 applicants for next school year (some
/// siblings of pupils), two for other grades (R4) and two for the kindergarten.
pub fn load_admissions(db: &mut Database, today: NaiveDate) -> Result<(), StoreError> {
    let year_start =
        NaiveDate::from_ymd_opt(dates::school_year_start(today), 8, 1).unwrap_or(today);
    for division in [Division::School, Division::Sfo, Division::Kindergarten] {
        db.add_terms_version(
            division,
            &format!(
                "{} – vilkår {}",
                division.danish(),
                dates::school_year_label(today)
            ),
            year_start,
        )?;
    }
    let mut rng = StdRng::seed_from_u64(DEMO_SEED + 1);
    let pupils = db.admission().pupils_on(today)?;
    let next_year = dates::school_year_start(today) + 1;
    let plan: [(Division, Option<u8>, bool); 12] = [
        (Division::School, Some(0), false),
        (Division::School, Some(0), true),
        (Division::School, Some(0), false),
        (Division::School, Some(0), false),
        (Division::School, Some(0), true),
        (Division::School, Some(0), false),
        (Division::School, Some(0), true),
        (Division::School, Some(0), false),
        (Division::School, Some(4), false),
        (Division::School, Some(6), true),
        (Division::Kindergarten, None, false),
        (Division::Kindergarten, None, true),
    ];
    for (i, (division, grade, sibling)) in plan.into_iter().enumerate() {
        let age = match grade {
            Some(g) => 6 + i32::from(g),
            None => 3,
        };
        let born = NaiveDate::from_ymd_opt(
            next_year - age,
            rng.random_range(1..=12),
            rng.random_range(1..=28),
        )
        .unwrap_or(today);
        let pupil = sibling.then(|| &pupils[rng.random_range(0..pupils.len())]);
        let last = LAST[rng.random_range(0..LAST.len())];
        let first = if rng.random_bool(0.5) { GIRLS } else { BOYS }[rng.random_range(0..20)];
        let child = ChildInput {
            first_name: first.into(),
            last_name: last.into(),
            birth_date: dates::short(born),
            ..Default::default()
        }
        .validate(today)
        .map_err(|_| StoreError::Duplicate("demo: ugyldigt barn".into()))?;
        let link = GuardianLink {
            relation: "Forælder".into(),
            has_custody: true,
            is_payer: true,
        };
        let guardian = match pupil.and_then(|p| p.custody_holders.first()) {
            Some(id) => GuardianRef::Existing(*id),
            None => GuardianRef::New(
                GuardianInput {
                    first_name: WOMEN[rng.random_range(0..WOMEN.len())].into(),
                    last_name: last.into(),
                    phone: format!("{}", rng.random_range(20_000_000..99_999_999)),
                    address: format!(
                        "{} {}",
                        STREETS[rng.random_range(0..STREETS.len())],
                        rng.random_range(1..80)
                    ),
                    postal_code: TOWNS[i % TOWNS.len()].0.into(),
                    town: TOWNS[i % TOWNS.len()].1.into(),
                    ..Default::default()
                }
                .validate(today)
                .map_err(|_| StoreError::Duplicate("demo: ugyldig forælder".into()))?,
            ),
        };
        let child_id = db.add_child(&child, &[(guardian, link)])?;
        let wanted_start = match (division, grade) {
            (Division::School, Some(0)) => NaiveDate::from_ymd_opt(next_year, 8, 1),
            (Division::School, _) => today
                .checked_add_months(chrono::Months::new(2))
                .and_then(|d| d.with_day(1)),
            _ => today
                .checked_add_months(chrono::Months::new(3))
                .and_then(|d| d.with_day(1)),
        }
        .unwrap_or(today);
        let fee_paid_on = (i % 3 != 2).then_some(today - chrono::Duration::days(30 + i as i64));
        let entry = ValidWaiting {
            child_id,
            division,
            school_year: dates::school_year_start(wanted_start),
            grade,
            wanted_start,
            fee_paid_on,
            notes: String::new(),
        };
        let work = db.begin()?;
        work.admission().add_waiting_entry(&entry)?;
        work.commit()?;
    }
    Ok(())
}

/// The demo school written as the old system's export in the import format
/// (docs/import.md): one row per child, its guardians beside it. For the import's
/// tests and benchmark, and to try the import by hand.
pub fn import_file(demo: &DemoSchool) -> Vec<u8> {
    use skolekontor_import::columns::{ChildColumn as C, Column, GuardianColumn as G};
    let columns = Column::all();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let header: Vec<String> = columns.iter().map(|c| c.header()).collect();
    writer.write_record(&header).expect("writing to memory");
    let yes_no = |yes: bool| if yes { "ja" } else { "nej" }.to_string();
    for family in &demo.families {
        for (child, links) in &family.children {
            let placement = child.placement.clone().unwrap_or_default();
            let cell = |column: &Column| match column {
                Column::Child(C::FirstName) => child.first_name.clone(),
                Column::Child(C::LastName) => child.last_name.clone(),
                Column::Child(C::Cpr) => child.cpr.clone(),
                Column::Child(C::BirthDate) => child.birth_date.clone(),
                Column::Child(C::Division) => match placement.division {
                    Some(Division::School) => "skole".into(),
                    Some(Division::Kindergarten) => "børnehave".into(),
                    _ => String::new(),
                },
                Column::Child(C::Grade) => {
                    placement.grade.map(|g| g.to_string()).unwrap_or_default()
                }
                Column::Child(C::Sfo) => yes_no(placement.sfo),
                Column::Child(C::StartDate) => placement.start_date.clone(),
                Column::Child(C::HomeMunicipality) => child.home_municipality.clone(),
                Column::Child(C::Nationality) => child.nationality.clone(),
                Column::Child(C::PreviousInstitution) => child.previous_institution.clone(),
                Column::Child(C::UniLogin) => child.uni_login.clone(),
                // The demo's families carry none of these; the import's own tests do.
                Column::Child(
                    C::SfoModule
                    | C::KindergartenGroup
                    | C::RegisteredOn
                    | C::WantedStart
                    | C::FeePaidOn,
                ) => String::new(),
                Column::Child(C::AddressProtected) => yes_no(child.address_protected),
                Column::Guardian(index, column) => {
                    let (Some(person), Some(link)) =
                        (family.guardians.get(*index), links.get(*index))
                    else {
                        return String::new();
                    };
                    match column {
                        G::FirstName => person.first_name.clone(),
                        G::LastName => person.last_name.clone(),
                        G::Cpr => person.cpr.clone(),
                        G::Email => person.email.clone(),
                        G::Phone => person.phone.clone(),
                        G::Address => person.address.clone(),
                        G::PostalCode => person.postal_code.clone(),
                        G::Town => person.town.clone(),
                        G::Relation => link.relation.clone(),
                        G::Custody => yes_no(link.has_custody),
                        G::Payer => yes_no(link.is_payer),
                        G::CustomerNumber => String::new(),
                        G::AddressProtected => yes_no(person.address_protected),
                    }
                }
            };
            let row: Vec<String> = columns.iter().map(cell).collect();
            writer.write_record(&row).expect("writing to memory");
        }
    }
    writer.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use skolekontor_domain::Cpr;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_school() {
        let a = generate(7, DemoSize::SCHOOL, today());
        let b = generate(7, DemoSize::SCHOOL, today());
        let names = |s: &DemoSchool| {
            s.families
                .iter()
                .flat_map(|f| f.children.iter().map(|c| c.0.cpr.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&generate(8, DemoSize::SCHOOL, today())));
    }

    #[test]
    fn r30_every_generated_cpr_is_valid_unique_and_mostly_passes_modulus_11() {
        let school = generate(
            DEMO_SEED,
            DemoSize {
                pupils: 2_000,
                kindergarten: 400,
            },
            today(),
        );
        let mut cprs: Vec<String> = Vec::new();
        for family in &school.families {
            cprs.extend(family.guardians.iter().map(|g| g.cpr.clone()));
            cprs.extend(family.children.iter().map(|c| c.0.cpr.clone()));
        }
        let parsed: Vec<Cpr> = cprs
            .iter()
            .map(|c| Cpr::parse(c, today()).expect("valid"))
            .collect();
        let unique: HashSet<&String> = cprs.iter().collect();
        assert_eq!(unique.len(), cprs.len());
        let passing = parsed.iter().filter(|c| c.passes_modulus11()).count();
        assert!(
            passing * 10 > parsed.len() * 9,
            "{passing} of {}",
            parsed.len()
        );
        assert!(
            passing < parsed.len(),
            "some fail modulus 11, as real ones may"
        );
    }

    #[test]
    fn pupils_are_the_age_of_their_grade() {
        let school = generate(DEMO_SEED, DemoSize::SCHOOL, today());
        for (child, _) in school.families.iter().flat_map(|f| &f.children) {
            let valid = child.validate(today()).unwrap();
            let placement = valid.placement.unwrap();
            let age = Cpr::parse(&child.cpr, today())
                .unwrap()
                .age_on(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
            match placement.grade {
                Some(grade) => assert_eq!(age, 6 + i32::from(grade), "grade {grade}"),
                None => assert!((3..=5).contains(&age), "kindergarten age {age}"),
            }
        }
    }
}
