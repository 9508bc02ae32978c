-- People's project memberships, beside identity_project_memberships: a user is a member of a project
-- when it has a row here; its roles are rows of project_membership_roles (principal_kind 'user').
CREATE TABLE user_project_memberships (
    id          TEXT PRIMARY KEY,
    project_id  TEXT   NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id     TEXT   NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (project_id, user_id)
);
CREATE INDEX user_project_memberships_user ON user_project_memberships(user_id);

-- role rows a user already held make it a member
INSERT INTO user_project_memberships (id, project_id, user_id, created_at, updated_at)
    SELECT project_id || ':' || principal_id, project_id, principal_id, MIN(created_at), MIN(created_at)
    FROM project_membership_roles r
    WHERE principal_kind = 'user' AND EXISTS (SELECT 1 FROM users u WHERE u.id = r.principal_id)
    GROUP BY project_id, principal_id;
