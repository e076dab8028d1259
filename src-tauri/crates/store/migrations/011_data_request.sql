-- 011: requests from data subjects (R27, R31), each with its deadline and answer.
CREATE TABLE data_request (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER REFERENCES child (id),
    guardian_id     INTEGER REFERENCES guardian (id),
    kind            TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction', 'portability', 'objection')),
    made_by         TEXT NOT NULL CHECK (length(trim(made_by)) BETWEEN 1 AND 200),
    received_on     TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'extended', 'answered', 'refused')),
    extension_note  TEXT,
    answered_on     TEXT,
    answer          TEXT,
    recorded_at     TEXT NOT NULL,
    recorded_by     INTEGER REFERENCES app_user (id),
    CHECK ((child_id IS NULL) <> (guardian_id IS NULL))
);
