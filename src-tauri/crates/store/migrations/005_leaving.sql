-- 005: leaving and the school year (R11–R15, R36).

-- Bopælskommune, for the 5 September count to each home municipality (R36).
ALTER TABLE child ADD COLUMN home_municipality TEXT NOT NULL DEFAULT '';

-- R11: a written notice and the placement rows it ends. Each row's earlier end is
-- kept, so cancelling before the last day puts it back.
CREATE TABLE withdrawal (
    id               INTEGER PRIMARY KEY,
    child_id         INTEGER NOT NULL REFERENCES child (id),
    scope            TEXT NOT NULL CHECK (scope IN ('school', 'sfo', 'sfo_module', 'kindergarten')),
    sfo_module       TEXT NOT NULL DEFAULT '',
    received_on      TEXT NOT NULL,
    from_guardian_id INTEGER NOT NULL REFERENCES guardian (id),
    last_day         TEXT NOT NULL,
    -- R13: the day the kindergarten was compensated for the municipal subsidy for the
    -- whole notice period; from then the place is free.
    compensated_on   TEXT,
    cancelled_at     TEXT,
    cancelled_by     INTEGER REFERENCES app_user (id),
    recorded_at      TEXT NOT NULL,
    recorded_by      INTEGER REFERENCES app_user (id),
    CHECK (compensated_on IS NULL OR scope = 'kindergarten')
);
CREATE INDEX withdrawal_by_child ON withdrawal (child_id);
CREATE TABLE withdrawal_enrolment (
    withdrawal_id INTEGER NOT NULL REFERENCES withdrawal (id),
    enrolment_id  INTEGER NOT NULL REFERENCES enrolment (id),
    previous_end  TEXT,
    PRIMARY KEY (withdrawal_id, enrolment_id)
);

-- R14: termination with immediate effect (no refund) rather than with notice.
ALTER TABLE arrears_termination ADD COLUMN immediate INTEGER NOT NULL DEFAULT 0;

-- R15: schooling ended for serious or repeated breach (bortvisning); the headteacher's decision.
CREATE TABLE expulsion (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES child (id),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
    last_day    TEXT NOT NULL,
    decided_by  INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at TEXT NOT NULL
);
CREATE TRIGGER expulsion_append_only_update BEFORE UPDATE ON expulsion
BEGIN SELECT RAISE(ABORT, 'expulsion is append-only'); END;
CREATE TRIGGER expulsion_append_only_delete BEFORE DELETE ON expulsion
BEGIN SELECT RAISE(ABORT, 'expulsion is append-only'); END;

-- R12: the rollover to 1 August runs once per school year (start year).
CREATE TABLE school_year_rollover (
    year              INTEGER PRIMARY KEY,
    promoted          INTEGER NOT NULL,
    left_school       INTEGER NOT NULL,
    left_sfo          INTEGER NOT NULL,
    left_kindergarten INTEGER NOT NULL,
    run_at            TEXT NOT NULL,
    run_by            INTEGER REFERENCES app_user (id)
);
CREATE TRIGGER school_year_rollover_no_update BEFORE UPDATE ON school_year_rollover
BEGIN SELECT RAISE(ABORT, 'school_year_rollover is append-only'); END;
CREATE TRIGGER school_year_rollover_no_delete BEFORE DELETE ON school_year_rollover
BEGIN SELECT RAISE(ABORT, 'school_year_rollover is append-only'); END;
