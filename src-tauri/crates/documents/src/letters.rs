//! The school's own wording in a letter: the kind's current text version filled in
//! with the school, the letter's fields and (for a letter about a child) the child.

use crate::contracts::{Letterhead, TemplateUse};
use crate::layout::DocumentBuilder;
use crate::markdown::render_markdown;
use crate::template::{render, ChildFields, LetterFields};
use crate::DocumentError;

/// A letter's text as the school wrote it, with what fills it in.
pub struct SchoolText<'a> {
    /// The text's current version (its kind says which letter).
    pub template: &'a TemplateUse,
    /// The letter's fields.
    pub fields: LetterFields,
    /// The child, for a letter about one.
    pub child: Option<ChildFields>,
    /// The custody holders, "Anna Hansen og Bo Hansen".
    pub guardians: Option<String>,
}

/// Fills in and lays out the school's text.
pub(crate) fn write(
    doc: &mut DocumentBuilder,
    head: &Letterhead,
    text: SchoolText,
) -> Result<(), DocumentError> {
    let mut context = head.context();
    context.brev = Some(text.fields.of_kind(text.template.kind));
    context.barn = text.child;
    context.foraeldre = text.guardians;
    let filled = render(&text.template.body, &context)?;
    doc.space(6.0);
    render_markdown(doc, &filled);
    Ok(())
}
