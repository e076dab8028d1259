-- 002: admissions (waiting list, offers, meetings, approvals, terms accepted), the
-- second factor and scope of users, and the append-only, hash-chained audit log.

-- A staff user sees only one class (division 'school' + grade) or the kindergarten.
ALTER TABLE app_user ADD COLUMN scope_division TEXT CHECK (scope_division IN ('school', 'kindergarten'));
ALTER TABLE app_user ADD COLUMN scope_grade INTEGER CHECK (scope_grade BETWEEN 0 AND 9);
-- TOTP secret (base32) once confirmed with a first code; NULL = no second factor yet.
ALTER TABLE app_user ADD COLUMN totp_secret TEXT;

ALTER TABLE school ADD COLUMN require_totp_for_all INTEGER NOT NULL DEFAULT 0;
ALTER TABLE school ADD COLUMN idle_lock_minutes INTEGER NOT NULL DEFAULT 10 CHECK (idle_lock_minutes BETWEEN 1 AND 240);
ALTER TABLE school ADD COLUMN class_capacity INTEGER NOT NULL DEFAULT 24 CHECK (class_capacity BETWEEN 1 AND 60);
ALTER TABLE school ADD COLUMN kindergarten_capacity INTEGER NOT NULL DEFAULT 45 CHECK (kindergarten_capacity BETWEEN 1 AND 200);

-- R1: one enrolment fee per child, whatever the division.
ALTER TABLE child ADD COLUMN enrolment_fee_paid_on TEXT;

-- SFO module and kindergarten group of an enrolment.
ALTER TABLE enrolment ADD COLUMN sfo_module TEXT;
ALTER TABLE enrolment ADD COLUMN kindergarten_group TEXT;

-- Capacity of one class in one school year (start year), overriding school.class_capacity.
CREATE TABLE class_capacity (
    school_year INTEGER NOT NULL,
    grade       INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 9),
    capacity    INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 60),
    PRIMARY KEY (school_year, grade)
);

-- Indmeldelseslisten. school_year is the start year of the wanted school year; for the
-- kindergarten it is the school year of the wanted start month.
CREATE TABLE waiting_entry (
    id            INTEGER PRIMARY KEY,
    child_id      INTEGER NOT NULL REFERENCES child (id),
    division      TEXT NOT NULL CHECK (division IN ('school', 'kindergarten')),
    school_year   INTEGER NOT NULL,
    grade         INTEGER CHECK (grade BETWEEN 0 AND 9),
    wanted_start  TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'waiting'
                  CHECK (status IN ('waiting', 'offered', 'accepted', 'declined', 'approved', 'rejected', 'admitted', 'withdrawn')),
    created_by    INTEGER REFERENCES app_user (id),
    CHECK ((division = 'school') = (grade IS NOT NULL))
);
CREATE UNIQUE INDEX waiting_once_per_year ON waiting_entry (child_id, division, school_year)
    WHERE status <> 'withdrawn';
CREATE INDEX waiting_by_year ON waiting_entry (division, school_year, grade);

-- R3: a place offered to a grade-0 applicant, and the answer.
CREATE TABLE place_offer (
    id               INTEGER PRIMARY KEY,
    waiting_entry_id INTEGER NOT NULL REFERENCES waiting_entry (id),
    offered_on       TEXT NOT NULL,
    answer           TEXT CHECK (answer IN ('accepted', 'declined')),
    answered_on      TEXT,
    offered_by       INTEGER REFERENCES app_user (id)
);
CREATE UNIQUE INDEX one_open_offer ON place_offer (waiting_entry_id) WHERE answer IS NULL;

-- R4: the meeting with leadership, child, parents and class teacher.
CREATE TABLE admission_meeting (
    id                 INTEGER PRIMARY KEY,
    waiting_entry_id   INTEGER NOT NULL REFERENCES waiting_entry (id),
    held_on            TEXT NOT NULL,
    with_leadership    INTEGER NOT NULL,
    with_child         INTEGER NOT NULL,
    with_parents       INTEGER NOT NULL,
    with_class_teacher INTEGER NOT NULL,
    all_agree          INTEGER NOT NULL,
    notes              TEXT NOT NULL DEFAULT '',
    recorded_by        INTEGER REFERENCES app_user (id),
    recorded_at        TEXT NOT NULL
);

-- R4: the headteacher's approval or rejection, once per application.
CREATE TABLE admission_decision (
    waiting_entry_id INTEGER PRIMARY KEY REFERENCES waiting_entry (id),
    approved         INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    decided_on       TEXT NOT NULL,
    decided_by       INTEGER NOT NULL REFERENCES app_user (id)
);

-- R6: versions of the terms, and which one a child's parents accepted, and when.
CREATE TABLE terms_version (
    id         INTEGER PRIMARY KEY,
    division   TEXT NOT NULL CHECK (division IN ('school', 'sfo', 'kindergarten')),
    label      TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (division, label)
);
CREATE TABLE terms_acceptance (
    id               INTEGER PRIMARY KEY,
    child_id         INTEGER NOT NULL REFERENCES child (id),
    terms_version_id INTEGER NOT NULL REFERENCES terms_version (id),
    accepted_on      TEXT NOT NULL,
    recorded_by      INTEGER REFERENCES app_user (id),
    recorded_at      TEXT NOT NULL
);
CREATE TRIGGER terms_acceptance_append_only_update BEFORE UPDATE ON terms_acceptance
BEGIN SELECT RAISE(ABORT, 'terms_acceptance is append-only'); END;
CREATE TRIGGER terms_acceptance_append_only_delete BEFORE DELETE ON terms_acceptance
BEGIN SELECT RAISE(ABORT, 'terms_acceptance is append-only'); END;

-- The audit log: who, when, which record, which fields — never a sensitive value.
-- Each entry carries the SHA-256 of the one before (hash chain); the database refuses
-- UPDATE and DELETE.
CREATE TABLE audit_entry (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    user_name   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('change', 'sensitive_read', 'access')),
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   INTEGER,
    child_id    INTEGER,
    fields      TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_child ON audit_entry (child_id);
CREATE INDEX audit_by_user ON audit_entry (user_id);
CREATE TRIGGER audit_entry_append_only_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
CREATE TRIGGER audit_entry_append_only_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
