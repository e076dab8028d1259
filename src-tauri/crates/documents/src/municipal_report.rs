//! The 5 September report to the home municipalities (R36): per municipality the
//! pupils enrolled on the day (and how many in SFO), with CPR numbers, and the
//! pupils who have left since.

use skolekontor_domain::dates;
use skolekontor_domain::leaving::municipal_count::{CountedPupil, SeptemberCount};

use crate::contracts::Letterhead;
use crate::layout::{Column, DocumentBuilder, Table};

fn pupil_table(pupils: &[CountedPupil], leavers: bool) -> Table {
    let mut columns = vec![
        Column::new("CPR-nummer", 2.0),
        Column::new("Navn", 4.0),
        Column::new("Klasse", 1.2),
    ];
    columns.push(if leavers {
        Column::new("Sidste dag", 2.0)
    } else {
        Column::new("SFO", 1.0)
    });
    let rows = pupils
        .iter()
        .map(|p| {
            let last = if leavers {
                p.left_on.map(dates::short).unwrap_or_default()
            } else if p.in_sfo {
                "ja".into()
            } else {
                "nej".into()
            };
            vec![
                p.cpr.clone().unwrap_or_else(|| "mangler".into()),
                p.name.clone(),
                format!("{}. kl.", p.grade),
                last,
            ]
        })
        .collect();
    Table { columns, rows }
}

/// One section per municipality, each starting on a new page.
pub fn september_report(doc: &mut DocumentBuilder, head: &Letterhead, count: &SeptemberCount) {
    for (n, part) in count.municipalities.iter().enumerate() {
        if n > 0 {
            doc.page_break();
        }
        doc.start_section(&part.municipality);
        doc.heading(
            &format!(
                "Elever pr. {} — {}",
                dates::long(count.count_day),
                part.municipality
            ),
            1,
        );
        doc.paragraph(&format!(
            "{} indberetter hermed de elever med bopæl i {}, der var indskrevet på skolen den {} (skoleåret {}).",
            head.school.navn,
            part.municipality,
            dates::long(count.count_day),
            count.label
        ));
        doc.field("Elever", &part.pupils.len().to_string());
        doc.field("Heraf i SFO", &part.in_sfo.to_string());
        if !part.pupils.is_empty() {
            doc.table(&pupil_table(&part.pupils, false));
        }
        if !part.leavers.is_empty() {
            doc.heading("Udmeldt siden 5. september", 2);
            doc.table(&pupil_table(&part.leavers, true));
        }
        doc.space(12.0);
        doc.paragraph(&format!(
            "Venlig hilsen\n{}, {}",
            head.school.leder, head.school.navn
        ));
    }
    if count.municipalities.is_empty() {
        doc.heading(&format!("Elever pr. {}", dates::long(count.count_day)), 1);
        doc.paragraph("Der var ingen elever indskrevet på dagen.");
    }
}
