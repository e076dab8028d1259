-- 010: health information (R22): sensitive data under Art. 9, processed only with
-- the consent marked as covering it.
ALTER TABLE consent_type ADD COLUMN covers_health INTEGER NOT NULL DEFAULT 0;
UPDATE consent_type SET covers_health = 1 WHERE name = 'Helbredsoplysninger';

CREATE TABLE health_note (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES child (id),
    kind        TEXT NOT NULL CHECK (kind IN ('allergy', 'medication', 'special_needs')),
    text        TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 2000),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES app_user (id)
);
CREATE INDEX health_note_by_child ON health_note (child_id);
