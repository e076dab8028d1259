-- The school's texts (R21, R28): every save is a new version, never changed or
-- removed, so a printed contract can always be matched to its exact wording.
CREATE TABLE document_template (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('pupil_contract', 'parent_contract', 'school_terms',
                  'kindergarten_terms', 'enrolment_form', 'consent_form', 'privacy_notice')),
    version   INTEGER NOT NULL CHECK (version >= 1),
    body      TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 400000),
    saved_at  TEXT NOT NULL,
    saved_by  INTEGER REFERENCES app_user (id),
    UNIQUE (kind, version)
);
CREATE TRIGGER document_template_append_only_update BEFORE UPDATE ON document_template
BEGIN SELECT RAISE(ABORT, 'document_template is append-only'); END;
CREATE TRIGGER document_template_append_only_delete BEFORE DELETE ON document_template
BEGIN SELECT RAISE(ABORT, 'document_template is append-only'); END;

-- A version of the terms made from a saved text keeps that text (R6).
ALTER TABLE terms_version ADD COLUMN template_id INTEGER REFERENCES document_template (id);

-- What the privacy notice states (R26, R28); NULL months: by the end of the
-- calendar year the pupil left (the reference school).
ALTER TABLE school ADD COLUMN privacy_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN retention_months_after_leaving INTEGER
    CHECK (retention_months_after_leaving IS NULL OR retention_months_after_leaving BETWEEN 1 AND 120);
ALTER TABLE school ADD COLUMN retention_accounting_years INTEGER NOT NULL DEFAULT 5
    CHECK (retention_accounting_years BETWEEN 5 AND 30);
ALTER TABLE school ADD COLUMN retention_certificate_years INTEGER NOT NULL DEFAULT 30
    CHECK (retention_certificate_years BETWEEN 1 AND 100);
ALTER TABLE school ADD COLUMN privacy_changed_on TEXT;

-- The enrolment fee (R1), stated in the terms; whole øre.
ALTER TABLE school ADD COLUMN enrolment_fee_ore INTEGER NOT NULL DEFAULT 0
    CHECK (enrolment_fee_ore BETWEEN 0 AND 10000000);

-- The school's logo (PNG or JPEG) in the header of every printed page.
ALTER TABLE school ADD COLUMN logo BLOB CHECK (logo IS NULL OR length(logo) <= 1000000);
