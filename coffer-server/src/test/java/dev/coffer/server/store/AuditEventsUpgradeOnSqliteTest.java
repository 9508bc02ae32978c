package dev.coffer.server.store;

import dev.coffer.server.testing.Backend;

class AuditEventsUpgradeOnSqliteTest extends AuditEventsUpgradeSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
