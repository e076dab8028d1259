//! E-mail to parents against a real SMTP server the test starts (Debian's
//! python3-aiosmtpd: STARTTLS on a throw-away certificate, login required), from the
//! demo school on a real encrypted file with the password in the real keyring:
//! every family's parent contract goes out, each message is read back (recipients,
//! subject, the PDF attachment through pdftotext, no CPR number anywhere), each send
//! is in the audit log, and a wrong password or a server that is gone is told in
//! Danish per family without losing the others.

mod common;

use std::time::Instant;

use common::*;
use skolekontor_app::domain::audit::AuditFilter;
use skolekontor_app::mail::ContractMailRequest;
use skolekontor_app::test_smtp::TestSmtpServer;
use skolekontor_app::Office;

use common::{smtp_settings as settings, SMTP_PASSWORD as PASSWORD, SMTP_USER as USER};

fn start_server() -> TestSmtpServer {
    TestSmtpServer::start(USER, PASSWORD, 0)
}

fn received(server: &TestSmtpServer) -> Vec<Vec<u8>> {
    server.received()
}

fn has_cpr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(11).any(|w| {
        w[..6].iter().all(u8::is_ascii_digit)
            && w[6] == b'-'
            && (w[7..].iter().all(u8::is_ascii_digit)
                || w[7..].iter().all(|b| *b == b'X' || *b == b'x'))
    })
}

fn send_all(office: &mut Office, request: ContractMailRequest) -> (usize, Vec<Option<String>>) {
    let batch = office.mail().contract_mails(request).unwrap();
    let mailer = office.mail().mailer().unwrap();
    let mut results: Vec<Option<String>> = Vec::new();
    mailer.send_all(&batch.mails, |r| results.push(r.error));
    let sent: Vec<_> = batch
        .mails
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.is_none())
        .map(|(m, _)| m)
        .collect();
    office.mail().record_sent(&sent).unwrap();
    (batch.mails.len(), results)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "the test's SMTP server is Debian's python3-aiosmtpd, which a Windows test process cannot start"
)]
fn every_familys_contract_goes_out_by_starttls_with_login_and_reads_back() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let server = start_server();
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-20");

    let refused = office.mail().mailer().err().expect("no server set up yet");
    assert!(refused.to_string().contains("ikke sat op"), "{refused}");
    let view = office
        .mail()
        .save_mail_settings(settings(server.port, PASSWORD))
        .unwrap();
    assert!(view.has_password, "the password is in the keyring");
    assert_eq!(view.settings.unwrap().port, server.port);

    let started = Instant::now();
    let batch = office
        .mail()
        .contract_mails(ContractMailRequest { grade: None })
        .unwrap();
    let made = started.elapsed();
    let mailer = office.mail().mailer().unwrap();
    let sending = Instant::now();
    let results: Vec<_> = batch.mails.iter().map(|m| mailer.send(m)).collect();
    // (send_all reports the same one by one; here each result is kept whole.)
    let sent_in = sending.elapsed();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let sent: Vec<_> = batch.mails.iter().collect();
    office.mail().record_sent(&sent).unwrap();
    eprintln!(
        "{} e-mails: made in {:.1} s, sent in {:.1} s ({} families without an address)",
        batch.mails.len(),
        made.as_secs_f64(),
        sent_in.as_secs_f64(),
        batch.without_address.len()
    );

    let messages = received(&server);
    assert_eq!(
        messages.len(),
        batch.mails.len(),
        "every family's e-mail arrived"
    );
    // The first family's e-mail, read back as a MIME message.
    let first = &batch.mails[0];
    let raw = messages
        .iter()
        .find(|m| {
            let parsed = mailparse::parse_mail(m).unwrap();
            parsed
                .headers
                .iter()
                .any(|h| h.get_key() == "Subject" && h.get_value() == first.subject)
        })
        .expect("the first family's e-mail");
    let parsed = mailparse::parse_mail(raw).unwrap();
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
            .unwrap_or_default()
    };
    assert!(header("From").contains("kontor@boegely-friskole.dk"));
    for to in &first.to {
        let address = to.split('<').nth(1).unwrap().trim_end_matches('>');
        assert!(
            header("To").contains(address),
            "{} in {}",
            address,
            header("To")
        );
    }
    let text = parsed.subparts[0].get_body().unwrap();
    assert!(text.starts_with("Kære "), "{text}");
    let attachment = &parsed.subparts[1];
    assert_eq!(attachment.ctype.mimetype, "application/pdf");
    let disposition = attachment.get_content_disposition();
    assert_eq!(
        disposition.params.get("filename").map(String::as_str),
        Some(first.attachment_name.as_str())
    );
    let pdf = attachment.get_body_raw().unwrap();
    let printed = text_of(&pdf);
    assert!(printed.contains("Forældrekontrakt"), "{printed}");
    assert!(printed.contains(first.family.split(' ').next().unwrap()));
    // No CPR number in any e-mail, its text or its attachment.
    for message in &messages {
        let parsed = mailparse::parse_mail(message).unwrap();
        assert!(!has_cpr(&parsed.subparts[0].get_body().unwrap()));
        assert!(!has_cpr(&text_of(
            &parsed.subparts[1].get_body_raw().unwrap()
        )));
    }

    // Each send is logged per custody holder, without the text.
    let logged = office
        .audit()
        .audit_log(AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.entry.action == "mail.sent")
        .collect::<Vec<_>>();
    let holders: usize = batch.mails.iter().map(|m| m.guardian_ids.len()).sum();
    assert_eq!(logged.len(), holders);
    assert_eq!(logged[0].description, "E-mail sendt");
    assert_eq!(logged[0].field_labels, ["dokument: forældrekontrakt"]);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "the test's SMTP server is Debian's python3-aiosmtpd, which a Windows test process cannot start"
)]
fn a_wrong_password_and_a_server_that_is_gone_are_told_per_family_in_danish() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let server = start_server();
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-20");
    office
        .mail()
        .save_mail_settings(settings(server.port, "forkert"))
        .unwrap();
    let (count, results) = send_all(&mut office, ContractMailRequest { grade: Some(3) });
    assert!(count > 5);
    // The first is refused at the login; the rest are not tried (and not waited on).
    assert_eq!(
        results[0].as_deref(),
        Some("Mailserveren afviste brugernavn eller adgangskode")
    );
    assert!(
        results[1..]
            .iter()
            .all(|r| r.as_deref()
                == Some("Ikke sendt: mailserveren fejlede ved en tidligere e-mail")),
        "{results:?}"
    );
    assert!(received(&server).is_empty());

    // The right password, and only the failed ones sent again: all arrive once.
    office
        .mail()
        .save_mail_settings(settings(server.port, PASSWORD))
        .unwrap();
    let (count, results) = send_all(&mut office, ContractMailRequest { grade: Some(3) });
    assert!(results.iter().all(Option::is_none));
    assert_eq!(received(&server).len(), count);

    let port = server.port;
    drop(server);
    let gone = Instant::now();
    let (_, results) = send_all(&mut office, ContractMailRequest { grade: Some(3) });
    assert!(
        results[0]
            .as_deref()
            .is_some_and(|e| e.starts_with("Mailserveren kunne ikke nås")),
        "{results:?}"
    );
    assert!(
        gone.elapsed().as_secs() < 20,
        "a server that is gone is told at once"
    );
    let _ = port;
}

#[test]
fn the_settings_are_checked_and_the_password_never_reaches_the_database() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-20");
    let mut wrong = settings(587, PASSWORD);
    wrong.from_address = "kontor".into();
    assert!(office.mail().save_mail_settings(wrong).is_err());
    assert!(
        office.mail().mail_settings().unwrap().settings.is_none(),
        "nothing saved"
    );
    office
        .mail()
        .save_mail_settings(settings(587, PASSWORD))
        .unwrap();
    // The export of the school's data (what a backup or an access request carries)
    // has the settings' table without any password.
    let export = format!("{:?}", office.mail().mail_settings().unwrap());
    assert!(!export.contains(PASSWORD));
}

#[test]
fn a_prepared_email_is_taken_for_sending_once_and_a_failed_one_is_given_back() {
    let _turn = THE_DAY.lock().unwrap_or_else(|e| e.into_inner());
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-11-20");
    let request = || ContractMailRequest { grade: Some(3) };
    let batch = office.mail().contract_mails(request()).unwrap();
    let count = batch.mails.len();
    assert!(count >= 2, "{count}");
    assert_eq!(office.mail().take_for_sending(&[]).unwrap().len(), count);
    assert!(
        office.mail().take_for_sending(&[]).unwrap().is_empty(),
        "a second click on Send sends nothing"
    );
    let first = batch.mails[0].number;
    assert!(office.mail().take_for_sending(&[first]).unwrap().is_empty());
    // The server refused it: given back, it can be sent again, and only it.
    office.mail().give_back(&[first]).unwrap();
    let again: Vec<u32> = office
        .mail()
        .take_for_sending(&[])
        .unwrap()
        .iter()
        .map(|m| m.number)
        .collect();
    assert_eq!(again, [first]);
    // A new batch is a new list of e-mails.
    office.mail().contract_mails(request()).unwrap();
    assert_eq!(office.mail().take_for_sending(&[]).unwrap().len(), count);
}
