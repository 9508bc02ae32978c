package dev.coffer.cli.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scans the files under a directory. Skips version-control and dependency/build directories, symbolic
 * links, binary files (a NUL byte in the first 8 KiB) and files over 2 MiB; reads everything else as
 * UTF-8, replacing malformed bytes.
 */
public final class FileScanner {
    /** Directory names never descended into. */
    public static final Set<String> SKIPPED_DIRECTORIES =
            Set.of(".git", ".hg", ".svn", "node_modules", "target", "build", "dist", "vendor");
    /** Files larger than this are skipped. */
    public static final long MAX_FILE_SIZE = 2L * 1024 * 1024;

    private static final int BINARY_SNIFF = 8 * 1024;

    private final Detector detector;

    FileScanner(Detector detector) {
        this.detector = detector;
    }

    /**
     * Scans {@code root} (a directory, or a single file). The walk is sequential; the files are then read
     * and scanned in parallel. Findings are sorted by file, line and column.
     */
    public ScanResult scan(Path root) throws ScanException {
        Path base = Files.isDirectory(root) ? root : root.getParent();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Path> files = walk(root, base, problems);
        AtomicInteger scanned = new AtomicInteger();
        List<Finding> findings = files.parallelStream()
                .flatMap(file -> {
                    String rel = relative(base, file);
                    try {
                        String text = read(file);
                        if (text == null) {
                            return Stream.empty();
                        }
                        scanned.incrementAndGet();
                        List<Finding> found = new ArrayList<>();
                        detector.scan(rel, text, 1, Finding.Origin.NONE, found::add);
                        return found.stream();
                    } catch (IOException | UncheckedIOException e) {
                        problems.add("cannot read " + rel + ": " + describe(e));
                        return Stream.empty();
                    }
                })
                .sorted(Comparator.comparing(Finding::file)
                        .thenComparingInt(Finding::line)
                        .thenComparingInt(Finding::column)
                        .thenComparing(Finding::ruleId))
                .toList();
        List<String> sortedProblems = new ArrayList<>(problems);
        Collections.sort(sortedProblems);
        return new ScanResult(ScanResult.Mode.DIRECTORY, findings, scanned.get(), 0, sortedProblems);
    }

    /** The regular files to read: not in skipped directories, not too large, not allow-listed. */
    private List<Path> walk(Path root, Path base, List<String> problems) throws ScanException {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)
                            && SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()
                            && attrs.size() <= MAX_FILE_SIZE
                            && !detector.allowlist().ignoresPath(relative(base, file))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add("cannot read " + relative(base, file) + ": " + describe(e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ScanException("cannot scan " + root + ": " + describe(e), e);
        }
        return files;
    }

    /** The file as text, or null when it is binary. */
    static String read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
        }
        if (bytes.length > MAX_FILE_SIZE) {
            return null;
        }
        int sniff = Math.min(bytes.length, BINARY_SNIFF);
        for (int i = 0; i < sniff; i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String relative(Path base, Path file) {
        String rel =
                base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        return rel.isEmpty() ? file.getFileName().toString() : rel;
    }

    private static String describe(Exception e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }
}
