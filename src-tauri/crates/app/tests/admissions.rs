//! Admissions, roles, the second factor and the audit log through the use cases, on
//! real encrypted files and the real keyring (run through `make test`).

mod common;

use common::*;
use skolekontor_app::access::Action;
use skolekontor_app::admission::{IntakeQuery, TermsVersionInput};
use skolekontor_app::documents::DocumentRequest;
use skolekontor_app::domain::admission::{
    AdmissionInput, ApplicationStatus, MeetingInput, WaitingInput,
};
use skolekontor_app::domain::audit::{AuditFilter, AuditKind};
use skolekontor_app::domain::dates;
use skolekontor_app::domain::privacy::{PrivacySettings, RetentionPeriods};
use skolekontor_app::domain::register::{ChildInput, GuardianLink};
use skolekontor_app::domain::role::{Role, StaffScope};
use skolekontor_app::domain::school::{Division, SchoolSettings};
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_app::office::LoginStep;
use skolekontor_app::register::{NewChild, NewGuardian};
use skolekontor_app::session::NewUserInput;
use skolekontor_app::users::UserInput;
use skolekontor_app::{clock, AppError, AppResult, Office};

const PASSWORD: &str = "en lang adgangskode";

fn user_input(username: &str, name: &str, role: Role, scope: Option<StaffScope>) -> UserInput {
    UserInput {
        person: NewUserInput {
            full_name: name.into(),
            username: username.into(),
            password: PASSWORD.into(),
            password_repeat: PASSWORD.into(),
        },
        role: Some(role),
        scope,
        active: true,
    }
}

/// Logs a user in, setting up the second factor if asked; returns the secret, if any.
fn log_in_as(office: &mut Office, username: &str, secret: Option<&str>) -> Option<String> {
    match office.log_in(username, PASSWORD).unwrap() {
        LoginStep::LoggedIn { .. } => None,
        LoginStep::NeedsCode => {
            let secret = secret.expect("a stored secret").to_string();
            confirm_with_app(office, &secret).unwrap();
            Some(secret)
        }
        LoginStep::NeedsSecondFactorSetup { setup } => {
            let secret = setup.secret.replace(' ', "");
            confirm_with_app(office, &secret).unwrap();
            Some(secret)
        }
    }
}

fn next_year() -> i32 {
    dates::school_year_start(clock::today()) + 1
}

fn child_without_place(first: &str, born: &str, guardians: Vec<NewGuardian>) -> NewChild {
    NewChild {
        child: ChildInput {
            first_name: first.into(),
            last_name: "Kjær".into(),
            birth_date: born.into(),
            ..Default::default()
        },
        guardians,
    }
}

fn existing(guardian_id: i64) -> NewGuardian {
    NewGuardian {
        existing_id: Some(guardian_id),
        link: GuardianLink {
            relation: "mor".into(),
            has_custody: true,
            is_payer: true,
        },
        ..Default::default()
    }
}

fn waiting(child_id: i64, grade: u8, wanted_start: &str) -> WaitingInput {
    WaitingInput {
        child_id,
        division: Some(Division::School),
        grade: Some(grade),
        wanted_start: wanted_start.into(),
        ..Default::default()
    }
}

fn full_meeting() -> MeetingInput {
    MeetingInput {
        held_on: dates::short(clock::today()),
        with_leadership: true,
        with_child: true,
        with_parents: true,
        with_class_teacher: true,
        all_agree: true,
        notes: "Alle enige.".into(),
    }
}

/// The first of next month: a start during the school year (R4).
fn mid_year_start() -> String {
    let next_month = clock::today()
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    dates::short(next_month.with_day(1).unwrap())
}

use chrono::Datelike;

/// Everything the commands of the table need, made fresh by the headteacher.
struct World {
    ida: i64,
    other_child: i64,
    mette: i64,
    intake_entry: i64,
    offered_entry: i64,
    accepted_entry: i64,
    meeting_entry: i64,
    approvable_entry: i64,
    withdrawable_entry: i64,
    terms: i64,
    other_user: i64,
}

fn prepare(office: &mut Office) -> World {
    let ida = office.register().add_child(common::ida()).unwrap().id;
    let detail = office.register().child(ida).unwrap();
    let mette = detail.guardians[0].guardian_id;
    let other_child = office
        .register()
        .add_child(child_without_place("Anton", "02-02-2021", vec![]))
        .unwrap()
        .id;
    let year = next_year();
    let start = format!("01-08-{year}");
    let mut entry = |first: &str, grade: u8, wanted: &str| {
        let id = office
            .register()
            .add_child(child_without_place(first, "03-03-2020", vec![]))
            .unwrap()
            .id;
        office
            .admission()
            .register_on_waiting_list(waiting(id, grade, wanted))
            .unwrap()
            .id
    };
    let (offered_entry, accepted_entry, intake_entry) = (
        entry("Bo", 0, &start),
        entry("Cille", 0, &start),
        entry("Dagny", 0, &start),
    );
    let (meeting_entry, approvable_entry, withdrawable_entry) = (
        entry("Erik", 5, &mid_year_start()),
        entry("Frida", 5, &mid_year_start()),
        entry("Gorm", 5, &mid_year_start()),
    );
    office.admission().offer_place(offered_entry).unwrap();
    office.admission().offer_place(accepted_entry).unwrap();
    office
        .admission()
        .answer_offer(accepted_entry, true, &dates::short(clock::today()))
        .unwrap();
    office
        .admission()
        .record_meeting(approvable_entry, full_meeting())
        .unwrap();
    let terms_input = TermsVersionInput {
        division: Some(Division::School),
        label: "Skolen 2027/28".into(),
        valid_from: start.clone(),
    };
    let terms = office
        .admission()
        .add_terms_version(terms_input)
        .unwrap()
        .id;
    let other_user = office
        .users()
        .add_user(user_input(
            "anden",
            "Anden Bruger",
            Role::Staff,
            Some(StaffScope::Kindergarten),
        ))
        .unwrap()
        .id;
    World {
        ida,
        other_child,
        mette,
        intake_entry,
        offered_entry,
        accepted_entry,
        meeting_entry,
        approvable_entry,
        withdrawable_entry,
        terms,
        other_user,
    }
}

type Command = fn(&mut Office, &World) -> AppResult<()>;

/// Every use case that needs a user, with who may run it: (headteacher, secretary, staff).
fn commands() -> Vec<(&'static str, [bool; 3], Command)> {
    fn ok<T>(r: AppResult<T>) -> AppResult<()> {
        r.map(|_| ())
    }
    /// Past the role check: refusals for other reasons (no rates, a bad file) count as reached.
    fn reached<T>(r: AppResult<T>) -> AppResult<()> {
        match r {
            Err(e @ AppError::Forbidden { .. }) => Err(e),
            _ => Ok(()),
        }
    }
    vec![
        ("search", [true, true, true], |o, _| {
            ok(o.register().search("ida", false))
        }),
        ("list_children", [true, true, true], |o, _| {
            ok(o.register().list_children(false))
        }),
        ("child", [true, true, true], |o, w| {
            ok(o.register().child(w.ida))
        }),
        ("reveal_cpr", [true, true, false], |o, w| {
            ok(o.register().reveal_cpr(w.ida))
        }),
        ("add_child", [true, true, false], |o, _| {
            ok(o.register()
                .add_child(child_without_place("Hugo", "04-04-2019", vec![])))
        }),
        ("update_child", [true, true, false], |o, w| {
            let mut input = common::ida().child;
            input.phone = "11223344".into();
            ok(o.register().update_child(w.ida, input))
        }),
        ("add_guardian", [true, true, false], |o, w| {
            ok(o.register().add_guardian(w.other_child, existing(w.mette)))
        }),
        ("update_guardian", [true, true, false], |o, w| {
            ok(o.register()
                .update_guardian(w.mette, common::guardian("Mette", "Bøgevej 3", true).person))
        }),
        ("update_guardian_link", [true, true, false], |o, w| {
            ok(o.register().update_guardian_link(
                w.ida,
                w.mette,
                GuardianLink {
                    relation: "mor".into(),
                    has_custody: true,
                    is_payer: true,
                },
                false,
            ))
        }),
        ("set_child_archived", [true, true, false], |o, w| {
            ok(o.register().set_child_archived(w.other_child, true))
        }),
        ("waiting_list", [true, true, false], |o, _| {
            ok(o.admission().waiting_list(None))
        }),
        ("intake", [true, true, false], |o, _| {
            ok(o.admission().intake(IntakeQuery {
                division: Some(Division::School),
                school_year: next_year(),
                grade: Some(0),
            }))
        }),
        ("register_on_waiting_list", [true, true, false], |o, w| {
            ok(o.admission()
                .register_on_waiting_list(waiting(w.ida, 6, &mid_year_start())))
        }),
        ("mark_enrolment_fee_paid", [true, true, false], |o, w| {
            ok(o.admission()
                .mark_enrolment_fee_paid(w.ida, &dates::short(clock::today())))
        }),
        ("offer_place", [true, true, false], |o, w| {
            ok(o.admission().offer_place(w.intake_entry))
        }),
        ("answer_offer", [true, true, false], |o, w| {
            ok(o.admission()
                .answer_offer(w.offered_entry, false, &dates::short(clock::today())))
        }),
        ("record_meeting", [true, true, false], |o, w| {
            ok(o.admission()
                .record_meeting(w.meeting_entry, full_meeting()))
        }),
        ("decide_admission", [true, false, false], |o, w| {
            ok(o.admission()
                .decide_admission(w.approvable_entry, true, "Alle enige på mødet."))
        }),
        ("admit", [true, true, false], |o, w| {
            let input = AdmissionInput {
                start_date: format!("01-08-{}", next_year()),
                terms_version_ids: vec![w.terms],
                terms_accepted_on: dates::short(clock::today()),
                ..Default::default()
            };
            ok(o.admission().admit(w.accepted_entry, input))
        }),
        ("withdraw_application", [true, true, false], |o, w| {
            ok(o.admission().withdraw_application(w.withdrawable_entry))
        }),
        ("terms_versions", [true, true, false], |o, _| {
            ok(o.admission().terms_versions())
        }),
        ("add_terms_version", [true, true, false], |o, _| {
            let input = TermsVersionInput {
                division: Some(Division::Sfo),
                label: format!("SFO {}", rand_label()),
                valid_from: "01-08-2027".into(),
            };
            ok(o.admission().add_terms_version(input))
        }),
        ("set_class_capacity", [true, false, false], |o, _| {
            ok(o.admission().set_class_capacity(next_year(), 0, 22))
        }),
        ("users", [true, false, false], |o, _| ok(o.users().users())),
        ("add_user", [true, false, false], |o, _| {
            ok(o.users().add_user(user_input(
                &format!("ny{}", rand_label()),
                "Ny Bruger",
                Role::Secretary,
                None,
            )))
        }),
        ("update_user", [true, false, false], |o, w| {
            ok(o.users().update_user(
                w.other_user,
                user_input(
                    "anden",
                    "Anden B. Bruger",
                    Role::Staff,
                    Some(StaffScope::Class { grade: 1 }),
                ),
            ))
        }),
        ("reset_second_factor", [true, false, false], |o, w| {
            ok(o.users().reset_second_factor(w.other_user))
        }),
        ("set_user_password", [true, false, false], |o, w| {
            ok(o.users().set_user_password(
                w.other_user,
                "ny lang adgangskode",
                "ny lang adgangskode",
            ))
        }),
        ("school_settings", [true, false, false], |o, _| {
            ok(o.users().school_settings())
        }),
        ("save_school_settings", [true, false, false], |o, _| {
            let settings = SchoolSettings {
                require_totp_for_all: false,
                idle_lock_minutes: 15,
                class_capacity: 24,
                kindergarten_capacity: 45,
                enrolment_fee: skolekontor_app::domain::Ore::kroner(1500),
            };
            ok(o.users().save_school_settings(settings))
        }),
        ("audit_log", [true, false, false], |o, _| {
            ok(o.audit().audit_log(AuditFilter::default()))
        }),
        ("verify_audit_log", [true, false, false], |o, _| {
            ok(o.audit().verify_audit_log())
        }),
        ("texts", [true, true, false], |o, _| {
            ok(o.template().texts())
        }),
        ("text_versions", [true, true, false], |o, _| {
            ok(o.template().text_versions(TemplateKind::PupilContract))
        }),
        ("preview_text", [true, true, false], |o, _| {
            ok(o.template()
                .preview_text(TemplateKind::PupilContract, "Hej {{ barn.fornavn }}"))
        }),
        ("save_text", [true, true, false], |o, _| {
            ok(o.template().save_text(
                TemplateKind::ConsentForm,
                &format!("Samtykke {}", rand_label()),
            ))
        }),
        ("privacy_settings", [true, true, false], |o, _| {
            ok(o.template().privacy_settings())
        }),
        ("save_privacy_settings", [true, false, false], |o, _| {
            ok(o.template().save_privacy_settings(PrivacySettings {
                contact: "Birgitte, kontor@lindely.dk".into(),
                retention: RetentionPeriods::default(),
            }))
        }),
        ("set_school_logo", [true, false, false], |o, _| {
            ok(o.template().set_school_logo(Some(
                include_bytes!("../../../../assets/icons/icon.png").to_vec(),
            )))
        }),
        ("has_school_logo", [true, true, false], |o, _| {
            ok(o.template().has_school_logo())
        }),
        (
            "preview_document|save_document|open_document",
            [true, true, false],
            |o, w| {
                ok(o.documents()
                    .document(DocumentRequest::PupilContract { child_id: w.ida }))
            },
        ),
        ("billing_setup", [true, true, false], |o, _| {
            ok(o.billing().billing_setup())
        }),
        ("add_rate", [true, true, false], |o, _| {
            ok(o.billing().add_rate(RateInput {
                kind: Some(RateKind::School),
                module: String::new(),
                amount: Ore::kroner(3_100),
                valid_from: "01-08-2026".into(),
            }))
        }),
        ("correct_rate", [true, true, false], |o, _| {
            reached(o.billing().correct_rate(RateCorrection {
                kind: Some(RateKind::School),
                module: String::new(),
                valid_from: "01-08-2026".into(),
                amount: Ore::kroner(3_000),
                remove: false,
            }))
        }),
        ("save_billing_settings", [true, false, false], |o, _| {
            ok(o.billing()
                .save_billing_settings(BillingSettings::default(), Creditor::default()))
        }),
        ("subsidies", [true, true, false], |o, w| {
            ok(o.billing().subsidies(w.ida))
        }),
        ("add_subsidy", [true, true, false], |o, w| {
            let input = SubsidyInput {
                child_id: w.ida,
                kind: Some(SubsidyKind::Friplads),
                division: Some(Division::School),
                reduction: Some(Reduction::Percent(50)),
                from: "01-08-2026".into(),
                to: String::new(),
            };
            ok(o.billing().add_subsidy(input))
        }),
        ("end_subsidy", [true, true, false], |o, _| {
            reached(o.billing().end_subsidy(1, "31-12-2026"))
        }),
        ("exam_certificates", [true, true, true], |o, w| {
            ok(o.exam_certificates().exam_certificates(w.ida))
        }),
        ("record_exam_certificate", [true, true, false], |o, w| {
            reached(
                o.exam_certificates()
                    .record_exam_certificate(CertificateInput {
                        child_id: w.ida,
                        issued_on: "20-06-2026".into(),
                        grades: "Dansk 7".into(),
                    }),
            )
        }),
        ("preview_charges", [true, true, false], |o, _| {
            ok(o.billing().preview_charges("2026-09"))
        }),
        ("issue_charges", [true, true, false], |o, _| {
            reached(o.billing().issue_charges("2026-09"))
        }),
        ("charge_runs", [true, true, false], |o, _| {
            ok(o.billing().charge_runs())
        }),
        ("save_delivery_file", [true, true, false], |o, _| {
            reached(o.billing().delivery_file(1))
        }),
        ("import_payment_file", [true, true, false], |o, _| {
            reached(o.billing().import_payments(b"BS002"))
        }),
        ("add_manual_payment", [true, true, false], |o, w| {
            let input = ManualPaymentInput {
                payer_id: w.mette,
                kind: "cash".into(),
                amount: Ore::kroner(100),
                paid_on: dates::short(clock::today()),
                note: String::new(),
            };
            ok(o.billing().add_manual_payment(input))
        }),
        ("customer_number", [true, true, false], |o, w| {
            ok(o.billing().customer_number(w.mette))
        }),
        ("set_customer_number", [true, true, false], |o, w| {
            ok(o.billing().set_customer_number(w.mette, "4711"))
        }),
        ("add_correction", [true, true, false], |o, w| {
            ok(o.billing()
                .add_correction(w.mette, "Regulering", Ore::kroner(-100)))
        }),
        // No charge yet, so the rules refuse these once past the role check.
        ("issue_credit_note", [true, true, false], |o, w| {
            let input = CreditNoteInput {
                payer_id: w.mette,
                child_id: None,
                text: "Kreditnota".into(),
                amount: Ore::kroner(100),
            };
            reached(o.billing().issue_credit_note(input))
        }),
        ("record_refund", [true, true, false], |o, w| {
            let input = RefundInput {
                payer_id: w.mette,
                amount: Ore::kroner(100),
                paid_on: dates::short(clock::today()),
                bank_reference: "OVF 1".into(),
            };
            reached(o.billing().record_refund(input))
        }),
        ("payer_accounts", [true, true, false], |o, _| {
            ok(o.billing().payer_accounts(true))
        }),
        ("payer_statement", [true, true, false], |o, w| {
            ok(o.billing().payer_statement(w.mette))
        }),
        (
            "terminate_kindergarten_for_arrears",
            [true, true, false],
            |o, w| reached(o.billing().terminate_kindergarten_for_arrears(w.ida, false)),
        ),
        ("leaving", [true, true, false], |o, w| {
            ok(o.leaving().leaving(w.ida))
        }),
        ("placements", [true, true, true], |o, w| {
            ok(o.placement().placements(w.ida))
        }),
        ("preview_class_change", [true, true, false], |o, w| {
            reached(o.placement().preview_class_change(class_change_of(w)))
        }),
        ("change_class", [true, false, false], |o, w| {
            reached(o.placement().change_class(class_change_of(w)))
        }),
        ("preview_sfo_change", [true, true, false], |o, w| {
            reached(o.placement().preview_sfo_change(sfo_change_of(w)))
        }),
        ("change_sfo", [true, true, false], |o, w| {
            reached(o.placement().change_sfo(sfo_change_of(w)))
        }),
        // The place does not exist, so the rules refuse these once past the role check.
        ("preview_date_correction", [true, true, false], |o, w| {
            reached(o.placement().preview_date_correction(date_correction_of(w)))
        }),
        ("correct_placement_date", [true, true, false], |o, w| {
            reached(o.placement().correct_placement_date(date_correction_of(w)))
        }),
        ("payer_change_preview", [true, true, false], |o, w| {
            ok(o.billing().payer_change_preview(w.ida))
        }),
        ("preview_withdrawal", [true, true, false], |o, w| {
            reached(o.leaving().preview_withdrawal(withdrawal_of(w)))
        }),
        ("record_withdrawal", [true, true, false], |o, w| {
            reached(o.leaving().record_withdrawal(withdrawal_of(w)))
        }),
        ("cancel_withdrawal", [true, true, false], |o, _| {
            reached(o.leaving().cancel_withdrawal(1))
        }),
        ("record_compensation", [true, true, false], |o, _| {
            reached(o.leaving().record_compensation(1))
        }),
        ("end_schooling", [true, false, false], |o, w| {
            reached(o.leaving().end_schooling(ExpulsionInput {
                child_id: w.ida,
                reason: "Prøve".into(),
                last_day: dates::short(clock::today()),
            }))
        }),
        ("rollover_preview", [true, true, false], |o, _| {
            ok(o.leaving().rollover_preview())
        }),
        ("run_rollover", [true, true, false], |o, _| {
            reached(o.leaving().run_rollover(2027))
        }),
        ("defer_school_start", [true, true, false], |o, w| {
            reached(o.leaving().defer_school_start(w.ida))
        }),
        ("undo_school_start_deferral", [true, true, false], |o, w| {
            ok(o.leaving().undo_school_start_deferral(w.ida))
        }),
        ("september_count", [true, true, false], |o, _| {
            ok(o.leaving().september_count(2026))
        }),
        ("save_september_count_csv", [true, true, false], |o, _| {
            ok(o.leaving().september_count_csv(2026))
        }),
        ("record_absence", [true, true, false], |o, w| {
            let input = AbsenceInput {
                child_id: w.ida,
                kind: Some(AbsenceKind::Sickness),
                first_day: dates::short(clock::today()),
                last_day: String::new(),
                reported_by: "Mette".into(),
                note: String::new(),
            };
            reached(o.absence().record_absence(input))
        }),
        // Staff may look, within their class; the scope, not the role, stops them elsewhere.
        ("child_absence", [true, true, true], |o, w| {
            reached(o.absence().child_absence(w.ida))
        }),
        ("class_absence", [true, true, true], |o, _| {
            reached(o.absence().class_absence(2))
        }),
        ("leave_requests", [true, true, true], |o, _| {
            ok(o.absence().leave_requests())
        }),
        ("decide_leave", [true, true, true], |o, _| {
            reached(o.absence().decide_leave(1, true))
        }),
        ("consent_types", [true, true, true], |o, _| {
            ok(o.consent().consent_types())
        }),
        ("add_consent_type", [true, false, false], |o, _| {
            let input = ConsentTypeInput {
                name: format!("Samtykke {}", rand_label()),
                purpose: "Formål".into(),
                legal_basis: "Art. 6".into(),
                pupil_from_age: String::new(),
                list_title: "Uden".into(),
            };
            ok(o.consent().add_consent_type(input))
        }),
        ("set_consent_type_active", [true, false, false], |o, _| {
            ok(o.consent().set_consent_type_active(1, true))
        }),
        ("child_consents", [true, true, true], |o, w| {
            ok(o.consent().child_consents(w.ida))
        }),
        ("record_consent", [true, true, false], |o, w| {
            let input = ConsentInput {
                child_id: w.ida,
                type_id: 1,
                decision: Decision::Refused,
                answerer: Answerer::Guardian { id: w.mette },
                on: dates::short(clock::today()),
                method: Method::InPerson,
            };
            ok(o.consent().record_consent(input))
        }),
        ("consent_list", [true, true, true], |o, _| {
            ok(o.consent().consent_list(1))
        }),
        ("today", [true, true, true], |o, _| {
            ok(o.start_page().today())
        }),
        ("absent_today", [true, true, true], |o, _| {
            ok(o.absence().absent_today())
        }),
        ("mail_settings", [true, false, false], |o, _| {
            ok(o.mail().mail_settings())
        }),
        ("save_mail_settings", [true, false, false], |o, _| {
            ok(o.mail().save_mail_settings(SmtpSettingsInput {
                host: "smtp.skolen.dk".into(),
                port: String::new(),
                security: SmtpSecurity::StartTls,
                username: String::new(),
                from_address: "kontor@skolen.dk".into(),
                from_name: "Skolen".into(),
                password: String::new(),
            }))
        }),
        ("prepare_contract_mails", [true, true, false], |o, _| {
            ok(o.mail()
                .contract_mails(ContractMailRequest { grade: Some(1) }))
        }),
        // Reached: the server may be unset, but the role passes.
        ("send_mails", [true, true, false], |o, _| {
            reached(o.mail().mailer().map(|_| ()))
        }),
        ("class_addresses", [true, true, true], |o, _| {
            ok(o.mail().class_addresses(1))
        }),
        ("class_consents", [true, true, true], |o, _| {
            ok(o.consent().class_consents(1, 1))
        }),
        ("add_class_deposits", [true, true, false], |o, _| {
            reached(o.class_fund().add_class_deposits(ClassDepositsInput {
                cohort: 2021,
                date: dates::short(clock::today()),
                text: "Indbetaling".into(),
                deposits: Vec::new(),
            }))
        }),
        ("record_class_consents", [true, true, false], |o, _| {
            ok(o.consent().record_class_consents(ClassConsentInput {
                type_id: 1,
                on: dates::short(clock::today()),
                answers: Vec::new(),
            }))
        }),
        ("list_table", [true, true, true], |o, _| {
            ok(o.lists().list_table(ListRequest {
                kind: ListKind::Class,
                filter: ListFilter::default(),
                sort: None,
            }))
        }),
        ("chart_of_accounts", [true, true, false], |o, _| {
            ok(o.bookkeeping().chart_of_accounts())
        }),
        ("save_chart_of_accounts", [true, true, false], |o, _| {
            ok(o.bookkeeping().save_chart_of_accounts(Vec::new()))
        }),
        // Reached: the chart may be empty for a month with charges.
        ("journal", [true, true, false], |o, _| {
            reached(o.bookkeeping().journal("2026-09", 1))
        }),
        ("save_journal", [true, true, false], |o, _| {
            reached(
                o.bookkeeping()
                    .journal_file("2026-09", 1, JournalFormat::Pdf),
            )
        }),
        ("save_list|open_list", [true, true, false], |o, _| {
            let request = ListRequest {
                kind: ListKind::Phone,
                filter: ListFilter::default(),
                sort: None,
            };
            ok(o.lists().list_file(request, ListFormat::Csv))
        }),
        // Staff reach it, and are refused without a second factor (R29).
        ("health", [true, true, true], |o, w| {
            reached(o.health().health(w.ida))
        }),
        ("add_health_note", [true, true, false], |o, w| {
            reached(o.health().add_health_note(HealthInput {
                child_id: w.ida,
                kind: HealthKind::Allergy,
                text: "Nødder".into(),
            }))
        }),
        ("delete_health_note", [true, true, false], |o, _| {
            reached(o.health().delete_health_note(1))
        }),
        ("save_data_export", [true, true, false], |o, w| {
            ok(o.privacy().data_export(DataSubject::Child { id: w.ida }))
        }),
        ("data_requests", [true, true, false], |o, _| {
            ok(o.privacy().data_requests())
        }),
        ("retention_plan", [true, true, false], |o, _| {
            ok(o.privacy().retention_plan())
        }),
        ("run_retention", [true, false, false], |o, _| {
            reached(o.privacy().run_retention("intet"))
        }),
        ("backups", [true, true, false], |o, _| {
            ok(o.backup().backups())
        }),
        ("save_backup_settings", [true, true, false], |o, _| {
            ok(o.backup()
                .save_backup_settings(skolekontor_app::backup::BackupSettingsInput {
                    folder: String::new(),
                    keep: "7".into(),
                    max_age_days: "90".into(),
                }))
        }),
        ("back_up_now", [true, true, false], |o, _| {
            reached(o.backup().back_up_now())
        }),
        ("check_backup_file", [true, true, false], |o, _| {
            reached(o.backup().check_backup_file("/findes/ikke.db"))
        }),
        ("preview_import", [true, true, false], |o, _| {
            reached(o.import().preview_import("/findes/ikke.csv"))
        }),
        ("import_register", [true, true, false], |o, _| {
            reached(o.import().import_register("/findes/ikke.csv", ""))
        }),
        ("restore_backup", [true, false, false], |o, _| {
            reached(o.backup().restore_backup("/findes/ikke.db"))
        }),
        ("change_database_key", [true, false, false], |o, _| {
            ok(o.change_database_key())
        }),
        ("register_data_request", [true, true, false], |o, w| {
            ok(o.privacy().register_data_request(RequestInput {
                subject: DataSubject::Child { id: w.ida },
                kind: RequestKind::Access,
                made_by: "Mette".into(),
                received_on: dates::short(clock::today()),
            }))
        }),
        ("extend_data_request", [true, true, false], |o, _| {
            reached(o.privacy().extend_data_request(RequestAnswer {
                request_id: 1,
                refused: false,
                text: "Forlænget".into(),
            }))
        }),
        ("answer_data_request", [true, true, false], |o, _| {
            reached(o.privacy().answer_data_request(RequestAnswer {
                request_id: 1,
                refused: false,
                text: "Svar".into(),
            }))
        }),
        ("class_funds", [true, true, true], |o, _| {
            ok(o.class_fund().class_funds())
        }),
        ("class_fund", [true, true, true], |o, _| {
            ok(o.class_fund().class_fund(second_grade()))
        }),
        ("save_class_fund", [true, true, false], |o, _| {
            ok(o.class_fund().save_class_fund(ClassFundInput {
                cohort: second_grade(),
                purpose: "Udflugter".into(),
                ..Default::default()
            }))
        }),
        ("add_fund_entry", [true, true, false], |o, _| {
            let input = FundEntryInput {
                cohort: second_grade(),
                kind: Some(EntryKind::Deposit),
                date: dates::short(clock::today()),
                amount: "10".into(),
                text: "Indbetaling".into(),
                ..Default::default()
            };
            reached(o.class_fund().add_fund_entry(input))
        }),
        ("cancel_fund_entry", [true, true, false], |o, _| {
            reached(o.class_fund().cancel_fund_entry(CancelFundEntry {
                entry_id: 1,
                reason: "Prøve".into(),
            }))
        }),
    ]
}

/// The cohort of the 2nd grade, the staff user's class.
fn second_grade() -> i32 {
    skolekontor_app::domain::class_fund::cohort_of(2, dates::school_year_start(clock::today()))
}

fn class_change_of(w: &World) -> skolekontor_app::domain::placement::ClassChangeInput {
    skolekontor_app::domain::placement::ClassChangeInput {
        child_id: w.ida,
        to_grade: Some(3),
        first_day: dates::short(clock::today()),
        meeting_on: dates::short(clock::today()),
        all_agree: true,
        reason: "Prøve".into(),
    }
}

fn date_correction_of(w: &World) -> DateCorrectionInput {
    DateCorrectionInput {
        child_id: w.ida,
        placement_id: -1,
        first_day: dates::short(clock::today()),
        reason: "Tastefejl".into(),
    }
}

fn sfo_change_of(w: &World) -> skolekontor_app::domain::placement::SfoChangeInput {
    skolekontor_app::domain::placement::SfoChangeInput {
        child_id: w.ida,
        action: skolekontor_app::domain::placement::SfoChangeAction::Drop,
        from_module: "Morgen".into(),
        received_on: dates::short(clock::today()),
        from_guardian_id: Some(w.mette),
        ..Default::default()
    }
}

fn withdrawal_of(w: &World) -> WithdrawalInput {
    WithdrawalInput {
        child_id: w.ida,
        scope: WithdrawalScope::Sfo,
        sfo_module: String::new(),
        received_on: dates::short(clock::today()),
        from_guardian_id: Some(w.mette),
    }
}

use skolekontor_app::billing::ManualPaymentInput;
use skolekontor_app::bookkeeping::JournalFormat;
use skolekontor_app::class_fund::CancelFundEntry;
use skolekontor_app::class_fund::ClassDepositsInput;
use skolekontor_app::consent::ClassConsentInput;
use skolekontor_app::data_access::DataSubject;
use skolekontor_app::data_request::RequestAnswer;
use skolekontor_app::domain::absence::{AbsenceInput, AbsenceKind};
use skolekontor_app::domain::betalingsservice::Creditor;
use skolekontor_app::domain::billing::credit::{CreditNoteInput, RefundInput};
use skolekontor_app::domain::billing::{
    BillingSettings, RateCorrection, RateInput, RateKind, Reduction, SubsidyInput, SubsidyKind,
};
use skolekontor_app::domain::class_fund::{ClassFundInput, EntryKind, FundEntryInput};
use skolekontor_app::domain::consent::{
    Answerer, ConsentInput, ConsentTypeInput, Decision, Method,
};
use skolekontor_app::domain::data_request::{RequestInput, RequestKind};
use skolekontor_app::domain::exam_certificate::CertificateInput;
use skolekontor_app::domain::health::{HealthInput, HealthKind};
use skolekontor_app::domain::leaving::withdrawal::{WithdrawalInput, WithdrawalScope};
use skolekontor_app::domain::lists::{ListFilter, ListKind, ListRequest};
use skolekontor_app::domain::mail::{SmtpSecurity, SmtpSettingsInput};
use skolekontor_app::domain::placement_correction::DateCorrectionInput;
use skolekontor_app::domain::Ore;
use skolekontor_app::leaving::ExpulsionInput;
use skolekontor_app::lists::ListFormat;
use skolekontor_app::mail::ContractMailRequest;

fn rand_label() -> String {
    format!(
        "{:?}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

/// The window's commands that run before anyone logs in, or check something other
/// than a role, with why; every other command must have a row in [`commands`].
const NOT_ROLE_CHECKED: &[(&str, &str)] = &[
    ("start", "where the program stands, before any login"),
    ("set_language", "the language of messages, before any login"),
    ("set_up", "only where no school exists yet"),
    ("set_up_demo", "only where no school exists yet"),
    (
        "print_recovery_sheet",
        "only while a recovery key waits to be printed",
    ),
    (
        "save_recovery_sheet",
        "only while a recovery key waits to be printed",
    ),
    ("confirm_recovery_key_saved", "forgets the waiting key"),
    (
        "restore_damaged",
        "the headteacher is checked against the backup's own users",
    ),
    ("unlock_with_recovery_key", "the recovery key is the proof"),
    ("log_in", "the login itself"),
    ("confirm_code", "the login itself"),
    ("log_out", "the logout itself"),
    ("lock", "the lock itself"),
    ("unlock", "the user's own password"),
    (
        "choose_backup_folder",
        "a file dialog only; saving the folder is checked",
    ),
    (
        "choose_backup_file",
        "a file dialog only; checking the file is checked",
    ),
    (
        "choose_import_file",
        "a file dialog only; reading the file is checked",
    ),
    ("save_import_template", "the empty template holds no data"),
];

/// The commands the window can call, read from the one list the shell registers.
fn shell_commands() -> Vec<&'static str> {
    let source = include_str!("../../../src/commands/mod.rs");
    let list = source
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("the shell's handler list");
    // Each entry is `module::command`.
    list.split(',')
        .filter_map(|entry| entry.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn r24_the_role_test_covers_every_command_the_window_can_call() {
    let tested: Vec<&str> = commands()
        .iter()
        .flat_map(|(names, _, _)| names.split('|'))
        .collect();
    let shell = shell_commands();
    assert!(shell.len() > 100, "{}", shell.len());
    for name in &shell {
        assert!(
            tested.contains(name) || NOT_ROLE_CHECKED.iter().any(|(n, _)| n == name),
            "the command {name} has no row in the role test: add one (or a reason in NOT_ROLE_CHECKED)"
        );
    }
    for name in tested.iter().chain(NOT_ROLE_CHECKED.iter().map(|(n, _)| n)) {
        assert!(
            shell.contains(name),
            "{name} is tested but the window has no such command"
        );
    }
}

#[test]
fn r24_every_command_by_every_role_the_allowed_succeed_the_rest_are_refused() {
    let roles = [
        (0, "birgitte", Role::Headteacher, None),
        (1, "sofie", Role::Secretary, None),
        (2, "lars", Role::Staff, Some(StaffScope::Class { grade: 2 })),
    ];
    for (column, username, role, scope) in roles {
        let fixture = Fixture::new();
        let mut office = fixture.office();
        let (_, head_secret) = set_up(&mut office);
        let world = prepare(&mut office);
        if role != Role::Headteacher {
            office
                .users()
                .add_user(user_input(username, "Prøve Bruger", role, scope))
                .unwrap();
            office.log_out();
            log_in_as(&mut office, username, None);
        } else {
            office.log_out();
            log_in_as(&mut office, username, Some(&head_secret));
        }
        for (name, who, command) in commands() {
            let result = command(&mut office, &world);
            if who[column] {
                assert!(
                    result.is_ok(),
                    "{role:?} should be allowed {name}: {:?}",
                    result.err().map(|e| e.to_string())
                );
            } else {
                assert!(
                    matches!(result, Err(AppError::Forbidden { .. })),
                    "{role:?} must be refused {name}: {:?}",
                    result.map(|_| "ok")
                );
            }
        }
    }
}

#[test]
fn r24_staff_see_only_their_own_class() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let ida = office.register().add_child(common::ida()).unwrap().id; // 2. klasse
    let anton = office
        .register()
        .add_child(child_without_place("Anton", "02-02-2021", vec![]))
        .unwrap()
        .id;
    office
        .users()
        .add_user(user_input(
            "lars",
            "Lars Lærer",
            Role::Staff,
            Some(StaffScope::Class { grade: 2 }),
        ))
        .unwrap();
    office
        .users()
        .add_user(user_input(
            "bente",
            "Bente Børnehave",
            Role::Staff,
            Some(StaffScope::Kindergarten),
        ))
        .unwrap();
    office.log_out();
    assert!(
        log_in_as(&mut office, "lars", None).is_none(),
        "staff need no second factor unless the school says so"
    );
    let visible: Vec<i64> = office
        .register()
        .list_children(false)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(visible, vec![ida]);
    assert!(matches!(
        office.register().child(anton),
        Err(AppError::OutsideScope)
    ));
    assert!(
        office
            .register()
            .child(ida)
            .unwrap()
            .cpr
            .unwrap()
            .ends_with("XXXX"),
        "staff see masked CPR numbers"
    );
    assert!(
        office
            .register()
            .search("Sørensen", false)
            .unwrap()
            .guardians
            .len()
            == 2
    );
    office.log_out();
    log_in_as(&mut office, "bente", None);
    assert!(office.register().list_children(false).unwrap().is_empty());
    assert!(
        office
            .register()
            .search("Sørensen", false)
            .unwrap()
            .guardians
            .is_empty(),
        "no guardians of other groups"
    );
}

#[test]
fn r3_the_secretary_registers_two_children_and_the_sibling_ranks_first() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    let (_, head_secret) = set_up(&mut office);
    let ida = office.register().add_child(common::ida()).unwrap().id; // a pupil in 2. klasse
    let mette = office.register().child(ida).unwrap().guardians[0].guardian_id;
    office
        .users()
        .add_user(user_input("sofie", "Sofie Sekretær", Role::Secretary, None))
        .unwrap();
    office.log_out();
    log_in_as(&mut office, "sofie", None);

    let start = format!("01-08-{}", next_year());
    let first = office
        .register()
        .add_child(child_without_place(
            "Bertram",
            "05-05-2020",
            vec![
                guardian("Lone", "Havevej 2", true),
                guardian("Per", "Strandvej 9", false),
            ],
        ))
        .unwrap()
        .id;
    let early = office
        .admission()
        .register_on_waiting_list(waiting(first, 0, &start))
        .unwrap()
        .id;
    let sibling = office
        .register()
        .add_child(child_without_place(
            "Karla",
            "06-06-2020",
            vec![existing(mette)],
        ))
        .unwrap()
        .id;
    let mut input = waiting(sibling, 0, &start);
    input.fee_paid_on = dates::short(clock::today());
    let late = office
        .admission()
        .register_on_waiting_list(input)
        .unwrap()
        .id;
    let twice = office
        .admission()
        .register_on_waiting_list(waiting(sibling, 0, &start))
        .unwrap_err();
    assert!(twice.to_string().contains("allerede på listen"), "{twice}");

    let intake = office
        .admission()
        .intake(IntakeQuery {
            division: Some(Division::School),
            school_year: next_year(),
            grade: Some(0),
        })
        .unwrap();
    let ranked: Vec<(i64, Option<u32>)> =
        intake.applications.iter().map(|a| (a.id, a.rank)).collect();
    assert_eq!(
        ranked,
        vec![(late, Some(1)), (early, Some(2))],
        "the sibling first, though registered later"
    );
    assert_eq!(
        intake.applications[0].sibling_reason.as_deref(),
        Some("søskende til Ida, 3. klasse")
    );
    assert!(
        intake.applications[0].fee_paid_on.is_some()
            && intake.applications[1].fee_paid_on.is_none()
    );

    let out_of_order = office.admission().offer_place(early).unwrap_err();
    assert!(
        out_of_order.to_string().contains("rækkefølge"),
        "{out_of_order}"
    );
    office.admission().offer_place(late).unwrap();
    office
        .admission()
        .answer_offer(late, false, &dates::short(clock::today()))
        .unwrap();
    office.admission().offer_place(early).unwrap();
    // The offer letter to the family, with the rate of the place offered.
    for (kind, module, kroner) in [
        (RateKind::School, "", 3_250),
        (RateKind::Sfo, "Morgen og eftermiddag", 1_100),
    ] {
        office
            .billing()
            .add_rate(RateInput {
                kind: Some(kind),
                module: module.into(),
                amount: skolekontor_app::domain::Ore::kroner(kroner),
                valid_from: start.clone(),
            })
            .unwrap();
    }
    let offer = text_of(
        &office
            .documents()
            .document(DocumentRequest::PlaceOffer { entry_id: early })
            .unwrap()
            .bytes,
    );
    for expected in [
        "Tilbud om plads til Bertram",
        "skolepenge 3.250,00 kr. om måneden",
        &format!("skoleåret {}/{}", next_year(), (next_year() + 1) % 100),
        "inden 14 dage",
    ] {
        assert!(offer.contains(expected), "{expected:?} missing: {offer}");
    }
    // Parents in two homes get a letter each, both named in each.
    assert_eq!(offer.matches("Tilbud om plads til Bertram").count(), 2);
    assert!(offer.contains("Havevej 2") && offer.contains("Strandvej 9"));
    assert_eq!(
        offer.matches("Kære Lone Sørensen og Per Sørensen").count(),
        2
    );
    office
        .admission()
        .answer_offer(early, true, &dates::short(clock::today()))
        .unwrap();
    assert!(
        matches!(
            office
                .documents()
                .document(DocumentRequest::PlaceOffer { entry_id: early }),
            Err(AppError::Refused(_))
        ),
        "an answered offer is not offered again"
    );
    let intake = office
        .admission()
        .intake(IntakeQuery {
            division: Some(Division::School),
            school_year: next_year(),
            grade: Some(0),
        })
        .unwrap();
    assert_eq!(
        intake.applications[0].id, early,
        "a declined offer leaves the ranking"
    );
    assert_eq!(intake.applications[1].status, ApplicationStatus::Declined);

    // Admission records the terms accepted (R6) and makes the enrolment.
    let terms = office
        .admission()
        .add_terms_version(TermsVersionInput {
            division: Some(Division::School),
            label: "Skolen 2027".into(),
            valid_from: start.clone(),
        })
        .unwrap()
        .id;
    let missing_terms = AdmissionInput {
        start_date: start.clone(),
        terms_accepted_on: dates::short(clock::today()),
        ..Default::default()
    };
    assert!(matches!(
        office.admission().admit(early, missing_terms),
        Err(AppError::Validation(_))
    ));
    let admission = AdmissionInput {
        start_date: start.clone(),
        sfo_module: "Morgen og eftermiddag".into(),
        terms_version_ids: vec![terms],
        terms_accepted_on: dates::short(clock::today()),
        ..Default::default()
    };
    office.admission().admit(early, admission).unwrap();
    let confirmation = text_of(
        &office
            .documents()
            .document(DocumentRequest::AdmissionConfirmation { child_id: first })
            .unwrap()
            .bytes,
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    for expected in [
        "Bertram".to_string(),
        "er optaget i 0. klasse".to_string(),
        format!("Første dag 1. august {}", next_year()),
        "skolepenge 3.250,00 kr. og SFO (Morgen og eftermiddag) 1.100,00 kr. om måneden"
            .to_string(),
    ] {
        assert!(
            confirmation.contains(&expected),
            "{expected:?} missing: {confirmation}"
        );
    }
    let bertram = office
        .register()
        .list_children(false)
        .unwrap()
        .into_iter()
        .find(|c| c.id == first)
        .unwrap();
    assert_eq!((bertram.grade, bertram.sfo), (Some(0), true));

    // The headteacher sees each step in the audit log, and the chain holds.
    office.log_out();
    log_in_as(&mut office, "birgitte", Some(&head_secret));
    let log = office
        .audit()
        .audit_log(AuditFilter {
            child_id: Some(sibling),
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<&str> = log.iter().rev().map(|r| r.entry.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "child.create",
            "waiting.create",
            "waiting.offer",
            "waiting.decline"
        ]
    );
    assert!(log.iter().all(|r| r.entry.user_name == "Sofie Sekretær"));
    assert!(office.audit().verify_audit_log().unwrap().intact());
}

#[test]
fn r4_the_secretary_cannot_approve_the_headteacher_can_after_the_meeting() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    let (_, head_secret) = set_up(&mut office);
    office
        .admission()
        .set_class_capacity(dates::school_year_start(clock::today()), 5, 1)
        .unwrap();
    office
        .users()
        .add_user(user_input("sofie", "Sofie Sekretær", Role::Secretary, None))
        .unwrap();
    office.log_out();
    log_in_as(&mut office, "sofie", None);
    let erik = office
        .register()
        .add_child(child_without_place("Erik", "07-07-2015", vec![]))
        .unwrap()
        .id;
    let entry = office
        .admission()
        .register_on_waiting_list(waiting(erik, 5, &mid_year_start()))
        .unwrap()
        .id;
    assert!(matches!(
        office.admission().decide_admission(entry, true, "ok"),
        Err(AppError::Forbidden { .. })
    ));
    assert!(office
        .admission()
        .offer_place(entry)
        .unwrap_err()
        .to_string()
        .contains("kræver et møde og skolelederens godkendelse"));
    office.log_out();

    log_in_as(&mut office, "birgitte", Some(&head_secret));
    let no_meeting = office
        .admission()
        .decide_admission(entry, true, "Ser fint ud")
        .unwrap_err();
    assert!(
        no_meeting.to_string().contains("optagelsesmøde"),
        "{no_meeting}"
    );
    office
        .admission()
        .record_meeting(
            entry,
            MeetingInput {
                with_class_teacher: false,
                ..full_meeting()
            },
        )
        .unwrap();
    assert!(office
        .admission()
        .decide_admission(entry, true, "Ser fint ud")
        .unwrap_err()
        .to_string()
        .contains("klasselæreren"));
    office
        .admission()
        .record_meeting(entry, full_meeting())
        .unwrap();
    assert!(matches!(
        office.admission().decide_admission(entry, true, "  "),
        Err(AppError::Validation(_))
    ));
    office
        .admission()
        .decide_admission(entry, true, "Alle var enige på mødet.")
        .unwrap();
    assert!(
        office
            .admission()
            .decide_admission(entry, false, "Fortrudt")
            .is_err(),
        "one decision only"
    );

    // The class has one place: a second approved child cannot be admitted beyond it.
    let terms = office
        .admission()
        .add_terms_version(TermsVersionInput {
            division: Some(Division::School),
            label: "Skolen".into(),
            valid_from: "01-08-2026".into(),
        })
        .unwrap()
        .id;
    let admission = || AdmissionInput {
        start_date: mid_year_start(),
        terms_version_ids: vec![terms],
        terms_accepted_on: dates::short(clock::today()),
        ..Default::default()
    };
    office.admission().admit(entry, admission()).unwrap();
    let frida = office
        .register()
        .add_child(child_without_place("Frida", "08-08-2015", vec![]))
        .unwrap()
        .id;
    let second = office
        .admission()
        .register_on_waiting_list(waiting(frida, 5, &mid_year_start()))
        .unwrap()
        .id;
    office
        .admission()
        .record_meeting(second, full_meeting())
        .unwrap();
    let full = office
        .admission()
        .decide_admission(second, true, "Alle enige")
        .unwrap_err();
    assert!(full.to_string().contains("ledig plads"), "{full}");
    assert_eq!(
        office
            .admission()
            .waiting_list(None)
            .unwrap()
            .iter()
            .find(|a| a.id == second)
            .unwrap()
            .status,
        ApplicationStatus::Waiting,
        "nothing half-saved"
    );
    let entries = office
        .audit()
        .audit_log(AuditFilter {
            child_id: Some(erik),
            ..Default::default()
        })
        .unwrap();
    let approve = entries
        .iter()
        .find(|r| r.entry.action == "waiting.approve")
        .unwrap();
    assert_eq!(approve.entry.user_name, "Birgitte Holm");
    assert!(!office
        .audit()
        .audit_log(AuditFilter {
            kind: Some(AuditKind::Access),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    assert!(Action::ALL.contains(&Action::ApproveAdmission));
}

#[test]
fn r29_the_idle_lock_needs_the_password_again_and_reading_full_cpr_is_logged() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    let ida = office.register().add_child(common::ida()).unwrap().id;
    assert!(
        office
            .register()
            .child(ida)
            .unwrap()
            .cpr
            .unwrap()
            .ends_with("XXXX"),
        "the detail screen masks"
    );
    assert_eq!(
        office.register().reveal_cpr(ida).unwrap().cpr.as_deref(),
        Some("150318-4008")
    );
    let reads = office
        .audit()
        .audit_log(AuditFilter {
            kind: Some(AuditKind::SensitiveRead),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(reads.len(), 1);
    assert!(
        !reads[0].entry.fields.iter().any(|f| f.contains("150318")),
        "field names, never values"
    );

    office.lock(false).unwrap();
    assert!(matches!(
        office.register().list_children(false),
        Err(AppError::Locked)
    ));
    assert!(matches!(
        office.start().unwrap(),
        skolekontor_app::StartState::Locked { .. }
    ));
    assert!(matches!(
        office.unlock("forkert"),
        Err(AppError::WrongPassword)
    ));
    assert!(
        matches!(office.unlock(PASSWORD), Err(AppError::TooManyTries(_))),
        "the unlock counts as a login: a wrong password makes the next try wait"
    );
    office.move_clock(1);
    office.unlock(PASSWORD).unwrap();
    assert_eq!(office.register().list_children(false).unwrap().len(), 1);
}

#[test]
fn the_school_can_require_the_second_factor_for_everyone() {
    let fixture = Fixture::new();
    let mut office = fixture.office();
    set_up(&mut office);
    office
        .users()
        .add_user(user_input(
            "lars",
            "Lars Lærer",
            Role::Staff,
            Some(StaffScope::Class { grade: 2 }),
        ))
        .unwrap();
    office
        .users()
        .save_school_settings(SchoolSettings {
            require_totp_for_all: true,
            idle_lock_minutes: 5,
            class_capacity: 24,
            kindergarten_capacity: 45,
            enrolment_fee: skolekontor_app::domain::Ore::kroner(1500),
        })
        .unwrap();
    office.log_out();
    assert!(matches!(
        office.log_in("lars", PASSWORD).unwrap(),
        LoginStep::NeedsSecondFactorSetup { .. }
    ));
    let secret = log_in_as(&mut office, "lars", None).unwrap();
    assert!(office.start().map(|s| matches!(s, skolekontor_app::StartState::LoggedIn { user, .. } if user.idle_lock_minutes == 5)).unwrap());
    office.log_out();
    assert!(matches!(
        office.log_in("lars", PASSWORD).unwrap(),
        LoginStep::NeedsCode
    ));
    confirm_with_app(&mut office, &secret).unwrap();
}
