-- Legacy service tokens (Infisical's st.<id>.<secret>.<key>): one project, scopes, read/write.
-- Only an HMAC of <secret> is kept; <key> never reaches the server (it wraps the token's workspace key,
-- stored here as encrypted_key/iv/tag, which only the holder of <key> can unwrap).
CREATE TABLE service_tokens (
    id            TEXT PRIMARY KEY,
    project_id    TEXT   NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name          TEXT   NOT NULL,
    secret_hash   TEXT   NOT NULL,
    scopes        TEXT   NOT NULL,
    permissions   TEXT   NOT NULL,
    encrypted_key TEXT   NOT NULL,
    iv            TEXT   NOT NULL,
    tag           TEXT   NOT NULL,
    created_by    TEXT   NOT NULL,
    expires_at    BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX service_tokens_project ON service_tokens(project_id);
