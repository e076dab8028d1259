//! The office's lists as PDF: a title, the day and a note, then one ruled table per
//! group (class, module, month); address labels as a 3 × 7 label sheet.

use skolekontor_domain::dates;
use skolekontor_domain::lists::{ListKind, ListTable};

use crate::layout::{Column, DocumentBuilder, Table};

/// Writes `table` into `doc`.
pub fn list_pdf(doc: &mut DocumentBuilder, table: &ListTable) {
    if table.kind == ListKind::AddressLabels {
        doc.label_sheet(&labels(table));
        return;
    }
    doc.heading(&table.title, 1);
    let mut intro = format!("Pr. {}.", dates::short(table.day));
    if !table.note.is_empty() {
        intro = format!("{intro} {}", table.note);
    }
    doc.paragraph(&intro);
    if table.row_count() == 0 {
        doc.paragraph("Listen er tom: ingen børn passer til valget.");
    }
    let printed: Vec<usize> = (0..table.columns.len())
        .filter(|&i| table.columns[i].printed)
        .collect();
    let columns: Vec<Column> = printed
        .iter()
        .map(|&i| Column::new(table.columns[i].title.clone(), table.columns[i].width))
        .collect();
    for group in table.groups.iter().filter(|g| !g.rows.is_empty()) {
        if !group.heading.is_empty() {
            doc.heading(&format!("{} ({})", group.heading, group.rows.len()), 2);
        }
        doc.table(&Table {
            columns: columns.clone(),
            rows: group
                .rows
                .iter()
                .map(|row| printed.iter().map(|&i| row.cells[i].display()).collect())
                .collect(),
        });
    }
}

/// The lines of each label: each recipient on a line of their own (two names rarely
/// fit one label line), whose parents, street, postcode and town.
fn labels(table: &ListTable) -> Vec<Vec<String>> {
    table
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .map(|row| {
            let cell = |i: usize| row.cells.get(i).map(|c| c.display()).unwrap_or_default();
            let about = cell(1);
            let about = about.strip_prefix("Forældre til ").unwrap_or(&about);
            let mut lines: Vec<String> = cell(0).split(" og ").map(str::to_string).collect();
            lines.push(format!("(forældre til {about})"));
            lines.push(cell(2));
            lines.push(format!("{} {}", cell(3), cell(4)));
            lines
        })
        .collect()
}
