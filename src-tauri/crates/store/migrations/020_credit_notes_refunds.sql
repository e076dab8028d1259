-- 020: credit notes (kreditnota) and refunds (tilbagebetaling).
-- A credit note lowers what a payer owes, for a stated reason, numbered for the
-- books; a refund pays an overpaid balance back by bank transfer and is recorded
-- with the transfer's reference. Both are bookkeeping: never changed, never deleted
-- before the accounts' retention ends.
CREATE TABLE credit_note (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL UNIQUE CHECK (number > 0),
    payer_id   INTEGER NOT NULL REFERENCES guardian (id),
    child_id   INTEGER REFERENCES child (id),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
    amount_ore INTEGER NOT NULL CHECK (amount_ore BETWEEN 1 AND 10000000),
    issued_on  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX credit_note_by_payer ON credit_note (payer_id);
CREATE TRIGGER credit_note_no_update BEFORE UPDATE ON credit_note
BEGIN SELECT RAISE(ABORT, 'credit_note is append-only'); END;

CREATE TABLE refund (
    id             INTEGER PRIMARY KEY,
    payer_id       INTEGER NOT NULL REFERENCES guardian (id),
    amount_ore     INTEGER NOT NULL CHECK (amount_ore BETWEEN 1 AND 10000000),
    paid_on        TEXT NOT NULL,
    bank_reference TEXT NOT NULL CHECK (length(bank_reference) BETWEEN 1 AND 60),
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES app_user (id)
);
CREATE INDEX refund_by_payer ON refund (payer_id);
CREATE TRIGGER refund_no_update BEFORE UPDATE ON refund
BEGIN SELECT RAISE(ABORT, 'refund is append-only'); END;
