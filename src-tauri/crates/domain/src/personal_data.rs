//! The personal-data register (*fortegnelse over personoplysninger*, R22–R28): every
//! table the program keeps, every column in it that holds or points to personal data
//! with its category, purpose, legal basis and retention rule, and the columns that
//! hold none. A store test walks the real schema and fails when a table or column is
//! missing here, so a new field cannot slip past retention, access reports, the
//! portability export and the privacy notice, which all read this one register.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::privacy::{DataCategory, DATA_CATEGORIES};

/// Whose data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum DataSubject {
    Child {
        /// The child.
        #[ts(type = "number")]
        id: i64,
    },
    /// A guardian (with the children in their custody).
    Guardian {
        /// The guardian.
        #[ts(type = "number")]
        id: i64,
    },
}

/// How sensitive a field is (R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Ordinary personal data (Art. 6).
    Ordinary,
    /// A CPR number (Databeskyttelsesloven § 11).
    Cpr,
    /// Sensitive data (Art. 9): health.
    Sensitive,
}

/// Whose data it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The child (and so its custody holders' concern).
    Child,
    Guardian,
    /// The school's staff (users of the program).
    Staff,
    /// No person: the school's own settings and figures.
    Nobody,
}

/// When a field is deleted (R26; the periods are the school's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// Not needed for the accounts: by the end of the calendar year the child left
    /// (or the months the school set).
    AfterLeaving,
    /// Accounting data (name, grade, CPR, payments): the set number of years after
    /// the end of its financial year.
    Accounting,
    /// A waiting-list entry: when the child can no longer start (R33).
    WaitingList,
    /// A user's own data: while the user exists.
    WhileUser,
    /// The audit log: as long as the accounting data it documents.
    AuditLog,
    /// A grade-9 leaving certificate's record, and the name and CPR number it is
    /// about: the years the school set (R26: 30) after the year it was issued.
    Certificate,
}

/// The privacy notice's rows (R28), in the order of [`DATA_CATEGORIES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeGroup {
    /// The child's name, address, contact, background, grade, admission and leaving.
    Child = 0,
    /// Guardians: names, contact, custody.
    Guardians = 1,
    /// CPR numbers.
    Cpr = 2,
    /// Absence, UNI-Login.
    SchoolLife = 3,
    /// Health information.
    Health = 4,
    /// Payments, subsidies, class funds.
    Payments = 5,
    /// Consents and their history.
    Consents = 6,
    /// Requests under the data subject's rights, and the answers.
    Requests = 7,
}

impl NoticeGroup {
    /// The notice's row.
    pub fn category(self) -> &'static DataCategory {
        &DATA_CATEGORIES[self as usize]
    }
}

/// How the rows of a table belong to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Not about this kind of person.
    None,
    /// The row is the person (`id`).
    Id,
    /// This column holds the person's id.
    Column(&'static str),
    /// The rows whose `column` is among what `select` gives of the rows of `from`
    /// whose `by` is the person's id.
    In {
        /// This table's column.
        column: &'static str,
        /// What the other table gives.
        select: &'static str,
        /// The other table.
        from: &'static str,
        /// The other table's column with the person's id.
        by: &'static str,
    },
}

/// One column with personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonalField {
    pub column: &'static str,
    /// What it holds, in Danish (for the access report).
    pub data: &'static str,
    /// How sensitive.
    pub category: Category,
    /// When it goes.
    pub retention: Retention,
    /// Where the notice states it; none for staff data and the log.
    pub notice: Option<NoticeGroup>,
}

/// One table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterTable {
    pub table: &'static str,
    /// Whose data.
    pub subject: Subject,
    /// How a row belongs to a child, for the access report and the export.
    pub child: Link,
    /// How a row belongs to a guardian.
    pub guardian: Link,
    /// Why it is kept, in Danish: the access report, the export and the privacy
    /// notice are the person's own and stay Danish.
    pub purpose: &'static str,
    /// The same in English, for the retention plan on screen.
    pub purpose_in_english: &'static str,
    /// The legal basis (R22).
    pub legal_basis: &'static str,
    /// Its columns with personal data.
    pub personal: &'static [PersonalField],
    /// Its other columns.
    pub other: &'static [&'static str],
}

use Category::{Cpr as C, Ordinary as O, Sensitive as S};
use Link as L;
use NoticeGroup as N;
use Retention::{
    Accounting as ACC, AfterLeaving as LEAVE, AuditLog as LOG, Certificate as CERT,
    WaitingList as WAIT, WhileUser as USER,
};

const fn f(
    column: &'static str,
    data: &'static str,
    category: Category,
    retention: Retention,
    notice: Option<NoticeGroup>,
) -> PersonalField {
    PersonalField {
        column,
        data,
        category,
        retention,
        notice,
    }
}

/// Who in the office recorded something: a staff user's id.
const fn by(column: &'static str, retention: Retention) -> PersonalField {
    f(
        column,
        "hvem i kontoret der registrerede det",
        O,
        retention,
        None,
    )
}

const CONTRACT: &str = "GDPR art. 6, stk. 1, litra b og c";
const TASK: &str = "GDPR art. 6, stk. 1, litra c og e (friskoleloven)";
const ACCOUNTS: &str = "GDPR art. 6, stk. 1, litra b og c; bogføringsloven";

/// The register: every table of the schema.
pub const REGISTER: &[RegisterTable] = &[
    RegisterTable {
        table: "school",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Skolens egne oplysninger og indstillinger",
        purpose_in_english: "The school's own details and settings",
        legal_basis: "-",
        personal: &[f(
            "privacy_contact",
            "kontaktperson for persondata: navn og e-mail",
            O,
            USER,
            None,
        )],
        other: &[
            "id",
            "name",
            "address",
            "postal_code",
            "town",
            "phone",
            "email",
            "web",
            "cvr",
            "has_school",
            "has_sfo",
            "has_kindergarten",
            "created_at",
            "require_totp_for_all",
            "idle_lock_minutes",
            "class_capacity",
            "kindergarten_capacity",
            "retention_months_after_leaving",
            "retention_accounting_years",
            "retention_certificate_years",
            "privacy_changed_on",
            "logo",
            "billing_settings",
            "first_school_year",
            "pbs_number",
            "debtor_group",
            "data_supplier",
            "backup_folder",
            "backup_keep",
            "backup_max_age_days",
            "is_demo",
        ],
    },
    RegisterTable {
        table: "app_user",
        subject: Subject::Staff,
        child: L::None,
        guardian: L::None,
        purpose: "Login og adgangsstyring for skolens ansatte",
        purpose_in_english: "Login and access control for the school's staff",
        legal_basis: "GDPR art. 6, stk. 1, litra b og f; art. 32",
        personal: &[
            f("username", "brugernavn", O, USER, None),
            f("full_name", "navn", O, USER, None),
            f("role", "rolle", O, USER, None),
            f("password_hash", "adgangskode (kun som hash)", O, USER, None),
            f(
                "scope_division",
                "afdeling medarbejderen hører til",
                O,
                USER,
                None,
            ),
            f(
                "scope_grade",
                "klasse medarbejderen hører til",
                O,
                USER,
                None,
            ),
            f("totp_secret", "nøgle til totrinsbekræftelse", O, USER, None),
        ],
        other: &["id", "active", "created_at", "totp_last_step"],
    },
    RegisterTable {
        table: "login_failure",
        subject: Subject::Staff,
        child: L::None,
        guardian: L::None,
        purpose:
            "Ventetid efter forkerte adgangskoder og koder (mod gætteri); glemmes efter et døgn",
        purpose_in_english: "Waiting time after wrong passwords and codes (against guessing); forgotten after a day",
        legal_basis: "GDPR art. 6, stk. 1, litra f; art. 32",
        personal: &[f(
            "username",
            "brugernavn, som der blev prøvet med",
            O,
            USER,
            None,
        )],
        other: &["kind", "failures", "last_failure_ms"],
    },
    RegisterTable {
        table: "restore_record",
        subject: Subject::Staff,
        child: L::None,
        guardian: L::None,
        purpose: "Gendannelser: hvem der gendannede, og hvor den erstattede logs kæde sluttede",
        purpose_in_english: "Restores: who restored, and where the replaced log's chain ended",
        legal_basis: "GDPR art. 6, stk. 1, litra c og f; art. 32",
        personal: &[
            by("restored_by", LOG),
            f(
                "restored_by_name",
                "navnet på den, der gendannede",
                O,
                LOG,
                None,
            ),
        ],
        other: &[
            "id",
            "restored_at",
            "backup_file",
            "backup_last_seq",
            "backup_last_hash",
            "replaced_last_seq",
            "replaced_last_hash",
            "retention_reviewed_at",
        ],
    },
    RegisterTable {
        table: "household",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::In {
            column: "id",
            select: "household_id",
            from: "guardian",
            by: "id",
        },
        purpose: "Familiens adresse, kontrakter og breve",
        purpose_in_english: "The family's address, contracts and letters",
        legal_basis: CONTRACT,
        // The payer's address is on the charges, so it is accounting data; the row
        // goes when the last guardian living there has gone.
        personal: &[
            f("street", "adresse", O, ACC, Some(N::Guardians)),
            f("postal_code", "postnummer", O, ACC, Some(N::Guardians)),
            f("town", "by", O, ACC, Some(N::Guardians)),
            f(
                "match_key",
                "adressen i søgbar form",
                O,
                ACC,
                Some(N::Guardians),
            ),
        ],
        other: &["id", "created_at"],
    },
    RegisterTable {
        table: "guardian",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::Id,
        purpose: "Kontakt, kontrakter og opkrævning",
        purpose_in_english: "Contact, contracts and charges",
        legal_basis: CONTRACT,
        personal: &[
            f("first_name", "fornavn", O, ACC, Some(N::Guardians)),
            f("last_name", "efternavn", O, ACC, Some(N::Guardians)),
            f("cpr", "CPR-nummer", C, ACC, Some(N::Cpr)),
            f("email", "e-mail", O, LEAVE, Some(N::Guardians)),
            f("phone", "telefon", O, LEAVE, Some(N::Guardians)),
            f(
                "address_protected",
                "navne- og adressebeskyttelse",
                O,
                LEAVE,
                Some(N::Guardians),
            ),
            f(
                "household_id",
                "husstand (adresse)",
                O,
                ACC,
                Some(N::Guardians),
            ),
            f("archived_at", "arkiveret", O, LEAVE, Some(N::Guardians)),
        ],
        other: &["id", "created_at", "updated_at", "retention_reduced_on"],
    },
    RegisterTable {
        table: "child",
        subject: Subject::Child,
        child: L::Id,
        guardian: L::None,
        purpose: "Optagelse, undervisning, pasning og kontakt til hjemmet",
        purpose_in_english: "Admission, teaching, care and contact with the home",
        legal_basis: TASK,
        personal: &[
            f("first_name", "fornavn", O, ACC, Some(N::Child)),
            f("last_name", "efternavn", O, ACC, Some(N::Child)),
            f("cpr", "CPR-nummer", C, ACC, Some(N::Cpr)),
            f("birth_date", "fødselsdato", O, LEAVE, Some(N::Child)),
            f("gender", "køn", O, LEAVE, Some(N::Child)),
            f("nationality", "nationalitet", O, LEAVE, Some(N::Child)),
            f("phone", "barnets telefon", O, LEAVE, Some(N::Child)),
            f("email", "barnets e-mail", O, LEAVE, Some(N::Child)),
            f(
                "address_protected",
                "navne- og adressebeskyttelse",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f(
                "previous_institution",
                "tidligere skole eller dagtilbud",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("uni_login", "UNI-Login", O, LEAVE, Some(N::SchoolLife)),
            f("archived_at", "arkiveret", O, LEAVE, Some(N::Child)),
            f(
                "enrolment_fee_paid_on",
                "indmeldelsesgebyr betalt",
                O,
                ACC,
                Some(N::Payments),
            ),
            f(
                "home_municipality",
                "bopælskommune",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f(
                "school_start_deferred_to",
                "udsat skolestart",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f(
                "retention_reduced_on",
                "dato for sletning af det, regnskabet ikke kræver",
                O,
                ACC,
                Some(N::Child),
            ),
            f(
                "retention_certificate_only_on",
                "dato for sletning af alt andet end afgangsprøvebeviset",
                O,
                CERT,
                Some(N::Child),
            ),
        ],
        other: &["id", "created_at", "updated_at"],
    },
    RegisterTable {
        table: "guardianship",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::Column("guardian_id"),
        purpose: "Hvem der er barnets forældre, har forældremyndighed og betaler",
        purpose_in_english: "Who the child's parents are, who has custody and who pays",
        legal_basis: CONTRACT,
        personal: &[
            // The links stay as long as the payer flag the accounts need.
            f("child_id", "barnet", O, ACC, Some(N::Guardians)),
            f("guardian_id", "forælderen", O, ACC, Some(N::Guardians)),
            f(
                "relation",
                "relation (mor, far …)",
                O,
                LEAVE,
                Some(N::Guardians),
            ),
            f(
                "has_custody",
                "forældremyndighed",
                O,
                LEAVE,
                Some(N::Guardians),
            ),
            f("is_payer", "betaler", O, ACC, Some(N::Payments)),
            f("position", "rækkefølge", O, LEAVE, Some(N::Guardians)),
        ],
        other: &[],
    },
    RegisterTable {
        table: "enrolment",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Barnets plads: skole, klassetrin, SFO og børnehave",
        purpose_in_english: "The child's place: school, grade, SFO and kindergarten",
        legal_basis: TASK,
        personal: &[
            f("child_id", "barnet", O, ACC, Some(N::Child)),
            f("division", "afdeling", O, ACC, Some(N::Child)),
            f("grade", "klassetrin", O, ACC, Some(N::Child)),
            f("start_date", "startdato", O, ACC, Some(N::Child)),
            f("end_date", "slutdato", O, ACC, Some(N::Child)),
            f("sfo_module", "SFO-modul", O, ACC, Some(N::Child)),
            f(
                "kindergarten_group",
                "børnehavegruppe",
                O,
                LEAVE,
                Some(N::Child),
            ),
        ],
        other: &["id", "created_at"],
    },
    RegisterTable {
        table: "placement_event",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Ændringer i barnets plads: hvad, fra hvornår, hvem og hvorfor",
        purpose_in_english: "Changes to the child's place: what, from when, by whom and why",
        legal_basis: TASK,
        personal: &[
            f("child_id", "barnet", O, LEAVE, Some(N::Child)),
            f("kind", "ændring", O, LEAVE, Some(N::Child)),
            f("effective_on", "gælder fra", O, LEAVE, Some(N::Child)),
            f("from_grade", "fra klassetrin", O, LEAVE, Some(N::Child)),
            f("to_grade", "til klassetrin", O, LEAVE, Some(N::Child)),
            f("from_module", "fra SFO-modul", O, LEAVE, Some(N::Child)),
            f("to_module", "til SFO-modul", O, LEAVE, Some(N::Child)),
            f(
                "received_on",
                "opsigelse modtaget",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("meeting_on", "mødedato", O, LEAVE, Some(N::Child)),
            f("reason", "begrundelse", O, LEAVE, Some(N::Child)),
        ],
        other: &["id", "approved_by", "made_by", "made_at"],
    },
    RegisterTable {
        table: "class_capacity",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Pladser pr. klasse",
        purpose_in_english: "Places per class",
        legal_basis: "-",
        personal: &[],
        other: &["school_year", "grade", "capacity"],
    },
    RegisterTable {
        table: "waiting_entry",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Venteliste og optagelse",
        purpose_in_english: "Waiting list and admission",
        legal_basis: TASK,
        personal: &[
            f("child_id", "barnet", O, WAIT, Some(N::Child)),
            f("division", "ønsket afdeling", O, WAIT, Some(N::Child)),
            f("school_year", "ønsket skoleår", O, WAIT, Some(N::Child)),
            f("grade", "ønsket klassetrin", O, WAIT, Some(N::Child)),
            f("wanted_start", "ønsket start", O, WAIT, Some(N::Child)),
            f("registered_at", "skrevet op", O, WAIT, Some(N::Child)),
            f("notes", "noter", O, WAIT, Some(N::Child)),
            f("status", "status", O, WAIT, Some(N::Child)),
            by("created_by", WAIT),
        ],
        other: &["id"],
    },
    RegisterTable {
        table: "place_offer",
        subject: Subject::Child,
        child: L::In {
            column: "waiting_entry_id",
            select: "id",
            from: "waiting_entry",
            by: "child_id",
        },
        guardian: L::None,
        purpose: "Tilbud om plads og forældrenes svar",
        purpose_in_english: "Offers of a place and the parents' answers",
        legal_basis: TASK,
        personal: &[
            f(
                "waiting_entry_id",
                "ventelisteplads",
                O,
                WAIT,
                Some(N::Child),
            ),
            f("offered_on", "tilbudt", O, WAIT, Some(N::Child)),
            f("answer", "svar", O, WAIT, Some(N::Child)),
            f("answered_on", "svaret", O, WAIT, Some(N::Child)),
            by("offered_by", WAIT),
        ],
        other: &["id"],
    },
    RegisterTable {
        table: "admission_meeting",
        subject: Subject::Child,
        child: L::In {
            column: "waiting_entry_id",
            select: "id",
            from: "waiting_entry",
            by: "child_id",
        },
        guardian: L::None,
        purpose: "Optagelsesmødet",
        purpose_in_english: "The admission meeting",
        legal_basis: TASK,
        personal: &[
            f(
                "waiting_entry_id",
                "ventelisteplads",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("held_on", "mødedato", O, LEAVE, Some(N::Child)),
            f(
                "with_leadership",
                "ledelsen deltog",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("with_child", "barnet deltog", O, LEAVE, Some(N::Child)),
            f(
                "with_parents",
                "forældrene deltog",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f(
                "with_class_teacher",
                "klasselæreren deltog",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f(
                "all_agree",
                "enighed om optagelse",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("notes", "noter fra mødet", O, LEAVE, Some(N::Child)),
            by("recorded_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "admission_decision",
        subject: Subject::Child,
        child: L::In {
            column: "waiting_entry_id",
            select: "id",
            from: "waiting_entry",
            by: "child_id",
        },
        guardian: L::None,
        purpose: "Skolelederens afgørelse om optagelse",
        purpose_in_english: "The headteacher's decision on admission",
        legal_basis: TASK,
        personal: &[
            f(
                "waiting_entry_id",
                "ventelisteplads",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f(
                "approved",
                "godkendt eller afvist",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("reason", "begrundelse", O, LEAVE, Some(N::Child)),
            f("decided_on", "dato", O, LEAVE, Some(N::Child)),
            by("decided_by", LEAVE),
        ],
        other: &[],
    },
    RegisterTable {
        table: "terms_version",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Versioner af skolens vilkår",
        purpose_in_english: "Versions of the school's terms",
        legal_basis: "-",
        personal: &[],
        other: &[
            "id",
            "division",
            "label",
            "valid_from",
            "created_at",
            "template_id",
        ],
    },
    RegisterTable {
        table: "terms_acceptance",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Hvilke vilkår forældrene har accepteret",
        purpose_in_english: "Which terms the parents have accepted",
        legal_basis: CONTRACT,
        personal: &[
            f("child_id", "barnet", O, LEAVE, Some(N::Child)),
            f(
                "terms_version_id",
                "vilkårenes version",
                O,
                LEAVE,
                Some(N::Child),
            ),
            f("accepted_on", "accepteret", O, LEAVE, Some(N::Child)),
            by("recorded_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "audit_entry",
        subject: Subject::Staff,
        child: L::None,
        guardian: L::None,
        purpose: "Log over ændringer og visninger af følsomme oplysninger",
        purpose_in_english: "Log of changes and of views of sensitive data",
        legal_basis: "GDPR art. 5, stk. 2, og art. 32",
        personal: &[
            f("user_id", "brugeren", O, LOG, None),
            f("user_name", "brugerens navn", O, LOG, None),
            f("record_id", "posten det handler om", O, LOG, None),
            f("child_id", "barnet det handler om", O, LOG, None),
            f(
                "summary",
                "kort beskrivelse uden personoplysninger",
                O,
                LOG,
                None,
            ),
        ],
        other: &[
            "seq",
            "at",
            "kind",
            "action",
            "record_type",
            "fields",
            "prev_hash",
            "hash",
        ],
    },
    RegisterTable {
        table: "document_template",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Skolens tekster i versioner",
        purpose_in_english: "The school's texts in versions",
        legal_basis: "-",
        personal: &[by("saved_by", USER)],
        other: &["id", "kind", "version", "body", "saved_at"],
    },
    RegisterTable {
        table: "rate",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Takster",
        purpose_in_english: "Rates",
        legal_basis: "-",
        personal: &[by("created_by", USER)],
        other: &[
            "id",
            "kind",
            "module",
            "amount_ore",
            "valid_from",
            "created_at",
        ],
    },
    RegisterTable {
        table: "fee_subsidy",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Friplads og tilskud",
        purpose_in_english: "Reduced fees and subsidies",
        legal_basis: ACCOUNTS,
        personal: &[
            f("child_id", "barnet", O, ACC, Some(N::Payments)),
            f("kind", "slags tilskud", O, ACC, Some(N::Payments)),
            f("division", "afdeling", O, ACC, Some(N::Payments)),
            f("percent", "procent", O, ACC, Some(N::Payments)),
            f("amount_ore", "beløb", O, ACC, Some(N::Payments)),
            f("from_date", "fra", O, ACC, Some(N::Payments)),
            f("to_date", "til", O, ACC, Some(N::Payments)),
        ],
        other: &["id", "created_at"],
    },
    RegisterTable {
        table: "payer_account",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::Column("guardian_id"),
        purpose: "Betalerens kundenummer i Betalingsservice",
        purpose_in_english: "The payer's customer number at Betalingsservice",
        legal_basis: ACCOUNTS,
        personal: &[
            f("guardian_id", "betaleren", O, ACC, Some(N::Payments)),
            f("customer_number", "kundenummer", O, ACC, Some(N::Payments)),
        ],
        other: &["created_at"],
    },
    RegisterTable {
        table: "pending_charge_item",
        subject: Subject::Guardian,
        child: L::Column("child_id"),
        guardian: L::Column("payer_id"),
        purpose: "Reguleringer til næste opkrævning",
        purpose_in_english: "Corrections for the next charge",
        legal_basis: ACCOUNTS,
        personal: &[
            f("payer_id", "betaleren", O, ACC, Some(N::Payments)),
            f("child_id", "barnet", O, ACC, Some(N::Payments)),
            f("kind", "slags", O, ACC, Some(N::Payments)),
            f("text", "tekst", O, ACC, Some(N::Payments)),
            f("amount_ore", "beløb", O, ACC, Some(N::Payments)),
            by("created_by", ACC),
        ],
        other: &["id", "created_at"],
    },
    RegisterTable {
        table: "credit_note",
        subject: Subject::Guardian,
        child: L::Column("child_id"),
        guardian: L::Column("payer_id"),
        purpose: "Kreditnotaer",
        purpose_in_english: "Credit notes",
        legal_basis: ACCOUNTS,
        personal: &[
            f("payer_id", "betaleren", O, ACC, Some(N::Payments)),
            f("child_id", "barnet", O, ACC, Some(N::Payments)),
            f("text", "begrundelse", O, ACC, Some(N::Payments)),
            f("amount_ore", "beløb", O, ACC, Some(N::Payments)),
            f("issued_on", "udstedt", O, ACC, Some(N::Payments)),
            by("created_by", ACC),
        ],
        other: &["id", "number", "created_at"],
    },
    RegisterTable {
        table: "refund",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::Column("payer_id"),
        purpose: "Tilbagebetalinger af for meget betalt",
        purpose_in_english: "Refunds of money paid too much",
        legal_basis: ACCOUNTS,
        personal: &[
            f("payer_id", "betaleren", O, ACC, Some(N::Payments)),
            f("amount_ore", "beløb", O, ACC, Some(N::Payments)),
            f("paid_on", "betalt tilbage", O, ACC, Some(N::Payments)),
            f(
                "bank_reference",
                "bankens reference",
                O,
                ACC,
                Some(N::Payments),
            ),
            by("created_by", ACC),
        ],
        other: &["id", "created_at"],
    },
    RegisterTable {
        table: "charge_run",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Månedens opkrævning",
        purpose_in_english: "The month's charges",
        legal_basis: "-",
        personal: &[by("issued_by", ACC)],
        other: &["id", "month", "payment_date", "issued_at"],
    },
    RegisterTable {
        table: "charge",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::Column("payer_id"),
        purpose: "Opkrævning pr. betaler",
        purpose_in_english: "Charges per payer",
        legal_basis: ACCOUNTS,
        personal: &[
            f("payer_id", "betaleren", O, ACC, Some(N::Payments)),
            f("customer_number", "kundenummer", O, ACC, Some(N::Payments)),
            f("due_date", "forfald", O, ACC, Some(N::Payments)),
            f("total_ore", "beløb", O, ACC, Some(N::Payments)),
        ],
        other: &["id", "run_id"],
    },
    RegisterTable {
        table: "charge_line",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::In {
            column: "charge_id",
            select: "id",
            from: "charge",
            by: "payer_id",
        },
        purpose: "Opkrævningens linjer pr. barn",
        purpose_in_english: "The charge's lines per child",
        legal_basis: ACCOUNTS,
        personal: &[
            f("child_id", "barnet", O, ACC, Some(N::Payments)),
            f("division", "afdeling", O, ACC, Some(N::Payments)),
            f("kind", "slags", O, ACC, Some(N::Payments)),
            f(
                "text",
                "tekst med barnets fornavn",
                O,
                ACC,
                Some(N::Payments),
            ),
            f("amount_ore", "beløb", O, ACC, Some(N::Payments)),
        ],
        other: &[
            "id",
            "charge_id",
            "pending_item_id",
            "corrects_month",
            "sfo_module",
        ],
    },
    RegisterTable {
        table: "bs_delivery",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::None,
        purpose: "Filen til Betalingsservice",
        purpose_in_english: "The file for Betalingsservice",
        legal_basis: ACCOUNTS,
        personal: &[f(
            "file",
            "betalernes navne, CPR- eller kundenumre og beløb",
            C,
            ACC,
            Some(N::Payments),
        )],
        other: &["id", "run_id", "created_on", "collections", "total_ore"],
    },
    RegisterTable {
        table: "payment_import",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Indlæste betalingsfiler",
        purpose_in_english: "Payment files read",
        legal_basis: "-",
        personal: &[by("imported_by", ACC)],
        other: &[
            "id",
            "file_sha256",
            "delivery",
            "records",
            "matched",
            "imported_at",
        ],
    },
    RegisterTable {
        table: "payment",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::Column("payer_id"),
        purpose: "Betalinger",
        purpose_in_english: "Payments",
        legal_basis: ACCOUNTS,
        personal: &[
            f("payer_id", "betaleren", O, ACC, Some(N::Payments)),
            f("charge_id", "opkrævningen", O, ACC, Some(N::Payments)),
            f("kind", "betalingsmåde", O, ACC, Some(N::Payments)),
            f("amount_ore", "beløb", O, ACC, Some(N::Payments)),
            f("paid_on", "betalt", O, ACC, Some(N::Payments)),
            f("note", "note", O, ACC, Some(N::Payments)),
            by("recorded_by", ACC),
        ],
        other: &["id", "import_id", "recorded_at"],
    },
    RegisterTable {
        table: "arrears_termination",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Opsigelse af børnehaveplads for restance",
        purpose_in_english: "Termination of a kindergarten place for arrears",
        legal_basis: CONTRACT,
        personal: &[
            f("child_id", "barnet", O, ACC, Some(N::Payments)),
            f("notice_on", "opsagt", O, ACC, Some(N::Payments)),
            f("last_day", "sidste dag", O, ACC, Some(N::Payments)),
            f(
                "immediate",
                "med øjeblikkelig virkning",
                O,
                ACC,
                Some(N::Payments),
            ),
            by("recorded_by", ACC),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "withdrawal",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::Column("from_guardian_id"),
        purpose: "Udmeldelse med opsigelsesvarsel",
        purpose_in_english: "Withdrawal with notice",
        legal_basis: CONTRACT,
        personal: &[
            f("child_id", "barnet", O, ACC, Some(N::Child)),
            f("scope", "hvad der udmeldes", O, ACC, Some(N::Child)),
            f("sfo_module", "SFO-modul", O, ACC, Some(N::Child)),
            f("received_on", "opsigelsen modtaget", O, ACC, Some(N::Child)),
            f(
                "from_guardian_id",
                "forælderen der opsagde",
                O,
                ACC,
                Some(N::Child),
            ),
            f("last_day", "sidste dag", O, ACC, Some(N::Child)),
            f("compensated_on", "kompenseret", O, ACC, Some(N::Child)),
            f("cancelled_at", "annulleret", O, ACC, Some(N::Child)),
            by("cancelled_by", ACC),
            by("recorded_by", ACC),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "withdrawal_enrolment",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Pladser en udmeldelse afsluttede",
        purpose_in_english: "Places a withdrawal ended",
        legal_basis: "-",
        personal: &[],
        other: &["withdrawal_id", "enrolment_id", "previous_end"],
    },
    RegisterTable {
        table: "expulsion",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Bortvisning",
        purpose_in_english: "Expulsion",
        legal_basis: TASK,
        personal: &[
            f("child_id", "barnet", O, LEAVE, Some(N::Child)),
            f("reason", "begrundelse", O, LEAVE, Some(N::Child)),
            f("last_day", "sidste dag", O, LEAVE, Some(N::Child)),
            by("decided_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "school_year_rollover",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Kørte skoleårsskift",
        purpose_in_english: "School-year rollovers run",
        legal_basis: "-",
        personal: &[by("run_by", USER)],
        other: &[
            "year",
            "promoted",
            "left_school",
            "left_sfo",
            "left_kindergarten",
            "run_at",
        ],
    },
    RegisterTable {
        table: "absence",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Fravær og fri",
        purpose_in_english: "Absence and leave",
        legal_basis: TASK,
        personal: &[
            f("child_id", "barnet", O, LEAVE, Some(N::SchoolLife)),
            f("kind", "sygdom eller fri", O, LEAVE, Some(N::SchoolLife)),
            f("first_day", "første dag", O, LEAVE, Some(N::SchoolLife)),
            f("last_day", "sidste dag", O, LEAVE, Some(N::SchoolLife)),
            f("school_days", "skoledage", O, LEAVE, Some(N::SchoolLife)),
            f("reported_by", "meldt af", O, LEAVE, Some(N::SchoolLife)),
            f(
                "note",
                "begrundelse (aldrig helbred)",
                O,
                LEAVE,
                Some(N::SchoolLife),
            ),
            f("status", "status", O, LEAVE, Some(N::SchoolLife)),
            f("approver", "hvem der afgør", O, LEAVE, Some(N::SchoolLife)),
            by("decided_by", LEAVE),
            f("decided_at", "afgjort", O, LEAVE, Some(N::SchoolLife)),
            by("recorded_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "class_fund",
        subject: Subject::Guardian,
        child: L::None,
        guardian: L::Column("treasurer_guardian_id"),
        purpose: "Klassekassens formål og kasserer",
        purpose_in_english: "The class fund's purpose and treasurer",
        legal_basis: "GDPR art. 6, stk. 1, litra f (klassens interesse)",
        personal: &[
            f(
                "treasurer_guardian_id",
                "kassereren",
                O,
                LEAVE,
                Some(N::Payments),
            ),
            by("created_by", USER),
        ],
        other: &["cohort", "purpose", "began_on", "created_at"],
    },
    RegisterTable {
        table: "class_fund_contribution",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Aftalt indbetaling",
        purpose_in_english: "Agreed contribution",
        legal_basis: "-",
        personal: &[],
        other: &["cohort", "valid_from", "monthly"],
    },
    RegisterTable {
        table: "class_fund_entry",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Klassekassens indbetalinger pr. familie",
        purpose_in_english: "The class fund's payments per family",
        legal_basis: "GDPR art. 6, stk. 1, litra f (klassens interesse)",
        personal: &[
            f(
                "child_id",
                "familien (barnet) der indbetalte",
                O,
                LEAVE,
                Some(N::Payments),
            ),
            by("cancelled_by", LEAVE),
            by("recorded_by", LEAVE),
        ],
        other: &[
            "id",
            "cohort",
            "kind",
            "entry_date",
            "amount",
            "text",
            "receipt",
            "cancelled_at",
            "cancel_reason",
            "recorded_at",
        ],
    },
    RegisterTable {
        table: "consent_type",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Skolens samtykker",
        purpose_in_english: "The school's consents",
        legal_basis: "-",
        personal: &[],
        other: &[
            "id",
            "name",
            "purpose",
            "legal_basis",
            "pupil_from_age",
            "list_title",
            "active",
            "created_at",
            "covers_health",
            "covers_contact_sharing",
        ],
    },
    RegisterTable {
        table: "consent_event",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::Column("guardian_id"),
        purpose: "Samtykker givet, afvist eller trukket tilbage",
        purpose_in_english: "Consents given, refused or withdrawn",
        legal_basis: "GDPR art. 7, stk. 1 (dokumentation af samtykke)",
        personal: &[
            f("child_id", "barnet", O, LEAVE, Some(N::Consents)),
            f("consent_type_id", "samtykket", O, LEAVE, Some(N::Consents)),
            f("decision", "svaret", O, LEAVE, Some(N::Consents)),
            f(
                "guardian_id",
                "forælderen der svarede",
                O,
                LEAVE,
                Some(N::Consents),
            ),
            f("given_on", "dato", O, LEAVE, Some(N::Consents)),
            f("method", "hvordan", O, LEAVE, Some(N::Consents)),
            f(
                "text_version",
                "samtykketekstens version",
                O,
                LEAVE,
                Some(N::Consents),
            ),
            by("recorded_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "health_note",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Barnets sikkerhed og trivsel: allergier, medicin og særlige behov",
        purpose_in_english: "The child's safety and wellbeing: allergies, medicine and special needs",
        legal_basis: "Samtykke, GDPR art. 9, stk. 2, litra a",
        personal: &[
            f("child_id", "barnet", S, LEAVE, Some(N::Health)),
            f("kind", "slags oplysning", S, LEAVE, Some(N::Health)),
            f("text", "helbredsoplysningen", S, LEAVE, Some(N::Health)),
            by("recorded_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "data_request",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::Column("guardian_id"),
        purpose: "Anmodninger om indsigt, sletning og de andre rettigheder, og svarene",
        purpose_in_english: "Requests for access, erasure and the other rights, and the answers",
        legal_basis: "GDPR art. 6, stk. 1, litra c (art. 12 og 15–21)",
        personal: &[
            f(
                "child_id",
                "barnet det handler om",
                O,
                LEAVE,
                Some(N::Requests),
            ),
            f(
                "guardian_id",
                "forælderen det handler om",
                O,
                LEAVE,
                Some(N::Requests),
            ),
            f("kind", "hvad der blev bedt om", O, LEAVE, Some(N::Requests)),
            f(
                "made_by",
                "hvem der bad om det",
                O,
                LEAVE,
                Some(N::Requests),
            ),
            f("received_on", "modtaget", O, LEAVE, Some(N::Requests)),
            f("due_on", "svarfrist", O, LEAVE, Some(N::Requests)),
            f("status", "status", O, LEAVE, Some(N::Requests)),
            f(
                "extension_note",
                "begrundelse for forlænget frist",
                O,
                LEAVE,
                Some(N::Requests),
            ),
            f("answered_on", "besvaret", O, LEAVE, Some(N::Requests)),
            f("answer", "svaret", O, LEAVE, Some(N::Requests)),
            by("recorded_by", LEAVE),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "exam_certificate",
        subject: Subject::Child,
        child: L::Column("child_id"),
        guardian: L::None,
        purpose: "Afgangsprøvebeviser fra 9. klasse, så et bortkommet bevis kan bekræftes",
        purpose_in_english: "Grade 9 leaving certificates, so that a lost certificate can be confirmed",
        legal_basis: TASK,
        personal: &[
            f("child_id", "eleven", O, CERT, Some(N::Child)),
            f("issued_on", "beviset udstedt", O, CERT, Some(N::Child)),
            f("grades", "fag og karakterer", O, CERT, Some(N::Child)),
            by("recorded_by", CERT),
        ],
        other: &["id", "recorded_at"],
    },
    RegisterTable {
        table: "posting_account",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Skolens kontoplan til posteringsjournalen",
        purpose_in_english: "The school's chart of accounts for the posting journal",
        legal_basis: "-",
        personal: &[],
        other: &["item", "account", "updated_at"],
    },
    RegisterTable {
        table: "smtp_settings",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Skolens mailserver til e-mail til forældre (adgangskoden ligger i styresystemets nøglering)",
        purpose_in_english: "The school's mail server for e-mail to parents (the password is in the operating system's keyring)",
        legal_basis: "-",
        personal: &[],
        other: &[
            "id",
            "host",
            "port",
            "security",
            "username",
            "from_address",
            "from_name",
            "updated_at",
        ],
    },
    RegisterTable {
        table: "retention_guard",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Spærre for sletning uden for en sletning",
        purpose_in_english: "A lock against deletion outside a retention run",
        legal_basis: "-",
        personal: &[],
        other: &["id", "running"],
    },
    RegisterTable {
        table: "retention_run",
        subject: Subject::Nobody,
        child: L::None,
        guardian: L::None,
        purpose: "Kørte sletninger: dag, antal pr. regel og hvem der godkendte",
        purpose_in_english: "Retention runs: day, count per rule and who approved",
        legal_basis: "-",
        personal: &[f(
            "approved_by",
            "skolelederen der godkendte",
            O,
            USER,
            None,
        )],
        other: &[
            "id",
            "as_of",
            "after_leaving",
            "accounting",
            "waiting_list",
            "guardians",
            "delivery_files",
            "run_at",
        ],
    },
];

/// Tables whose rows belong to someone else (the class's money, the class's fund):
/// retention blanks their personal fields and never deletes the row.
pub const BLANK_ONLY: &[&str] = &["class_fund_entry", "class_fund"];

impl RegisterTable {
    /// Why it is kept, in the language the window shows.
    pub fn purpose_shown(&self) -> &'static str {
        match crate::language::current() {
            crate::language::Language::Danish => self.purpose,
            crate::language::Language::English => self.purpose_in_english,
        }
    }
}

/// The register's entry for a table.
pub fn table(name: &str) -> Option<&'static RegisterTable> {
    REGISTER.iter().find(|t| t.table == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_about_a_child_or_guardian_says_how_its_rows_belong_to_them() {
        for entry in REGISTER.iter().filter(|t| !t.personal.is_empty()) {
            // The Betalingsservice file is one blob for all payers; the report names it in words.
            let linked = entry.child != Link::None
                || entry.guardian != Link::None
                || entry.table == "bs_delivery";
            match entry.subject {
                Subject::Child | Subject::Guardian => {
                    assert!(linked, "{} has no link to its person", entry.table)
                }
                Subject::Staff | Subject::Nobody => assert!(
                    entry.child == Link::None && entry.guardian == Link::None,
                    "{}",
                    entry.table
                ),
            }
        }
    }

    #[test]
    fn every_purpose_is_stated_in_both_languages() {
        for entry in REGISTER {
            assert!(!entry.purpose.is_empty(), "{}", entry.table);
            let english = entry.purpose_in_english;
            assert!(
                !english.is_empty() && english != entry.purpose,
                "{} has no English purpose",
                entry.table
            );
            assert!(
                !english.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']),
                "{}: {english}",
                entry.table
            );
        }
        assert_eq!(
            crate::language::in_danish(|| table("rate").unwrap().purpose_shown()),
            "Takster"
        );
    }

    #[test]
    fn every_column_is_classified_once_and_tables_are_unique() {
        for (n, entry) in REGISTER.iter().enumerate() {
            assert!(
                REGISTER[..n].iter().all(|t| t.table != entry.table),
                "{} twice",
                entry.table
            );
            let mut columns: Vec<&str> = entry
                .personal
                .iter()
                .map(|f| f.column)
                .chain(entry.other.iter().copied())
                .collect();
            let count = columns.len();
            columns.sort_unstable();
            columns.dedup();
            assert_eq!(
                columns.len(),
                count,
                "{}: a column both personal and not, or twice",
                entry.table
            );
        }
    }

    #[test]
    fn r22_cpr_and_health_are_classified_and_every_notice_row_is_used() {
        assert_eq!(
            table("child")
                .unwrap()
                .personal
                .iter()
                .find(|f| f.column == "cpr")
                .unwrap()
                .category,
            Category::Cpr
        );
        assert!(table("health_note")
            .unwrap()
            .personal
            .iter()
            .filter(|f| f.column != "recorded_by")
            .all(|f| f.category == Category::Sensitive));
        for group in [
            N::Child,
            N::Guardians,
            N::Cpr,
            N::SchoolLife,
            N::Health,
            N::Payments,
            N::Consents,
            N::Requests,
        ] {
            assert!(
                REGISTER
                    .iter()
                    .flat_map(|t| t.personal)
                    .any(|f| f.notice == Some(group)),
                "{group:?} states nothing the program holds"
            );
        }
        // Data about children and guardians is in the notice; staff data and the log are not theirs.
        for entry in REGISTER
            .iter()
            .filter(|t| matches!(t.subject, Subject::Child | Subject::Guardian))
        {
            assert!(
                entry
                    .personal
                    .iter()
                    .filter(|f| f.data != "hvem i kontoret der registrerede det")
                    .all(|f| f.notice.is_some()),
                "{} lacks a notice row",
                entry.table
            );
        }
    }
}
