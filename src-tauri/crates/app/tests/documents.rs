//! Printing through the use cases on a real encrypted file and the real keyring:
//! the PDFs are read back with `pdftotext` (R6, R21, R28, R31).

mod common;

use common::*;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::privacy::{PrivacySettings, RetentionPeriods};
use skolekontor_app::domain::school::Division;
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_app::AppError;

#[test]
fn r21_the_pupil_contract_names_the_child_and_the_text_version_it_was_printed_from() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let ida = office.register().add_child(ida()).unwrap().id;

    let printed = office
        .documents()
        .document(DocumentRequest::PupilContract { child_id: ida })
        .unwrap();
    assert!(
        printed.file_name.starts_with("Elevkontrakt-Ida-"),
        "{}",
        printed.file_name
    );
    let text = text_of(&printed.bytes);
    assert!(text.contains("Elevkontrakt for Ida Sørensen"), "{text}");
    assert!(text.contains("15-03-2018"));
    assert!(text.contains("2. klasse"));
    assert!(text.contains("Mette Sørensen og Jens Sørensen"));
    assert!(
        text.contains("Elevkontrakt, tekst version 1"),
        "the default text is version 1"
    );
    assert!(
        text.contains("Underskrift: Birgitte Holm"),
        "the headteacher signs for the school"
    );
    let form = text_of(
        &office
            .documents()
            .document(DocumentRequest::EnrolmentForm {
                child_id: Some(ida),
            })
            .unwrap()
            .bytes,
    );
    assert!(
        form.contains("150318-XXXX") && !form.contains("150318-4008"),
        "paper carries masked CPR numbers: {form}"
    );

    let saved = office
        .template()
        .save_text(
            TemplateKind::PupilContract,
            "Vi glæder os til at se **{{ barn.fornavn }}** på {{ skole.navn }}.",
        )
        .unwrap();
    assert_eq!(saved.version, 2);
    let text = text_of(
        &office
            .documents()
            .document(DocumentRequest::PupilContract { child_id: ida })
            .unwrap()
            .bytes,
    );
    assert!(
        text.contains("Vi glæder os til at se Ida på Bøgely Friskole."),
        "{text}"
    );
    assert!(text.contains("Elevkontrakt, tekst version 2"));
    assert_eq!(
        office
            .template()
            .text_versions(TemplateKind::PupilContract)
            .unwrap()
            .len(),
        2,
        "the old version is kept"
    );
}

#[test]
fn a_broken_text_is_refused_with_its_reason_and_nothing_is_saved() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let typo = office
        .template()
        .save_text(TemplateKind::PupilContract, "Hej {{ barn.fornvn }}")
        .unwrap_err();
    let AppError::Validation(errors) = typo else {
        panic!("validation expected")
    };
    assert!(
        errors.errors[0].message.contains("ukendt felt"),
        "{:?}",
        errors.errors
    );
    let fee = office
        .template()
        .save_text(
            TemplateKind::PrivacyNotice,
            "Ved indsigt opkræves 10 kr. pr. side.",
        )
        .unwrap_err();
    assert!(
        format!("{fee:?}").contains("gebyr for indsigt"),
        "R31: {fee:?}"
    );
    assert_eq!(
        office
            .template()
            .text_versions(TemplateKind::PupilContract)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        office
            .template()
            .text_versions(TemplateKind::PrivacyNotice)
            .unwrap()
            .len(),
        1
    );
    let html = office
        .template()
        .preview_text(
            TemplateKind::PupilContract,
            "# Hej {{ barn.fornavn }}\n\n<script>x</script>",
        )
        .unwrap();
    assert!(
        html.contains("<h1>Hej Ida</h1>") && !html.contains("<script>"),
        "{html}"
    );
}

#[test]
fn r6_a_saved_terms_text_is_a_terms_version_to_accept() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let mut settings = office.users().school_settings().unwrap();
    settings.enrolment_fee = skolekontor_app::domain::Ore(150_050);
    office.users().save_school_settings(settings).unwrap();
    let before = office.admission().terms_versions().unwrap().len();
    office
        .template()
        .save_text(
            TemplateKind::SchoolTerms,
            "# Vilkår\n\nBetaling den første i måneden. Indskud: {{ skole.indskud }}",
        )
        .unwrap();
    let versions = office.admission().terms_versions().unwrap();
    assert_eq!(versions.len(), before + 1);
    assert!(
        versions
            .iter()
            .any(|v| v.label == "Skolens vilkår, tekst version 2"),
        "{versions:?}"
    );
    let text = text_of(
        &office
            .documents()
            .document(DocumentRequest::Terms {
                division: Division::School,
            })
            .unwrap()
            .bytes,
    );
    assert!(
        text.contains("Betaling den første i måneden.") && text.contains("tekst version 2"),
        "{text}"
    );
    assert!(
        text.contains("Indskud: 1.500,50 kr."),
        "the amount in Danish format: {text}"
    );
}

#[test]
fn r28_the_privacy_notice_states_the_settings_in_force() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let settings = PrivacySettings {
        contact: "Birgitte Holm, kontor@boegely.eksempel.dk".into(),
        retention: RetentionPeriods {
            months_after_leaving: Some(15),
            accounting_years: 6,
            certificate_years: 30,
        },
    };
    let view = office.template().save_privacy_settings(settings).unwrap();
    let text = text_of(
        &office
            .documents()
            .document(DocumentRequest::PrivacyNotice)
            .unwrap()
            .bytes,
    );
    assert!(text.contains("15 måneder efter"), "{text}");
    assert!(text.contains("slettes 6 år efter"));
    assert!(text.contains("Birgitte Holm, kontor@boegely.eksempel.dk"));
    assert!(text.contains(&format!(
        "Senest opdateret: {}",
        skolekontor_app::domain::dates::long(skolekontor_app::clock::today())
    )));
    assert!(view.changed_on.is_some());
    assert!(!text.contains("pr. side"));
}

#[test]
fn a_class_prints_as_one_pdf_with_each_pupil_and_each_family_once() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let ida = office.register().add_child(ida()).unwrap();
    let parents = office.register().child(ida.id).unwrap().guardians;
    let (mette, jens) = (parents[0].guardian_id, parents[1].guardian_id);
    let mut sister = common::ida();
    sister.child.first_name = "Karla".into();
    sister.child.cpr = "150318-4016".into();
    sister.guardians = vec![
        skolekontor_app::register::NewGuardian {
            existing_id: Some(mette),
            ..guardian("Mette", "Bøgevej 3", true)
        },
        skolekontor_app::register::NewGuardian {
            existing_id: Some(jens),
            ..guardian("Jens", "Åbakken 7", false)
        },
    ];
    office.register().add_child(sister).unwrap();
    // The parent contract names what each place costs a month.
    for (kind, kroner) in [
        (skolekontor_app::domain::billing::RateKind::School, 3_100),
        (skolekontor_app::domain::billing::RateKind::Sfo, 1_200),
    ] {
        office
            .billing()
            .add_rate(skolekontor_app::domain::billing::RateInput {
                kind: Some(kind),
                module: String::new(),
                amount: skolekontor_app::domain::Ore::kroner(kroner),
                valid_from: "01-08-2026".into(),
            })
            .unwrap();
    }

    let printed = office
        .documents()
        .document(DocumentRequest::ClassContracts { grade: 2 })
        .unwrap();
    let text = text_of(&printed.bytes);
    assert!(
        text.contains("Elevkontrakt for Ida Sørensen")
            && text.contains("Elevkontrakt for Karla Sørensen"),
        "{text}"
    );
    assert_eq!(
        text.matches("Barn Født Klasse").count(),
        1,
        "the sisters' family gets one parent contract: {text}"
    );
    for sister in ["Ida", "Karla"] {
        assert_eq!(
            text.matches(&format!(
                "Takst for {sister}: skolepenge 3.100,00 kr. og SFO 1.200,00 kr. om måneden."
            ))
            .count(),
            1,
            "each sister's price in the family's contract: {text}"
        );
    }
    let empty = office
        .documents()
        .document(DocumentRequest::ClassContracts { grade: 7 })
        .unwrap_err();
    assert!(
        empty.to_string().contains("ingen elever i 7. klasse"),
        "{empty}"
    );
    assert!(
        office
            .documents()
            .document(DocumentRequest::EnrolmentForm { child_id: None })
            .is_ok(),
        "a blank form needs no child"
    );
}
