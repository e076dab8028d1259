-- 018: every path that changes a placement keeps its event.
-- The kinds gain "kindergarten to school" and "withdrawal cancelled"; SQLite cannot widen a CHECK in place, so
-- the (young, append-only) table is rebuilt with its rows.
DROP TRIGGER placement_event_no_update;
ALTER TABLE placement_event RENAME TO placement_event_017;
CREATE TABLE placement_event (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER NOT NULL REFERENCES child (id),
    kind         TEXT NOT NULL CHECK (kind IN ('admission', 'class_change', 'sfo_join', 'sfo_switch',
                     'sfo_drop', 'withdrawal', 'arrears_termination', 'expulsion', 'automatic_leaving',
                     'promotion', 'date_correction', 'kindergarten_to_school',
                     'withdrawal_cancelled')),
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
INSERT INTO placement_event SELECT * FROM placement_event_017;
DROP TABLE placement_event_017;
CREATE INDEX placement_event_by_child ON placement_event (child_id, effective_on);
CREATE TRIGGER placement_event_no_update BEFORE UPDATE ON placement_event
BEGIN SELECT RAISE(ABORT, 'placement_event is append-only'); END;

-- Children placed before events were kept get their first place as an admission,
-- so every child's timeline starts somewhere (made by no user: "Skolekontor").
INSERT INTO placement_event (child_id, kind, effective_on, to_grade, to_module, made_at)
SELECT e.child_id, 'admission', e.start_date, e.grade, COALESCE(e.sfo_module, ''), e.created_at
  FROM enrolment e
 WHERE e.id = (SELECT f.id FROM enrolment f WHERE f.child_id = e.child_id
                ORDER BY f.start_date, (f.division = 'sfo'), f.id LIMIT 1)
   AND NOT EXISTS (SELECT 1 FROM placement_event p WHERE p.child_id = e.child_id);
