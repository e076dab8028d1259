//! Consents through the use cases on the demo school, a real encrypted file and the
//! real keyring (R22, R23, R32): answers are events, a withdrawal counts from its day,
//! the stricter answer of two custody holders applies, and the staff lists follow.

mod common;

use common::*;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::consent::{
    Answerer, ConsentInput, ConsentState, ConsentTypeInput, Decision, Method,
};
use skolekontor_app::office::LoginStep;
use skolekontor_app::{AppError, Office};

fn answer(
    child_id: i64,
    type_id: i64,
    decision: Decision,
    answerer: Answerer,
    on: &str,
) -> ConsentInput {
    ConsentInput {
        child_id,
        type_id,
        decision,
        answerer,
        on: on.into(),
        method: Method::Paper,
    }
}

/// A 3rd-grade pupil with two custody holders, and the ids of both.
fn pupil_with_two_parents(office: &mut Office) -> (i64, Answerer, Answerer) {
    for child in office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .filter(|c| c.grade == Some(3))
    {
        let holders: Vec<Answerer> = office
            .consent()
            .child_consents(child.id)
            .unwrap()
            .answerers
            .into_iter()
            .map(|a| a.answerer)
            .collect();
        if let [first, second] = holders[..] {
            return (child.id, first, second);
        }
    }
    panic!("the demo has 3rd-grade pupils with two custody holders");
}

#[test]
fn r23_a_photo_consent_given_then_withdrawn_puts_the_child_on_the_list_with_both_events_in_the_history(
) {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let types = office.consent().consent_types().unwrap();
    assert_eq!(types.len(), 6, "the default list (R23)");
    let photos = types
        .iter()
        .find(|t| t.name.contains("hjemmeside"))
        .unwrap()
        .id;
    let (child, mother, father) = pupil_with_two_parents(&mut office);
    let on_list = |office: &mut Office| {
        office
            .consent()
            .consent_list(photos)
            .unwrap()
            .groups
            .iter()
            .flat_map(|g| g.children.iter().map(|c| c.child_id))
            .any(|id| id == child)
    };
    assert!(on_list(&mut office), "not asked: no consent");

    let consents = office
        .consent()
        .record_consent(answer(child, photos, Decision::Given, mother, "10-08-2026"))
        .unwrap();
    let row = consents
        .rows
        .iter()
        .find(|r| r.consent_type.id == photos)
        .unwrap();
    assert_eq!(row.state, ConsentState::Given);
    assert!(!on_list(&mut office));

    let consents = office
        .consent()
        .record_consent(answer(
            child,
            photos,
            Decision::Withdrawn,
            mother,
            "23-11-2026",
        ))
        .unwrap();
    let row = consents
        .rows
        .iter()
        .find(|r| r.consent_type.id == photos)
        .unwrap();
    assert_eq!(row.state, ConsentState::Withdrawn);
    assert!(
        row.state_text.starts_with("Trukket tilbage"),
        "{}",
        row.state_text
    );
    let history: Vec<(&str, &str)> = row
        .history
        .iter()
        .map(|h| (h.on.as_str(), h.text.as_str()))
        .collect();
    assert_eq!(history.len(), 2);
    assert!(
        history[0].0 == "10-08-2026"
            && history[0].1.starts_with("Givet af ")
            && history[0].1.contains("på papir")
            && history[0].1.contains("version 1"),
        "{history:?}"
    );
    assert!(
        history[1].0 == "23-11-2026" && history[1].1.starts_with("Trukket tilbage af "),
        "{history:?}"
    );
    assert!(on_list(&mut office), "withdrawn from today: on the list");
    let list = office.consent().consent_list(photos).unwrap();
    assert_eq!(
        list.consent_type.list_title,
        "Må ikke fotograferes til hjemmeside og sociale medier"
    );
    let listed = list
        .groups
        .iter()
        .find(|g| g.group == "3. klasse")
        .unwrap()
        .children
        .iter()
        .find(|c| c.child_id == child)
        .unwrap();
    assert!(
        listed.reason.starts_with("Trukket tilbage"),
        "{}",
        listed.reason
    );

    // The other parent disagrees on sharing contact details: the stricter answer applies.
    let contact = types
        .iter()
        .find(|t| t.name.contains("kontakt"))
        .unwrap()
        .id;
    office
        .consent()
        .record_consent(answer(
            child,
            contact,
            Decision::Given,
            mother,
            "01-09-2026",
        ))
        .unwrap();
    let consents = office
        .consent()
        .record_consent(answer(
            child,
            contact,
            Decision::Refused,
            father,
            "02-09-2026",
        ))
        .unwrap();
    let row = consents
        .rows
        .iter()
        .find(|r| r.consent_type.id == contact)
        .unwrap();
    assert_eq!((row.state, row.disagreement), (ConsentState::Refused, true));
    assert!(
        row.state_text.contains("det strengeste svar gælder"),
        "{}",
        row.state_text
    );

    // The printed list: the title and the child, no CPR numbers.
    let pdf = office
        .documents()
        .document(DocumentRequest::ConsentList { type_id: photos })
        .unwrap();
    let text = text_of(&pdf.bytes);
    let name = office.register().child(child).unwrap();
    assert!(
        text.contains("Må ikke fotograferes til hjemmeside og sociale medier")
            && text.contains(&format!("{} {}", name.first_name, name.last_name)),
        "{text}"
    );
    assert!(
        !text
            .chars()
            .collect::<Vec<_>>()
            .windows(11)
            .any(|w| w[6] == '-'
                && w.iter()
                    .enumerate()
                    .all(|(i, c)| i == 6 || c.is_ascii_digit())),
        "no CPR numbers"
    );
}

#[test]
fn bad_answers_are_refused_in_danish_and_nothing_is_recorded() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let photos = office.consent().consent_types().unwrap()[0].id;
    let (child, mother, _) = pupil_with_two_parents(&mut office);
    let refused = |result: Result<_, AppError>| match result {
        Err(AppError::Validation(errors)) => errors
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect::<Vec<_>>()
            .join(" "),
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert!(refused(office.consent().record_consent(answer(
        child,
        photos,
        Decision::Given,
        mother,
        "24-11-2026"
    )))
    .contains("fremtiden"));
    assert!(refused(office.consent().record_consent(answer(
        child,
        photos,
        Decision::Given,
        Answerer::Guardian { id: 999_999 },
        "23-11-2026"
    )))
    .contains("forældremyndighed"));
    assert!(
        refused(office.consent().record_consent(answer(
            child,
            photos,
            Decision::Given,
            Answerer::Pupil,
            "23-11-2026"
        )))
        .contains("15 år"),
        "a 3rd-grader"
    );
    let row = office
        .consent()
        .child_consents(child)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.consent_type.id == photos)
        .unwrap();
    assert!(row.history.is_empty() && row.state == ConsentState::NotAsked);
}

#[test]
fn the_headteacher_keeps_the_list_of_types_and_staff_see_their_own_class() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let new_type = ConsentTypeInput {
        name: "Deltagelse i forskningsprojekt".into(),
        purpose: "Spørgeskema om trivsel fra universitetet".into(),
        legal_basis: "Samtykke, GDPR art. 6, stk. 1, litra a".into(),
        pupil_from_age: "13".into(),
        list_title: "Deltager ikke i forskningsprojektet".into(),
    };
    let types = office.consent().add_consent_type(new_type.clone()).unwrap();
    assert_eq!(types.len(), 7);
    assert!(
        matches!(
            office.consent().add_consent_type(new_type),
            Err(AppError::Store(_))
        ),
        "the name is taken"
    );
    let research = types.last().unwrap().id;
    office
        .consent()
        .set_consent_type_active(research, false)
        .unwrap();
    let (child, mother, _) = pupil_with_two_parents(&mut office);
    assert!(
        matches!(
            office.consent().record_consent(answer(
                child,
                research,
                Decision::Given,
                mother,
                "23-11-2026"
            )),
            Err(AppError::Validation(_))
        ),
        "retired"
    );
    office
        .consent()
        .record_consent(answer(
            child,
            research,
            Decision::Refused,
            mother,
            "23-11-2026",
        ))
        .unwrap();

    office.log_out();
    assert!(matches!(
        office.log_in("laerer3", "demo-skole-2026").unwrap(),
        LoginStep::LoggedIn { .. }
    ));
    let photos = office.consent().consent_types().unwrap()[0].id;
    let list = office.consent().consent_list(photos).unwrap();
    assert_eq!(
        list.groups
            .iter()
            .map(|g| g.group.as_str())
            .collect::<Vec<_>>(),
        ["3. klasse"],
        "the class teacher's own class only"
    );
    assert!(matches!(
        office
            .consent()
            .add_consent_type(ConsentTypeInput::default()),
        Err(AppError::Forbidden { .. })
    ));
    assert!(matches!(
        office.consent().record_consent(answer(
            child,
            photos,
            Decision::Given,
            mother,
            "23-11-2026"
        )),
        Err(AppError::Forbidden { .. })
    ));
}

#[test]
fn r23_a_classs_paper_forms_are_entered_on_one_screen_all_or_none() {
    use skolekontor_app::consent::{ClassConsentInput, PaperAnswer};
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-23");
    let photos = office
        .consent()
        .consent_types()
        .unwrap()
        .into_iter()
        .find(|t| t.name.starts_with("Billeder på hjemmeside"))
        .unwrap()
        .id;
    let sheet = office.consent().class_consents(3, photos).unwrap();
    assert!(sheet.len() > 5);
    assert!(sheet.iter().all(|r| r.state == ConsentState::NotAsked));
    let first_holder = |row: &skolekontor_app::consent::ClassConsentRow| row.answerers[0].answerer;
    let answer =
        |row: &skolekontor_app::consent::ClassConsentRow, decision, answerer| PaperAnswer {
            child_id: row.child_id,
            decision,
            answerer,
        };
    // The third form is signed by someone without custody of that child (another
    // child's parent): refused under its row, and nothing is stored.
    let stranger = sheet
        .iter()
        .flat_map(|r| r.answerers.iter().map(|a| a.answerer))
        .find(|a| !sheet[2].answerers.iter().any(|b| b.answerer == *a) && *a != Answerer::Pupil)
        .unwrap();
    let mut input = ClassConsentInput {
        type_id: photos,
        on: "20-11-2026".into(),
        answers: vec![
            answer(&sheet[0], Decision::Given, first_holder(&sheet[0])),
            answer(&sheet[1], Decision::Given, first_holder(&sheet[1])),
            answer(&sheet[2], Decision::Refused, stranger),
        ],
    };
    match office.consent().record_class_consents(input.clone()) {
        Err(AppError::Validation(errors)) => {
            let fields: Vec<&str> = errors.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["answers.2.answerer"]);
        }
        other => panic!("expected a form error, got {other:?}"),
    }
    assert!(
        office
            .consent()
            .class_consents(3, photos)
            .unwrap()
            .iter()
            .all(|r| r.state == ConsentState::NotAsked),
        "nothing stored"
    );

    input.answers[2].answerer = first_holder(&sheet[2]);
    assert_eq!(office.consent().record_class_consents(input).unwrap(), 3);
    let after = office.consent().class_consents(3, photos).unwrap();
    assert_eq!(after[0].state, ConsentState::Given);
    assert_eq!(after[1].state, ConsentState::Given);
    assert_eq!(after[2].state, ConsentState::Refused);
    assert!(after[3..].iter().all(|r| r.state == ConsentState::NotAsked));
    // The staff list follows: the refused child is on it, the two who said yes are not.
    let list = office.consent().consent_list(photos).unwrap();
    let listed: Vec<i64> = list
        .groups
        .iter()
        .flat_map(|g| g.children.iter().map(|c| c.child_id))
        .collect();
    assert!(listed.contains(&after[2].child_id));
    assert!(!listed.contains(&after[0].child_id) && !listed.contains(&after[1].child_id));
}
