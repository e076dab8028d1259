//! Writes a sample recovery sheet to the path given (for looking at the layout).
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "recovery-sheet.pdf".into());
    let bytes = skolekontor_documents::recovery_sheet(&skolekontor_documents::RecoverySheet {
        school_name: "Bøgely Friskole",
        recovery_key: "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789-ABCD-EFGH-JKMN-PQRS-TVWX-Z9Z9",
        created: chrono::NaiveDate::from_ymd_opt(2026, 9, 5).unwrap(),
    })
    .expect("fonts are vendored");
    std::fs::write(&path, bytes).expect("writable path");
}
