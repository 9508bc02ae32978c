package dev.coffer.server.audit;

import dev.coffer.server.testing.Backend;

class AuditTrailOnPostgresTest extends AuditTrailSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
