-- 024: the letters' wording becomes the school's own versioned text, like the
-- contracts': the payment reminder, the termination for arrears, the credit note,
-- the confirmation of a withdrawal, the offer of a place and the confirmation of an
-- admission. Only the list of kinds changes; SQLite cannot
-- change a CHECK in place, so the table is built again with every row and id kept.
-- terms_version points at these ids: its check waits for the commit, and the rows
-- put back under the same name and ids satisfy it again before then.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE document_template_before_024 AS SELECT * FROM document_template;
DROP TABLE document_template;
CREATE TABLE document_template (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('pupil_contract', 'parent_contract', 'school_terms',
                  'kindergarten_terms', 'enrolment_form', 'consent_form', 'privacy_notice',
                  'payment_reminder', 'arrears_termination', 'credit_note', 'withdrawal_confirmation',
                  'place_offer', 'admission_confirmation')),
    version   INTEGER NOT NULL CHECK (version >= 1),
    body      TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 400000),
    saved_at  TEXT NOT NULL,
    saved_by  INTEGER REFERENCES app_user (id),
    UNIQUE (kind, version)
);
INSERT INTO document_template (id, kind, version, body, saved_at, saved_by)
    SELECT id, kind, version, body, saved_at, saved_by FROM document_template_before_024;
DROP TABLE document_template_before_024;
CREATE TRIGGER document_template_append_only_update BEFORE UPDATE ON document_template
BEGIN SELECT RAISE(ABORT, 'document_template is append-only'); END;
CREATE TRIGGER document_template_append_only_delete BEFORE DELETE ON document_template
BEGIN SELECT RAISE(ABORT, 'document_template is append-only'); END;
