package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class UserMembershipsOnPostgresTest extends UserMembershipsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
