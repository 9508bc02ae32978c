package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class ProjectsAndFoldersOnPostgresTest extends ProjectsAndFoldersSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
