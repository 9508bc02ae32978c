package dev.coffer.server.tags;

import dev.coffer.server.testing.Backend;

class TagsOnPostgresTest extends TagsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
