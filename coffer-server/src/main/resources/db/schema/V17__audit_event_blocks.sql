-- The audit trail stored a block at a time: the events an audit commit appends for one organization
-- are one row (audit/EventBlock), instead of one row each. A list of secrets wrote a row of about 450
-- bytes into the table and its index; a block holds each string of its events once and each event as a
-- short array of references to them, about 90 bytes an event under load, and costs one insert per
-- commit. The events' hashes and the chain are as before (audit/ChainHash): a block stores the hash
-- before its first event and the hash of its last, and verification recomputes those between. An
-- event's id is made from its sequence number and time (EventBlock.idOf) unless the block holds it.
--
-- Columns besides the events are there to find blocks: by organization newest first (the audit-log
-- query), by time (date filters and retention), by sequence (the chain). Verification checks them
-- against the events they describe.
CREATE TABLE audit_blocks (
    last_seq     ${rowkey} PRIMARY KEY,
    first_seq    BIGINT   NOT NULL,
    org_id       TEXT,
    first_at     BIGINT   NOT NULL,
    last_at      BIGINT   NOT NULL,
    prev_hash    TEXT     NOT NULL,
    hash         TEXT     NOT NULL,
    events       TEXT     NOT NULL
);
CREATE INDEX audit_blocks_org_seq ON audit_blocks (org_id, last_seq);

-- Every event so far becomes a block of its own that holds its id: [time, [its strings], [the event]],
-- the event's fields referring to the strings by position (EventBlock's format).
INSERT INTO audit_blocks (last_seq, first_seq, org_id, first_at, last_at, prev_hash, hash, events)
    SELECT seq, seq, org_id, created_at, created_at, prev_hash, hash,
           CAST(${jsonarray}(created_at,
                    ${jsonarray}(id, event_type, actor_type, actor_id, actor_name, org_id, project_id, environment,
                                 secret_path, ip, user_agent, metadata, names_id),
                    ${jsonarray}(0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, status, 11, 12)) AS TEXT)
    FROM audit_events ORDER BY seq;
DROP TABLE audit_events;
