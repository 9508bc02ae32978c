package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class FoldersOnSqliteTest extends FoldersSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
