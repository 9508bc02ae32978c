-- "Who still reads this secret", kept as it happens instead of searched for: one row per secret,
-- reader and UTC day, with the day's read count and last read time. Each group of audit events
-- updates it in the transaction that appends them (a listing of 50 secrets by one reader touches 50
-- adjacent rows, not 50 places in an index of every event). Derived from audit_events.metadata,
-- which the hash chain covers; pruned with the events.
CREATE TABLE audit_secret_readers (
    project_id   TEXT    NOT NULL,
    environment  TEXT    NOT NULL,
    secret_path  TEXT    NOT NULL,
    secret_key   TEXT    NOT NULL,
    actor_type   TEXT    NOT NULL,
    actor_id     TEXT    NOT NULL,
    day          BIGINT  NOT NULL,
    org_id       TEXT    NOT NULL,
    actor_name   TEXT,
    last_read_at BIGINT  NOT NULL,
    reads        BIGINT  NOT NULL,
    PRIMARY KEY (project_id, environment, secret_path, secret_key, actor_type, actor_id, day)
);
CREATE INDEX audit_secret_readers_day ON audit_secret_readers (day);

INSERT INTO audit_secret_readers (project_id, environment, secret_path, secret_key, actor_type, actor_id, day,
                                  org_id, actor_name, last_read_at, reads)
SELECT e.project_id, e.environment, e.secret_path, s.secret_key, e.actor_type, e.actor_id,
       e.created_at / 86400000, MAX(e.org_id), MAX(e.actor_name), MAX(e.created_at), COUNT(*)
  FROM audit_events e JOIN audit_event_secrets s ON s.seq = e.seq
 WHERE e.event_type IN ('get-secret', 'get-secrets') AND e.status >= 200 AND e.status < 300
   AND e.org_id IS NOT NULL AND e.project_id IS NOT NULL AND e.environment IS NOT NULL
   AND e.secret_path IS NOT NULL AND e.actor_type IS NOT NULL AND e.actor_id IS NOT NULL
 GROUP BY e.project_id, e.environment, e.secret_path, s.secret_key, e.actor_type, e.actor_id,
          e.created_at / 86400000;

-- The secret names of an event are in its metadata; a search by name reads them there. A row per
-- name and event cost every listing of 50 secrets 50 inserts into two indexes.
DROP TABLE audit_event_secrets;
