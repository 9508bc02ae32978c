package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class ProjectsAndFoldersOnSqliteTest extends ProjectsAndFoldersSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
