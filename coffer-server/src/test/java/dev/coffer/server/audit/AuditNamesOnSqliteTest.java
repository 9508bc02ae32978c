package dev.coffer.server.audit;

import dev.coffer.server.testing.Backend;

class AuditNamesOnSqliteTest extends AuditNamesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
