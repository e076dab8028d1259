//! The Rust side's texts in both languages: every catalog entry has Danish and English
//! with the same placeholders, every key the code looks up exists, and with English
//! chosen a real school's refusals, field errors and store errors come back in English.
//!
//! Its own test binary (process): choosing English here cannot reach the other suites,
//! which read Danish.

mod common;

use common::*;
use skolekontor_app::language::{self, Language};
use skolekontor_app::AppError;
use skolekontor_store::StoreError;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The language and the program's day are one per process: the tests that choose
/// either take turns.
static CHOOSING: Mutex<()> = Mutex::new(());

/// The crates' folder, `src-tauri/crates`.
fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Key → (Danish, English) of one crate's `locales/texts.toml`.
fn catalog(crate_dir: &Path) -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(crate_dir.join("locales/texts.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let mut entries = BTreeMap::new();
    collect(&table, "", &mut entries);
    entries
}

fn collect(table: &toml::Table, prefix: &str, into: &mut BTreeMap<String, (String, String)>) {
    for (name, value) in table {
        let Some(inner) = value.as_table() else {
            continue;
        };
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        if inner.contains_key("da") || inner.contains_key("en") {
            let text = |code: &str| {
                inner
                    .get(code)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            into.insert(key, (text("da"), text("en")));
        } else {
            collect(inner, &key, into);
        }
    }
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("%{")
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Every `tr!("key"` in the crate's sources (the key may stand on the next line).
fn keys_used(crate_dir: &Path) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut folders = vec![crate_dir.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for (at, _) in source.match_indices("tr!(") {
                    // `tr!`, not `include_str!` or another macro ending in "tr".
                    let before = source[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let call = source[at + 4..].trim_start();
                    if let Some(rest) = call.strip_prefix('"') {
                        keys.insert(rest.split('"').next().unwrap().to_string());
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_text_has_danish_and_english_with_the_same_placeholders_and_every_key_used_exists() {
    let mut checked = 0;
    // Every crate's catalog, and the shell's (`src-tauri`: the file dialogs' titles).
    let shell = crates_dir().parent().unwrap().to_path_buf();
    let crates = std::fs::read_dir(crates_dir())
        .unwrap()
        .map(|e| e.unwrap().path());
    for dir in crates.chain([shell]) {
        if !dir.join("locales/texts.toml").exists() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let texts = catalog(&dir);
        for (key, (da, en)) in &texts {
            assert!(!da.trim().is_empty(), "{name}: {key} has no Danish text");
            assert!(!en.trim().is_empty(), "{name}: {key} has no English text");
            assert_eq!(
                placeholders(da),
                placeholders(en),
                "{name}: {key} has other placeholders in English"
            );
            // A Danish word the user must type or find (a column of the import format)
            // stands in «»; anything else with Danish letters is untranslated.
            let outside_quotes: String = en
                .split('«')
                .map(|part| part.split_once('»').map_or(part, |(_, rest)| rest))
                .collect();
            assert!(
                !outside_quotes.contains(['æ', 'ø', 'å']),
                "{name}: {key}'s English text has Danish letters: {en}"
            );
        }
        let used = keys_used(&dir);
        let missing: Vec<_> = used.iter().filter(|k| !texts.contains_key(*k)).collect();
        assert!(
            missing.is_empty(),
            "{name}: keys looked up but not in locales/texts.toml: {missing:?}"
        );
        let unused: Vec<_> = texts.keys().filter(|k| !used.contains(*k)).collect();
        assert!(
            unused.is_empty(),
            "{name}: texts no code looks up: {unused:?}"
        );
        checked += texts.len();
    }
    assert!(
        checked > 250,
        "only {checked} texts found: are the catalogs read?"
    );
}

#[test]
fn with_english_chosen_a_schools_refusals_field_errors_and_store_errors_are_english() {
    // The turn covers the whole test: others here also set the program's day.
    let _turn = CHOOSING.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let mut wrong_cpr = ida();
    wrong_cpr.child.cpr = "311326-1234".into();
    let answers = |office: &mut skolekontor_app::Office| {
        let field = match office.register().add_child(wrong_cpr.clone()) {
            Err(AppError::Validation(errors)) => errors
                .errors
                .iter()
                .find(|e| e.field.ends_with("cpr"))
                .unwrap()
                .message
                .clone(),
            other => panic!("not a field error: {other:?}"),
        };
        let refusal = office
            .privacy()
            .run_retention("not the plan shown")
            .unwrap_err()
            .reply()
            .message;
        let store = AppError::from(StoreError::DiskFull).reply().message;
        (field, refusal, store)
    };

    language::choose(Language::English);
    let english = answers(&mut office);
    language::choose(Language::Danish);
    let danish = answers(&mut office);

    assert_eq!(
        english.0,
        "The CPR number's first six digits are not a date that exists (DDMMYY)."
    );
    assert_eq!(
        danish.0,
        "CPR-nummerets første seks cifre er ikke en dato, der findes (DDMMÅÅ)."
    );
    assert!(
        english.1.starts_with("The deletion plan has changed")
            || english.1 == "There is nothing to delete today.",
        "{}",
        english.1
    );
    assert!(
        danish.1.starts_with("Sletteplanen er ændret")
            || danish.1 == "Der er intet at slette i dag.",
        "{}",
        danish.1
    );
    assert_eq!(
        english.2,
        "The disk is full, so nothing was saved. Free some space, and try again."
    );
    assert_eq!(
        danish.2,
        "Disken er fuld, så intet blev gemt. Frigør plads, og prøv igen."
    );

    // A wrong password, after logging out, in the language chosen at the login screen.
    office.log_out();
    language::choose(Language::English);
    let message = office
        .log_in("birgitte", "forkert adgangskode")
        .unwrap_err()
        .reply()
        .message;
    language::choose(Language::Danish);
    assert_eq!(message, "Wrong user name or password.");
}

/// What is handed on stays Danish with English chosen: a pupil's contract and a class
/// list's PDF, while the same list on the screen is English.
#[test]
fn with_english_chosen_printed_documents_and_list_files_stay_danish() {
    use skolekontor_app::documents::DocumentRequest;
    use skolekontor_app::domain::lists::{ListKind, ListRequest};
    use skolekontor_app::lists::ListFormat;

    let _turn = CHOOSING.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let child = office.register().add_child(ida()).unwrap().id;
    let request = ListRequest {
        kind: ListKind::Class,
        filter: Default::default(),
        sort: None,
    };

    language::choose(Language::English);
    let screen = office.lists().list_table(request.clone());
    let funds = office.class_fund().class_funds();
    let file = office.lists().list_file(request, ListFormat::Pdf);
    let contract = office
        .documents()
        .document(DocumentRequest::PupilContract { child_id: child });
    language::choose(Language::Danish);

    let screen = screen.unwrap();
    assert_eq!(screen.title, "Class list");
    assert!(
        funds.unwrap().iter().any(|f| f.class_name == "Grade 2"),
        "the class funds' page names the class in English"
    );
    assert!(screen.columns.iter().any(|c| c.title == "Date of birth"));
    assert!(
        screen.groups.iter().any(|g| g.heading == "Grade 2"),
        "{:?}",
        screen.groups.iter().map(|g| &g.heading).collect::<Vec<_>>()
    );

    let file = text_of(&file.unwrap().bytes);
    assert!(
        file.contains("Klasseliste") && file.contains("Fødselsdato") && file.contains("2. klasse"),
        "{file}"
    );
    assert!(
        !file.contains("Class list") && !file.contains("Date of birth"),
        "{file}"
    );

    let contract = text_of(&contract.unwrap().bytes);
    assert!(contract.contains("Elevkontrakt"), "{contract}");
    for english in ["Grade", "Class", "Parents", "September", "August"] {
        assert!(
            !contract.contains(english),
            "English '{english}' in the contract: {contract}"
        );
    }
}

/// The retention plan names what goes by the register's purposes, in the window's
/// language; the data export, which goes to the person, keeps them Danish.
#[test]
fn with_english_chosen_the_retention_plan_names_the_data_in_english() {
    use skolekontor_app::domain::personal_data::REGISTER;

    let fixture = Fixture::new();
    let turn = CHOOSING.lock().unwrap_or_else(|e| e.into_inner());
    let mut office = demo_school_on(&fixture, "2026-05-20");
    // Years on, the demo's waiting list is past every start it asked for (R33).
    on("2031-01-02");
    language::choose(Language::English);
    let english = office.privacy().retention_plan();
    language::choose(Language::Danish);
    let danish = office.privacy().retention_plan();
    std::env::remove_var("SKOLEKONTOR_TODAY");
    drop(turn);

    let data = |plan: skolekontor_app::retention::RetentionPlanView| -> BTreeSet<String> {
        plan.lines.into_iter().flat_map(|l| l.data).collect()
    };
    let (english, danish) = (data(english.unwrap()), data(danish.unwrap()));
    assert!(!english.is_empty(), "nothing planned on 02-01-2031");
    for purpose in &english {
        assert!(
            REGISTER.iter().any(|t| t.purpose_in_english == purpose),
            "not an English purpose: {purpose}"
        );
    }
    assert!(
        english.contains("Waiting list and admission"),
        "{english:?}"
    );
    assert!(danish.contains("Venteliste og optagelse"), "{danish:?}");
}

/// The journal on screen follows the window; its files go to the bookkeeping and stay
/// Danish. A missing account is refused in the window's language.
#[test]
fn with_english_chosen_the_journal_on_screen_is_english_and_its_files_danish() {
    use skolekontor_app::bookkeeping::{AccountInput, JournalFormat};

    let fixture = Fixture::new();
    let turn = CHOOSING.lock().unwrap_or_else(|e| e.into_inner());
    let mut office = demo_school_on(&fixture, "2026-08-20");
    office.billing().issue_charges("2026-09").unwrap();
    language::choose(Language::English);
    let missing = office
        .bookkeeping()
        .journal("2026-09", 1)
        .unwrap_err()
        .to_string();
    language::choose(Language::Danish);
    let accounts = office
        .bookkeeping()
        .chart_of_accounts()
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, row)| AccountInput {
            code: row.code,
            account: format!("{}", 1000 + i),
        })
        .collect();
    office
        .bookkeeping()
        .save_chart_of_accounts(accounts)
        .unwrap();
    language::choose(Language::English);
    let chart = office.bookkeeping().chart_of_accounts().unwrap();
    let screen = office.bookkeeping().journal("2026-09", 1);
    let file = office
        .bookkeeping()
        .journal_file("2026-09", 1, JournalFormat::Economic);
    language::choose(Language::Danish);
    std::env::remove_var("SKOLEKONTOR_TODAY");
    drop(turn);

    assert!(
        missing.starts_with("Choose an account number in the chart of accounts for: ")
            && missing.contains("School fees"),
        "{missing}"
    );
    let school = chart.iter().find(|r| r.code == "school").unwrap();
    assert_eq!(school.name, "School fees");
    let screen = screen.unwrap();
    let charges = &screen.vouchers[0];
    assert_eq!(charges.title, "Charges September 2026");
    assert!(
        charges
            .postings
            .iter()
            .any(|p| p.item == "School fees" && p.text == "School fees September 2026"),
        "{:?}",
        charges.postings
    );
    assert!(charges.notes[0].starts_with("Betalingsservice collects "));

    let file = file.unwrap();
    let csv = String::from_utf8(file.bytes).unwrap();
    assert!(csv.contains("Skolepenge september 2026"), "{csv}");
    assert!(
        !csv.contains("School fees") && !csv.contains("September"),
        "{csv}"
    );
    assert!(
        file.file_name.starts_with("Posteringsjournal"),
        "{}",
        file.file_name
    );
}
