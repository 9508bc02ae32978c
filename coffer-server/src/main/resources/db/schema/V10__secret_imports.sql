-- Secret imports: a folder lists other folders (an environment of the same project and a path) whose
-- secrets it includes when read with include_imports, in 1-based position order (the last one wins).
-- The path is kept as written: the folder it names may be deleted and made again.
CREATE TABLE secret_imports (
    id            TEXT PRIMARY KEY,
    folder_id     TEXT    NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    import_env_id TEXT    NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    import_path   TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    UNIQUE (folder_id, import_env_id, import_path)
);
CREATE INDEX secret_imports_folder ON secret_imports(folder_id);
CREATE INDEX secret_imports_env ON secret_imports(import_env_id);
