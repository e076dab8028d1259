//! The international school (R38, issue 33): the demo school with a class of children
//! whose names come from ten alphabets and spellings (`demo::INTERNATIONAL_NAMES`),
//! and guardians whose names a spreadsheet would run as formulas, through search,
//! every list in every format, the contracts, a charge run with its 0601 file, the
//! e-mails to the families, the 5 September count, the data export and the import —
//! on the real encrypted file with the real keyring.

mod common;

use std::collections::BTreeMap;

use common::*;
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::demo::INTERNATIONAL_NAMES;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::betalingsservice::check_0601;
use skolekontor_app::domain::lists::{ListFilter, ListKind, ListRequest};
use skolekontor_app::domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_app::domain::school::Division;
use skolekontor_app::lists::ListFormat;
use skolekontor_app::mail::ContractMailRequest;
use skolekontor_app::register::{NewChild, NewGuardian, SEARCH_LIMIT};
use skolekontor_app::test_smtp::TestSmtpServer;
use skolekontor_app::Office;

/// Guardian names a spreadsheet would run: each family's first guardian has one.
const FORMULA_NAMES: &[&str] = &[
    "=HYPERLINK(\"http://angriber.example\";\"Klik her\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
];

/// The grade the international class is in.
const GRADE: u8 = 4;

fn child_of(n: usize, first: &str, last: &str) -> NewChild {
    let guardian = |first_name: String, payer: bool| NewGuardian {
        existing_id: None,
        person: GuardianInput {
            first_name,
            last_name: last.to_string(),
            phone: format!("+45 20 30 40 {:02}", n),
            email: format!("familie{n}@eksempel.dk"),
            address: format!("Łąkowa {n}"),
            postal_code: "4000".into(),
            town: "Roskilde".into(),
            ..Default::default()
        },
        link: GuardianLink {
            relation: "forælder".into(),
            has_custody: true,
            is_payer: payer,
        },
        move_open_balance: None,
    };
    NewChild {
        child: ChildInput {
            first_name: first.to_string(),
            last_name: last.to_string(),
            birth_date: format!("{:02}-03-2016", n + 1),
            placement: Some(PlacementInput {
                division: Some(Division::School),
                grade: Some(GRADE),
                sfo: n % 2 == 0,
                start_date: "01-08-2026".into(),
            }),
            ..Default::default()
        },
        guardians: vec![
            guardian(FORMULA_NAMES[n % FORMULA_NAMES.len()].to_string(), true),
            guardian(format!("Forælder {first}"), false),
        ],
    }
}

/// The demo school on 20 August 2026 with the international class added; the ids of
/// its children by their (stored) first names.
fn international_school(fixture: &Fixture) -> (Office, BTreeMap<String, i64>) {
    on("2026-08-20");
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    finish_second_factor(&mut office, done);
    let mut ids = BTreeMap::new();
    for (n, (first, last)) in INTERNATIONAL_NAMES.iter().enumerate() {
        let id = office
            .register()
            .add_child(child_of(n, first, last))
            .unwrap()
            .id;
        let stored = office.register().child(id).unwrap().first_name;
        ids.insert(stored, id);
    }
    (office, ids)
}

fn class_request(kind: ListKind) -> ListRequest {
    ListRequest {
        kind,
        filter: ListFilter {
            grade: Some(GRADE),
            ..ListFilter::default()
        },
        sort: None,
    }
}

/// Every cell of a CSV file the program wrote, read back with a CSV reader the way
/// Danish Excel splits it.
fn csv_cells(bytes: &[u8]) -> Vec<String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    reader
        .records()
        .flat_map(|record| {
            record
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A cell a spreadsheet would run as a formula (a plain number is a number).
fn is_formula(cell: &str) -> bool {
    let plain_number = cell.strip_prefix('-').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    });
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number
}

/// Opens CSV files in a real spreadsheet program (LibreOffice Calc, headless, reading
/// `;`-separated UTF-8 as Danish Excel does) and returns every formula it made of
/// them, read back from the workbooks it saved; and the text of every cell.
fn opened_in_a_spreadsheet(files: &[(String, Vec<u8>)]) -> (Vec<String>, Vec<String>) {
    use calamine::{Reader, Xlsx};
    let folder = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for (n, (_, bytes)) in files.iter().enumerate() {
        let name = format!("liste{n}.csv");
        std::fs::write(folder.path().join(&name), bytes).unwrap();
        names.push(name);
    }
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:59,34,76,1",
            "--outdir",
        ])
        .arg(folder.path().join("xlsx"))
        .args(&names)
        .current_dir(folder.path())
        .output()
        .expect("LibreOffice Calc (make test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut formulas, mut cells) = (Vec::new(), Vec::new());
    for name in &names {
        let path = folder
            .path()
            .join("xlsx")
            .join(name.replace(".csv", ".xlsx"));
        let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let sheet = book.sheet_names()[0].clone();
        formulas.extend(
            book.worksheet_formula(&sheet)
                .unwrap()
                .used_cells()
                .map(|(_, _, f)| f.clone())
                .filter(|f| !f.is_empty()),
        );
        cells.extend(
            book.worksheet_range(&sheet)
                .unwrap()
                .used_cells()
                .map(|(_, _, c)| c.to_string()),
        );
    }
    assert_eq!(names.len(), files.len());
    (formulas, cells)
}

fn assert_no_formula(what: &str, bytes: &[u8]) {
    let cells = csv_cells(bytes);
    assert!(!cells.is_empty(), "{what}: no cells");
    let formulas: Vec<&String> = cells.iter().filter(|c| is_formula(c)).collect();
    assert!(formulas.is_empty(), "{what}: {formulas:?}");
}

#[test]
fn r38_every_name_is_found_by_any_part_of_it_and_by_its_latin_spelling() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, ids) = international_school(&fixture);
    // Stored in one form: the name typed with combining marks is stored composed.
    assert!(ids.contains_key("Zo\u{eb}") && !ids.contains_key("Zoe\u{308}"));
    let mut searches = 0;
    for (name, id) in &ids {
        let letters: Vec<char> = name.chars().collect();
        for start in 0..letters.len() {
            for end in start + 1..=letters.len() {
                let typed: String = letters[start..end].iter().collect();
                let found = office.register().search(&typed, false).unwrap();
                searches += 1;
                // A letter or two may match more children than a search shows.
                if !typed.trim().is_empty() && found.children.len() < SEARCH_LIMIT {
                    assert!(
                        found.children.iter().any(|c| c.id == *id),
                        "{typed:?} does not find {name}"
                    );
                }
            }
        }
    }
    for (typed, first) in [
        ("mikolaj", "Mikołaj"),
        ("Mikołaj Wiśniewski", "Mikołaj"),
        ("sevval yildiz", "Şevval"),
        ("thordis", "Þórdís"),
        ("dorde", "Đorđe"),
        ("Zoë Müller", "Zo\u{eb}"),
        ("Zoe\u{308}", "Zo\u{eb}"),
    ] {
        let found = office.register().search(typed, false).unwrap();
        assert!(
            found.children.iter().any(|c| c.id == ids[first]),
            "{typed} does not find {first}"
        );
    }
    assert!(searches > 50, "{searches} searches");
}

#[test]
fn r38_every_list_in_every_format_prints_the_names_and_no_cell_is_a_formula() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, _) = international_school(&fixture);
    let (mut files, mut csv_files) = (0, Vec::new());
    for kind in ListKind::ALL {
        for format in [ListFormat::Pdf, ListFormat::Xlsx, ListFormat::Csv] {
            let file = office
                .lists()
                .list_file(class_request(kind), format)
                .unwrap_or_else(|e| panic!("{kind:?} {format:?}: {e}"));
            files += 1;
            match format {
                ListFormat::Csv => {
                    assert_no_formula(&file.file_name, &file.bytes);
                    csv_files.push((file.file_name.clone(), file.bytes.clone()));
                }
                ListFormat::Pdf if kind == ListKind::Class => {
                    let text = text_of(&file.bytes);
                    for name in [
                        "Mikołaj",
                        "Wiśniewski",
                        "Анастасия",
                        "Ευάγγελος",
                        "Þórdís",
                        "Zoë",
                    ] {
                        assert!(text.contains(name), "{name} missing from the class list");
                    }
                    // No font has the Chinese name: a visible mark stands for it.
                    assert!(text.contains('\u{FFFD}'), "no replacement mark: {text}");
                }
                _ => {}
            }
        }
    }
    assert_eq!(files, ListKind::ALL.len() * 3);
    // LibreOffice runs where the tests run on Linux; under Wine the reader above checks.
    if cfg!(target_os = "linux") {
        let (formulas, cells) = opened_in_a_spreadsheet(&csv_files);
        assert!(
            formulas.is_empty(),
            "the spreadsheet made formulas: {formulas:?}"
        );
        assert!(
            cells.iter().any(|c| c.contains("=HYPERLINK")),
            "the name reached it as text"
        );
        assert!(cells.iter().any(|c| c.contains("Mikołaj")));
    }

    let class = office
        .lists()
        .list_file(class_request(ListKind::Class), ListFormat::Csv)
        .unwrap();
    let cells = csv_cells(&class.bytes);
    assert!(cells.iter().any(|c| c.contains("Mikołaj Wiśniewski")));
    assert!(
        cells.iter().any(|c| c.contains("'=HYPERLINK")),
        "the hostile name is kept, as text"
    );
}

#[test]
fn r38_contracts_the_0601_file_the_mails_the_count_and_the_export_take_every_name() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, ids) = international_school(&fixture);

    // Contracts print the names in full.
    for (name, id) in &ids {
        let pdf = office
            .documents()
            .document(DocumentRequest::ParentContract { child_id: *id })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = text_of(&pdf.bytes);
        // Under Windows the PDF is read back with lopdf, which gives right-to-left
        // text in the order it is drawn (poppler gives it in reading order).
        let right_to_left = name.chars().any(|c| ('\u{0590}'..='\u{06FF}').contains(&c));
        if name != "李" && !(cfg!(windows) && right_to_left) {
            assert!(
                text.contains(name.as_str()),
                "{name} missing from its contract"
            );
        }
    }

    // The charge run: the bank's file is Latin-1, so the names are spelled in Latin.
    let issued = office.billing().issue_charges("2026-09").unwrap();
    let file = office
        .billing()
        .delivery_file(issued.run_id.unwrap())
        .unwrap();
    check_0601(&file.bytes).unwrap();
    let latin1: String = file.bytes.iter().map(|&b| char::from(b)).collect();
    assert!(latin1.contains("Mikolaj, skolepenge september 2026"));
    assert!(
        !latin1.contains('?'),
        "no letter became a question mark: {}",
        latin1
            .lines()
            .filter(|l| l.contains('?'))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        latin1.contains("Anastasiia, skolepenge"),
        "Анастасия in Latin letters"
    );
    assert!(
        latin1.contains("Þórdís, skolepenge"),
        "Icelandic is Latin-1 already"
    );

    // The e-mails to the families name the children as they are written.
    let batch = office
        .mail()
        .contract_mails(ContractMailRequest { grade: Some(GRADE) })
        .unwrap();
    assert!(batch.mails.iter().any(|m| m.body.contains("Mikołaj")));

    // The 5 September count (with CPR numbers) and a guardian's data export: no
    // formula reaches a spreadsheet.
    on("2026-09-10");
    let count = office.leaving().september_count_csv(2026).unwrap();
    assert_no_formula("5. september", &count);
    assert!(String::from_utf8_lossy(&count).contains("Mikołaj"));
    let mikolaj = office.register().child(ids["Mikołaj"]).unwrap();
    let payer = mikolaj.guardians.iter().find(|g| g.link.is_payer).unwrap();
    let export = office
        .privacy()
        .data_export_csv(DataSubject::Guardian {
            id: payer.guardian_id,
        })
        .unwrap();
    assert_no_formula("dataudtræk", &export);
    if cfg!(target_os = "linux") {
        let (formulas, _) = opened_in_a_spreadsheet(&[
            ("5. september".into(), count),
            ("dataudtræk".into(), export),
        ]);
        assert!(formulas.is_empty(), "{formulas:?}");
    }
}

/// One header of a received message, decoded (RFC 2047).
fn header(message: &mailparse::ParsedMail, name: &str) -> String {
    message
        .headers
        .iter()
        .find(|h| h.get_key().eq_ignore_ascii_case(name))
        .map(|h| h.get_value())
        .unwrap_or_default()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "the test's SMTP server is Debian's python3-aiosmtpd, which a Windows test process cannot start"
)]
fn r38_the_mails_carry_every_name_on_the_wire() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let server = TestSmtpServer::start(SMTP_USER, SMTP_PASSWORD, 0);
    let fixture = Fixture::new();
    let (mut office, ids) = international_school(&fixture);
    office
        .mail()
        .save_mail_settings(smtp_settings(server.port, SMTP_PASSWORD))
        .unwrap();
    let batch = office
        .mail()
        .contract_mails(ContractMailRequest { grade: Some(GRADE) })
        .unwrap();
    let mailer = office.mail().mailer().unwrap();
    for mail in &batch.mails {
        mailer
            .send(mail)
            .unwrap_or_else(|e| panic!("{}: {e}", mail.family));
    }
    let received = server.received();
    assert_eq!(received.len(), batch.mails.len(), "every family's e-mail");
    let mut names_seen = 0;
    for raw in &received {
        assert!(raw.is_ascii(), "every header and part is 7-bit on the wire");
        let id = |m: &[u8]| header(&mailparse::parse_mail(m).unwrap(), "Message-ID");
        assert_eq!(
            received.iter().filter(|m| id(m) == id(raw)).count(),
            1,
            "each message its own id"
        );
        let message = mailparse::parse_mail(raw).unwrap();
        let subject = header(&message, "Subject");
        assert!(
            header(&message, "Message-ID").ends_with("@boegely-friskole.dk>")
                && !header(&message, "Date").is_empty(),
            "every message has its id in the school's domain, and a date"
        );
        let mail = batch
            .mails
            .iter()
            .find(|m| m.subject == subject)
            .unwrap_or_else(|| panic!("no e-mail was sent with the subject {subject:?}"));
        let to = mailparse::addrparse_header(
            message
                .headers
                .iter()
                .find(|h| h.get_key() == "To")
                .unwrap(),
        )
        .unwrap();
        let got: Vec<(String, String)> = to
            .iter()
            .flat_map(|address| match address {
                mailparse::MailAddr::Single(single) => vec![single.clone()],
                mailparse::MailAddr::Group(group) => group.addrs.clone(),
            })
            .map(|single| (single.display_name.unwrap_or_default(), single.addr))
            .collect();
        assert_eq!(got, mail.recipients, "names and addresses as written");
        let body = message.subparts[0].get_body().unwrap();
        assert_eq!(body.replace("\r\n", "\n").trim_end(), mail.body.trim_end());
        let attachment = message.subparts[1].get_content_disposition();
        assert_eq!(
            attachment.params.get("filename"),
            Some(&mail.attachment_name),
            "the attachment's file name"
        );
        names_seen += ids
            .keys()
            .filter(|first| subject.contains(*first) && body.contains(*first))
            .count();
    }
    assert!(
        batch.mails.iter().any(|m| m.subject.contains("Mikołaj")),
        "Mikołaj's family is written to"
    );
    assert_eq!(
        names_seen,
        ids.len(),
        "every child's name (as stored) read back from the wire"
    );
}

#[test]
fn r38_an_import_file_with_names_from_every_alphabet_is_read_and_stored_as_written() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    on("2026-08-20");
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    finish_second_factor(&mut office, done);

    // The program's own template, one row per name.
    let template = String::from_utf8(skolekontor_import::columns::template_csv()).unwrap();
    let mut lines = template.lines();
    let header = lines.next().unwrap();
    let example = lines.next().unwrap();
    let mut file = format!("{header}\n");
    for (n, (first, last)) in INTERNATIONAL_NAMES.iter().enumerate() {
        let row = example
            .replace("Ida", first)
            .replace("Skov", last)
            .replace("hanne@", &format!("hanne{n}@"));
        file.push_str(&row);
        file.push('\n');
    }
    let path = fixture.dir.path().join("elever.csv");
    std::fs::write(&path, file).unwrap();
    let path = path.display().to_string();
    let preview = office.import().preview_import(&path).unwrap();
    assert_eq!(preview.children, INTERNATIONAL_NAMES.len(), "{preview:?}");
    office
        .import()
        .import_register(&path, &preview.fingerprint)
        .unwrap();
    let found = office.register().search("Wiśniewski", false).unwrap();
    assert_eq!(found.children.len(), 1);
    assert_eq!(found.children[0].first_name, "Mikołaj");
    let found = office.register().search("Müller", false).unwrap();
    assert_eq!(found.children[0].first_name, "Zo\u{eb}", "stored composed");
}
