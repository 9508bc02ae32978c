package dev.coffer.server.tags;

import dev.coffer.server.testing.Backend;

class TagsOnSqliteTest extends TagsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
