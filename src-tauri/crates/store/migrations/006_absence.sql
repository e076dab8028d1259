-- 006: absence (R16). Sickness is recorded as reported; leave is a request routed
-- by its school days to the class teacher (1–2) or the headteacher (more).
CREATE TABLE absence (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER NOT NULL REFERENCES child (id),
    kind         TEXT NOT NULL CHECK (kind IN ('sickness', 'leave')),
    first_day    TEXT NOT NULL,
    last_day     TEXT NOT NULL CHECK (last_day >= first_day),
    school_days  INTEGER NOT NULL CHECK (school_days >= 0),
    reported_by  TEXT NOT NULL CHECK (length(trim(reported_by)) > 0),
    note         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('reported', 'requested', 'approved', 'refused')),
    approver     TEXT CHECK (approver IN ('class_teacher', 'headteacher')),
    decided_by   INTEGER REFERENCES app_user (id),
    decided_at   TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES app_user (id),
    CHECK ((kind = 'leave') = (approver IS NOT NULL))
);
CREATE INDEX absence_by_child ON absence (child_id, first_day);
