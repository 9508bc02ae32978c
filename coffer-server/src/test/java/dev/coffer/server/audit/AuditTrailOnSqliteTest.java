package dev.coffer.server.audit;

import dev.coffer.server.testing.Backend;

class AuditTrailOnSqliteTest extends AuditTrailSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
