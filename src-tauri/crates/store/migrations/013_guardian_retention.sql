-- 013: retention of guardians' own data (R26). A guardian reduced to what the
-- accounts need is marked, so the next plan lists them again only when the
-- accounting years have run out; each run counts the guardians it reached.
ALTER TABLE guardian ADD COLUMN retention_reduced_on TEXT;
ALTER TABLE retention_run ADD COLUMN guardians INTEGER NOT NULL DEFAULT 0;

-- A payer's charges and payments are append-only; only a retention run, after the
-- accounting years, may delete them.
DROP TRIGGER charge_append_only_delete;
CREATE TRIGGER charge_append_only_delete BEFORE DELETE ON charge
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'charge is append-only'); END;

DROP TRIGGER payment_append_only_delete;
CREATE TRIGGER payment_append_only_delete BEFORE DELETE ON payment
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
