-- 001: the school, application users, and the register of children and guardians.
-- Dates are ISO text (YYYY-MM-DD); timestamps are UTC RFC 3339 text.

CREATE TABLE school (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    name             TEXT NOT NULL,
    address          TEXT NOT NULL,
    postal_code      TEXT NOT NULL CHECK (length(postal_code) = 4),
    town             TEXT NOT NULL,
    phone            TEXT NOT NULL,
    email            TEXT NOT NULL,
    web              TEXT NOT NULL,
    cvr              TEXT NOT NULL,
    has_school       INTEGER NOT NULL,
    has_sfo          INTEGER NOT NULL,
    has_kindergarten INTEGER NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('headteacher', 'secretary', 'staff')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

-- A household is an address guardians share; a child belongs to the households of
-- its guardians, so separated parents give a child two households.
CREATE TABLE household (
    id          INTEGER PRIMARY KEY,
    street      TEXT NOT NULL,
    postal_code TEXT NOT NULL CHECK (length(postal_code) = 4),
    town        TEXT NOT NULL,
    match_key   TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE guardian (
    id           INTEGER PRIMARY KEY,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    cpr          TEXT,
    email        TEXT,
    phone        TEXT,
    household_id INTEGER NOT NULL REFERENCES household (id),
    archived_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX guardian_cpr ON guardian (cpr) WHERE cpr IS NOT NULL;

CREATE TABLE child (
    id                   INTEGER PRIMARY KEY,
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    cpr                  TEXT,
    birth_date           TEXT,
    gender               TEXT CHECK (gender IN ('male', 'female')),
    nationality          TEXT NOT NULL DEFAULT '',
    phone                TEXT,
    email                TEXT,
    previous_institution TEXT NOT NULL DEFAULT '',
    uni_login            TEXT NOT NULL DEFAULT '',
    archived_at          TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX child_cpr ON child (cpr) WHERE cpr IS NOT NULL;

-- Forældremyndighed and betaler belong to the link between one guardian and one child.
CREATE TABLE guardianship (
    child_id    INTEGER NOT NULL REFERENCES child (id),
    guardian_id INTEGER NOT NULL REFERENCES guardian (id),
    relation    TEXT NOT NULL DEFAULT '',
    has_custody INTEGER NOT NULL,
    is_payer    INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (child_id, guardian_id)
);
CREATE UNIQUE INDEX guardianship_one_payer ON guardianship (child_id) WHERE is_payer = 1;
CREATE INDEX guardianship_by_guardian ON guardianship (guardian_id);

-- Where a child is placed: school (with grade, and SFO), or kindergarten.
CREATE TABLE enrolment (
    id         INTEGER PRIMARY KEY,
    child_id   INTEGER NOT NULL REFERENCES child (id),
    division   TEXT NOT NULL CHECK (division IN ('school', 'sfo', 'kindergarten')),
    grade      INTEGER CHECK (grade BETWEEN 0 AND 9),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX enrolment_by_child ON enrolment (child_id);
