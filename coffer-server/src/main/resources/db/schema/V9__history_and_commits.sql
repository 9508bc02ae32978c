-- History and point-in-time recovery (docs/architecture.md, "History and recovery").
-- Every write to an environment is one commit: a number in the environment's sequence (environments.
-- commit_seq, bumped under the environment's row lock, so commits of one environment are totally
-- ordered and their times never go backwards). Version rows of secrets and folders name the commit
-- that made them; the state of an environment after commit N is, for every secret and folder, its
-- last version at or before N. Rows written before this migration belong to commit 0.

ALTER TABLE environments ADD COLUMN commit_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE commits (
    id          TEXT    PRIMARY KEY,
    project_id  TEXT    NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    env_id      TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    actor_kind  TEXT    NOT NULL,
    actor_id    TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (env_id, seq)
);
CREATE INDEX commits_time ON commits(env_id, created_at);

-- The folders a commit changed (their secrets or their subfolders): a folder's commits.
CREATE TABLE commit_folders (
    commit_id   TEXT NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
    folder_id   TEXT NOT NULL,
    PRIMARY KEY (commit_id, folder_id)
);
CREATE INDEX commit_folders_folder ON commit_folders(folder_id);

-- Non-root folders by commit: created, renamed, deleted. They outlive their folder, like secret versions.
CREATE TABLE folder_versions (
    folder_id   TEXT     NOT NULL,
    seq         BIGINT   NOT NULL,
    project_id  TEXT     NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    env_id      TEXT     NOT NULL,
    parent_id   TEXT,
    name        TEXT     NOT NULL,
    deleted     BOOLEAN  NOT NULL DEFAULT FALSE,
    PRIMARY KEY (folder_id, seq)
);
CREATE INDEX folder_versions_env ON folder_versions(env_id, seq);
INSERT INTO folder_versions (folder_id, seq, project_id, env_id, parent_id, name, deleted)
    SELECT f.id, 0, e.project_id, f.env_id, f.parent_id, f.name, FALSE
    FROM folders f JOIN environments e ON e.id = f.env_id WHERE f.parent_id IS NOT NULL;

-- A version now records everything a rollback needs (settings, metadata) and who made it.
ALTER TABLE secret_versions ADD COLUMN env_id TEXT;
ALTER TABLE secret_versions ADD COLUMN commit_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE secret_versions ADD COLUMN actor_kind TEXT;
ALTER TABLE secret_versions ADD COLUMN actor_id TEXT;
ALTER TABLE secret_versions ADD COLUMN actor_name TEXT;
ALTER TABLE secret_versions ADD COLUMN skip_multiline BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE secret_versions ADD COLUMN reminder_note TEXT;
ALTER TABLE secret_versions ADD COLUMN reminder_days INTEGER;
ALTER TABLE secret_versions ADD COLUMN metadata TEXT NOT NULL DEFAULT '[]';
UPDATE secret_versions SET env_id = (SELECT f.env_id FROM folders f WHERE f.id = secret_versions.folder_id);
CREATE INDEX secret_versions_env ON secret_versions(env_id, commit_seq);
