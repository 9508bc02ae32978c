package dev.coffer.server.store;

import dev.coffer.server.testing.Backend;

class AuditEventsUpgradeOnPostgresTest extends AuditEventsUpgradeSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
