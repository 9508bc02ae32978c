package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The SQLite database and its journal files are readable by their owner only, like the key file. */
class SqliteFilesTest {

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDatabaseItsWalAndItsSharedMemoryFileAreCreated0600() throws Exception {
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            Fixtures f = new Fixtures(server.api());
            f.secret(f.project("Files"), "dev", "/", "KEY", "value");
            Path db = server.sqliteFile();
            for (Path p : new Path[] {db, Path.of(db + "-wal"), Path.of(db + "-shm")}) {
                assertThat(p).exists();
                assertThat(mode(p)).as(p.getFileName().toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void filesLeftReadableByOthersAreNarrowedAtTheNextStart() throws Exception {
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            new Fixtures(server.api()).project("Files");
            Files.setPosixFilePermissions(server.sqliteFile(), PosixFilePermissions.fromString("rw-r--r--"));
            server.restart();
            assertThat(mode(server.sqliteFile())).isEqualTo("rw-------");
        }
    }
}
