//! The school's texts: Markdown with placeholders (`{{ barn.navn }}`), the default
//! Danish wording in `assets/templates/`, and the check that a text the school
//! typed renders before it is saved.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use skolekontor_domain::template::TemplateKind;
use skolekontor_domain::tr;

use crate::DocumentError;

/// The school as the texts name it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SchoolFields {
    pub navn: String,
    pub adresse: String,
    pub postnummer: String,
    pub by: String,
    pub telefon: String,
    pub email: String,
    pub web: String,
    pub cvr: String,
    /// The headteacher's name.
    pub leder: String,
    /// The enrolment fee, "1.500,00 kr." (R1).
    pub indskud: String,
}

/// A child as the texts name it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChildFields {
    pub navn: String,
    pub fornavn: String,
    /// Born, `dd-mm-yyyy`.
    pub foedt: String,
    /// "3. klasse", "Børnehave".
    pub klasse: String,
    /// First school day or start date, `dd-mm-yyyy`; empty when not known.
    pub start: String,
    /// What the place costs a month ("skolepenge 3.100,00 kr. om måneden"); empty
    /// when no rate is set.
    pub takster: String,
}

/// What a letter says beyond the school and the child: amounts and days as printed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LetterFields {
    /// Whom it is to: "Anna Hansen".
    pub modtager: String,
    /// The payer's customer number.
    pub kundenummer: String,
    /// "1.234,00 kr.": what is owed, or credited.
    pub beloeb: String,
    /// "1. oktober 2026": pay by (a reminder).
    pub betal_senest: String,
    /// "31. oktober 2026": the last day of a place (R11, R14).
    pub sidste_dag: String,
    /// "20. august 2026": the day notice was given or received.
    pub opsagt: String,
    /// "skolen (og SFO)": what a withdrawal covers.
    pub omfang: String,
    /// A credit note's number.
    pub nummer: String,
    /// A credit note's reason.
    pub begrundelse: String,
    /// R14: a termination with immediate effect.
    pub straks: bool,
    /// "20. august 2026": the day a place was offered.
    pub tilbudt: String,
    /// "2027/28": the school year of a place.
    pub skoleaar: String,
    /// "0. klasse", "børnehaven": the place.
    pub plads: String,
    /// "1. august 2027": the first day.
    pub start: String,
    /// "skolepenge 3.100,00 kr. og SFO 1.200,00 kr. om måneden".
    pub takster: String,
    /// "1.500,00 kr.": the enrolment fee (R1).
    pub indskud: String,
}

impl LetterFields {
    /// The fields `kind`'s text may use.
    pub fn of_kind(self, kind: TemplateKind) -> BTreeMap<&'static str, minijinja::Value> {
        let all: [(&'static str, minijinja::Value); 16] = [
            ("modtager", self.modtager.into()),
            ("kundenummer", self.kundenummer.into()),
            ("beloeb", self.beloeb.into()),
            ("betal_senest", self.betal_senest.into()),
            ("sidste_dag", self.sidste_dag.into()),
            ("opsagt", self.opsagt.into()),
            ("omfang", self.omfang.into()),
            ("nummer", self.nummer.into()),
            ("begrundelse", self.begrundelse.into()),
            ("straks", self.straks.into()),
            ("tilbudt", self.tilbudt.into()),
            ("skoleaar", self.skoleaar.into()),
            ("plads", self.plads.into()),
            ("start", self.start.into()),
            ("takster", self.takster.into()),
            ("indskud", self.indskud.into()),
        ];
        let wanted = letter_fields(kind);
        all.into_iter()
            .filter(|(name, _)| wanted.contains(name))
            .collect()
    }
}

/// Everything a text may use. Which parts a kind has is [`TemplateContext::sample`]'s.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TemplateContext {
    pub skole: SchoolFields,
    /// The child of a pupil contract, enrolment or consent form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<ChildFields>,
    /// The children of a parent contract, "Ida og Karla".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boern: Option<String>,
    /// The guardians, "Anna Hansen og Bo Hansen".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foraeldre: Option<String>,
    /// A letter's own fields: only those of its kind ([`LetterFields::of_kind`]), so
    /// a text naming another letter's field is refused when saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brev: Option<BTreeMap<&'static str, minijinja::Value>>,
    /// The day of printing, "23. november 2026".
    pub dato: String,
}

/// Whether a kind's texts speak of one child and its guardians.
pub fn has_child(kind: TemplateKind) -> bool {
    matches!(
        kind,
        TemplateKind::PupilContract
            | TemplateKind::EnrolmentForm
            | TemplateKind::ConsentForm
            | TemplateKind::ArrearsTermination
            | TemplateKind::WithdrawalConfirmation
            | TemplateKind::PlaceOffer
            | TemplateKind::AdmissionConfirmation
    )
}

/// The letter fields each letter kind's text may use (none for other kinds).
fn letter_fields(kind: TemplateKind) -> &'static [&'static str] {
    match kind {
        TemplateKind::PaymentReminder => &["modtager", "kundenummer", "beloeb", "betal_senest"],
        TemplateKind::ArrearsTermination => {
            &["modtager", "beloeb", "opsagt", "sidste_dag", "straks"]
        }
        TemplateKind::CreditNoteLetter => {
            &["modtager", "kundenummer", "nummer", "beloeb", "begrundelse"]
        }
        TemplateKind::WithdrawalConfirmation => &["opsagt", "omfang", "sidste_dag"],
        TemplateKind::PlaceOffer => &["tilbudt", "skoleaar", "plads", "start", "takster"],
        TemplateKind::AdmissionConfirmation => &["plads", "start", "takster", "indskud"],
        _ => &[],
    }
}

/// Whether a kind is a letter (with [`LetterFields`]).
pub fn is_letter(kind: TemplateKind) -> bool {
    !letter_fields(kind).is_empty()
}

impl TemplateContext {
    /// A fictional context with every field a kind's texts may use: a text that
    /// renders with it renders for every real child.
    pub fn sample(kind: TemplateKind) -> TemplateContext {
        let child = ChildFields {
            navn: "Ida Hansen".into(),
            fornavn: "Ida".into(),
            foedt: "01-02-2017".into(),
            klasse: "3. klasse".into(),
            start: "01-08-2026".into(),
            takster: "skolepenge 3.100,00 kr. og SFO 1.200,00 kr. om måneden".into(),
        };
        TemplateContext {
            skole: SchoolFields {
                navn: "Lindely Friskole".into(),
                adresse: "Skolevej 1".into(),
                postnummer: "5000".into(),
                by: "Odense C".into(),
                telefon: "12 34 56 78".into(),
                email: "kontor@lindely.dk".into(),
                web: "lindely.dk".into(),
                cvr: "12345678".into(),
                leder: "Mette Skov".into(),
                indskud: "1.500,00 kr.".into(),
            },
            barn: has_child(kind).then_some(child),
            boern: (kind == TemplateKind::ParentContract).then(|| "Ida og Karla".into()),
            foraeldre: (has_child(kind) || kind == TemplateKind::ParentContract)
                .then(|| "Anna Hansen og Bo Hansen".into()),
            brev: is_letter(kind).then(|| {
                LetterFields {
                    modtager: "Anna Hansen".into(),
                    kundenummer: "1042".into(),
                    beloeb: "3.100,00 kr.".into(),
                    betal_senest: "1. december 2026".into(),
                    sidste_dag: "31. januar 2027".into(),
                    opsagt: "23. november 2026".into(),
                    omfang: "skolen (og SFO)".into(),
                    nummer: "7".into(),
                    begrundelse: "SFO lukket i uge 42".into(),
                    straks: false,
                    tilbudt: "20. november 2026".into(),
                    skoleaar: "2027/28".into(),
                    plads: "0. klasse".into(),
                    start: "1. august 2027".into(),
                    takster: "skolepenge 3.100,00 kr. og SFO 1.200,00 kr. om måneden".into(),
                    indskud: "1.500,00 kr.".into(),
                }
                .of_kind(kind)
            }),
            dato: "23. november 2026".into(),
        }
    }
}

/// The default text of a kind: our own Danish wording.
pub fn default_text(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::PupilContract => {
            include_str!("../../../../assets/templates/pupil_contract.md")
        }
        TemplateKind::ParentContract => {
            include_str!("../../../../assets/templates/parent_contract.md")
        }
        TemplateKind::SchoolTerms => include_str!("../../../../assets/templates/school_terms.md"),
        TemplateKind::KindergartenTerms => {
            include_str!("../../../../assets/templates/kindergarten_terms.md")
        }
        TemplateKind::EnrolmentForm => {
            include_str!("../../../../assets/templates/enrolment_form.md")
        }
        TemplateKind::ConsentForm => include_str!("../../../../assets/templates/consent_form.md"),
        TemplateKind::PrivacyNotice => {
            include_str!("../../../../assets/templates/privacy_notice.md")
        }
        TemplateKind::PaymentReminder => {
            include_str!("../../../../assets/templates/payment_reminder.md")
        }
        TemplateKind::ArrearsTermination => {
            include_str!("../../../../assets/templates/arrears_termination.md")
        }
        TemplateKind::CreditNoteLetter => {
            include_str!("../../../../assets/templates/credit_note.md")
        }
        TemplateKind::WithdrawalConfirmation => {
            include_str!("../../../../assets/templates/withdrawal_confirmation.md")
        }
        TemplateKind::PlaceOffer => include_str!("../../../../assets/templates/place_offer.md"),
        TemplateKind::AdmissionConfirmation => {
            include_str!("../../../../assets/templates/admission_confirmation.md")
        }
    }
}

/// The most a filled text may hold: a contract is some 20 KB, so a text a thousand
/// times longer is a mistake (a loop that repeats itself), not a document.
pub const MAX_FILLED_BYTES: usize = 2_000_000;

/// The longest text the school may write.
pub const MAX_TEXT_BYTES: usize = 200_000;

/// Fills the placeholders of `body`. An unknown name or a broken `{{ … }}` is an
/// error naming the line, never an empty gap in a contract.
///
/// A text is bounded in what it can make, so a mistake in the school's text (or a
/// hostile one) cannot exhaust the memory of the window that previews it: the text
/// itself is at most [`MAX_TEXT_BYTES`], it may use the fields, `if` and `for` over
/// the program's lists and a few text filters but no operator or statement that
/// builds text (`*`, `~`, `+`, `set`, `range`), fuel ends a loop that runs too long,
/// and the filling stops at [`MAX_FILLED_BYTES`].
pub fn render(body: &str, context: &TemplateContext) -> Result<String, DocumentError> {
    if body.len() > MAX_TEXT_BYTES {
        return Err(DocumentError::Template(tr!(
            "documents.text_too_long",
            kilobytes = MAX_TEXT_BYTES / 1000
        )));
    }
    refuse_text_building(body)?;
    let env = environment();
    let template = env
        .template_from_str(body)
        .map_err(|error| DocumentError::Template(describe(&error)))?;
    let mut filled = BoundedText::default();
    template
        .render_captured_to(context, &mut filled)
        .map_err(|error| match filled.overflowed {
            true => DocumentError::Template(tr!(
                "documents.filled_too_long",
                megabytes = MAX_FILLED_BYTES / 1_000_000
            )),
            false => DocumentError::Template(describe(&error)),
        })?;
    String::from_utf8(filled.bytes)
        .map_err(|_| DocumentError::Template(tr!("documents.text_broken")))
}

/// The template engine with only what a school's text needs: no global functions
/// (`range`, `dict`), and the text filters and tests below, from the engine's own.
fn environment() -> Environment<'static> {
    use minijinja::{filters, tests};
    let mut env = Environment::empty();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A loop the school writes by mistake must not hang the program.
    env.set_fuel(Some(200_000));
    env.set_keep_trailing_newline(true);
    env.add_filter("upper", filters::upper);
    env.add_filter("lower", filters::lower);
    env.add_filter("capitalize", filters::capitalize);
    env.add_filter("title", filters::title);
    env.add_filter("trim", filters::trim);
    env.add_filter("default", filters::default);
    env.add_filter("d", filters::default);
    env.add_filter("length", filters::length);
    env.add_filter("count", filters::length);
    env.add_filter("first", filters::first);
    env.add_filter("last", filters::last);
    env.add_filter("join", filters::join);
    env.add_filter("escape", filters::escape);
    env.add_filter("e", filters::escape);
    env.add_filter("safe", filters::safe);
    env.add_test("defined", tests::is_defined);
    env.add_test("undefined", tests::is_undefined);
    env.add_test("none", tests::is_none);
    env.add_test("true", tests::is_true);
    env.add_test("false", tests::is_false);
    env
}

/// Refuses the operators and statements that let a short text build a long one.
/// Read with the engine's own tokenizer, so a `*` inside quotes or in the text
/// around the placeholders is no operator.
fn refuse_text_building(body: &str) -> Result<(), DocumentError> {
    use minijinja::machinery::{tokenize, Token, WhitespaceConfig};
    use minijinja::syntax::SyntaxConfig;
    let tokens = tokenize(body, false, SyntaxConfig, WhitespaceConfig::default());
    for token in tokens {
        // A broken text is described by the engine when it compiles it.
        let Ok((token, span)) = token else {
            return Ok(());
        };
        let refused = match token {
            Token::Mul | Token::Pow => Some("*"),
            Token::Tilde => Some("~"),
            Token::Plus => Some("+"),
            Token::Ident(
                word @ ("set" | "macro" | "call" | "range" | "include" | "import" | "from"
                | "extends" | "block" | "filter" | "with" | "namespace"),
            ) => Some(word),
            _ => None,
        };
        if let Some(what) = refused {
            return Err(DocumentError::Template(tr!(
                "documents.text_builds_text",
                line = span.start_line,
                what = what
            )));
        }
    }
    Ok(())
}

/// The filled text, refusing to grow past [`MAX_FILLED_BYTES`].
#[derive(Default)]
struct BoundedText {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for BoundedText {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_FILLED_BYTES {
            self.overflowed = true;
            return Err(std::io::Error::other("the filled text is too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn describe(error: &minijinja::Error) -> String {
    let line = error
        .line()
        .map(|n| format!("linje {n}: "))
        .unwrap_or_default();
    let what = match error.kind() {
        minijinja::ErrorKind::UndefinedError => {
            "et ukendt felt i {{ }}; brug et af felterne i listen".to_string()
        }
        minijinja::ErrorKind::SyntaxError => "{{ }} eller {% %} er ikke lukket rigtigt".to_string(),
        minijinja::ErrorKind::OutOfFuel => "teksten gentager sig uden ende".to_string(),
        minijinja::ErrorKind::UnknownFilter
        | minijinja::ErrorKind::UnknownFunction
        | minijinja::ErrorKind::UnknownTest => {
            "et filter eller en funktion, som skolens tekster ikke kan bruge".to_string()
        }
        _ => "teksten kan ikke udfyldes".to_string(),
    };
    format!("{line}{what}")
}

/// The placeholders a kind's texts may use, for the editor's list.
pub fn placeholders(kind: TemplateKind) -> Vec<&'static str> {
    let mut names = vec![
        "skole.navn",
        "skole.adresse",
        "skole.postnummer",
        "skole.by",
        "skole.telefon",
        "skole.email",
        "skole.web",
        "skole.cvr",
        "skole.leder",
        "skole.indskud",
        "dato",
    ];
    if has_child(kind) {
        names.extend([
            "barn.navn",
            "barn.fornavn",
            "barn.foedt",
            "barn.klasse",
            "barn.start",
            "barn.takster",
        ]);
    }
    if kind == TemplateKind::ParentContract {
        names.push("boern");
    }
    if has_child(kind) || kind == TemplateKind::ParentContract {
        names.push("foraeldre");
    }
    names.extend(letter_fields(kind).iter().map(|field| match *field {
        "modtager" => "brev.modtager",
        "kundenummer" => "brev.kundenummer",
        "beloeb" => "brev.beloeb",
        "betal_senest" => "brev.betal_senest",
        "sidste_dag" => "brev.sidste_dag",
        "opsagt" => "brev.opsagt",
        "omfang" => "brev.omfang",
        "nummer" => "brev.nummer",
        "begrundelse" => "brev.begrundelse",
        "tilbudt" => "brev.tilbudt",
        "skoleaar" => "brev.skoleaar",
        "plads" => "brev.plads",
        "start" => "brev.start",
        "takster" => "brev.takster",
        "indskud" => "brev.indskud",
        _ => "brev.straks",
    }));
    names
}

/// Checks a text the school typed: the domain's rules, then a trial render with
/// the sample context.
pub fn check(kind: TemplateKind, body: &str) -> Result<(), DocumentError> {
    skolekontor_domain::template::check_text(kind, body)
        .map_err(|e| DocumentError::Template(e.to_string()))?;
    render(body, &TemplateContext::sample(kind)).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_text_renders_with_its_sample_and_keeps_the_rules() {
        for kind in TemplateKind::ALL {
            check(kind, default_text(kind)).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            let text = render(default_text(kind), &TemplateContext::sample(kind)).expect("renders");
            assert!(!text.contains("{{"), "{kind:?} left a placeholder");
            assert!(
                text.contains("Lindely Friskole"),
                "{kind:?} names no school"
            );
        }
    }

    #[test]
    fn an_unknown_placeholder_is_refused_with_its_line() {
        let error = check(TemplateKind::PupilContract, "Hej\n{{ barn.fornvn }}").expect_err("typo");
        assert!(error.to_string().contains("linje 2"), "{error}");
        // A terms text has no child to name.
        assert!(check(TemplateKind::SchoolTerms, "{{ barn.navn }}").is_err());
        assert!(check(TemplateKind::SchoolTerms, "{{ skole.navn }} {% if x %}").is_err());
    }

    #[test]
    fn a_letter_uses_only_its_own_fields() {
        assert!(check(
            TemplateKind::CreditNoteLetter,
            "{{ brev.nummer }} {{ brev.beloeb }}"
        )
        .is_ok());
        // A reminder has no credit-note number, and a contract no letter at all.
        let error = check(TemplateKind::PaymentReminder, "Betal\n{{ brev.nummer }}").unwrap_err();
        assert!(error.to_string().contains("linje 2"), "{error}");
        assert!(check(TemplateKind::PupilContract, "{{ brev.modtager }}").is_err());
        for kind in TemplateKind::ALL.into_iter().filter(|k| is_letter(*k)) {
            for name in placeholders(kind) {
                check(kind, &format!("{{{{ {name} }}}}"))
                    .unwrap_or_else(|e| panic!("{kind:?} {name}: {e}"));
            }
        }
    }

    #[test]
    fn a_runaway_loop_stops() {
        let letters = "x".repeat(1_000);
        let error = check(
            TemplateKind::SchoolTerms,
            &format!("{{% for i in \"{letters}\" %}}{{% for j in \"{letters}\" %}}x{{% endfor %}}{{% endfor %}}"),
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("gentager sig uden ende"),
            "{error}"
        );
    }

    #[test]
    fn a_text_that_builds_text_is_refused_before_it_fills_memory() {
        for (text, refused) in [
            (
                "{% for i in range(100) %}{{ \"x\" * 100000000 }}{% endfor %}",
                "range",
            ),
            ("Hej\n{{ \"x\" * 100000000 }}", "*"),
            ("{% set a = skole.navn %}", "set"),
            ("{{ skole.navn ~ skole.navn }}", "~"),
            ("{{ skole.navn + skole.navn }}", "+"),
            ("{{ skole.navn|indent(1000000000) }}", "linje 1: et filter"),
        ] {
            let error = check(TemplateKind::SchoolTerms, text)
                .unwrap_err()
                .to_string();
            assert!(error.contains(refused), "{text}: {error}");
        }
        // Quoted, or in the text around the placeholders, a star is just a star.
        let text = render(
            "* Punkt {{ \"a * b ~ c\" }} {{ skole.navn|upper }}",
            &TemplateContext::sample(TemplateKind::SchoolTerms),
        )
        .unwrap();
        assert!(text.starts_with("* Punkt a * b ~ c LINDELY"), "{text}");
    }

    #[test]
    fn a_filled_text_stops_at_its_limit_with_a_message() {
        let line = "y".repeat(5_000);
        let times = "x".repeat(500);
        let error = check(
            TemplateKind::SchoolTerms,
            &format!("{{% for i in \"{times}\" %}}{line}{{% endfor %}}"),
        )
        .unwrap_err();
        assert!(error.to_string().contains("over 2 MB"), "{error}");
        let error = check(TemplateKind::SchoolTerms, &"z".repeat(MAX_TEXT_BYTES + 1)).unwrap_err();
        assert!(error.to_string().contains("for lang"), "{error}");
    }
}
