-- People: sessions of users, invitations to organizations, deactivated memberships.
-- Session and invitation secrets are stored as SHA-256 digests only (the secrets are 256 random bits).

-- A deactivated membership keeps its row (and role) but neither logs in nor counts as an admin.
ALTER TABLE org_memberships ADD COLUMN deactivated_at BIGINT;

-- One login of a user into one organization: a short-lived access secret and a refresh secret,
-- both replaced by every refresh (the old ones stop working at once).
CREATE TABLE user_sessions (
    id                TEXT PRIMARY KEY,
    user_id           TEXT     NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id            TEXT     NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    access_hash       ${blob}  NOT NULL,
    refresh_hash      ${blob}  NOT NULL,
    access_expires_at BIGINT   NOT NULL,
    expires_at        BIGINT   NOT NULL,
    ip                TEXT     NOT NULL,
    user_agent        TEXT     NOT NULL,
    revoked           BOOLEAN  NOT NULL DEFAULT FALSE,
    created_at        BIGINT   NOT NULL,
    refreshed_at      BIGINT   NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions(user_id);

-- An invitation of an email address into an organization with a role; used once, then accepted_at is set.
CREATE TABLE org_invitations (
    id          TEXT PRIMARY KEY,
    org_id      TEXT     NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    email       TEXT     NOT NULL,
    role        TEXT     NOT NULL,
    token_hash  ${blob}  NOT NULL,
    invited_by  TEXT     NOT NULL,
    expires_at  BIGINT   NOT NULL,
    accepted_at BIGINT,
    created_at  BIGINT   NOT NULL
);
CREATE INDEX org_invitations_org ON org_invitations(org_id);
