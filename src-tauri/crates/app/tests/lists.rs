//! The office's lists through the use cases on the demo school, a real encrypted
//! file and the real keyring: the class list holds the class, the contact list only
//! the families who said yes (R23), and the same list as .xlsx (read back with a
//! real xlsx reader), CSV for Danish Excel and PDF (read back with poppler) holds
//! the same rows. Writing a list to a file is logged.

mod common;

use calamine::{Data, DataType, Reader, Xlsx};
use common::*;
use skolekontor_app::domain::audit::AuditFilter;
use skolekontor_app::domain::consent::Decision;
use skolekontor_app::domain::lists::{Cell, ListFilter, ListKind, ListRequest, ListSort};
use skolekontor_app::lists::ListFormat;
use skolekontor_app::Office;

fn request(kind: ListKind, grade: Option<u8>) -> ListRequest {
    ListRequest {
        kind,
        filter: ListFilter {
            grade,
            ..ListFilter::default()
        },
        sort: None,
    }
}

fn answer(office: &mut Office, child_id: i64, type_id: i64, decision: Decision) {
    answer_consent_type(office, child_id, type_id, decision, "01-09-2026");
}

fn third_graders(office: &mut Office) -> Vec<(i64, String)> {
    office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .filter(|c| c.grade == Some(3))
        .map(|c| (c.id, format!("{} {}", c.first_name, c.last_name)))
        .collect()
}

#[test]
fn the_class_list_holds_the_class_and_reads_back_the_same_from_xlsx_csv_and_pdf() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-12-01");
    let class = third_graders(&mut office);
    assert!(class.len() > 5, "the demo has a 3rd grade");

    let table = office
        .lists()
        .list_table(request(ListKind::Class, Some(3)))
        .unwrap();
    assert_eq!(table.title, "Klasseliste – 3. klasse");
    assert_eq!(table.groups.len(), 1);
    let mut listed: Vec<String> = table.groups[0]
        .rows
        .iter()
        .map(|r| r.cells[0].display())
        .collect();
    let mut expected: Vec<String> = class.iter().map(|(_, n)| n.clone()).collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    assert!(matches!(table.groups[0].rows[0].cells[1], Cell::Date(_)));

    // .xlsx: Danish headers, the class in the first column, birthdays as real dates.
    let file = office
        .lists()
        .list_file(request(ListKind::Class, Some(3)), ListFormat::Xlsx)
        .unwrap();
    assert_eq!(file.file_name, "Klasseliste-3-klasse-2026-12-01.xlsx");
    let mut book = Xlsx::new(std::io::Cursor::new(file.bytes)).unwrap();
    let sheet = book.worksheet_range("Klasseliste").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["Klasse", "Navn", "Fødselsdato", "SFO", "Forældre"]);
    assert_eq!(rows.len(), class.len() + 1);
    for row in &rows[1..] {
        assert_eq!(row[0].to_string(), "3. klasse");
        assert!(expected.contains(&row[1].to_string()));
        assert!(
            matches!(row[2], Data::DateTime(_)),
            "a birthday is an Excel date: {:?}",
            row[2]
        );
    }
    let first = &table.groups[0].rows[0];
    let Cell::Date(born) = first.cells[1] else {
        panic!()
    };
    let read = rows[1][2].as_date().unwrap();
    assert_eq!(read, born);

    // CSV for Danish Excel: a byte-order mark, semicolons, dd-mm-yyyy.
    let csv = office
        .lists()
        .list_file(request(ListKind::Class, Some(3)), ListFormat::Csv)
        .unwrap();
    assert!(csv.file_name.ends_with(".csv"));
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Klasse;Navn;Fødselsdato;SFO;Forældre");
    assert_eq!(lines.len(), class.len() + 1);
    assert!(lines[1].contains(&born.format("%d-%m-%Y").to_string()));

    // PDF: every pupil's name, read back with poppler.
    let pdf = office
        .lists()
        .list_file(request(ListKind::Class, Some(3)), ListFormat::Pdf)
        .unwrap();
    let printed = text_of(&pdf.bytes);
    assert!(printed.contains("Klasseliste – 3. klasse"), "{printed}");
    for name in &expected {
        assert!(printed.contains(name.as_str()), "{name} missing");
    }
    assert!(!printed.contains("CPR"));

    // Each file is in the audit log.
    let logged = office
        .audit()
        .audit_log(AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.entry.action == "list.export")
        .count();
    assert_eq!(logged, 3);
}

#[test]
fn r23_the_contact_list_shows_only_families_who_said_yes() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-12-01");
    let contact = office
        .consent()
        .consent_types()
        .unwrap()
        .into_iter()
        .find(|t| t.covers_contact_sharing)
        .expect("the default consent for sharing contact details")
        .id;
    let class = third_graders(&mut office);
    let empty = office
        .lists()
        .list_table(request(ListKind::Contact, Some(3)))
        .unwrap();
    assert_eq!(empty.row_count(), 0, "nobody has said yes yet");

    let (yes, yes_name) = class[0].clone();
    let parents_of = |office: &mut Office, id: i64| -> Vec<i64> {
        office
            .register()
            .child(id)
            .unwrap()
            .guardians
            .iter()
            .map(|g| g.guardian_id)
            .collect()
    };
    let yes_parents = parents_of(&mut office, yes);
    // A child of another family (siblings share parents, and the consent is the child's).
    let no = class
        .iter()
        .map(|(id, _)| *id)
        .find(|id| {
            !parents_of(&mut office, *id)
                .iter()
                .any(|p| yes_parents.contains(p))
        })
        .unwrap();
    answer(&mut office, yes, contact, Decision::Given);
    answer(&mut office, no, contact, Decision::Refused);
    let table = office
        .lists()
        .list_table(request(ListKind::Contact, Some(3)))
        .unwrap();
    let children: Vec<String> = table
        .groups
        .iter()
        .flat_map(|g| g.rows.iter().map(|r| r.cells[0].display()))
        .collect();
    assert_eq!(children, [yes_name]);
    let refused_parents = office.register().child(no).unwrap().guardians;
    let shown = format!("{table:?}");
    // The demo reuses names across families; the e-mail addresses are each family's own.
    for parent in refused_parents {
        let email = parent.email.expect("demo parents have e-mail");
        assert!(
            !shown.contains(&email),
            "a family that said no is on the list: {} in {shown}",
            parent.first_name
        );
    }
    // The note counts families, not children: siblings in the class are one family.
    let withheld_families: std::collections::BTreeSet<Vec<i64>> = class
        .iter()
        .filter(|(id, _)| *id != yes)
        .map(|(id, _)| {
            let mut parents = parents_of(&mut office, *id);
            parents.sort_unstable();
            parents
        })
        .collect();
    assert!(
        withheld_families.len() < class.len() - 1,
        "the demo class has siblings"
    );
    assert!(
        table
            .note
            .contains(&format!("{} familier", withheld_families.len())),
        "{}",
        table.note
    );
}

#[test]
fn the_register_sorts_by_a_column_and_labels_fill_a_3_by_7_sheet() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-12-01");
    let everyone = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .filter(|c| c.division.is_some())
        .count();
    let mut ask = request(ListKind::Register, None);
    ask.sort = Some(ListSort {
        column: 2,
        descending: true,
    });
    let table = office.lists().list_table(ask).unwrap();
    assert_eq!(table.row_count(), everyone);
    let births: Vec<_> = table.groups[0]
        .rows
        .iter()
        .filter_map(|r| match r.cells[2] {
            Cell::Date(d) => Some(d),
            _ => None,
        })
        .collect();
    assert!(births.windows(2).all(|w| w[0] >= w[1]), "youngest first");

    let labels = office
        .lists()
        .list_table(request(ListKind::AddressLabels, None))
        .unwrap();
    let homes = labels.row_count();
    assert!(homes > 21, "more than one sheet");
    let pdf = office
        .lists()
        .list_file(request(ListKind::AddressLabels, None), ListFormat::Pdf)
        .unwrap();
    let printed = text_of(&pdf.bytes);
    assert_eq!(printed.matches("(forældre til").count(), homes);
    assert!(!printed.contains("side 1 af"), "no page frame on labels");
    assert_eq!(common::page_count(&pdf.bytes), homes.div_ceil(21));
}
