package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class MetadataAndOverridesOnSqliteTest extends MetadataAndOverridesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
