//! Navne- og adressebeskyttelse (R37, issue 33): a marked guardian's or child's address
//! stays on the office's screen and reaches nothing anyone else receives — tried on
//! every path that prints or sends an address (parent contract with the other parent's
//! copy, enrolment form, a class's contracts, every list in every format, the
//! contracts by e-mail), and on every path that sets the mark (the form, a later edit,
//! the child's own mark, an import). On the real encrypted file with the real keyring.

mod common;

use common::*;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::consent::Decision;
use skolekontor_app::domain::lists::{ListFilter, ListKind, ListRequest};
use skolekontor_app::domain::register::{ChildInput, GuardianInput, GuardianLink, PlacementInput};
use skolekontor_app::domain::school::Division;
use skolekontor_app::lists::ListFormat;
use skolekontor_app::mail::ContractMailRequest;
use skolekontor_app::register::{NewChild, NewGuardian};
use skolekontor_app::Office;

const GRADE: u8 = 6;
/// The protected home: it must never leave the office.
const HIDDEN_STREET: &str = "Skjulevej 17";
const HIDDEN_POSTCODE: &str = "6270";
/// The other parent's home, which may.
const OPEN_STREET: &str = "Åbenvej 3";

fn parent(
    first: &str,
    street: &str,
    postal_code: &str,
    protected: bool,
    payer: bool,
) -> NewGuardian {
    let mut parent = guardian(first, street, payer);
    parent.person.last_name = "Beskytter".into();
    parent.person.postal_code = postal_code.into();
    parent.person.town = if protected { "Tønder" } else { "Odense C" }.into();
    parent.person.address_protected = protected;
    parent
}

fn child(first: &str, protected: bool, guardians: Vec<NewGuardian>) -> NewChild {
    NewChild {
        child: ChildInput {
            first_name: first.into(),
            last_name: "Beskytter".into(),
            birth_date: "14-02-2014".into(),
            address_protected: protected,
            placement: Some(PlacementInput {
                division: Some(Division::School),
                grade: Some(GRADE),
                sfo: false,
                start_date: "01-08-2026".into(),
            }),
            ..Default::default()
        },
        guardians,
    }
}

/// The family says yes to its contact details on the class's contact list (R23), so
/// the list has the family to print.
fn share_contact(office: &mut Office, child_id: i64) {
    answer_consent(
        office,
        child_id,
        |t| t.covers_contact_sharing,
        Decision::Given,
        "20-08-2026",
    );
}

/// The demo school with a child of two homes, the mother's protected.
fn school(fixture: &Fixture, mother_protected: bool, child_protected: bool) -> (Office, i64) {
    on("2026-08-20");
    let mut office = fixture.office();
    let done = office.set_up_demo().unwrap();
    finish_second_factor(&mut office, done);
    let id = office
        .register()
        .add_child(child(
            "Sigrid",
            child_protected,
            vec![
                parent(
                    "Maja",
                    HIDDEN_STREET,
                    HIDDEN_POSTCODE,
                    mother_protected,
                    true,
                ),
                parent("Mads", OPEN_STREET, "5000", false, false),
            ],
        ))
        .unwrap()
        .id;
    share_contact(&mut office, id);
    (office, id)
}

fn class(kind: ListKind) -> ListRequest {
    ListRequest {
        kind,
        filter: ListFilter {
            grade: Some(GRADE),
            ..ListFilter::default()
        },
        sort: None,
    }
}

/// Every text of a list file, whatever its format.
fn list_text(format: ListFormat, bytes: &[u8]) -> String {
    match format {
        ListFormat::Pdf => text_of(bytes),
        ListFormat::Csv => String::from_utf8(bytes.to_vec()).unwrap(),
        ListFormat::Xlsx => {
            use calamine::{Reader, Xlsx};
            let mut book: Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
            let sheet = book.sheet_names()[0].clone();
            book.worksheet_range(&sheet)
                .unwrap()
                .used_cells()
                .map(|(_, _, c)| c.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

fn assert_hidden(what: &str, text: &str) {
    assert!(
        !text.contains(HIDDEN_STREET) && !text.contains("Skjulevej"),
        "{what} prints the protected address"
    );
}

/// Every paper and file about the class: what each carries.
fn everything_printed(office: &mut Office, child_id: i64) -> Vec<(String, String)> {
    let mut printed = Vec::new();
    for request in [
        DocumentRequest::ParentContract { child_id },
        DocumentRequest::PupilContract { child_id },
        DocumentRequest::EnrolmentForm {
            child_id: Some(child_id),
        },
        DocumentRequest::ClassContracts { grade: GRADE },
    ] {
        let name = format!("{request:?}");
        let pdf = office.documents().document(request).unwrap();
        printed.push((name, text_of(&pdf.bytes)));
    }
    for kind in ListKind::ALL {
        for format in [ListFormat::Pdf, ListFormat::Xlsx, ListFormat::Csv] {
            let file = office.lists().list_file(class(kind), format).unwrap();
            printed.push((
                format!("{kind:?} {format:?}"),
                list_text(format, &file.bytes),
            ));
        }
    }
    let batch = office
        .mail()
        .contract_mails(ContractMailRequest { grade: Some(GRADE) })
        .unwrap();
    let mail = batch
        .mails
        .iter()
        .find(|m| m.family.contains("Sigrid"))
        .expect("the family has e-mail");
    printed.push(("the e-mail's text".into(), mail.body.clone()));
    printed.push(("the e-mail's contract".into(), text_of(&mail.attachment)));
    printed
}

#[test]
fn r37_a_protected_parent_s_address_reaches_no_paper_list_or_e_mail() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, id) = school(&fixture, true, false);

    // The office's own screen still has it.
    let detail = office.register().child(id).unwrap();
    let mother = &detail.guardians[0];
    assert!(mother.address_protected && mother.home_protected);
    assert_eq!(mother.home.street, HIDDEN_STREET);
    assert!(detail.households.iter().any(|h| h.protected));

    let printed = everything_printed(&mut office, id);
    assert_eq!(printed.len(), 4 + ListKind::ALL.len() * 3 + 2);
    for (what, text) in &printed {
        assert_hidden(what, text);
    }
    // The other parent's copy names the mother without her address, and keeps his own.
    let contract = &printed[0].1;
    assert!(contract.contains("Maja Beskytter") && contract.contains("Adressebeskyttet"));
    assert!(
        contract.contains(OPEN_STREET),
        "the open address is printed"
    );
    let contact = &printed
        .iter()
        .find(|(what, _)| what == "Contact Csv")
        .unwrap()
        .1;
    assert!(contact.contains("Adressebeskyttet"), "{contact}");
    // Labels: the father's home has one, the mother's none.
    let labels = &printed
        .iter()
        .find(|(what, _)| what == "AddressLabels Csv")
        .unwrap()
        .1;
    assert!(labels.contains(OPEN_STREET));
}

#[test]
fn r37_the_mark_set_later_a_child_s_own_mark_and_an_unmarked_home_behave_as_marked() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, id) = school(&fixture, false, false);

    // Without a mark, the address is printed: the check above can fail.
    let text = text_of(
        &office
            .documents()
            .document(DocumentRequest::ParentContract { child_id: id })
            .unwrap()
            .bytes,
    );
    assert!(text.contains(HIDDEN_STREET));

    // Marked later, on the guardian's own form.
    let detail = office.register().child(id).unwrap();
    let mother = &detail.guardians[0];
    let form = GuardianInput {
        first_name: mother.first_name.clone(),
        last_name: mother.last_name.clone(),
        cpr: mother.cpr.clone().unwrap_or_default(),
        email: mother.email.clone().unwrap_or_default(),
        phone: mother.phone.clone().unwrap_or_default(),
        address: mother.home.street.clone(),
        postal_code: mother.home.postal_code.clone(),
        town: mother.home.town.clone(),
        address_protected: true,
    };
    office
        .register()
        .update_guardian(mother.guardian_id, form.clone())
        .unwrap();
    for (what, text) in everything_printed(&mut office, id) {
        assert_hidden(&what, &text);
    }
    // Unmarked again: printed again.
    office
        .register()
        .update_guardian(
            mother.guardian_id,
            GuardianInput {
                address_protected: false,
                ..form
            },
        )
        .unwrap();
    let list = office
        .lists()
        .list_file(class(ListKind::Contact), ListFormat::Csv)
        .unwrap();
    assert!(list_text(ListFormat::Csv, &list.bytes).contains(HIDDEN_STREET));

    // The child's own mark withholds every home of its parents: the register does
    // not say at which the child lives.
    let mut input = child_input_of(&office.register().child(id).unwrap());
    input.address_protected = true;
    office.register().update_child(id, input).unwrap();
    let detail = office.register().child(id).unwrap();
    assert!(detail.address_protected);
    assert!(detail.guardians.iter().all(|g| g.home_protected));
    for (what, text) in everything_printed(&mut office, id) {
        assert_hidden(&what, &text);
        assert!(
            !text.contains(OPEN_STREET),
            "{what} prints a protected child's home"
        );
    }
}

#[test]
fn r37_a_sibling_s_papers_do_not_give_away_the_home_of_a_protected_child() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, id) = school(&fixture, false, true);
    // A half-sibling in another class shares the father, and is not marked.
    let father = office.register().child(id).unwrap().guardians[1].guardian_id;
    let sibling = office
        .register()
        .add_child(NewChild {
            child: ChildInput {
                first_name: "Ebbe".into(),
                last_name: "Beskytter".into(),
                birth_date: "03-05-2017".into(),
                placement: Some(PlacementInput {
                    division: Some(Division::School),
                    grade: Some(3),
                    sfo: false,
                    start_date: "01-08-2026".into(),
                }),
                ..Default::default()
            },
            guardians: vec![NewGuardian {
                existing_id: Some(father),
                person: GuardianInput::default(),
                link: GuardianLink {
                    relation: "far".into(),
                    has_custody: true,
                    is_payer: true,
                },
                move_open_balance: None,
            }],
        })
        .unwrap()
        .id;
    let contract = text_of(
        &office
            .documents()
            .document(DocumentRequest::ParentContract { child_id: sibling })
            .unwrap()
            .bytes,
    );
    assert!(contract.contains("Ebbe") && !contract.contains(OPEN_STREET));
    let mut request = class(ListKind::Register);
    request.filter.grade = Some(3);
    let register = office.lists().list_file(request, ListFormat::Csv).unwrap();
    let text = list_text(ListFormat::Csv, &register.bytes);
    assert!(
        text.contains("Ebbe") && !text.contains(OPEN_STREET),
        "{text}"
    );
}

#[test]
fn r37_an_import_file_carries_the_mark_in_and_out() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let (mut office, _) = school(&fixture, false, false);
    let file = fixture.dir.path().join("elever.csv");
    std::fs::write(
        &file,
        format!(
            "Barn fornavn;Barn efternavn;Barn fødselsdato;Afdeling;Klassetrin;Startdato;\
             Forælder 1 fornavn;Forælder 1 efternavn;Forælder 1 adresse;Forælder 1 postnummer;\
             Forælder 1 by;Forælder 1 forældremyndighed;Forælder 1 betaler;Forælder 1 adressebeskyttelse\n\
             Tove;Gemt;01-02-2014;skole;{GRADE};01-08-2026;Rut;Gemt;Gemmestien 4;6270;Tønder;ja;ja;ja\n"
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let preview = office.import().preview_import(path).unwrap();
    assert_eq!(preview.children, 1, "{preview:?}");
    office
        .import()
        .import_register(path, &preview.fingerprint)
        .unwrap();
    let tove = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.first_name == "Tove")
        .unwrap()
        .id;
    assert!(office.register().child(tove).unwrap().guardians[0].address_protected);
    share_contact(&mut office, tove);
    let list = office
        .lists()
        .list_file(class(ListKind::Contact), ListFormat::Csv)
        .unwrap();
    let text = list_text(ListFormat::Csv, &list.bytes);
    assert!(
        text.contains("Rut Gemt") && !text.contains("Gemmestien"),
        "{text}"
    );

    // A value that is neither yes nor no stops the row, with the column named.
    std::fs::write(
        &file,
        "Barn fornavn;Barn efternavn;Barn adressebeskyttelse\nUlla;Uvis;måske\n",
    )
    .unwrap();
    let preview = office.import().preview_import(path).unwrap();
    assert_eq!(preview.children, 0);
    let problem = preview
        .problems
        .iter()
        .find(|p| p.column == "Barn adressebeskyttelse")
        .expect("the column is named");
    assert_eq!(problem.message, "Skriv ja eller nej.");
}
