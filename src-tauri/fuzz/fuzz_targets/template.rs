//! The school's own texts (contracts, terms): any text the school types renders or
//! gives a Danish error naming the line, within the fuel limit, and its Markdown
//! becomes HTML for the editor's preview.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skolekontor_documents::markdown::markdown_html;
use skolekontor_documents::template::{render, TemplateContext};
use skolekontor_domain::template::TemplateKind;

fuzz_target!(|body: &str| {
    let context = TemplateContext::sample(TemplateKind::ParentContract);
    if let Ok(text) = render(body, &context) {
        let _ = markdown_html(&text);
    }
});
