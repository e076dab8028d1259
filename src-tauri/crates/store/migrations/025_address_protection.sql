-- 025: navne- og adressebeskyttelse. A guardian or a child whose address is
-- protected in the CPR register is marked, and the address then stays on the
-- office's own screen: no document, list, label, letter or e-mail that anyone else
-- receives carries it.
ALTER TABLE guardian ADD COLUMN address_protected INTEGER NOT NULL DEFAULT 0
    CHECK (address_protected IN (0, 1));
ALTER TABLE child ADD COLUMN address_protected INTEGER NOT NULL DEFAULT 0
    CHECK (address_protected IN (0, 1));
