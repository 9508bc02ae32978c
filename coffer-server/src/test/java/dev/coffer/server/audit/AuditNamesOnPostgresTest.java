package dev.coffer.server.audit;

import dev.coffer.server.testing.Backend;

class AuditNamesOnPostgresTest extends AuditNamesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
