package dev.coffer.server.compat;

import dev.coffer.server.testing.Backend;

class NodeSdkOnPostgresTest extends NodeSdkCompatibilitySuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
