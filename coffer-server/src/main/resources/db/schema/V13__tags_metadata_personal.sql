-- Tags, secret metadata and personal overrides (issue 9, items 4 and 6).
-- A project's tags: a slug unique in the project, an optional display name and colour.
CREATE TABLE project_tags (
    id          TEXT PRIMARY KEY,
    project_id  TEXT    NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    slug        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    color       TEXT,
    created_by  TEXT,
    created_by_kind TEXT NOT NULL DEFAULT 'identity',
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    UNIQUE (project_id, slug)
);

-- Which tags a live secret carries; deleting the secret or the tag removes the link.
CREATE TABLE secret_tag_links (
    secret_id   TEXT NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
    tag_id      TEXT NOT NULL REFERENCES project_tags(id) ON DELETE CASCADE,
    PRIMARY KEY (secret_id, tag_id)
);
CREATE INDEX secret_tag_links_tag ON secret_tag_links(tag_id);

-- A version records the tags the secret had (tag ids, comma-separated) and whose secret it is: shared
-- secrets have type 'shared' and no owner; a person's override has type 'personal' and the user's id.
-- Metadata values marked isEncrypted are stored sealed by the barrier (in the metadata JSON), never plain.
ALTER TABLE secret_versions ADD COLUMN tag_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE secret_versions ADD COLUMN type TEXT NOT NULL DEFAULT 'shared';
ALTER TABLE secret_versions ADD COLUMN owner_id TEXT NOT NULL DEFAULT '';
CREATE INDEX secrets_personal ON secrets(folder_id, owner_id);
