-- Custom project roles, and several roles per project membership, each permanent or temporary.
-- A membership's roles are keyed by the principal's kind and id, so user memberships can hold roles
-- the same way identity memberships do.

CREATE TABLE project_roles (
    id          TEXT PRIMARY KEY,
    project_id  TEXT   NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    slug        TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    description TEXT,
    -- the permission rules as JSON: [{subject, action:[...], conditions?, inverted}]
    permissions TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (project_id, slug)
);

CREATE TABLE project_membership_roles (
    id               TEXT PRIMARY KEY,
    project_id       TEXT    NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    principal_kind   TEXT    NOT NULL CHECK (principal_kind IN ('identity', 'user')),
    principal_id     TEXT    NOT NULL,
    -- a built-in role's slug, or 'custom' with custom_role_id set
    role             TEXT    NOT NULL,
    custom_role_id   TEXT    REFERENCES project_roles(id),
    is_temporary     BOOLEAN NOT NULL DEFAULT FALSE,
    temporary_mode   TEXT,
    temporary_range  TEXT,
    temporary_start  BIGINT,
    temporary_end    BIGINT,
    created_at       BIGINT  NOT NULL,
    CHECK ((role = 'custom') = (custom_role_id IS NOT NULL)),
    CHECK (is_temporary = FALSE OR (temporary_start IS NOT NULL AND temporary_end IS NOT NULL))
);
CREATE INDEX project_membership_roles_principal
    ON project_membership_roles(project_id, principal_kind, principal_id);
CREATE INDEX project_membership_roles_custom ON project_membership_roles(custom_role_id);

-- the one role each identity membership had becomes its first (permanent) role
INSERT INTO project_membership_roles (id, project_id, principal_kind, principal_id, role, created_at)
    SELECT project_id || ':' || identity_id, project_id, 'identity', identity_id, role, created_at
    FROM identity_project_memberships;
ALTER TABLE identity_project_memberships DROP COLUMN role;
