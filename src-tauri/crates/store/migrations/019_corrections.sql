-- 019: corrections made by a run for an earlier, charged month (efterregulering).
-- A run's correction line names the month it corrects, so that month is reconciled
-- on what it was charged plus what has been corrected for it since.
ALTER TABLE charge_line ADD COLUMN corrects_month TEXT
    CHECK (corrects_month IS NULL OR (kind = 'correction' AND corrects_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'));
CREATE INDEX charge_line_by_corrected_month ON charge_line (corrects_month) WHERE corrects_month IS NOT NULL;
