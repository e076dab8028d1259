-- Fees and Betalingsservice (R1, R7–R10, R14, R35). Rates are never edited: a new
-- rate is a new row with a later valid_from. Issued charges, their lines,
-- deliveries and payments are append-only; a correction is a new line in a later run.

CREATE TABLE rate (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('school', 'sfo', 'kindergarten', 'enrolment_fee')),
    module     TEXT NOT NULL DEFAULT '',
    amount_ore INTEGER NOT NULL CHECK (amount_ore BETWEEN 0 AND 10000000),
    valid_from TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    UNIQUE (kind, module, valid_from)
);
-- The enrolment fee was a single setting; it becomes a rate with a history.
INSERT INTO rate (kind, module, amount_ore, valid_from, created_at)
    SELECT 'enrolment_fee', '', enrolment_fee_ore, '2000-01-01', created_at FROM school WHERE enrolment_fee_ore > 0;
ALTER TABLE school DROP COLUMN enrolment_fee_ore;

-- Billing settings (JSON of domain::billing::BillingSettings) and the agreement with Betalingsservice.
ALTER TABLE school ADD COLUMN billing_settings TEXT;
ALTER TABLE school ADD COLUMN pbs_number TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN debtor_group TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN data_supplier TEXT NOT NULL DEFAULT '';

-- Friplads and the municipal subsidy, per child, with a period (R9).
CREATE TABLE fee_subsidy (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES child (id),
    kind        TEXT NOT NULL CHECK (kind IN ('friplads', 'municipal')),
    division    TEXT NOT NULL CHECK (division IN ('school', 'sfo', 'kindergarten')),
    percent     INTEGER CHECK (percent BETWEEN 0 AND 100),
    amount_ore  INTEGER CHECK (amount_ore BETWEEN 0 AND 10000000),
    from_date   TEXT NOT NULL,
    to_date     TEXT,
    created_at  TEXT NOT NULL,
    CHECK ((percent IS NULL) <> (amount_ore IS NULL)),
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX fee_subsidy_by_child ON fee_subsidy (child_id);

-- Kundenummer per payer (a guardian), as the payer signs up in the netbank.
CREATE TABLE payer_account (
    guardian_id     INTEGER PRIMARY KEY REFERENCES guardian (id),
    customer_number TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL
);

-- One-off lines waiting for the next run: the enrolment fee (once per child, R1) and corrections.
CREATE TABLE pending_charge_item (
    id         INTEGER PRIMARY KEY,
    payer_id   INTEGER NOT NULL REFERENCES guardian (id),
    child_id   INTEGER REFERENCES child (id),
    kind       TEXT NOT NULL CHECK (kind IN ('enrolment_fee', 'correction')),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
    amount_ore INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id),
    CHECK ((kind = 'enrolment_fee') <= (child_id IS NOT NULL))
);
CREATE UNIQUE INDEX enrolment_fee_once_per_child ON pending_charge_item (child_id) WHERE kind = 'enrolment_fee';
CREATE TRIGGER pending_charge_item_no_update BEFORE UPDATE ON pending_charge_item
BEGIN SELECT RAISE(ABORT, 'pending_charge_item is append-only'); END;

CREATE TABLE charge_run (
    id           INTEGER PRIMARY KEY,
    month        TEXT NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    payment_date TEXT NOT NULL,
    issued_at    TEXT NOT NULL,
    issued_by    INTEGER REFERENCES app_user (id)
);
CREATE TABLE charge (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES charge_run (id),
    payer_id        INTEGER NOT NULL REFERENCES guardian (id),
    customer_number TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    total_ore       INTEGER NOT NULL,
    UNIQUE (run_id, payer_id)
);
CREATE INDEX charge_by_payer ON charge (payer_id);
CREATE TABLE charge_line (
    id              INTEGER PRIMARY KEY,
    charge_id       INTEGER NOT NULL REFERENCES charge (id),
    child_id        INTEGER REFERENCES child (id),
    division        TEXT CHECK (division IN ('school', 'sfo', 'kindergarten')),
    kind            TEXT NOT NULL CHECK (kind IN ('rate', 'sibling_discount', 'subsidy', 'enrolment_fee', 'correction')),
    text            TEXT NOT NULL,
    amount_ore      INTEGER NOT NULL,
    pending_item_id INTEGER UNIQUE REFERENCES pending_charge_item (id)
);
CREATE INDEX charge_line_by_charge ON charge_line (charge_id);

-- The 0601 file made for a run, kept so it can be saved again unchanged.
CREATE TABLE bs_delivery (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL UNIQUE REFERENCES charge_run (id),
    created_on  TEXT NOT NULL,
    file        BLOB NOT NULL,
    collections INTEGER NOT NULL,
    total_ore   INTEGER NOT NULL
);

-- 0602 files read; the same file twice is refused by its hash.
CREATE TABLE payment_import (
    id          INTEGER PRIMARY KEY,
    file_sha256 TEXT NOT NULL UNIQUE,
    delivery    INTEGER NOT NULL,
    records     INTEGER NOT NULL,
    matched     INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES app_user (id)
);

-- Money in (positive) and back out (charge-backs, negative); rejected and cancelled
-- collections are rows of 0 kr. that tell what happened to the charge.
CREATE TABLE payment (
    id          INTEGER PRIMARY KEY,
    payer_id    INTEGER NOT NULL REFERENCES guardian (id),
    charge_id   INTEGER REFERENCES charge (id),
    kind        TEXT NOT NULL CHECK (kind IN ('bs_paid', 'bs_rejected', 'bs_cancelled', 'bs_charged_back', 'transfer', 'cash')),
    amount_ore  INTEGER NOT NULL,
    paid_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    import_id   INTEGER REFERENCES payment_import (id),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX payment_by_payer ON payment (payer_id);
CREATE INDEX payment_by_charge ON payment (charge_id);

-- Kindergarten termination for arrears (R14), with its computed last day.
CREATE TABLE arrears_termination (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES child (id),
    notice_on   TEXT NOT NULL,
    last_day    TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES app_user (id)
);

CREATE TRIGGER charge_run_append_only_update BEFORE UPDATE ON charge_run BEGIN SELECT RAISE(ABORT, 'charge_run is append-only'); END;
CREATE TRIGGER charge_run_append_only_delete BEFORE DELETE ON charge_run BEGIN SELECT RAISE(ABORT, 'charge_run is append-only'); END;
CREATE TRIGGER charge_append_only_update BEFORE UPDATE ON charge BEGIN SELECT RAISE(ABORT, 'charge is append-only'); END;
CREATE TRIGGER charge_append_only_delete BEFORE DELETE ON charge BEGIN SELECT RAISE(ABORT, 'charge is append-only'); END;
CREATE TRIGGER charge_line_append_only_update BEFORE UPDATE ON charge_line BEGIN SELECT RAISE(ABORT, 'charge_line is append-only'); END;
CREATE TRIGGER charge_line_append_only_delete BEFORE DELETE ON charge_line BEGIN SELECT RAISE(ABORT, 'charge_line is append-only'); END;
CREATE TRIGGER bs_delivery_append_only_update BEFORE UPDATE ON bs_delivery BEGIN SELECT RAISE(ABORT, 'bs_delivery is append-only'); END;
CREATE TRIGGER bs_delivery_append_only_delete BEFORE DELETE ON bs_delivery BEGIN SELECT RAISE(ABORT, 'bs_delivery is append-only'); END;
CREATE TRIGGER payment_append_only_update BEFORE UPDATE ON payment BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
CREATE TRIGGER payment_append_only_delete BEFORE DELETE ON payment BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
