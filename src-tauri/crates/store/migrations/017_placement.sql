-- 017: placements, round one.
-- The school year the register was set up in: before the first rollover, the data
-- describe that year, so the rollover to the next one is the one due (R12).
ALTER TABLE school ADD COLUMN first_school_year INTEGER;
UPDATE school SET first_school_year =
    CAST(substr(created_at, 1, 4) AS INTEGER) - (CAST(substr(created_at, 6, 2) AS INTEGER) < 8);

-- Every change to what a child attends, as a dated event: who made it, when and why.
-- The rows of `enrolment` say what runs when; these say how it came to be so.
CREATE TABLE placement_event (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER NOT NULL REFERENCES child (id),
    kind         TEXT NOT NULL CHECK (kind IN ('admission', 'class_change', 'sfo_join', 'sfo_switch',
                     'sfo_drop', 'withdrawal', 'arrears_termination', 'expulsion', 'automatic_leaving',
                     'promotion', 'date_correction')),
    -- The first day of what changes (a new place's first day; the day after a last day).
    effective_on TEXT NOT NULL,
    from_grade   INTEGER CHECK (from_grade BETWEEN 0 AND 9),
    to_grade     INTEGER CHECK (to_grade BETWEEN 0 AND 9),
    from_module  TEXT NOT NULL DEFAULT '',
    to_module    TEXT NOT NULL DEFAULT '',
    -- R11: the notice's day of receipt, for changes by notice.
    received_on  TEXT,
    -- R4: the meeting's day and the headteacher who approved.
    meeting_on   TEXT,
    approved_by  INTEGER REFERENCES app_user (id),
    reason       TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    made_by      INTEGER REFERENCES app_user (id),
    made_at      TEXT NOT NULL
);
CREATE INDEX placement_event_by_child ON placement_event (child_id, effective_on);
CREATE TRIGGER placement_event_no_update BEFORE UPDATE ON placement_event
BEGIN SELECT RAISE(ABORT, 'placement_event is append-only'); END;

-- The SFO module was lost when a child's form was saved; each module is its own row.
CREATE INDEX enrolment_by_child_division ON enrolment (child_id, division, start_date);
