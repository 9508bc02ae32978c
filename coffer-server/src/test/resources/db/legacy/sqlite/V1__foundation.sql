-- Coffer foundation schema. Ids are UUID strings; times are epoch milliseconds (UTC).
-- Secret values and comments are AES-256-GCM ciphertext (see keys/SecretCipher); names are plaintext.

CREATE TABLE keyring (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    wrapped_root    BLOB    NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE instance (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    bootstrapped_at BIGINT  NOT NULL
);

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT   NOT NULL,
    slug        TEXT   NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT   NOT NULL UNIQUE,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE org_memberships (
    org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE identities (
    id          TEXT PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    org_role    TEXT   NOT NULL,
    auth_method TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX identities_org ON identities(org_id);

CREATE TABLE universal_auths (
    id                          TEXT PRIMARY KEY,
    identity_id                 TEXT    NOT NULL UNIQUE REFERENCES identities(id) ON DELETE CASCADE,
    client_id                   TEXT    NOT NULL UNIQUE,
    access_token_ttl            BIGINT  NOT NULL,
    access_token_max_ttl        BIGINT  NOT NULL,
    access_token_num_uses_limit BIGINT  NOT NULL,
    client_secret_trusted_ips   TEXT    NOT NULL,
    access_token_trusted_ips    TEXT    NOT NULL,
    lockout_enabled             BOOLEAN NOT NULL,
    lockout_threshold           INTEGER NOT NULL,
    lockout_duration_seconds    INTEGER NOT NULL,
    lockout_counter_reset_seconds INTEGER NOT NULL,
    failed_attempts             INTEGER NOT NULL DEFAULT 0,
    first_failure_at            BIGINT,
    locked_until                BIGINT,
    created_at                  BIGINT  NOT NULL,
    updated_at                  BIGINT  NOT NULL
);

CREATE TABLE client_secrets (
    id              TEXT PRIMARY KEY,
    identity_id     TEXT    NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    prefix          TEXT    NOT NULL,
    secret_hmac     BLOB    NOT NULL,
    description     TEXT    NOT NULL,
    ttl             BIGINT  NOT NULL,
    num_uses_limit  BIGINT  NOT NULL,
    num_uses        BIGINT  NOT NULL DEFAULT 0,
    revoked         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX client_secrets_identity ON client_secrets(identity_id);

CREATE TABLE access_tokens (
    id               TEXT PRIMARY KEY,
    identity_id      TEXT    NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    auth_method      TEXT    NOT NULL,
    client_secret_id TEXT,
    ttl              BIGINT  NOT NULL,
    max_ttl          BIGINT  NOT NULL,
    num_uses_limit   BIGINT  NOT NULL,
    num_uses         BIGINT  NOT NULL DEFAULT 0,
    trusted_ips      TEXT    NOT NULL,
    revoked          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT  NOT NULL,
    last_renewed_at  BIGINT
);
CREATE INDEX access_tokens_identity ON access_tokens(identity_id);

CREATE TABLE projects (
    id               TEXT PRIMARY KEY,
    org_id           TEXT   NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name             TEXT   NOT NULL,
    slug             TEXT   NOT NULL UNIQUE,
    description      TEXT,
    wrapped_data_key BLOB   NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX projects_org ON projects(org_id);

CREATE TABLE environments (
    id          TEXT PRIMARY KEY,
    project_id  TEXT    NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    UNIQUE (project_id, slug)
);

-- The root folder of an environment has parent_id NULL and name 'root'.
CREATE TABLE folders (
    id          TEXT PRIMARY KEY,
    env_id      TEXT    NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    parent_id   TEXT    REFERENCES folders(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    description TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE UNIQUE INDEX folders_child_name ON folders(parent_id, name) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX folders_one_root ON folders(env_id) WHERE parent_id IS NULL;

CREATE TABLE identity_project_memberships (
    project_id  TEXT   NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    identity_id TEXT   NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    role        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (project_id, identity_id)
);
CREATE INDEX identity_project_memberships_identity ON identity_project_memberships(identity_id);

CREATE TABLE secrets (
    id              TEXT PRIMARY KEY,
    folder_id       TEXT    NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    secret_key      TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    owner_id        TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL,
    value_ct        BLOB    NOT NULL,
    comment_ct      BLOB    NOT NULL,
    skip_multiline  BOOLEAN NOT NULL DEFAULT FALSE,
    reminder_note   TEXT,
    reminder_days   INTEGER,
    metadata        TEXT    NOT NULL DEFAULT '[]',
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    UNIQUE (folder_id, secret_key, type, owner_id)
);

CREATE TABLE secret_versions (
    secret_id   TEXT    NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    secret_key  TEXT    NOT NULL,
    value_ct    BLOB    NOT NULL,
    comment_ct  BLOB    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (secret_id, version)
);
