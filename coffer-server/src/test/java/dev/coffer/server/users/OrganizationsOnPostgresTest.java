package dev.coffer.server.users;

import dev.coffer.server.testing.Backend;

class OrganizationsOnPostgresTest extends OrganizationsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
