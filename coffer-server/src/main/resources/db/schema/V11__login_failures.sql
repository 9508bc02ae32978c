-- Failed person logins per email address, kept for the lockout window so that every node counts the
-- same failures. The address is stored only as a SHA-256 digest (hex) of its lower-cased form: the
-- table also holds addresses that belong to nobody.
CREATE TABLE login_failures (
    email_hash TEXT   NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email_hash, at);
CREATE INDEX login_failures_at ON login_failures(at);
