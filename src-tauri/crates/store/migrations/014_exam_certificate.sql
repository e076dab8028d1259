-- 014: the record of a grade-9 leaving certificate (*afgangsprøvebevis*), kept for
-- the years the school set (R26: 30) so a lost certificate can be confirmed. A record
-- is a copy of an issued document: never changed, deleted only by a retention run.
CREATE TABLE exam_certificate (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES child (id),
    issued_on   TEXT NOT NULL,
    grades      TEXT NOT NULL,
    recorded_by INTEGER REFERENCES app_user (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX exam_certificate_child ON exam_certificate (child_id);
CREATE TRIGGER exam_certificate_no_update BEFORE UPDATE ON exam_certificate
BEGIN SELECT RAISE(ABORT, 'exam_certificate is append-only'); END;
CREATE TRIGGER exam_certificate_no_delete BEFORE DELETE ON exam_certificate
WHEN (SELECT running FROM retention_guard) = 0
BEGIN SELECT RAISE(ABORT, 'exam_certificate is append-only'); END;

-- The day a former pupil's data was reduced to the name, the CPR number and the
-- certificate, once the accounting years had run out.
ALTER TABLE child ADD COLUMN retention_certificate_only_on TEXT;
