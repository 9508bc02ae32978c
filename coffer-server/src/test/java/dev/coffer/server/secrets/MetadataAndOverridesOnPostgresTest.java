package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class MetadataAndOverridesOnPostgresTest extends MetadataAndOverridesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
