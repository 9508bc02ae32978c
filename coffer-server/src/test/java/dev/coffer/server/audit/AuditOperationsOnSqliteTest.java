package dev.coffer.server.audit;

import dev.coffer.server.testing.Backend;

class AuditOperationsOnSqliteTest extends AuditOperationsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
