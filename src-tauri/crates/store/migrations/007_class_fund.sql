-- 007: class funds (klassekasse, R17–R20). The class's money, outside the school's
-- accounts: no table here is read by charges, payments or Betalingsservice.

-- A class is named by its cohort: the school year in which it began in grade 0.
CREATE TABLE class_fund (
    cohort                INTEGER PRIMARY KEY,
    -- R20: what the parents agreed the money may be used for.
    purpose               TEXT NOT NULL CHECK (length(trim(purpose)) BETWEEN 1 AND 2000),
    treasurer_guardian_id INTEGER REFERENCES guardian (id),
    began_on              TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    created_by            INTEGER REFERENCES app_user (id)
);

-- The agreed monthly contribution per family, from a first of a month until the next.
CREATE TABLE class_fund_contribution (
    cohort     INTEGER NOT NULL REFERENCES class_fund (cohort),
    valid_from TEXT NOT NULL CHECK (substr(valid_from, 9, 2) = '01'),
    monthly    INTEGER NOT NULL CHECK (monthly >= 0),
    PRIMARY KEY (cohort, valid_from)
);

-- The ledger (kassebog). Lines are never changed or deleted; a mistake is cancelled
-- with a reason and stays visible.
CREATE TABLE class_fund_entry (
    id            INTEGER PRIMARY KEY,
    cohort        INTEGER NOT NULL REFERENCES class_fund (cohort),
    kind          TEXT NOT NULL CHECK (kind IN ('deposit', 'expense')),
    entry_date    TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    text          TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 200),
    receipt       TEXT NOT NULL DEFAULT '' CHECK (kind = 'deposit' OR length(trim(receipt)) > 0),
    child_id      INTEGER REFERENCES child (id) CHECK (child_id IS NULL OR kind = 'deposit'),
    cancelled_at  TEXT,
    cancelled_by  INTEGER REFERENCES app_user (id),
    cancel_reason TEXT,
    recorded_at   TEXT NOT NULL,
    recorded_by   INTEGER REFERENCES app_user (id),
    CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX class_fund_entry_by_cohort ON class_fund_entry (cohort, entry_date, id);
CREATE TRIGGER class_fund_entry_no_delete BEFORE DELETE ON class_fund_entry
BEGIN SELECT RAISE(ABORT, 'class_fund_entry is append-only'); END;
CREATE TRIGGER class_fund_entry_only_cancel BEFORE UPDATE ON class_fund_entry
WHEN OLD.cancelled_at IS NOT NULL
  OR NEW.cohort IS NOT OLD.cohort OR NEW.kind IS NOT OLD.kind OR NEW.entry_date IS NOT OLD.entry_date
  OR NEW.amount IS NOT OLD.amount OR NEW.text IS NOT OLD.text OR NEW.receipt IS NOT OLD.receipt
  OR NEW.child_id IS NOT OLD.child_id OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.recorded_by IS NOT OLD.recorded_by
BEGIN SELECT RAISE(ABORT, 'a class fund entry can only be cancelled, once'); END;
