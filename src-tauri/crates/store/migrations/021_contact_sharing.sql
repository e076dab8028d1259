-- 021: the consent that the class's contact list rests on (R23): only families whose
-- consent of this kind is given appear on the list other parents receive.
ALTER TABLE consent_type ADD COLUMN covers_contact_sharing INTEGER NOT NULL DEFAULT 0;
UPDATE consent_type SET covers_contact_sharing = 1 WHERE name = 'Deling af kontaktoplysninger';
