-- 009: consents (R22, R23, R32). The types are the school's own list; answers are
-- events that are never changed or deleted, and the state is derived from them.
CREATE TABLE consent_type (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 120),
    purpose        TEXT NOT NULL,
    legal_basis    TEXT NOT NULL,
    -- From this age the pupil answers too; NULL: custody holders only.
    pupil_from_age INTEGER CHECK (pupil_from_age BETWEEN 10 AND 17),
    list_title     TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL
);

CREATE TABLE consent_event (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES child (id),
    consent_type_id INTEGER NOT NULL REFERENCES consent_type (id),
    decision        TEXT NOT NULL CHECK (decision IN ('given', 'refused', 'withdrawn')),
    -- A custody holder, or NULL when the pupil answered.
    guardian_id     INTEGER REFERENCES guardian (id),
    given_on        TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('paper', 'in_person', 'digital')),
    -- The version of the consent text (the school's consent form) in force.
    text_version    INTEGER NOT NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     INTEGER REFERENCES app_user (id)
);
CREATE INDEX consent_event_by_child ON consent_event (child_id, consent_type_id, given_on, id);
CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event
BEGIN SELECT RAISE(ABORT, 'consent_event is append-only'); END;
CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event
BEGIN SELECT RAISE(ABORT, 'consent_event is append-only'); END;
