package dev.coffer.cli.dotenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds {@code .env} files in a source tree and proposes where each should be imported: a Coffer
 * environment and a secret path (folder). Reads directory entries only, never file contents.
 *
 * <h2>What is found</h2>
 * Every regular file (or symbolic link to one) named {@code .env} or starting with {@code .env.}
 * (case-sensitive, as the tools that load them are). Directories named {@code .git},
 * {@code node_modules}, {@code target}, {@code build}, {@code dist}, {@code vendor} or {@code .venv}
 * are not entered, at any depth below the root (the root itself is always searched); symbolic links
 * to directories are not followed. Files whose name ends (in any case) with {@code .example},
 * {@code .sample}, {@code .template} or {@code .dist} are templates, not secrets: they are returned
 * in {@link FindResult#skipped()} with the reason, as are directories that could not be read and
 * names from which no environment can be derived. {@code .env.vault} (dotenv-vault's encrypted
 * copy) and {@code .env.keys} (dotenvx's decryption keys) are skipped with the reason too.
 *
 * <h2>Proposed mapping</h2>
 * <ul>
 *   <li><b>Environment</b>, from the name's suffix after {@code .env.} (compared lower-cased):
 *       none, {@code local}, {@code development}, {@code dev} &rarr; {@code dev};
 *       {@code staging}, {@code stage} &rarr; {@code staging}; {@code production}, {@code prod}
 *       &rarr; {@code prod}; {@code test} &rarr; {@code test}; anything else &rarr; the suffix
 *       lower-cased, each character outside {@code [a-z0-9-]} replaced by {@code -}, runs of
 *       {@code -} collapsed and leading/trailing {@code -} removed (so {@code .env.QA_1} &rarr;
 *       {@code qa-1}). {@code .env.<env>.local} is the local override of {@code <env>} and maps to
 *       the same environment ({@code .env.production.local} &rarr; {@code prod}), as {@code .env.local}
 *       maps to the default environment of a plain {@code .env}.</li>
 *   <li><b>Secret path</b>, from the file's directory relative to the root: {@code /} for the root,
 *       otherwise {@code /} + the directory's segments joined by {@code /}, each character of a
 *       segment outside {@code [A-Za-z0-9_-]} replaced by {@code -} (one per code point:
 *       {@code services/my.api/.env} &rarr; {@code /services/my-api}).</li>
 * </ul>
 * Candidates and skipped files are each sorted by path ({@link Path#compareTo}).
 */
public final class EnvFiles {

    /** Directory names that are never entered. */
    public static final Set<String> SKIPPED_DIRECTORIES =
            Set.of(".git", "node_modules", "target", "build", "dist", "vendor", ".venv");

    /** Name endings (compared lower-cased) of template files, which are skipped. */
    public static final List<String> TEMPLATE_SUFFIXES = List.of(".example", ".sample", ".template", ".dist");

    /** Files that are not settings, with the reason they are skipped (compared lower-cased). */
    private static final Map<String, String> NOT_SETTINGS = Map.of(
            ".env.vault",
            "an encrypted dotenv-vault file, not settings: decrypt it, and import the .env files it came from",
            ".env.keys",
            "dotenvx's decryption keys, not settings of the application: keep them out of Coffer's secrets "
                    + "(and out of git)");

    private static final Map<String, String> KNOWN_ENVIRONMENTS = Map.of(
            "local",
            "dev",
            "development",
            "dev",
            "dev",
            "dev",
            "staging",
            "staging",
            "stage",
            "staging",
            "production",
            "prod",
            "prod",
            "prod",
            "test",
            "test");

    private EnvFiles() {}

    /**
     * A {@code .env} file and where it is proposed to go.
     *
     * @param file        the file, as {@code root.resolve(relative path)}
     * @param environment the proposed environment slug, matching {@code [a-z0-9]+(-[a-z0-9]+)*}
     * @param secretPath  the proposed folder, {@code /} or {@code /seg/seg} with segments in {@code [A-Za-z0-9_-]}
     * @param reason      a sentence explaining both proposals, for display
     */
    public record Candidate(Path file, String environment, String secretPath, String reason) {
        public Candidate {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(secretPath, "secretPath");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A file (or unreadable directory) that was left out, and why.
     *
     * @param file   the path, as {@code root.resolve(relative path)}
     * @param reason why it was left out, for display
     */
    public record Skipped(Path file, String reason) {
        public Skipped {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The outcome of {@link #find(Path)}.
     *
     * @param candidates files to import, sorted by path
     * @param skipped    files (and unreadable directories) left out, sorted by path
     */
    public record FindResult(List<Candidate> candidates, List<Skipped> skipped) {
        public FindResult {
            candidates = List.copyOf(candidates);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Searches {@code root} and everything below it (see the class documentation).
     *
     * @throws IllegalArgumentException if {@code root} is not a directory
     * @throws UncheckedIOException     if the root itself cannot be read
     */
    public static FindResult find(Path root) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
        List<Candidate> candidates = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && SKIPPED_DIRECTORIES.contains(String.valueOf(dir.getFileName()))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = String.valueOf(file.getFileName());
                    if ((name.equals(".env") || name.startsWith(".env.")) && Files.isRegularFile(file)) {
                        classify(root, file, name, candidates, skipped);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (file.equals(root)) {
                        throw e;
                    }
                    skipped.add(new Skipped(
                            file, "could not be read (" + e.getClass().getSimpleName() + "); check its permissions"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        if (dir.equals(root)) {
                            throw e;
                        }
                        skipped.add(new Skipped(
                                dir,
                                "directory could not be read completely ("
                                        + e.getClass().getSimpleName() + "); check its permissions"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not search " + root, e);
        }
        candidates.sort(Comparator.comparing(Candidate::file));
        skipped.sort(Comparator.comparing(Skipped::file));
        return new FindResult(candidates, skipped);
    }

    private static void classify(Path root, Path file, String name, List<Candidate> candidates, List<Skipped> skipped) {
        String lower = name.toLowerCase(Locale.ROOT);
        String notSettings = skipReason(name);
        if (notSettings != null) {
            skipped.add(new Skipped(file, notSettings));
            return;
        }
        for (String suffix : TEMPLATE_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                skipped.add(new Skipped(
                        file, "template file (name ends with '" + suffix + "'): it holds placeholders, not secrets"));
                return;
            }
        }
        String suffix = name.equals(".env") ? "" : name.substring(".env.".length());
        String environment = name.equals(".env") ? "dev" : environmentFor(suffix);
        if (environment.isEmpty()) {
            skipped.add(new Skipped(
                    file,
                    "no environment name can be derived from the part after '.env.'; "
                            + "rename it to .env.<environment> (for example .env.production)"));
            return;
        }
        String envReason;
        if (suffix.isEmpty()) {
            envReason = "environment 'dev' because a plain .env holds development settings";
        } else if (isLocalOverride(name)) {
            envReason = suffix.equalsIgnoreCase("local")
                    ? "environment '" + environment + "': .env.local is the local override of the default environment"
                    : "environment '" + environment + "': a local override of that environment (suffix '" + suffix
                            + "')";
        } else if (KNOWN_ENVIRONMENTS.containsKey(suffix.toLowerCase(Locale.ROOT))) {
            envReason = "environment '" + environment + "' from the suffix '" + suffix + "'";
        } else {
            envReason = "environment '" + environment + "' from the suffix '" + suffix + "' (not a standard name"
                    + (environment.equals(suffix) ? "" : ", sanitised") + ")";
        }
        Path dir = root.relativize(file).getParent();
        String secretPath = secretPathFor(dir);
        String pathReason;
        if (dir == null) {
            pathReason = "secret path '/' because the file is in the root directory";
        } else {
            String relative = dir.toString().replace(dir.getFileSystem().getSeparator(), "/");
            pathReason = "secret path '" + secretPath + "' from the directory '" + relative + "'"
                    + (secretPath.equals("/" + relative)
                            ? ""
                            : " (characters other than letters, digits, '_' and '-' replaced by '-')");
        }
        candidates.add(new Candidate(file, environment, secretPath, envReason + "; " + pathReason));
    }

    /**
     * The environment proposed for a file named explicitly (for example on the command line), from its
     * name alone; never empty. {@code .env} and {@code .env.<suffix>} follow the rules of
     * {@link #find(Path)}; a name of the form {@code <stem>.env} (for example {@code production.env},
     * as used with {@code docker --env-file}) maps its stem by the same rules; anything else, or a
     * name from which nothing usable is left, gives {@code dev}, the environment of a plain
     * {@code .env}. Template names are not special here: the caller asked for this file.
     *
     * @throws IllegalArgumentException if the path has no file name
     */
    public static String environmentForFile(Path file) {
        Objects.requireNonNull(file, "file");
        Path fileName = file.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("not a file name: " + file);
        }
        String name = fileName.toString();
        String suffix;
        if (name.equals(".env")) {
            return "dev";
        } else if (name.startsWith(".env.")) {
            suffix = name.substring(".env.".length());
        } else if (name.endsWith(".env") && name.length() > ".env".length()) {
            suffix = name.substring(0, name.length() - ".env".length());
        } else {
            return "dev";
        }
        String environment = environmentFor(suffix);
        return environment.isEmpty() ? "dev" : environment;
    }

    /**
     * The environment slug for the part of a name after {@code .env.}; empty if nothing usable is
     * left (for example for {@code .env.} or {@code .env.__}).
     */
    static String environmentFor(String suffix) {
        String lower = suffix.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".local") && lower.length() > ".local".length()) {
            String base = environmentFor(suffix.substring(0, suffix.length() - ".local".length()));
            if (!base.isEmpty()) return base;
        }
        String known = KNOWN_ENVIRONMENTS.get(lower);
        if (known != null) {
            return known;
        }
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) {
                slug.append(c);
            } else if (!slug.isEmpty() && slug.charAt(slug.length() - 1) != '-') {
                slug.append('-');
            }
        }
        while (!slug.isEmpty() && slug.charAt(slug.length() - 1) == '-') {
            slug.setLength(slug.length() - 1);
        }
        return slug.toString();
    }

    /**
     * Why a file of this name is never imported ({@code .env.vault}, {@code .env.keys}), or null. Asked
     * for by name, it is still not imported: it holds no settings of the application.
     */
    public static String skipReason(String fileName) {
        return NOT_SETTINGS.get(fileName.toLowerCase(Locale.ROOT));
    }

    /** Whether the name is a local override ({@code .env.local}, {@code .env.<env>.local}). */
    public static boolean isLocalOverride(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.equals(".env.local") || (lower.startsWith(".env.") && lower.endsWith(".local"));
    }

    /** The secret path for a directory relative to the root ({@code null} for the root). */
    static String secretPathFor(Path relativeDir) {
        if (relativeDir == null || relativeDir.toString().isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        for (Path segment : relativeDir) {
            path.append('/');
            segment.toString().codePoints().forEach(c -> {
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '_'
                        || c == '-';
                path.append(ok ? (char) c : '-');
            });
        }
        return path.toString();
    }
}
