package dev.coffer.server.audit;

import dev.coffer.server.testing.Backend;

class AuditOperationsOnPostgresTest extends AuditOperationsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
