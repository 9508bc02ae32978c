package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class FoldersOnPostgresTest extends FoldersSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
