//! Printing speed (issue 4 targets): one pupil contract (≤ 10 ms median) and every
//! contract of the demo school in one PDF (≤ 2 s); and, in the same run, the same
//! contract text converted by LibreOffice (`libreoffice --headless --convert-to pdf`),
//! the office-suite alternative, when it is installed (`make bench` installs it).
use std::hint::black_box;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};
use skolekontor_app::demo::{generate, DemoSize, DEMO_SEED};
use skolekontor_app::domain::register::placement_label;
use skolekontor_app::domain::template::TemplateKind;
use skolekontor_documents::contracts::{
    parent_contract, pupil_contract, ChildRecord, Family, GuardianFields, Letterhead, TemplateUse,
};
use skolekontor_documents::layout::prepare_logo;
use skolekontor_documents::template::{default_text, render, ChildFields, TemplateContext};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn letterhead() -> Letterhead {
    let school = TemplateContext::sample(TemplateKind::PupilContract).skole;
    Letterhead {
        school,
        printed: today(),
        logo: Some(prepare_logo(include_bytes!("../../../../assets/icons/icon.png")).unwrap()),
    }
}

fn template(kind: TemplateKind) -> TemplateUse {
    TemplateUse {
        kind,
        version: 1,
        saved_on: today(),
        body: default_text(kind).to_string(),
    }
}

/// The demo school's families as the documents see them.
fn families() -> Vec<(Vec<ChildRecord>, Family)> {
    let school = generate(DEMO_SEED, DemoSize::SCHOOL, today());
    school
        .families
        .iter()
        .map(|family| {
            let guardians: Vec<GuardianFields> = family
                .guardians
                .iter()
                .map(|g| GuardianFields {
                    name: format!("{} {}", g.first_name, g.last_name),
                    address: format!("{}, {} {}", g.address, g.postal_code, g.town),
                    has_custody: true,
                    ..Default::default()
                })
                .collect();
            let children: Vec<ChildRecord> = family
                .children
                .iter()
                .map(|(child, _)| {
                    let valid = child.validate(today()).expect("demo children are valid");
                    let fields = ChildFields {
                        navn: format!("{} {}", valid.first_name, valid.last_name),
                        fornavn: valid.first_name.clone(),
                        foedt: valid
                            .birth_date
                            .map(|d| d.format("%d-%m-%Y").to_string())
                            .unwrap_or_default(),
                        klasse: placement_label(valid.placement.as_ref()),
                        start: String::new(),
                        takster: String::new(),
                    };
                    ChildRecord {
                        fields,
                        guardians: guardians.clone(),
                        ..Default::default()
                    }
                })
                .collect();
            let family = Family {
                children: children.iter().map(|c| c.fields.clone()).collect(),
                guardians,
            };
            (children, family)
        })
        .collect()
}

fn one_contract(head: &Letterhead, pupil: &TemplateUse, child: &ChildRecord) -> Vec<u8> {
    let mut doc = head.builder("Elevkontrakt").unwrap();
    pupil_contract(&mut doc, head, pupil, child).unwrap();
    doc.finish()
}

fn all_contracts(head: &Letterhead, families: &[(Vec<ChildRecord>, Family)]) -> Vec<u8> {
    let (pupil, parent) = (
        template(TemplateKind::PupilContract),
        template(TemplateKind::ParentContract),
    );
    let mut doc = head.builder("Kontrakter").unwrap();
    for (children, family) in families {
        for child in children {
            pupil_contract(&mut doc, head, &pupil, child).unwrap();
        }
        parent_contract(&mut doc, head, &parent, family).unwrap();
    }
    doc.finish()
}

/// The same contract text as plain text for LibreOffice, and whether it is here.
fn libreoffice() -> Option<&'static str> {
    ["libreoffice", "soffice"].into_iter().find(|tool| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn documents(c: &mut Criterion) {
    let head = letterhead();
    let pupil = template(TemplateKind::PupilContract);
    let families = families();
    let child = families[0].0[0].clone();
    let contracts: usize = families
        .iter()
        .map(|(children, _)| children.len() + 1)
        .sum();

    c.bench_function("one pupil contract (PDF bytes)", |b| {
        b.iter(|| black_box(one_contract(&head, &pupil, &child)))
    });

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function(
        format!("all {contracts} contracts of the demo school in one PDF"),
        |b| b.iter(|| black_box(all_contracts(&head, &families))),
    );
    group.finish();

    let Some(tool) = libreoffice() else {
        eprintln!("LibreOffice is not installed: no side-by-side figure (make bench installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let context = TemplateContext {
        barn: Some(child.fields.clone()),
        foraeldre: Some("Anna og Bo".into()),
        ..TemplateContext::sample(TemplateKind::PupilContract)
    };
    let source = dir.path().join("elevkontrakt.txt");
    std::fs::write(&source, render(&pupil.body, &context).unwrap()).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let convert = || {
        let status = Command::new(tool)
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&source)
            .output()
            .expect("libreoffice runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    convert(); // the first run makes LibreOffice's profile; not timed
    let mut group = c.benchmark_group("office suite");
    group.sample_size(10);
    group.bench_function(
        "one pupil contract by libreoffice --headless --convert-to pdf",
        |b| b.iter(convert),
    );
    group.finish();
}

criterion_group!(benches, documents);
criterion_main!(benches);
