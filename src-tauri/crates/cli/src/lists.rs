//! `list`: the office's lists on the terminal, or as PDF, .xlsx or CSV.

use clap::Args;
use skolekontor_app::domain::lists::{ListFilter, ListKind, ListRequest, ListSort};
use skolekontor_app::domain::school::Division;
use skolekontor_app::lists::ListFormat;
use skolekontor_app::{AppError, AppResult, Office};

use crate::commands::print;

/// Lister: klasseliste, kontaktliste, telefonliste, fødselsdage, etiketter, sfo, børnehave, register.
#[derive(Args)]
pub struct ListCommand {
    /// klasseliste, kontaktliste, telefonliste, fodselsdage, etiketter, sfo, bornehave eller register.
    kind: String,
    /// Kun ét klassetrin (0–9).
    #[arg(long = "class")]
    grade: Option<u8>,
    /// Kun skole eller børnehave.
    #[arg(long, value_parser = ["skole", "bornehave"])]
    division: Option<String>,
    /// Kun børn i SFO.
    #[arg(long)]
    sfo: bool,
    /// Sortér efter kolonne nr. (fra 1).
    #[arg(long)]
    sort: Option<u8>,
    /// Største først.
    #[arg(long, requires = "sort")]
    descending: bool,
    /// Gem som Excel-fil (.xlsx).
    #[arg(long, conflicts_with_all = ["csv", "pdf"])]
    xlsx: Option<std::path::PathBuf>,
    /// Gem som CSV til dansk Excel.
    #[arg(long, conflicts_with = "pdf")]
    csv: Option<std::path::PathBuf>,
    /// Gem som PDF.
    #[arg(long)]
    pdf: Option<std::path::PathBuf>,
}

impl ListCommand {
    fn request(&self) -> AppResult<ListRequest> {
        let kind = ListKind::from_code(&self.kind).ok_or_else(|| {
            let known: Vec<&str> = ListKind::ALL.iter().map(|k| k.code()).collect();
            AppError::Input(format!(
                "Ukendt liste: {}. Vælg en af: {}.",
                self.kind,
                known.join(", ")
            ))
        })?;
        let division = self.division.as_deref().map(|d| match d {
            "bornehave" => Division::Kindergarten,
            _ => Division::School,
        });
        let sort = match self.sort {
            Some(0) => return Err(AppError::Input("Kolonnerne tælles fra 1.".into())),
            Some(column) => Some(ListSort {
                column: column - 1,
                descending: self.descending,
            }),
            None => None,
        };
        Ok(ListRequest {
            kind,
            filter: ListFilter {
                grade: self.grade,
                division,
                sfo_only: self.sfo,
            },
            sort,
        })
    }

    fn file(&self) -> Option<(ListFormat, &std::path::PathBuf)> {
        None.or(self.xlsx.as_ref().map(|p| (ListFormat::Xlsx, p)))
            .or(self.csv.as_ref().map(|p| (ListFormat::Csv, p)))
            .or(self.pdf.as_ref().map(|p| (ListFormat::Pdf, p)))
    }
}

pub fn run_list(office: &mut Office, json: bool, command: &ListCommand) -> AppResult<()> {
    let request = command.request()?;
    if let Some((format, path)) = command.file() {
        let file = office.lists().list_file(request, format)?;
        std::fs::write(path, &file.bytes)
            .map_err(|e| AppError::Input(format!("Filen kunne ikke gemmes: {e}")))?;
        let saved = format!("{} gemt ({} byte).", file.file_name, file.bytes.len());
        print(json, &saved, |s| s.clone());
        return Ok(());
    }
    let table = office.lists().list_table(request)?;
    print(json, &table, |t| {
        let mut out = format!("{}\n{}\n", t.title, t.note);
        for group in &t.groups {
            if !group.heading.is_empty() {
                out.push_str(&format!("\n{}\n", group.heading));
            }
            for row in &group.rows {
                let cells: Vec<String> = row.cells.iter().map(|c| c.display()).collect();
                out.push_str(&format!("  {}\n", cells.join(" | ")));
            }
        }
        out
    });
    Ok(())
}
