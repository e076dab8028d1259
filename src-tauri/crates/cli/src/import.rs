//! `import`: the old system's register into Skolekontor, for the IT helper.

use std::path::Path;

use skolekontor_app::import::ImportPreview;
use skolekontor_app::{AppError, AppResult, Office};
use skolekontor_import::ImportProblem;

use crate::commands::print;

fn place(problem: &ImportProblem) -> String {
    match (
        problem.row,
        problem.letter.is_empty(),
        problem.column.is_empty(),
    ) {
        (0, _, _) => "Filen".into(),
        (row, true, true) => format!("Række {row}"),
        (row, true, false) => format!("Række {row}, kolonne {}", problem.column),
        (row, false, _) => format!(
            "Række {row}, kolonne {} ({})",
            problem.letter, problem.column
        ),
    }
}

fn summary(preview: &ImportPreview) -> String {
    let counts = &preview.placements;
    let mut lines = vec![format!(
        "{} rækker: {} børn ({} i skole, heraf {} i SFO; {} i børnehave; {} uden plads), {} nye forældre i {} hjem, {} forældre findes i forvejen.",
        preview.rows, preview.children, counts.school, counts.sfo, counts.kindergarten, counts.none,
        preview.new_guardians, preview.households, preview.known_guardians
    )];
    for problem in &preview.problems {
        lines.push(format!("FEJL     {}: {}", place(problem), problem.message));
    }
    for warning in &preview.warnings {
        lines.push(format!("ADVARSEL {}: {}", place(warning), warning.message));
    }
    lines.join("\n")
}

/// Looks the file through, and unless `dry_run`, stores it — all or nothing.
pub fn run_import(office: &mut Office, json: bool, file: &Path, dry_run: bool) -> AppResult<()> {
    let preview = office
        .import()
        .preview_import(&file.display().to_string())?;
    if dry_run || !preview.problems.is_empty() {
        print(json, &preview, summary);
    }
    if !preview.problems.is_empty() {
        return Err(AppError::Refused(format!(
            "Filen har {} problemer; intet er indlæst.",
            preview.problems.len()
        )));
    }
    if dry_run {
        return Ok(());
    }
    let done = office
        .import()
        .import_register(&preview.path, &preview.fingerprint)?;
    print(json, &done, |d| {
        format!(
            "Indlæst: {} børn og {} forældre i {} hjem.",
            d.children, d.guardians, d.households
        )
    });
    Ok(())
}
