-- 022: the school's SMTP server for e-mail to parents. The password is not here: it
-- is in the OS keyring, beside the database key.
CREATE TABLE smtp_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    host         TEXT NOT NULL,
    port         INTEGER NOT NULL,
    security     TEXT NOT NULL CHECK (security IN ('starttls', 'tls')),
    username     TEXT NOT NULL,
    from_address TEXT NOT NULL,
    from_name    TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
