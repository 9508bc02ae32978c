-- The audit trail: one row per request, in one ordered chain. Each row's hash is SHA-256 over the
-- previous row's hash and a canonical encoding of the row (audit/ChainHash), so editing, deleting or
-- reordering rows breaks the chain where it happened. No value, body or header is ever stored.
CREATE TABLE audit_events (
    seq          BIGINT   PRIMARY KEY,
    id           TEXT     NOT NULL UNIQUE,
    created_at   BIGINT   NOT NULL,
    event_type   TEXT     NOT NULL,
    actor_type   TEXT,
    actor_id     TEXT,
    actor_name   TEXT,
    org_id       TEXT,
    project_id   TEXT,
    environment  TEXT,
    secret_path  TEXT,
    ip           TEXT,
    user_agent   TEXT,
    status       INTEGER  NOT NULL,
    metadata     TEXT     NOT NULL,
    prev_hash    TEXT     NOT NULL,
    hash         TEXT     NOT NULL
);
CREATE INDEX audit_events_org_time ON audit_events (org_id, created_at);

-- The secret names an event touched, one row each, for filtering by secretKey and "who still reads
-- this secret". Derived from audit_events.metadata (which the hash covers).
CREATE TABLE audit_event_secrets (
    seq          BIGINT   NOT NULL,
    secret_key   TEXT     NOT NULL,
    PRIMARY KEY (seq, secret_key)
);
CREATE INDEX audit_event_secrets_key ON audit_event_secrets (secret_key);

-- The head of the chain (one row): the last sequence number and hash. Appenders lock it, so nodes
-- sharing a PostgreSQL database append one batch at a time. The anchor is where pruning cut the
-- chain: the sequence number and hash of the last row removed (0 and the zero hash when none was).
CREATE TABLE audit_chain (
    id           INTEGER  PRIMARY KEY,
    head_seq     BIGINT   NOT NULL,
    head_hash    TEXT     NOT NULL,
    anchor_seq   BIGINT   NOT NULL,
    anchor_hash  TEXT     NOT NULL
);
INSERT INTO audit_chain (id, head_seq, head_hash, anchor_seq, anchor_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
            0, '0000000000000000000000000000000000000000000000000000000000000000');
