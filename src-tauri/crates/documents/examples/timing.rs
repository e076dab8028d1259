//! Where the time of one contract goes (fonts, builder, logo, layout, save).
use std::time::Instant;

use skolekontor_documents::contracts::{pupil_contract, ChildRecord, Letterhead, TemplateUse};
use skolekontor_documents::template::{default_text, TemplateContext};
use skolekontor_domain::template::TemplateKind;

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let head = Letterhead {
        school: TemplateContext::sample(TemplateKind::PupilContract).skole,
        printed: today,
        logo: Some(
            skolekontor_documents::layout::prepare_logo(include_bytes!(
                "../../../../assets/icons/icon.png"
            ))
            .unwrap(),
        ),
    };
    let template = TemplateUse {
        kind: TemplateKind::PupilContract,
        version: 1,
        saved_on: today,
        body: default_text(TemplateKind::PupilContract).into(),
    };
    let child = ChildRecord {
        fields: TemplateContext::sample(TemplateKind::PupilContract)
            .barn
            .unwrap(),
        ..Default::default()
    };
    for _ in 0..3 {
        let t = Instant::now();
        let mut doc = skolekontor_documents::layout::DocumentBuilder::new("x", "y", today).unwrap();
        let new = t.elapsed();
        if std::env::args().nth(1).as_deref() != Some("nologo") {
            doc.set_logo(head.logo.as_ref().unwrap()).unwrap();
        }
        let logo = t.elapsed();
        pupil_contract(&mut doc, &head, &template, &child).unwrap();
        let layout = t.elapsed();
        let bytes = doc.finish();
        let save = t.elapsed();
        println!(
            "new {new:?} logo {logo:?} layout {layout:?} save {save:?} ({} bytes)",
            bytes.len()
        );
    }
}
