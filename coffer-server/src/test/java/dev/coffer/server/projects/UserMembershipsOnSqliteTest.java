package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class UserMembershipsOnSqliteTest extends UserMembershipsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
