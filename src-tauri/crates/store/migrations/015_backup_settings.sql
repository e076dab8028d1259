-- 015: where the school keeps its backups (a USB stick, a network share) and how
-- many it keeps; an empty folder means no automatic backup.
ALTER TABLE school ADD COLUMN backup_folder TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN backup_keep INTEGER NOT NULL DEFAULT 14 CHECK (backup_keep BETWEEN 1 AND 365);
