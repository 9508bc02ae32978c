-- The audit trail's table again, cheaper to append to and to page through, with the same rows:
-- * seq is the row's own key on SQLite (${rowkey}: INTEGER PRIMARY KEY there); as BIGINT PRIMARY KEY
--   it was a second index beside the row's key, written with every event;
-- * id is no longer a UNIQUE index, written with every event and never searched: ids are time-ordered
--   UUIDs made by Coffer, and the chain's hash covers each;
-- * the organization's index is (org_id, seq) instead of (org_id, created_at): the audit-log query
--   pages an organization's events newest first by seq, which the old index could not give in order
--   (every page sorted all of the organization's events: 1.9 s at 2.8 million);
-- * long lists of secret names are stored once (audit/NameSets): an event that names the same 50
--   secrets as many before it holds "secretKeys":"@" in its metadata and the id of its set of names in
--   names_id; read back, the row is the metadata its hash covers again.
CREATE TABLE audit_events_next (
    seq          ${rowkey} PRIMARY KEY,
    id           TEXT     NOT NULL,
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
    hash         TEXT     NOT NULL,
    names_id     TEXT
);
INSERT INTO audit_events_next (seq, id, created_at, event_type, actor_type, actor_id, actor_name, org_id,
        project_id, environment, secret_path, ip, user_agent, status, metadata, prev_hash, hash)
    SELECT seq, id, created_at, event_type, actor_type, actor_id, actor_name, org_id,
        project_id, environment, secret_path, ip, user_agent, status, metadata, prev_hash, hash
    FROM audit_events ORDER BY seq;
DROP TABLE audit_events;
ALTER TABLE audit_events_next RENAME TO audit_events;
CREATE INDEX audit_events_org_seq ON audit_events (org_id, seq);

-- Sets of secret names, by id: 128 bits of the SHA-256 of the names as JSON (base64url).
CREATE TABLE audit_name_sets (
    id           TEXT     PRIMARY KEY,
    names        TEXT     NOT NULL
);
