-- 016: trust, round two.
-- Failed logins and codes per typed user name (known or not), so the waits that
-- follow them hold across the window and the command line.
CREATE TABLE login_failure (
    username TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('password', 'code')),
    failures INTEGER NOT NULL CHECK (failures > 0),
    last_failure_ms INTEGER NOT NULL,
    PRIMARY KEY (username, kind)
) WITHOUT ROWID;

-- The last time step whose one-time code a user has used: a code is taken once.
ALTER TABLE app_user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Backups are kept by count and by age; the privacy notice states the age.
ALTER TABLE school ADD COLUMN backup_max_age_days INTEGER NOT NULL DEFAULT 90
    CHECK (backup_max_age_days BETWEEN 1 AND 3650);

-- The fictional demo school carries a visible mark.
ALTER TABLE school ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1));

-- Each restore, written into the restored file before it replaces the school's:
-- who restored, and where the replaced file's audit log ended (its anchor).
CREATE TABLE restore_record (
    id INTEGER PRIMARY KEY,
    restored_at TEXT NOT NULL,
    restored_by INTEGER,
    restored_by_name TEXT NOT NULL,
    backup_file TEXT NOT NULL,
    backup_last_seq INTEGER NOT NULL,
    backup_last_hash TEXT NOT NULL,
    replaced_last_seq INTEGER,
    replaced_last_hash TEXT,
    retention_reviewed_at TEXT
);
CREATE TRIGGER restore_record_no_delete BEFORE DELETE ON restore_record
BEGIN SELECT RAISE(ABORT, 'restore_record is kept'); END;

-- The stored Betalingsservice files go under the accounting rule (R26): only the
-- approved retention run may delete one.
DROP TRIGGER bs_delivery_append_only_delete;
CREATE TRIGGER bs_delivery_append_only_delete BEFORE DELETE ON bs_delivery
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'bs_delivery is append-only'); END;
ALTER TABLE retention_run ADD COLUMN delivery_files INTEGER NOT NULL DEFAULT 0;
