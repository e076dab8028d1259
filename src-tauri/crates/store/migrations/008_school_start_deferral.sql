-- 008: skoleudsættelse (R12, R33). A kindergarten child whose school start is put
-- off stays in the kindergarten past the rollover until 1 August of this year.
ALTER TABLE child ADD COLUMN school_start_deferred_to INTEGER CHECK (school_start_deferred_to BETWEEN 2000 AND 2100);
