-- Key generations: the keyring holds several root keys, and a project several data keys. Every
-- ciphertext written from now on names its data key generation in a header (keys/Barrier).
CREATE TABLE root_keys (
    generation   INTEGER PRIMARY KEY,
    wrapped_root ${blob}  NOT NULL,
    created_at   BIGINT   NOT NULL
);
INSERT INTO root_keys (generation, wrapped_root, created_at) SELECT 1, wrapped_root, created_at FROM keyring;
DROP TABLE keyring;

CREATE TABLE data_keys (
    project_id      TEXT     NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    generation      INTEGER  NOT NULL,
    root_generation INTEGER  NOT NULL,
    wrapped_key     ${blob}  NOT NULL,
    created_at      BIGINT   NOT NULL,
    PRIMARY KEY (project_id, generation)
);
INSERT INTO data_keys (project_id, generation, root_generation, wrapped_key, created_at)
    SELECT id, 1, 1, wrapped_data_key, created_at FROM projects;
ALTER TABLE projects DROP COLUMN wrapped_data_key;

-- Version rows outlive their secret: deleting a secret (or its folder or environment) adds a tombstone
-- version (deleted, empty ciphertexts) instead of deleting its history. History lives as long as the
-- project, whose data key alone can read it.
CREATE TABLE secret_history (
    secret_id   TEXT     NOT NULL,
    version     INTEGER  NOT NULL,
    project_id  TEXT     NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    folder_id   TEXT     NOT NULL,
    secret_key  TEXT     NOT NULL,
    value_ct    ${blob}  NOT NULL,
    comment_ct  ${blob}  NOT NULL,
    deleted     BOOLEAN  NOT NULL DEFAULT FALSE,
    created_at  BIGINT   NOT NULL,
    PRIMARY KEY (secret_id, version)
);
INSERT INTO secret_history (secret_id, version, project_id, folder_id, secret_key, value_ct, comment_ct, deleted, created_at)
    SELECT v.secret_id, v.version, e.project_id, s.folder_id, v.secret_key, v.value_ct, v.comment_ct, FALSE, v.created_at
    FROM secret_versions v
    JOIN secrets s ON s.id = v.secret_id
    JOIN folders f ON f.id = s.folder_id
    JOIN environments e ON e.id = f.env_id;
DROP TABLE secret_versions;
ALTER TABLE secret_history RENAME TO secret_versions;
CREATE INDEX secret_versions_project ON secret_versions(project_id);
CREATE INDEX secret_versions_folder ON secret_versions(folder_id);
