package dev.coffer.server.store;

import dev.coffer.server.cache.Invalidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class UnitOfWorkOnSqliteTest extends UnitOfWorkSuite {
    @Override
    Database open(Invalidator invalidator) {
        try {
            return Database.sqlite(Files.createTempDirectory("coffer-uow-").resolve("coffer.db"), invalidator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
