package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class ForwardedForOnPostgresTest extends ForwardedForSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
