//! Use cases of the school's texts (R21, R28): read the current text and its
//! history, preview an edit live, save it as a new version, and the privacy
//! notice's settings.

use serde::Serialize;
use skolekontor_documents::markdown::markdown_html;
use skolekontor_documents::template::{self, default_text, TemplateContext};
use skolekontor_domain::privacy::PrivacySettings;
use skolekontor_domain::template::TemplateKind;
use skolekontor_domain::validation::ValidationErrors;
use skolekontor_store::documents::StoredTemplate;
use skolekontor_store::Database;
use ts_rs::TS;

use crate::access::Action;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::use_case::Subject;
use skolekontor_domain::tr;

/// A version of a text as the editor shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TextVersion {
    /// Id of the version.
    #[ts(type = "number")]
    pub id: i64,
    /// Which text.
    pub kind: TemplateKind,
    /// The document's title.
    pub title: String,
    /// 1, 2, …
    #[ts(type = "number")]
    pub version: i64,
    /// When, `dd-mm-yyyy hh:mm` in Copenhagen.
    pub saved_at: String,
    /// By whom; "Skolekontor" for the default text.
    pub saved_by: String,
    /// The Markdown.
    pub body: String,
    /// The placeholders the text may use.
    pub placeholders: Vec<String>,
}

impl From<StoredTemplate> for TextVersion {
    fn from(stored: StoredTemplate) -> Self {
        TextVersion {
            id: stored.id,
            kind: stored.kind,
            title: stored.kind.title().to_string(),
            version: stored.version,
            saved_at: clock::local_display(&stored.saved_at).unwrap_or_default(),
            saved_by: stored
                .saved_by
                .unwrap_or_else(|| "Skolekontor (standardtekst)".into()),
            body: stored.body,
            placeholders: template::placeholders(stored.kind)
                .into_iter()
                .map(String::from)
                .collect(),
        }
    }
}

/// The privacy settings with the date the notice last changed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyView {
    /// What is set.
    pub settings: PrivacySettings,
    /// `dd-mm-yyyy`, when the notice's content last changed.
    pub changed_on: Option<String>,
}

/// Saves the default text of every kind that has none yet (a new school, or a
/// database from before texts were versioned), as the program.
pub(crate) fn ensure_default_texts(
    db: &mut Database,
    today: chrono::NaiveDate,
) -> skolekontor_store::error::StoreResult<()> {
    let work = db.begin()?;
    for kind in TemplateKind::ALL {
        if work.db().template().current_template(kind)?.is_none() {
            work.template()
                .save_template(kind, default_text(kind), today)?;
        }
    }
    work.commit()
}

fn text_error(error: skolekontor_documents::DocumentError) -> AppError {
    let mut errors = ValidationErrors::default();
    let message = match error {
        skolekontor_documents::DocumentError::Template(message) => message,
        other => other.to_string(),
    };
    errors.add("body", message);
    AppError::Validation(errors)
}

crate::use_case_handle! {
    /// The school's texts (*skabeloner*) in versions: the use cases, on the office's session.
    template => TemplateUseCases
}

impl TemplateUseCases<'_> {
    /// The current version of every text.
    pub fn texts(&mut self) -> AppResult<Vec<TextVersion>> {
        let context = self.office.authorize(Action::EditTexts, Subject::School)?;
        let db = &context.open.db;
        let mut current = Vec::new();
        for kind in TemplateKind::ALL {
            if let Some(stored) = db.template().current_template(kind)? {
                current.push(stored.into());
            }
        }
        Ok(current)
    }

    /// Every version of one text, newest first.
    pub fn text_versions(&mut self, kind: TemplateKind) -> AppResult<Vec<TextVersion>> {
        let context = self.office.authorize(Action::EditTexts, Subject::School)?;
        Ok(context
            .open
            .db
            .template()
            .template_versions(kind)?
            .into_iter()
            .map(TextVersion::from)
            .collect())
    }

    /// The edited text as HTML, filled with a fictional child, for the live preview;
    /// a text that cannot be filled gives the reason on the field.
    pub fn preview_text(&mut self, kind: TemplateKind, body: &str) -> AppResult<String> {
        self.office.authorize(Action::EditTexts, Subject::School)?;
        let filled = template::render(body, &TemplateContext::sample(kind)).map_err(text_error)?;
        Ok(markdown_html(&filled))
    }

    /// Saves the text as a new version; a terms text also becomes a new version of
    /// the terms from today (R6); the privacy notice is refused an access fee (R31).
    pub fn save_text(&mut self, kind: TemplateKind, body: &str) -> AppResult<TextVersion> {
        let context = self.office.authorize(Action::EditTexts, Subject::School)?;
        template::check(kind, body).map_err(text_error)?;
        let today = context.today;
        let work = context.open.db.begin()?;
        if work
            .db()
            .template()
            .current_template(kind)?
            .is_some_and(|current| current.body == body)
        {
            return Err(AppError::Refused(tr!("template.unchanged")));
        }
        let saved = work.template().save_template(kind, body, today)?;
        work.commit()?;
        Ok(saved.into())
    }

    /// Sets the school's logo (PNG or JPEG, at most 1 MB, kept scaled down to the
    /// header's size) for every printed page, or removes it with `None`.
    pub fn set_school_logo(&mut self, logo: Option<Vec<u8>>) -> AppResult<()> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        let prepared = match logo {
            Some(bytes) => Some(
                skolekontor_documents::layout::prepare_logo(&bytes)
                    .map_err(|e| AppError::Refused(e.to_string()))?,
            ),
            None => None,
        };
        context.open.db.save_school_logo(prepared.as_deref())?;
        Ok(())
    }

    /// Whether the school has a logo.
    pub fn has_school_logo(&mut self) -> AppResult<bool> {
        let context = self.office.authorize(Action::EditTexts, Subject::School)?;
        Ok(context.open.db.school().school_logo()?.is_some())
    }

    /// What the privacy notice states besides its text.
    pub fn privacy_settings(&mut self) -> AppResult<PrivacyView> {
        let context = self.office.authorize(Action::EditTexts, Subject::School)?;
        let (settings, changed) = context.open.db.template().privacy_settings()?;
        Ok(PrivacyView {
            settings,
            changed_on: changed.map(skolekontor_domain::dates::short),
        })
    }

    /// Changes the contact person or the retention periods (R26); the notice's date
    /// moves to today.
    pub fn save_privacy_settings(&mut self, settings: PrivacySettings) -> AppResult<PrivacyView> {
        let context = self
            .office
            .authorize(Action::ManageSettings, Subject::School)?;
        settings.validate()?;
        let settings = PrivacySettings {
            contact: settings.contact.trim().to_string(),
            ..settings
        };
        context
            .open
            .db
            .save_privacy_settings(&settings, context.today)?;
        self.privacy_settings()
    }
}
