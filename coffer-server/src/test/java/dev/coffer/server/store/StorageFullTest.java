package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.StorageFull;
import dev.coffer.server.http.ErrorMapper;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose storage is full (here SQLite's file held to a few pages more than it has, as a full
 * disk would) refuses the write as {@link StorageFull}: the client gets a 503 that says so, not a 500,
 * and nothing of the transaction is written. (SQLite ends the transaction itself then: the failure of the
 * rollback that follows must not hide the one that ended it.)
 */
class StorageFullTest {

    @Test
    void aWriteThatFindsTheStorageFullIsA503AndWritesNothing(@TempDir Path dir) {
        try (Database db = Database.sqlite(dir.resolve("coffer.db"), new Invalidator())) {
            long pages = db.read(
                    tx -> Jdbc.one(tx, "PRAGMA page_count", rs -> rs.getLong(1)).orElseThrow());
            RuntimeException refused = catchRuntimeException(() -> db.write(tx -> {
                Jdbc.list(tx, "PRAGMA max_page_count = " + (pages + 4), rs -> rs.getLong(1));
                for (int i = 0; i < 100; i++) {
                    Jdbc.update(
                            tx, "INSERT INTO audit_name_sets (id, names) VALUES (?, ?)", "set-" + i, "x".repeat(8000));
                }
                return null;
            }));

            assertThat(refused).isInstanceOf(StorageFull.class);
            ErrorMapper.ErrorBody answer = ErrorMapper.map("req-full", refused);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.message()).contains("storage is full");
            long written = db.read(tx -> Jdbc.one(tx, "SELECT COUNT(*) FROM audit_name_sets", rs -> rs.getLong(1))
                    .orElseThrow());
            assertThat(written).isZero();
        }
    }

    @Test
    void eachDatabaseSaysStorageIsFullInItsOwnWayAndOnlyThen() {
        assertThat(Dialect.POSTGRESQL.isStorageFull(new SQLException("disk full", "53100")))
                .isTrue();
        assertThat(Dialect.POSTGRESQL.isStorageFull(new SQLException("unique", "23505")))
                .isFalse();
        assertThat(Dialect.POSTGRESQL.isStorageFull(new SQLException("no code", null, 13)))
                .isFalse();
        assertThat(Dialect.SQLITE.isStorageFull(new SQLException("SQLITE_FULL", null, 13)))
                .isTrue();
        assertThat(Dialect.SQLITE.isStorageFull(new SQLException("SQLITE_BUSY", null, 5)))
                .isFalse();
        assertThat(Dialect.SQLITE.isStorageFull(new SQLException("SQLITE_CONSTRAINT", null, 19)))
                .isFalse();
    }
}
