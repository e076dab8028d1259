//! Every document read back with poppler: `pdftotext` for names, æøå, dates and the
//! template version; `pdffonts` for embedded subset fonts; `pdfinfo` for pages.
//! The pages are also written as PNG under `target/tmp/documents/` to look at.
//!
//! Linux only: these measure the layout with poppler's tools (word boxes, fonts,
//! pixels), which do not exist inside Windows. Under Windows the app's and the CLI's
//! tests print every document kind and read its text back with lopdf.
#![cfg(not(windows))]

use chrono::NaiveDate;
use skolekontor_documents::contracts::{
    consent_form, enrolment_form, parent_contract, pupil_contract, terms, ChildRecord, Family,
    GuardianFields, Letterhead, TemplateUse,
};
use skolekontor_documents::layout::{Column, DocumentBuilder, Table};
use skolekontor_documents::privacy_notice::{privacy_notice, PrivacyFacts};
use skolekontor_documents::template::{default_text, ChildFields, SchoolFields};
use skolekontor_domain::privacy::RetentionPeriods;
use skolekontor_domain::template::TemplateKind;
use std::path::PathBuf;
use std::process::Command;

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} missing ({e}): install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn letterhead() -> Letterhead {
    Letterhead {
        school: SchoolFields {
            navn: "Bøgely Friskole".into(),
            adresse: "Åvej 7".into(),
            postnummer: "8600".into(),
            by: "Silkeborg".into(),
            telefon: "86 12 34 56".into(),
            email: "kontor@boegely.dk".into(),
            web: "boegely.dk".into(),
            cvr: "29876543".into(),
            leder: "Søren Ærø".into(),
            indskud: "2.500,00 kr.".into(),
        },
        printed: day(2026, 11, 23),
        logo: None,
    }
}

fn template(kind: TemplateKind, version: i64) -> TemplateUse {
    TemplateUse {
        kind,
        version,
        saved_on: day(2026, 10, 2),
        body: default_text(kind).to_string(),
    }
}

fn guardian(name: &str) -> GuardianFields {
    GuardianFields {
        name: name.into(),
        address: "Æblehaven 3, 8600 Silkeborg".into(),
        phone: "20 30 40 50".into(),
        email: "familie@example.dk".into(),
        cpr: "010185-XXXX".into(),
        has_custody: true,
    }
}

fn child() -> ChildRecord {
    ChildRecord {
        fields: ChildFields {
            navn: "Åse Østergård".into(),
            fornavn: "Åse".into(),
            foedt: "14-03-2018".into(),
            klasse: "2. klasse".into(),
            start: "01-08-2024".into(),
            takster: "skolepenge 3.100,00 kr. om måneden".into(),
        },
        cpr: "140318-XXXX".into(),
        address: "Æblehaven 3, 8600 Silkeborg".into(),
        nationality: "Dansk".into(),
        previous_institution: "Troldehøjen".into(),
        guardians: vec![guardian("Mette Østergård"), guardian("Jørgen Østergård")],
        ..ChildRecord::default()
    }
}

/// Writes the PDF, checks fonts, returns its text (in reading order, whitespace
/// made single spaces, so a wrapped line still matches) and page count; PNG pages
/// for looking.
fn read_back(name: &str, bytes: &[u8]) -> (String, usize) {
    let (path, pages) = write_and_check(name, bytes);
    (flat_text(&path), pages)
}

/// The PDF's text in reading order, whitespace made single spaces.
fn flat_text(path: &str) -> String {
    let raw = poppler("pdftotext", &["-raw", path, "-"]);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_and_check(name: &str, bytes: &[u8]) -> (String, usize) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let path_text = path.to_str().unwrap();
    let fonts = poppler("pdffonts", &[path_text]);
    for line in fonts.lines().skip(2) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert!(columns[0].contains('+'), "{name}: font not subset: {line}");
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "{name}: font not embedded: {line}");
    }
    let info = poppler("pdfinfo", &[path_text]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let _ = Command::new("pdftoppm")
        .args(["-png", "-r", "60", path_text])
        .arg(dir.join(name))
        .status();
    (path_text.to_string(), pages)
}

#[test]
fn the_pupil_contract_names_the_child_the_guardians_and_its_template_version() {
    let head = letterhead();
    let mut doc = head.builder("Elevkontrakt").unwrap();
    pupil_contract(
        &mut doc,
        &head,
        &template(TemplateKind::PupilContract, 3),
        &child(),
    )
    .unwrap();
    let (text, pages) = read_back("pupil_contract", &doc.finish());
    assert!(text.contains("Elevkontrakt for Åse Østergård"), "{text}");
    assert!(text.contains("14-03-2018"));
    assert!(text.contains("Mette Østergård og Jørgen Østergård"));
    assert!(text.contains("Elevkontrakt, tekst version 3 af 02-10-2026"));
    assert!(
        text.contains("23. november 2026"),
        "the date placeholder in Danish"
    );
    assert!(text.contains("Underskrift: Søren Ærø"));
    assert!(text.contains(&format!("side 1 af {pages}")));
    assert!(text.contains("Bøgely Friskole · Åvej 7, 8600 Silkeborg"));
}

#[test]
fn a_batch_numbers_each_contract_by_itself() {
    let head = letterhead();
    let mut doc = head.builder("Elevkontrakter 2. klasse").unwrap();
    let mut names = Vec::new();
    for n in 0..3 {
        let mut c = child();
        c.fields.navn = format!("Elev Nummer{n}");
        names.push(c.fields.navn.clone());
        pupil_contract(
            &mut doc,
            &head,
            &template(TemplateKind::PupilContract, 1),
            &c,
        )
        .unwrap();
    }
    let (text, pages) = read_back("batch", &doc.finish());
    for name in names {
        assert!(text.contains(&format!("Elevkontrakt for {name}")));
    }
    assert_eq!(pages % 3, 0, "each contract starts on its own page");
    let per = pages / 3;
    assert_eq!(
        text.matches(&format!("side 1 af {per}")).count(),
        3,
        "{text}"
    );
}

#[test]
fn the_parent_contract_lists_the_children_and_both_guardians_sign() {
    let head = letterhead();
    let mut doc = head.builder("Forældrekontrakt").unwrap();
    let mut second = child().fields;
    second.navn = "Karl Østergård".into();
    second.fornavn = "Karl".into();
    let family = Family {
        children: vec![child().fields, second],
        guardians: child().guardians,
    };
    parent_contract(
        &mut doc,
        &head,
        &template(TemplateKind::ParentContract, 2),
        &family,
    )
    .unwrap();
    let (text, _) = read_back("parent_contract", &doc.finish());
    assert!(text.contains("forældre til Åse og Karl"), "{text}");
    assert!(text.contains("Karl Østergård"));
    assert!(text.contains("Underskrift: Mette Østergård"));
    assert!(text.contains("Underskrift: Jørgen Østergård"));
    assert!(text.contains("Forældrekontrakt, tekst version 2"));
}

#[test]
fn the_terms_of_school_and_kindergarten_print_with_their_version() {
    let head = letterhead();
    for (kind, title) in [
        (TemplateKind::SchoolTerms, "Vilkår for Bøgely Friskole"),
        (TemplateKind::KindergartenTerms, "Vilkår for børnehaven"),
    ] {
        let mut doc = head.builder(kind.title()).unwrap();
        terms(&mut doc, &head, &template(kind, 4)).unwrap();
        let (text, _) = read_back(kind.code(), &doc.finish());
        assert!(text.contains(title), "{text}");
        assert!(text.contains(&format!("{}, tekst version 4", kind.title())));
        assert!(text.contains("Betalingsservice"));
        assert!(
            text.contains("Indskuddet er 2.500,00 kr."),
            "the amount in Danish format: {text}"
        );
    }
}

#[test]
fn the_enrolment_form_prints_blank_or_filled_from_the_register() {
    let head = letterhead();
    let mut doc = head.builder("Indmeldelsesblanket").unwrap();
    enrolment_form(
        &mut doc,
        &head,
        &template(TemplateKind::EnrolmentForm, 1),
        Some(&child()),
    )
    .unwrap();
    let (filled, _) = read_back("enrolment_filled", &doc.finish());
    assert!(filled.contains("Åse Østergård"));
    assert!(filled.contains("Troldehøjen"));
    assert!(filled.contains("Forælder 2"));
    let mut doc = head.builder("Indmeldelsesblanket").unwrap();
    enrolment_form(
        &mut doc,
        &head,
        &template(TemplateKind::EnrolmentForm, 1),
        None,
    )
    .unwrap();
    let (blank, _) = read_back("enrolment_blank", &doc.finish());
    assert!(blank.contains("CPR-nummer"));
    assert!(!blank.contains("Åse"));
}

#[test]
fn the_consent_form_asks_each_consent_of_r23() {
    let head = letterhead();
    let mut doc = head.builder("Samtykkeerklæring").unwrap();
    consent_form(
        &mut doc,
        &head,
        &template(TemplateKind::ConsentForm, 1),
        &child(),
    )
    .unwrap();
    let (text, _) = read_back("consent_form", &doc.finish());
    assert!(text.contains("Samtykkeerklæring for Åse Østergård"));
    assert!(text.contains("PPR"));
    assert!(text.contains("helbredsoplysninger"));
}

#[test]
fn r28_r31_the_privacy_notice_states_what_is_in_force_and_no_access_fee() {
    let head = letterhead();
    let facts = PrivacyFacts {
        contact: "Søren Ærø, kontor@boegely.dk".into(),
        retention: RetentionPeriods {
            months_after_leaving: Some(15),
            accounting_years: 5,
            certificate_years: 30,
        },
        backup_days: 60,
        last_changed: day(2026, 9, 30),
    };
    let mut doc = head.builder("Persondatapolitik").unwrap();
    privacy_notice(
        &mut doc,
        &head,
        &template(TemplateKind::PrivacyNotice, 1),
        &facts,
    )
    .unwrap();
    let (text, _) = read_back("privacy_notice", &doc.finish());
    let flat = text;
    for expected in [
        "Persondatapolitik for Bøgely Friskole",
        "Senest opdateret: 30. september 2026",
        "29876543",
        "Søren Ærø, kontor@boegely.dk",
        "15 måneder efter",
        "sikkerhedskopier gemmes i højst 60 dage",
        "Databeskyttelsesloven §",
        "GDPR art. 6",
        "Danmarks Statistik",
        "Datatilsynet",
        "første kopi er gratis",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in {flat}");
    }
    assert!(!flat.contains("pr. side"), "R31: no access fee");
}

#[test]
fn a_long_table_continues_on_the_next_page_under_its_header() {
    let head = letterhead();
    let mut doc: DocumentBuilder = head.builder("Klasseliste").unwrap();
    doc.heading("Klasseliste", 1);
    doc.table(&Table {
        columns: vec![
            Column::new("Nr.", 0.6),
            Column::new("Navn", 3.0),
            Column::new("Bemærkning", 3.0),
        ],
        rows: (1..=70)
            .map(|n| {
                vec![
                    n.to_string(),
                    format!("Barn Æblerød {n}"),
                    "Går i SFO mandag til torsdag".into(),
                ]
            })
            .collect(),
    });
    let (path, pages) = write_and_check("long_table", &doc.finish());
    let text = poppler("pdftotext", &["-layout", &path, "-"]);
    assert!(pages >= 2, "70 rows take more than one page");
    let headers = text
        .lines()
        .filter(|l| l.contains("Navn") && l.contains("Bemærkning"))
        .count();
    assert_eq!(
        headers, pages,
        "the header repeats on every page of the table:\n{text}"
    );
    assert!(text.contains("Barn Æblerød 70"));
}

#[test]
fn the_school_logo_stands_in_every_header_and_a_wrong_file_is_refused() {
    let mut head = letterhead();
    let prepared = skolekontor_documents::layout::prepare_logo(include_bytes!(
        "../../../../assets/icons/icon.png"
    ))
    .unwrap();
    let kept = skolekontor_documents::layout::decode_logo(&prepared).unwrap();
    assert_eq!(
        kept.height, 120,
        "a 512-pixel logo is kept at the header's print size"
    );
    head.logo = Some(prepared);
    let mut doc = head.builder("Elevkontrakt").unwrap();
    pupil_contract(
        &mut doc,
        &head,
        &template(TemplateKind::PupilContract, 1),
        &child(),
    )
    .unwrap();
    let (path, pages) = write_and_check("with_logo", &doc.finish());
    for page in 1..=pages {
        assert!(
            dark_share_of_logo_corner(&path, page) > 0.5,
            "page {page} shows the logo"
        );
    }
    let mut plain = head.clone();
    plain.logo = None;
    let mut doc = plain.builder("Elevkontrakt").unwrap();
    pupil_contract(
        &mut doc,
        &plain,
        &template(TemplateKind::PupilContract, 1),
        &child(),
    )
    .unwrap();
    let (path, _) = write_and_check("without_logo", &doc.finish());
    assert_eq!(
        dark_share_of_logo_corner(&path, 1),
        0.0,
        "no logo, a white corner"
    );
    let refused =
        skolekontor_documents::layout::prepare_logo(b"GIF89a not a logo").expect_err("refused");
    assert!(refused.to_string().contains("PNG- eller JPEG"), "{refused}");
    head.logo = Some(b"GIF89a not a logo".to_vec());
    assert!(head.builder("Elevkontrakt").is_err());
}

/// The share of dark pixels where the logo stands (top left, above the header
/// text), from the page drawn by pdftoppm at 72 dpi as a binary PPM.
fn dark_share_of_logo_corner(pdf: &str, page: usize) -> f64 {
    let page = page.to_string();
    let out = Command::new("pdftoppm")
        .args([
            "-r", "72", "-f", &page, "-l", &page, "-x", "64", "-y", "18", "-W", "20", "-H", "14",
            pdf,
        ])
        .output()
        .expect("pdftoppm");
    let ppm = out.stdout;
    // "P6\n20 14\n255\n" then RGB triples.
    let mut newlines = 0;
    let start = ppm.iter().position(|b| {
        newlines += usize::from(*b == b'\n');
        newlines == 3
    });
    let pixels: Vec<&[u8]> = ppm[start.expect("a PPM header") + 1..].chunks(3).collect();
    let dark = pixels
        .iter()
        .filter(|p| p.iter().map(|v| u32::from(*v)).sum::<u32>() < 600)
        .count();
    dark as f64 / pixels.len() as f64
}

#[test]
fn a_heading_never_ends_a_page_and_a_signature_row_is_never_split() {
    let head = letterhead();
    let filler = "Forældrene forpligter sig til at betale skolepenge til tiden og at holde skolen orienteret om ændringer. ";
    // Try every amount of text before the heading, so one of them brings it to the foot of page 1.
    for lines in 30..48 {
        let mut doc = head.builder("Prøve").unwrap();
        for _ in 0..lines {
            doc.paragraph(filler);
        }
        doc.heading("Overskriften der ikke må stå alene", 2);
        doc.paragraph(filler);
        doc.signatures(&[
            skolekontor_documents::layout::Signer {
                role: "Forælder".into(),
                name: "Mette Østergård".into(),
            },
            skolekontor_documents::layout::Signer {
                role: "For skolen".into(),
                name: "Søren Ærø".into(),
            },
        ]);
        let (path, pages) = write_and_check("widow", &doc.finish());
        for page in 1..=pages {
            let text = poppler(
                "pdftotext",
                &[
                    "-layout",
                    "-f",
                    &page.to_string(),
                    "-l",
                    &page.to_string(),
                    &path,
                    "-",
                ],
            );
            let body: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty() && !l.contains("side ") && !l.contains("Bøgely Friskole ·")
                })
                .collect();
            assert_ne!(
                body.last().copied(),
                Some("Overskriften der ikke må stå alene"),
                "{lines} paragraphs: the heading ends page {page}"
            );
            let (roles, names) = (
                text.matches("Forælder").count(),
                text.matches("Underskrift: Mette").count(),
            );
            assert_eq!(
                roles, names,
                "{lines} paragraphs: a signature block split on page {page}"
            );
        }
    }
}

#[test]
fn a_long_name_in_unusual_letters_prints_whole_and_inside_the_page() {
    // Issue 8: names as the register may hold them — Latin with every diacritic,
    // Greek, Vietnamese, and a markup-looking text that must print as typed.
    let name = "Zoë-Ǆenana Łucja Ἀθηνᾶ Ñúñez-Ørsted-Þórsdóttir Nguyễn Şahin-Kowalczyk \
                Wolfeschlegelsteinhausenbergerdorff <b>fed</b>";
    let mut record = child();
    record.fields.navn = name.into();
    record.fields.fornavn = "Zoë-Ǆenana".into();
    record.guardians = vec![
        guardian("Ἀθηνᾶ Nguyễn Şahin-Kowalczyk"),
        guardian("Łukasz Þórsdóttir"),
    ];
    let head = letterhead();
    let mut doc = head.builder("Elevkontrakt").unwrap();
    pupil_contract(
        &mut doc,
        &head,
        &template(TemplateKind::PupilContract, 3),
        &record,
    )
    .unwrap();
    let (path, _) = write_and_check("unicode_name", &doc.finish());
    let text = flat_text(&path);
    assert!(text.contains(name), "the whole name, in order: {text}");
    assert!(text.contains("Ἀθηνᾶ Nguyễn Şahin-Kowalczyk og Łukasz Þórsdóttir"));

    // Every word lies inside the A4 page (595 pt wide), so nothing runs off the edge.
    let boxes = poppler("pdftotext", &["-bbox", &path, "-"]);
    let mut words = 0;
    for line in boxes.lines().filter(|l| l.contains("<word ")) {
        let x_max: f64 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(x_max <= 595.0 - 30.0, "a word runs into the margin: {line}");
        words += 1;
    }
    assert!(words > 100);
}

#[test]
fn a_contracts_signatures_keep_its_last_paragraph_with_them() {
    let head = letterhead();
    let filler = "Eleven møder til tiden, deltager i undervisningen og passer på skolens ting. ";
    // Every length of text from one page to two, so that for some of them the
    // signatures no longer fit under the text on its last page.
    let mut moved = 0;
    for paragraphs in 14..34 {
        let mut body: Vec<String> = (0..paragraphs)
            .map(|n| format!("Afsnit {n}. {}", filler.repeat(2)))
            .collect();
        body.push("Slutafsnittet: vi har læst aftalen og er enige.".into());
        let mut use_ = template(TemplateKind::PupilContract, 1);
        use_.body = body.join("\n\n");
        let mut doc = head.builder("Elevkontrakt").unwrap();
        pupil_contract(&mut doc, &head, &use_, &child()).unwrap();
        let (path, pages) = write_and_check("signature_keep", &doc.finish());
        let last = pages.to_string();
        let text = poppler("pdftotext", &["-f", &last, "-l", &last, &path, "-"]);
        assert!(
            text.contains("Underskrift"),
            "{paragraphs}: the signatures are on the last page"
        );
        assert!(
            text.contains("Slutafsnittet: vi har læst aftalen og er enige."),
            "{paragraphs} paragraphs: the signatures start a page without the text they sign"
        );
        if !text.contains(&format!("Afsnit {}.", paragraphs - 1)) {
            moved += 1;
        }
    }
    assert!(
        moved > 0,
        "some lengths put the last paragraph at the top of a page"
    );
}
