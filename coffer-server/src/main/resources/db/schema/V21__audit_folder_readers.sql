-- "Who still reads this secret", one row per folder, reader and UTC day instead of one per secret:
-- names holds the day's reads and last read time of each secret name read there, as a JSON object
-- ({"NAME": [reads, lastReadAt], ...}). A list of a folder of 100 secrets was 100 upserts into an index
-- of every (secret, reader, day); at a million secrets read across ten thousand folders that index
-- took a quarter of the server's CPU. Now it is one read and one write of the folder's row.
CREATE TABLE audit_folder_readers (
    project_id   TEXT    NOT NULL,
    environment  TEXT    NOT NULL,
    secret_path  TEXT    NOT NULL,
    actor_type   TEXT    NOT NULL,
    actor_id     TEXT    NOT NULL,
    day          BIGINT  NOT NULL,
    org_id       TEXT    NOT NULL,
    actor_name   TEXT,
    names        TEXT    NOT NULL,
    PRIMARY KEY (project_id, environment, secret_path, actor_type, actor_id, day)
);
CREATE INDEX audit_folder_readers_day ON audit_folder_readers (day);

INSERT INTO audit_folder_readers (project_id, environment, secret_path, actor_type, actor_id, day, org_id,
                                  actor_name, names)
SELECT project_id, environment, secret_path, actor_type, actor_id, day, MAX(org_id), MAX(actor_name),
       CAST(${jsonobjectagg}(secret_key, ${jsonarray}(reads, last_read_at)) AS TEXT)
  FROM audit_secret_readers
 GROUP BY project_id, environment, secret_path, actor_type, actor_id, day;

DROP TABLE audit_secret_readers;
