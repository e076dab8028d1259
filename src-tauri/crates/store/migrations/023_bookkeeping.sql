-- 023: the bookkeeping journal (posteringsjournal).
--
-- Each SFO module is posted to its own account, so a rate line keeps the module it
-- charged for. Lines issued before this version get it from the child's SFO place in
-- the charged month (the one whose module the line's text names, else the latest);
-- this is the only update an issued line ever gets, so the append-only guard is
-- lifted for it and put back at once.
ALTER TABLE charge_line ADD COLUMN sfo_module TEXT NOT NULL DEFAULT '';
DROP TRIGGER charge_line_append_only_update;
UPDATE charge_line SET sfo_module = coalesce((
    SELECT coalesce(e.sfo_module, '')
      FROM enrolment e, charge c, charge_run r
     WHERE c.id = charge_line.charge_id AND r.id = c.run_id
       AND e.child_id = charge_line.child_id AND e.division = 'sfo'
       AND e.start_date <= date(r.month || '-01', '+1 month', '-1 day')
       AND (e.end_date IS NULL OR e.end_date >= r.month || '-01')
     ORDER BY (e.sfo_module <> '' AND instr(lower(charge_line.text), lower(e.sfo_module)) > 0) DESC,
              e.start_date DESC
     LIMIT 1), '')
 WHERE kind = 'rate' AND division = 'sfo';
CREATE TRIGGER charge_line_append_only_update BEFORE UPDATE ON charge_line BEGIN SELECT RAISE(ABORT, 'charge_line is append-only'); END;

-- The school's chart of accounts for the journal: one account number per posting
-- item (a rate kind, an SFO module, a discount, a payment kind, the debtors ...).
CREATE TABLE posting_account (
    item       TEXT PRIMARY KEY CHECK (length(item) BETWEEN 1 AND 100),
    account    TEXT NOT NULL CHECK (account GLOB '[0-9]*' AND NOT account GLOB '*[^0-9]*' AND length(account) BETWEEN 1 AND 9),
    updated_at TEXT NOT NULL
);
