//! E-mail to parents through the school's own SMTP server (lettre; STARTTLS or TLS).
//! The settings are in the database, the password in the OS keyring. Sending is in
//! three steps so the window never waits on the network: the mails are made (the
//! PDFs, the recipients) with the office; they are sent without it, one result per
//! family; and what was sent is written to the audit log (to whom, which document,
//! never the text). No CPR number goes into an e-mail: the text names children by
//! first name and the attachment is the parent contract, which prints none.

use std::collections::BTreeSet;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Serialize;
use skolekontor_domain::audit::AuditEvent;
use skolekontor_domain::mail::{contract_mail, SmtpSecurity, SmtpSettings, SmtpSettingsInput};
use skolekontor_domain::school::Division;
use ts_rs::TS;

use crate::access::Action;
use crate::documents::DocumentRequest;
use crate::error::{AppError, AppResult};
use crate::office::Office;
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// The settings page's e-mail part.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct MailSettingsView {
    /// The saved settings, if any.
    pub settings: Option<SmtpSettings>,
    /// A password is in the keyring.
    pub has_password: bool,
}

/// One family's e-mail, made and ready to send.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingMail {
    /// Its number in the batch.
    pub number: u32,
    /// "Ida og Bo Hansen".
    pub family: String,
    /// "Mette Hansen <mette@eksempel.dk>", one per custody holder with an address.
    pub to: Vec<String>,
    /// The same holders as name and address: the message is addressed from these, so
    /// a name with quotes, commas or angle brackets stays a name.
    #[serde(skip)]
    #[ts(skip)]
    pub recipients: Vec<(String, String)>,
    pub subject: String,
    /// The attachment's file name.
    pub attachment_name: String,
    /// The text.
    #[serde(skip)]
    #[ts(skip)]
    pub body: String,
    /// The PDF.
    #[serde(skip)]
    #[ts(skip)]
    pub attachment: Vec<u8>,
    /// The custody holders written to (for the log).
    #[serde(skip)]
    #[ts(skip)]
    pub guardian_ids: Vec<i64>,
    /// The family's children (for the log).
    #[serde(skip)]
    #[ts(skip)]
    pub child_ids: Vec<i64>,
}

/// The e-mails of a batch, and the families that cannot get one.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct MailBatch {
    /// One per family with an address.
    pub mails: Vec<OutgoingMail>,
    /// Families where no custody holder has an e-mail address: print for them.
    pub without_address: Vec<String>,
}

/// The batch last made in this login, and which of its e-mails have been taken for
/// sending: a taken e-mail is not given out again (a second click on "Send", a second
/// window), until a failed one is given back to be sent again on purpose.
#[derive(Debug, Clone)]
pub(crate) struct PreparedBatch {
    batch: MailBatch,
    taken: std::collections::BTreeSet<u32>,
}

/// The result of one e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct MailResult {
    /// The mail's number in its batch.
    pub number: u32,
    /// Sent, or why not (Danish).
    pub error: Option<String>,
}

/// Which e-mails to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ContractMailRequest {
    /// One grade, or every pupil and kindergarten child.
    pub grade: Option<u8>,
}

/// A connection to the school's SMTP server.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

/// The keyring account of the SMTP password: beside the database key's.
fn password_account(office: &Office) -> AppResult<String> {
    let account = office
        .data_dir
        .keyring_account()?
        .ok_or(AppError::NotOpen)?;
    Ok(account.replacen("database-", "smtp-", 1))
}

/// Why an e-mail was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The server cannot be reached: every e-mail after this would fail the same way.
    #[error("{}", tr!("mail.unreachable"))]
    Unreachable,
    /// The server refused the login: so would it for every other e-mail.
    #[error("{}", tr!("mail.login_refused"))]
    Login,
    /// The server refused this e-mail (an address it does not take, say).
    #[error("{}", tr!("mail.message_refused"))]
    Refused,
    /// The server is busy; later may work.
    #[error("{}", tr!("mail.busy"))]
    Busy,
    /// The e-mail could not be put together (a recipient's address is wrong).
    #[error("{}", tr!("mail.bad_address"))]
    Address,
    /// Not tried, because the server failed for an e-mail before it.
    #[error("{}", tr!("mail.not_tried"))]
    NotTried,
}

impl SendError {
    /// Whether the rest of a batch would fail the same way.
    fn stops_batch(&self) -> bool {
        matches!(self, SendError::Unreachable | SendError::Login)
    }
}

/// The kind of a failed send, by the server's reply code; never its words (they may
/// echo addresses).
fn send_error(error: &lettre::transport::smtp::Error) -> SendError {
    let code = error.status().map(|c| c.to_string()).unwrap_or_default();
    if code.starts_with("53") {
        SendError::Login
    } else if error.is_permanent() {
        SendError::Refused
    } else if error.is_transient() {
        SendError::Busy
    } else {
        SendError::Unreachable
    }
}

impl Mailer {
    fn connect(settings: &SmtpSettings, password: Option<&str>) -> AppResult<Mailer> {
        let refused = |what: &str| AppError::Refused(tr!("mail.cannot_send", what = what));
        let mut tls = TlsParameters::builder(settings.host.clone());
        if let Some(pem) = crate::clock::test_smtp_root() {
            let cert = lettre::transport::smtp::client::Certificate::from_pem(&pem)
                .map_err(|_| refused(&tr!("mail.test_certificate")))?;
            tls = tls.add_root_certificate(cert);
        }
        let tls = tls
            .build_rustls()
            .map_err(|_| refused(&tr!("mail.no_tls")))?;
        let tls = match settings.security {
            SmtpSecurity::StartTls => Tls::Required(tls),
            SmtpSecurity::Tls => Tls::Wrapper(tls),
        };
        let mut builder = SmtpTransport::builder_dangerous(settings.host.clone())
            .port(settings.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(20)));
        if !settings.username.is_empty() {
            let password = password.ok_or_else(|| refused(&tr!("mail.no_password")))?;
            // PLAIN inside TLS: every submission server takes it, and one mechanism
            // means a wrong password is one clear refusal.
            builder = builder
                .credentials(Credentials::new(
                    settings.username.clone(),
                    password.to_string(),
                ))
                .authentication(vec![Mechanism::Plain]);
        }
        let from = Mailbox::new(
            Some(settings.from_name.clone()),
            settings
                .from_address
                .parse()
                .map_err(|_| refused(&tr!("mail.bad_sender")))?,
        );
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Sends the e-mails one by one, reporting each result as it comes; after a
    /// failure that every later e-mail would share (the server gone, the login
    /// refused) the rest are reported as not tried instead of waiting on each.
    pub fn send_all(&self, mails: &[OutgoingMail], mut report: impl FnMut(MailResult)) {
        let mut stopped = false;
        for mail in mails {
            let outcome = if stopped {
                Err(SendError::NotTried)
            } else {
                self.send(mail)
            };
            stopped |= outcome.as_ref().err().is_some_and(SendError::stops_batch);
            report(MailResult {
                number: mail.number,
                error: outcome.err().map(|e| e.to_string()),
            });
        }
    }

    /// Sends one e-mail.
    pub fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .message_id(Some(message_id(self.from.email.domain())))
            .subject(mail.subject.clone());
        for (name, address) in &mail.recipients {
            let address = address.parse().map_err(|_| SendError::Address)?;
            builder = builder.to(Mailbox::new(Some(name.clone()), address));
        }
        let pdf = ContentType::parse("application/pdf").map_err(|_| SendError::Address)?;
        let message = builder
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(mail.body.clone()))
                    .singlepart(
                        Attachment::new(mail.attachment_name.clone())
                            .body(mail.attachment.clone(), pdf),
                    ),
            )
            .map_err(|_| SendError::Address)?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| send_error(&e))
    }
}

/// A `Message-ID` in the school's own domain: servers reject or mark as spam a
/// message without one, and the office PC's host name is no domain (lettre's default).
fn message_id(domain: &str) -> String {
    format!("<{:032x}@{domain}>", rand::random::<u128>())
}

crate::use_case_handle! {
    /// E-mail to parents: the use cases, on the office's session.
    mail => MailUseCases
}

impl MailUseCases<'_> {
    /// The e-mail settings (the password only as "there is one").
    pub fn mail_settings(&mut self) -> AppResult<MailSettingsView> {
        self.office
            .authorize(Action::ManageSettings, Subject::School)?;
        let account = password_account(self.office)?;
        let has_password = self.office.vault.load_password(&account)?.is_some();
        Ok(MailSettingsView {
            settings: self.office.opened()?.db.mail().smtp_settings()?,
            has_password,
        })
    }

    /// Saves the settings; a password typed goes to the keyring, never the database.
    pub fn save_mail_settings(&mut self, input: SmtpSettingsInput) -> AppResult<MailSettingsView> {
        self.office
            .authorize(Action::ManageSettings, Subject::School)?;
        let settings = input.validate()?;
        if !input.password.is_empty() {
            let account = password_account(self.office)?;
            self.office.vault.save_password(&account, &input.password)?;
        }
        self.office.opened()?.db.save_smtp_settings(&settings)?;
        self.mail_settings()
    }

    /// A connection to the school's server with its settings and the keyring's password.
    pub fn mailer(&mut self) -> AppResult<Mailer> {
        let context = self
            .office
            .authorize(Action::PrintDocuments, Subject::School)?;
        let settings = context
            .open
            .db
            .mail()
            .smtp_settings()?
            .ok_or_else(|| AppError::Refused(tr!("mail.not_set_up")))?;
        let account = password_account(self.office)?;
        let password = if settings.username.is_empty() {
            None
        } else {
            self.office.vault.load_password(&account)?
        };
        Mailer::connect(&settings, password.as_deref().map(String::as_str))
    }

    /// Each family's parent contract as an e-mail to its custody holders: one grade's
    /// families, or the whole school's. The batch is kept for
    /// [`MailUseCases::take_for_sending`] until the next batch or the logout.
    pub fn contract_mails(&mut self, request: ContractMailRequest) -> AppResult<MailBatch> {
        let context = self
            .office
            .authorize(Action::PrintDocuments, Subject::School)?;
        let children: Vec<i64> = context
            .visible_children(false)
            .filter(|c| match request.grade {
                Some(grade) => c.division == Some(Division::School) && c.grade == Some(grade),
                None => c.division.is_some(),
            })
            .map(|c| c.id)
            .collect();
        let school = context
            .open
            .db
            .school()
            .school()?
            .map(|s| s.name)
            .unwrap_or_default();
        // Each family's contract is printed by the document use case, which checks
        // its own access.
        let mut families_done: BTreeSet<Vec<i64>> = BTreeSet::new();
        let mut batch = MailBatch {
            mails: Vec::new(),
            without_address: Vec::new(),
        };
        for child in children {
            let detail = self.office.opened()?.db.register().child_detail(child)?;
            let holders: Vec<_> = detail
                .guardians
                .iter()
                .filter(|g| g.link.has_custody)
                .collect();
            let mut ids: Vec<i64> = holders.iter().map(|g| g.guardian_id).collect();
            ids.sort_unstable();
            if ids.is_empty() || !families_done.insert(ids.clone()) {
                continue;
            }
            let siblings = self
                .office
                .opened()?
                .db
                .template()
                .children_in_custody_of(&ids)?;
            let mut first_names = Vec::new();
            for id in &siblings {
                first_names.push(
                    self.office
                        .opened()?
                        .db
                        .register()
                        .child_detail(*id)?
                        .first_name,
                );
            }
            let family = format!(
                "{} {}",
                skolekontor_domain::mail::and_list(&first_names),
                detail.last_name
            );
            let recipients: Vec<(String, String)> = holders
                .iter()
                .filter_map(|g| {
                    g.email
                        .as_ref()
                        .map(|e| (format!("{} {}", g.first_name, g.last_name), e.clone()))
                })
                .collect();
            let to: Vec<String> = recipients
                .iter()
                .map(|(name, address)| format!("{name} <{address}>"))
                .collect();
            if to.is_empty() {
                batch.without_address.push(family);
                continue;
            }
            let names: Vec<String> = recipients.iter().map(|(name, _)| name.clone()).collect();
            let (subject, body) = contract_mail(&school, &names, &first_names);
            let printed = self
                .office
                .documents()
                .document(DocumentRequest::ParentContract { child_id: child })?;
            batch.mails.push(OutgoingMail {
                number: batch.mails.len() as u32 + 1,
                family,
                to,
                recipients,
                subject,
                attachment_name: printed.file_name,
                body,
                attachment: printed.bytes,
                guardian_ids: ids,
                child_ids: siblings,
            });
        }
        self.office.prepared_mails = Some(PreparedBatch {
            batch: batch.clone(),
            taken: Default::default(),
        });
        Ok(batch)
    }

    /// Takes the e-mails numbered `numbers` (all when empty) of the batch last made by
    /// [`MailUseCases::contract_mails`] in this login for sending: only those not taken
    /// before, so nothing is sent twice; none after a logout.
    pub fn take_for_sending(&mut self, numbers: &[u32]) -> AppResult<Vec<OutgoingMail>> {
        self.office
            .authorize(Action::PrintDocuments, Subject::School)?;
        let Some(prepared) = self.office.prepared_mails.as_mut() else {
            return Ok(Vec::new());
        };
        let wanted: Vec<OutgoingMail> = prepared
            .batch
            .mails
            .iter()
            .filter(|m| numbers.is_empty() || numbers.contains(&m.number))
            .filter(|m| !prepared.taken.contains(&m.number))
            .cloned()
            .collect();
        prepared.taken.extend(wanted.iter().map(|m| m.number));
        Ok(wanted)
    }

    /// Gives back e-mails that could not be sent, so they can be sent again.
    pub fn give_back(&mut self, numbers: &[u32]) -> AppResult<()> {
        self.office
            .authorize(Action::PrintDocuments, Subject::School)?;
        if let Some(prepared) = self.office.prepared_mails.as_mut() {
            prepared.taken.retain(|n| !numbers.contains(n));
        }
        Ok(())
    }

    /// Writes each e-mail that went out to the audit log: to which custody holders,
    /// about which children, which document — never the text.
    pub fn record_sent(&mut self, sent: &[&OutgoingMail]) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::PrintDocuments, Subject::School)?;
        let db = &mut context.open.db;
        for mail in sent {
            for guardian in &mail.guardian_ids {
                let mut event = AuditEvent::change("mail.sent", "guardian", *guardian)
                    .with_fields(["document=forældrekontrakt"]);
                if let Some(child) = mail.child_ids.first() {
                    event = event.for_child(*child);
                }
                db.record(&event)?;
            }
        }
        tracing::info!(mails = sent.len(), day = %context.today, "e-mails sent");
        Ok(())
    }

    /// The e-mail addresses of a class's custody holders, for the user's own mail
    /// program ("Kopiér klassens adresser").
    pub fn class_addresses(&mut self, grade: u8) -> AppResult<Vec<String>> {
        let context = self
            .office
            .authorize(Action::ViewRegister, Subject::School)?;
        let db = &context.open.db;
        let mut addresses = BTreeSet::new();
        for child in context
            .visible_children(false)
            .filter(|c| c.division == Some(Division::School) && c.grade == Some(grade))
        {
            for guardian in db.register().child_detail(child.id)?.guardians {
                if guardian.link.has_custody {
                    addresses.extend(guardian.email);
                }
            }
        }
        Ok(addresses.into_iter().collect())
    }
}
