package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's log is checkpointed by a daemon beside the writer, not inside the commits: the log still
 * reaches the database file, and it still starts again from its beginning, so it does not grow with
 * every page ever written.
 */
class CheckpointerTest {

    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private Database db;
    private Path file;

    @BeforeEach
    void open() {
        file = dir.resolve("coffer.db");
        db = Database.sqlite(file, new Invalidator());
        db.write(tx -> Jdbc.update(tx, "CREATE TABLE filler (b BLOB NOT NULL)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void commitsLeaveTheCheckpointToTheDaemonUnlessTheLogGrowsFarPastWhatItKeeps() {
        long autocheckpoint = db.read(tx -> Jdbc.one(tx, "PRAGMA wal_autocheckpoint", rs -> rs.getLong(1)))
                .orElseThrow();
        assertThat(autocheckpoint).isEqualTo(Checkpointer.SAFETY_PAGES).isGreaterThan(Checkpointer.RESTART_PAGES);
    }

    @Test
    void aStreamOfCommitsReachesTheDatabaseFileAndTheLogStaysShort() throws Exception {
        Path wal = Path.of(file + "-wal");
        long startSize = Files.size(file);
        byte[] blob = new byte[64 * 1024];
        long maxWal = 0;
        // 96 MiB in commits of 64 KiB, three times the length past which the commits would checkpoint
        // it themselves, at up to about 60 MiB/s (a server answering 20,000 lists a second writes a
        // third of that in audit events; much faster, the log grows while a checkpoint copies it)
        for (int i = 0; i < 1536; i++) {
            blob[i % blob.length] ^= 1;
            db.writeFlushedLater(tx -> Jdbc.update(tx, "INSERT INTO filler (b) VALUES (?)", (Object) blob));
            Thread.sleep(1);
            if (i % 64 == 0 && Files.exists(wal)) maxWal = Math.max(maxWal, Files.size(wal));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.size(file) - startSize < 90L * 1024 * 1024 && System.nanoTime() < deadline) Thread.sleep(20);

        assertThat(Files.size(file) - startSize)
                .as("the rows were copied into the database file by checkpoints the test did not make")
                .isGreaterThanOrEqualTo(90L * 1024 * 1024);
        assertThat(Math.max(maxWal, Files.size(wal)))
                .as("the log started again instead of growing with every commit")
                .isLessThan(3L * Checkpointer.SAFETY_PAGES * PAGE / 2);
        while (db.flushPending() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(db.flushPending())
                .as("the commits made without a flush were flushed")
                .isFalse();
    }
}
