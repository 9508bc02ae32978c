package dev.coffer.server.store;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.testing.TempDirs;

class UnitOfWorkOnSqliteTest extends UnitOfWorkSuite {
    @Override
    Database open(Invalidator invalidator) {
        return Database.sqlite(TempDirs.make("coffer-uow-").resolve("coffer.db"), invalidator);
    }
}
