//! Letters in the school's own versioned wording, on a real encrypted file with the
//! demo school, read back with pdftotext: reminders to every payer in arrears at
//! once (R10), a text the school changed used from then on, a text naming another
//! letter's field refused, and the confirmation of a withdrawal with its last day
//! (R11) to each home of the custody holders.

mod common;

use common::*;
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_app::AppError;

#[test]
fn r10_reminders_to_every_payer_in_arrears_in_the_schools_own_words() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let september = office.billing().issue_charges("2026-09").unwrap();
    let payers = september.charges.iter().filter(|c| c.total.0 > 0).count();

    // On 20 October nothing is paid: every payer is 49 days overdue.
    on("2026-10-20");
    assert!(matches!(
        office
            .documents()
            .document(DocumentRequest::Reminders { days_overdue: 50 }),
        Err(AppError::Refused(_))
    ));
    let all = office
        .documents()
        .document(DocumentRequest::Reminders { days_overdue: 30 })
        .unwrap();
    let text = text_of(&all.bytes);
    assert_eq!(
        text.matches("Tilmeld gerne opkrævningen til Betalingsservice")
            .count(),
        payers,
        "one letter per payer with something overdue, in the default wording"
    );
    let first = &september.charges[0];
    assert!(
        text.contains(&format!("Kære {}", first.payer_name))
            && text.contains(&first.total.to_danish())
            && text.contains(&format!("kundenummer {}", first.customer_number)),
        "{}",
        &text[..2000.min(text.len())]
    );

    // The school words it its own way: a new version, used from the next letter on.
    let refused = office
        .template()
        .save_text(
            TemplateKind::PaymentReminder,
            "Betal venligst kreditnota {{ brev.nummer }}",
        )
        .unwrap_err();
    assert!(matches!(refused, AppError::Validation(_)), "{refused}");
    let version = office
        .template().save_text(
            TemplateKind::PaymentReminder,
            "Kære {{ brev.modtager }}\n\nHusk at betale **{{ brev.beloeb }}** senest {{ brev.betal_senest }}.\n\nHilsen {{ skole.navn }}",
        )
        .unwrap();
    assert_eq!(version.version, 2);
    let one = office
        .documents()
        .document(DocumentRequest::Reminder {
            payer_id: first.payer_id,
        })
        .unwrap();
    let text = text_of(&one.bytes);
    assert!(
        text.contains(&format!("Husk at betale {}", first.total.to_danish()))
            && !text.contains("Tilmeld gerne"),
        "{text}"
    );
}

#[test]
fn r11_a_withdrawal_is_confirmed_to_the_custody_holders_with_its_last_day() {
    let _day = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let pupil = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.grade == Some(4))
        .unwrap();
    let from = office.leaving().leaving(pupil.id).unwrap().guardians[0].id;
    let preview = office
        .leaving()
        .record_withdrawal(WithdrawalInput {
            child_id: pupil.id,
            scope: WithdrawalScope::School,
            sfo_module: String::new(),
            received_on: "20-08-2026".into(),
            from_guardian_id: Some(from),
        })
        .unwrap();
    let withdrawal = office.leaving().leaving(pupil.id).unwrap().withdrawals[0].id;
    let letter = office
        .documents()
        .document(DocumentRequest::WithdrawalConfirmation {
            withdrawal_id: withdrawal,
        })
        .unwrap();
    assert!(
        letter.file_name.contains(&pupil.first_name),
        "{}",
        letter.file_name
    );
    let text = text_of(&letter.bytes);
    let name = format!("{} {}", pupil.first_name, pupil.last_name);
    for expected in [
        format!("Udmeldelse af {name}"),
        "Udmeldt af skolen (og SFO)".to_string(),
        "Udmeldelsen modtaget 20. august 2026".to_string(),
        format!("Sidste dag {}", preview.last_day_long),
        format!("er sidste dag {}", preview.last_day_long),
        format!("modtaget udmeldelsen af {name}"),
    ] {
        assert!(text.contains(&expected), "{expected:?} missing: {text}");
    }
    let detail = office.register().child(pupil.id).unwrap();
    let holders: Vec<_> = detail
        .guardians
        .iter()
        .filter(|g| g.link.has_custody)
        .collect();
    let homes: std::collections::BTreeSet<_> =
        holders.iter().map(|g| g.home.street.clone()).collect();
    assert_eq!(
        text.matches(&format!("Udmeldelse af {name}")).count(),
        homes.len(),
        "one letter per home"
    );
    for holder in &holders {
        assert!(text.contains(&holder.first_name), "{text}");
    }
    assert!(
        !holders
            .iter()
            .filter_map(|g| g.cpr.as_deref())
            .any(|cpr| text.contains(cpr)),
        "no CPR number in a letter"
    );
}
