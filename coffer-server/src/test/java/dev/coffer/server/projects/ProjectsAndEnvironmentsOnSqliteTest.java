package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class ProjectsAndEnvironmentsOnSqliteTest extends ProjectsAndEnvironmentsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
