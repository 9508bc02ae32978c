package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class ProjectsAndEnvironmentsOnPostgresTest extends ProjectsAndEnvironmentsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
