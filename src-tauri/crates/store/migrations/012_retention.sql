-- 012: the retention run (R26). Append-only tables with data about a child let a
-- deletion through only while a run holds the guard, inside its one transaction.
CREATE TABLE retention_guard (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    running INTEGER NOT NULL DEFAULT 0
);
INSERT INTO retention_guard (id, running) VALUES (1, 0);

-- What each run did, without personal data: the day, who approved, counts per rule.
CREATE TABLE retention_run (
    id               INTEGER PRIMARY KEY,
    as_of            TEXT NOT NULL,
    after_leaving    INTEGER NOT NULL,
    accounting       INTEGER NOT NULL,
    waiting_list     INTEGER NOT NULL,
    approved_by      INTEGER NOT NULL REFERENCES app_user (id),
    run_at           TEXT NOT NULL
);
CREATE TRIGGER retention_run_no_update BEFORE UPDATE ON retention_run
BEGIN SELECT RAISE(ABORT, 'retention_run is append-only'); END;
CREATE TRIGGER retention_run_no_delete BEFORE DELETE ON retention_run
BEGIN SELECT RAISE(ABORT, 'retention_run is append-only'); END;

DROP TRIGGER terms_acceptance_append_only_delete;
CREATE TRIGGER terms_acceptance_append_only_delete BEFORE DELETE ON terms_acceptance
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'terms_acceptance is append-only'); END;

DROP TRIGGER charge_line_append_only_delete;
CREATE TRIGGER charge_line_append_only_delete BEFORE DELETE ON charge_line
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'charge_line is append-only'); END;

DROP TRIGGER expulsion_append_only_delete;
CREATE TRIGGER expulsion_append_only_delete BEFORE DELETE ON expulsion
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'expulsion is append-only'); END;

DROP TRIGGER consent_event_no_delete;
CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'consent_event is append-only'); END;

DROP TRIGGER class_fund_entry_only_cancel;
CREATE TRIGGER class_fund_entry_only_cancel BEFORE UPDATE ON class_fund_entry
WHEN (SELECT running FROM retention_guard) = 0 AND (OLD.cancelled_at IS NOT NULL
  OR NEW.cohort IS NOT OLD.cohort OR NEW.kind IS NOT OLD.kind OR NEW.entry_date IS NOT OLD.entry_date
  OR NEW.amount IS NOT OLD.amount OR NEW.text IS NOT OLD.text OR NEW.receipt IS NOT OLD.receipt
  OR NEW.child_id IS NOT OLD.child_id OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.recorded_by IS NOT OLD.recorded_by)
BEGIN SELECT RAISE(ABORT, 'a class fund entry can only be cancelled, once'); END;

-- The day a leaver's data was reduced to what the accounts need, so the next plan
-- does not list the child again until the accounting years have run out.
ALTER TABLE child ADD COLUMN retention_reduced_on TEXT;
