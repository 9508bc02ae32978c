package dev.coffer.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary directories for tests' databases, removed when the test JVM exits (not when a test ends:
 * tests open a database again on a closed one's directory). Left behind, a run of the suite left
 * hundreds of them, each with a database and often an 8 MiB audit journal.
 */
public final class TempDirs {

    private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MADE.forEach(TempDirs::removeTree)));
    }

    private TempDirs() {}

    /** A new empty directory whose name starts with {@code prefix}, removed with all it holds at exit. */
    public static Path make(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            MADE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone, or not ours to remove any more
        }
    }
}
