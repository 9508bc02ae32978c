package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class EnvironmentNamesOnPostgresTest extends EnvironmentNamesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
