//! The migration runner: SQL files applied in order on `PRAGMA user_version`, one
//! transaction each, so a failed migration leaves the previous version intact.
//! (rusqlite_migration pins an older rusqlite; this is the whole of what we need.)

use rusqlite::Connection;

use crate::error::{StoreError, StoreResult};

/// The migrations, in order; version N is the N-th entry.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "001_foundation",
        include_str!("../migrations/001_foundation.sql"),
    ),
    (
        "002_admissions",
        include_str!("../migrations/002_admissions.sql"),
    ),
    (
        "003_documents",
        include_str!("../migrations/003_documents.sql"),
    ),
    ("004_billing", include_str!("../migrations/004_billing.sql")),
    ("005_leaving", include_str!("../migrations/005_leaving.sql")),
    ("006_absence", include_str!("../migrations/006_absence.sql")),
    (
        "007_class_fund",
        include_str!("../migrations/007_class_fund.sql"),
    ),
    (
        "008_school_start_deferral",
        include_str!("../migrations/008_school_start_deferral.sql"),
    ),
    ("009_consent", include_str!("../migrations/009_consent.sql")),
    ("010_health", include_str!("../migrations/010_health.sql")),
    (
        "011_data_request",
        include_str!("../migrations/011_data_request.sql"),
    ),
    (
        "012_retention",
        include_str!("../migrations/012_retention.sql"),
    ),
    (
        "013_guardian_retention",
        include_str!("../migrations/013_guardian_retention.sql"),
    ),
    (
        "014_exam_certificate",
        include_str!("../migrations/014_exam_certificate.sql"),
    ),
    (
        "015_backup_settings",
        include_str!("../migrations/015_backup_settings.sql"),
    ),
    ("016_trust", include_str!("../migrations/016_trust.sql")),
    (
        "017_placement",
        include_str!("../migrations/017_placement.sql"),
    ),
    (
        "018_placement_events",
        include_str!("../migrations/018_placement_events.sql"),
    ),
    (
        "019_corrections",
        include_str!("../migrations/019_corrections.sql"),
    ),
    (
        "020_credit_notes_refunds",
        include_str!("../migrations/020_credit_notes_refunds.sql"),
    ),
    (
        "021_contact_sharing",
        include_str!("../migrations/021_contact_sharing.sql"),
    ),
    (
        "022_smtp_settings",
        include_str!("../migrations/022_smtp_settings.sql"),
    ),
    (
        "023_bookkeeping",
        include_str!("../migrations/023_bookkeeping.sql"),
    ),
    (
        "024_letter_texts",
        include_str!("../migrations/024_letter_texts.sql"),
    ),
    (
        "025_address_protection",
        include_str!("../migrations/025_address_protection.sql"),
    ),
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the schema up to [`latest_version`]; refuses a file from a newer build.
pub fn run(conn: &mut Connection) -> StoreResult<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > latest_version() {
        return Err(StoreError::TooNew {
            found: current,
            known: latest_version(),
        });
    }
    if current == latest_version() {
        return Ok(());
    }
    // Every step in one transaction: a step that fails leaves the file as it was,
    // not half upgraded.
    let failed = |_| StoreError::UpgradeFailed {
        from: current,
        to: latest_version(),
    };
    let tx = conn.transaction()?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(failed)?;
        tracing::info!(migration = name, version, "migration applied");
    }
    tx.commit().map_err(failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::{apply_key, connect};
    use crate::key::DatabaseKey;
    use rusqlite::OpenFlags;

    /// An encrypted file brought up to `version` only.
    fn file_at(version: usize, dir: &std::path::Path) -> Connection {
        let conn = connect(&dir.join("old.db"), OpenFlags::default()).unwrap();
        apply_key(&conn, &DatabaseKey::generate()).unwrap();
        for (index, (_, sql)) in MIGRATIONS.iter().enumerate().take(version) {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", index as i64 + 1)
                .unwrap();
        }
        conn
    }

    #[test]
    fn sfo_lines_issued_before_023_get_the_module_of_the_childs_place_that_month() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = file_at(22, dir.path());
        // Rows as an older version wrote them (references are not the point here).
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO enrolment (id, child_id, division, start_date, end_date, created_at, sfo_module)
                 VALUES (1, 7, 'sfo', '2026-08-01', '2026-09-30', 'x', 'Fuld'),
                        (2, 7, 'sfo', '2026-10-01', NULL, 'x', 'Morgen'),
                        (3, 7, 'school', '2026-08-01', NULL, 'x', NULL);
             INSERT INTO charge_run (id, month, payment_date, issued_at) VALUES
                 (1, '2026-09', '2026-09-01', 'x'), (2, '2026-10', '2026-10-01', 'x');
             INSERT INTO charge (id, run_id, payer_id, customer_number, due_date, total_ore) VALUES
                 (1, 1, 3, '3', '2026-09-01', 0), (2, 2, 3, '3', '2026-10-01', 0);
             INSERT INTO charge_line (id, charge_id, child_id, division, kind, text, amount_ore) VALUES
                 (1, 1, 7, 'sfo', 'rate', 'Ida, SFO fuld september 2026', 180000),
                 (2, 1, 7, 'school', 'rate', 'Ida, skolepenge september 2026', 300000),
                 (3, 2, 7, 'sfo', 'rate', 'Ida, SFO morgen oktober 2026', 50000),
                 (4, 2, 7, 'sfo', 'sibling_discount', 'Ida, søskenderabat', -5000);",
        )
        .unwrap();
        run(&mut conn).unwrap();
        let modules: Vec<String> = conn
            .prepare("SELECT sfo_module FROM charge_line ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(modules, ["Fuld", "", "Morgen", ""]);
        // The append-only guard is back.
        let err = conn
            .execute("UPDATE charge_line SET amount_ore = 1 WHERE id = 1", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }

    /// A school's file as an earlier version left it: schema `version`, with `key`.
    fn school_file_at(version: usize, path: &std::path::Path, key: &DatabaseKey) {
        let conn = connect(path, OpenFlags::default()).unwrap();
        apply_key(&conn, key).unwrap();
        for (index, (_, sql)) in MIGRATIONS.iter().enumerate().take(version) {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", index as i64 + 1)
                .unwrap();
        }
    }

    fn version_of(path: &std::path::Path, key: &DatabaseKey) -> i64 {
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        apply_key(&conn, key).unwrap();
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_file_from_an_earlier_version_is_copied_aside_before_it_is_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let (path, key) = (dir.path().join("skolekontor.db"), DatabaseKey::generate());
        school_file_at(15, &path, &key);
        drop(crate::Database::open(&path, &key).unwrap());
        assert_eq!(version_of(&path, &key), latest_version());
        let copies: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("skolekontor.db.before-upgrade-v15-")
            })
            .collect();
        assert_eq!(copies.len(), 1, "one copy, named by its version");
        assert_eq!(version_of(&copies[0], &key), 15, "the school as it was");
        // Opened again, nothing is left to upgrade and no second copy is made.
        drop(crate::Database::open(&path, &key).unwrap());
        let all = std::fs::read_dir(dir.path()).unwrap().count();
        assert!(all <= 4, "no new copy: {all} files");
    }

    #[test]
    fn a_failing_upgrade_leaves_the_file_as_it_was_and_says_so_in_danish() {
        let dir = tempfile::tempdir().unwrap();
        let (path, key) = (dir.path().join("skolekontor.db"), DatabaseKey::generate());
        school_file_at(22, &path, &key);
        {
            // Something an earlier version never made, in the way of step 024.
            let conn = connect(&path, OpenFlags::default()).unwrap();
            apply_key(&conn, &key).unwrap();
            conn.execute_batch("CREATE TABLE document_template_before_024 (x)")
                .unwrap();
        }
        let error = crate::Database::open(&path, &key).err().unwrap();
        assert!(
            matches!(error, StoreError::UpgradeFailed { from: 22, to } if to == latest_version()),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("fra version 22") && error.to_string().contains("uændret"),
            "{error}"
        );
        // Step 023 succeeded before 024 failed: it was undone with it.
        assert_eq!(version_of(&path, &key), 22);
    }

    #[test]
    fn a_backup_from_before_schema_16_is_restored_and_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let key = DatabaseKey::generate();
        let database = dir.path().join("skolekontor.db");
        drop(crate::Database::create(&database, &key).unwrap());
        // Schema 16 made the table a restore records itself in.
        let backup = dir
            .path()
            .join("skolekontor-sikkerhedskopi-20250601T080000.db");
        school_file_at(15, &backup, &key);
        {
            let conn = connect(&backup, OpenFlags::default()).unwrap();
            apply_key(&conn, &key).unwrap();
            conn.execute_batch(
                "INSERT INTO school (id, name, address, postal_code, town, phone, email, web, cvr,
                     has_school, has_sfo, has_kindergarten, created_at)
                 VALUES (1, 'Bøgely Friskole', 'Skolevej 1', '4000', 'Roskilde', '', '', '', '',
                     1, 1, 1, '2025-06-01T08:00:00Z')",
            )
            .unwrap();
        }
        let record = crate::backup::RestoreRecord {
            actor: crate::audit::Actor::system(),
            backup_file: "skolekontor-sikkerhedskopi-20250601T080000.db".into(),
            replaced: None,
            totp_step: None,
        };
        crate::backup::restore(&database, &backup, &key, "20261207T120000", &record).unwrap();
        assert_eq!(version_of(&database, &key), latest_version());
        let db = crate::Database::open(&database, &key).unwrap();
        assert_eq!(
            db.backup().restores().unwrap().len(),
            1,
            "the restore is recorded"
        );
        assert_eq!(
            version_of(&backup, &key),
            15,
            "the backup itself is untouched"
        );
    }

    #[test]
    fn the_letter_kinds_come_in_with_every_text_version_and_its_terms_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = file_at(23, dir.path());
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO document_template (id, kind, version, body, saved_at) VALUES
                 (4, 'school_terms', 1, 'Vilkår 1', 'x'), (9, 'school_terms', 2, 'Vilkår 2', 'x');
             INSERT INTO terms_version (id, division, label, valid_from, created_at, template_id)
                 VALUES (1, 'school', 'v2', '2026-08-01', 'x', 9);",
        )
        .unwrap();
        let refused = conn.execute(
            "INSERT INTO document_template (kind, version, body, saved_at) VALUES ('credit_note', 1, 'x', 'x')",
            [],
        );
        assert!(refused.is_err(), "not a kind before 024");
        run(&mut conn).unwrap();
        let kept: Vec<(i64, String)> = conn
            .prepare("SELECT id, body FROM document_template ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(kept, [(4, "Vilkår 1".into()), (9, "Vilkår 2".into())]);
        let dangling: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(dangling, 0, "the terms still point at their text");
        conn.execute(
            "INSERT INTO document_template (kind, version, body, saved_at) VALUES ('credit_note', 1, 'x', 'x')",
            [],
        )
        .unwrap();
        let err = conn
            .execute("DELETE FROM document_template WHERE id = 4", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}
