package dev.coffer.server.app;

import dev.coffer.server.audit.AuditSettings;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.events.EventSettings;
import dev.coffer.server.http.HttpSettings;
import dev.coffer.server.http.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server's settings, validated once at start. Each comes from a command-line option, else a
 * {@code COFFER_*} environment variable, else its default. An unknown {@code COFFER_*} server
 * variable (a typo such as {@code COFFER_PROT}) stops the start; client-side variables used by the
 * SDK and CLI are let through. Sensitive values are masked in {@link #toString()}.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String encryptionKey,
        Path encryptionKeyFile,
        long maxBodyBytes,
        HttpSettings http,
        int secretVersionsKept,
        int secretsCacheMb) {

    public static final long DEFAULT_MAX_BODY = 4L * 1024 * 1024;

    /** How much the sealed in-memory caches of secrets (folders' rows, lists' answers) may hold, in MiB (COFFER_SECRETS_CACHE_MB; 0: none). */
    public static final int DEFAULT_SECRETS_CACHE_MB = 32;

    /** How many versions of each secret are kept by default (COFFER_SECRET_VERSIONS_KEPT; 0 keeps all). */
    public static final int DEFAULT_SECRET_VERSIONS_KEPT = 100;

    /** Server settings read from the environment. */
    public static final List<String> SERVER_KEYS = List.of(
            "COFFER_HOST",
            "COFFER_PORT",
            "COFFER_DATA_DIR",
            "COFFER_DATABASE_URL",
            "COFFER_DATABASE_USER",
            "COFFER_DATABASE_PASSWORD",
            "COFFER_ENCRYPTION_KEY",
            "COFFER_ENCRYPTION_KEY_FILE",
            "COFFER_MAX_BODY_BYTES",
            "COFFER_HTTP_READ_TIMEOUT",
            "COFFER_HTTP_IDLE_TIMEOUT",
            "COFFER_MAX_CONNECTIONS",
            "COFFER_TRUSTED_PROXIES",
            "COFFER_SECRET_VERSIONS_KEPT",
            "COFFER_SECRETS_CACHE_MB");

    /** Variables of the same prefix that belong to Coffer's clients, not to the server. */
    private static final Set<String> CLIENT_KEYS = Set.of(
            "COFFER_CLIENT_ID",
            "COFFER_CLIENT_SECRET",
            "COFFER_API_URL",
            "COFFER_ENV",
            "COFFER_PROJECT_ID",
            "COFFER_TOKEN",
            "COFFER_URL",
            "COFFER_JAVA_HOME",
            "COFFER_JAVA_OPTS",
            "COFFER_HEAP",
            "COFFER_PATH",
            "COFFER_CONFIG_DIR");

    public Config {
        if (host == null || host.isBlank())
            throw new StartupException("The host must not be empty (--host / COFFER_HOST).");
        if (port < 0 || port > 65535) {
            throw new StartupException(
                    "The port must be between 0 and 65535, got " + port + " (--port / COFFER_PORT).");
        }
        if (maxBodyBytes < 1024) {
            throw new StartupException("COFFER_MAX_BODY_BYTES must be at least 1024, got " + maxBodyBytes + ".");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        if (http == null) http = HttpSettings.DEFAULTS;
        if (secretsCacheMb < 0 || secretsCacheMb > 65_536) {
            throw new StartupException(
                    "COFFER_SECRETS_CACHE_MB must be from 0 (no cache) to 65536, got " + secretsCacheMb + ".");
        }
        if (secretVersionsKept < 0) {
            throw new StartupException("COFFER_SECRET_VERSIONS_KEPT must be 0 (keep every version) or more, got "
                    + secretVersionsKept + ".");
        }
    }

    /** The settings with the default number of secret versions kept. */
    public Config(
            String host,
            int port,
            Path dataDir,
            String databaseUrl,
            String databaseUser,
            String databasePassword,
            String encryptionKey,
            Path encryptionKeyFile,
            long maxBodyBytes,
            HttpSettings http) {
        this(
                host,
                port,
                dataDir,
                databaseUrl,
                databaseUser,
                databasePassword,
                encryptionKey,
                encryptionKeyFile,
                maxBodyBytes,
                http,
                DEFAULT_SECRET_VERSIONS_KEPT,
                DEFAULT_SECRETS_CACHE_MB);
    }

    /** The settings with the sealed secrets cache at its default size. */
    public Config(
            String host,
            int port,
            Path dataDir,
            String databaseUrl,
            String databaseUser,
            String databasePassword,
            String encryptionKey,
            Path encryptionKeyFile,
            long maxBodyBytes,
            HttpSettings http,
            int secretVersionsKept) {
        this(
                host,
                port,
                dataDir,
                databaseUrl,
                databaseUser,
                databasePassword,
                encryptionKey,
                encryptionKeyFile,
                maxBodyBytes,
                http,
                secretVersionsKept,
                DEFAULT_SECRETS_CACHE_MB);
    }

    /** The settings without the HTTP hardening ones, which take their defaults. */
    public Config(
            String host,
            int port,
            Path dataDir,
            String databaseUrl,
            String databaseUser,
            String databasePassword,
            String encryptionKey,
            Path encryptionKeyFile,
            long maxBodyBytes) {
        this(
                host,
                port,
                dataDir,
                databaseUrl,
                databaseUser,
                databasePassword,
                encryptionKey,
                encryptionKeyFile,
                maxBodyBytes,
                HttpSettings.DEFAULTS);
    }

    /**
     * Builds the configuration from options (null when not given on the command line) over the
     * environment.
     */
    public static Config from(Map<String, String> env, String hostOpt, Integer portOpt, Path dataDirOpt) {
        Set<String> unknown = new TreeSet<>();
        for (String k : env.keySet()) {
            if (k.startsWith("COFFER_") && !SERVER_KEYS.contains(k) && !CLIENT_KEYS.contains(k)) {
                if (!AuditSettings.KEYS.contains(k) && !EventSettings.KEYS.contains(k)) unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new StartupException("Unknown setting " + String.join(", ", unknown) + ". Known server settings: "
                    + String.join(", ", SERVER_KEYS) + ". Fix the name or unset it.");
        }
        String host = hostOpt != null ? hostOpt : orDefault(env.get("COFFER_HOST"), "127.0.0.1");
        int port = portOpt != null ? portOpt : parseInt(env.get("COFFER_PORT"), 8080, "COFFER_PORT");
        Path dataDir = dataDirOpt != null ? dataDirOpt : Path.of(orDefault(env.get("COFFER_DATA_DIR"), "coffer-data"));
        String keyFile = blankToNull(env.get("COFFER_ENCRYPTION_KEY_FILE"));
        long maxBody = parseLong(env.get("COFFER_MAX_BODY_BYTES"), DEFAULT_MAX_BODY, "COFFER_MAX_BODY_BYTES");
        return new Config(
                host,
                port,
                dataDir,
                blankToNull(env.get("COFFER_DATABASE_URL")),
                blankToNull(env.get("COFFER_DATABASE_USER")),
                blankToNull(env.get("COFFER_DATABASE_PASSWORD")),
                blankToNull(env.get("COFFER_ENCRYPTION_KEY")),
                keyFile == null ? null : Path.of(keyFile),
                maxBody,
                httpSettings(env),
                parseInt(
                        env.get("COFFER_SECRET_VERSIONS_KEPT"),
                        DEFAULT_SECRET_VERSIONS_KEPT,
                        "COFFER_SECRET_VERSIONS_KEPT"),
                parseInt(env.get("COFFER_SECRETS_CACHE_MB"), DEFAULT_SECRETS_CACHE_MB, "COFFER_SECRETS_CACHE_MB"));
    }

    private static HttpSettings httpSettings(Map<String, String> env) {
        long read = parseLong(
                env.get("COFFER_HTTP_READ_TIMEOUT"),
                HttpSettings.DEFAULT_READ_TIMEOUT.toSeconds(),
                "COFFER_HTTP_READ_TIMEOUT");
        long idle = parseLong(
                env.get("COFFER_HTTP_IDLE_TIMEOUT"),
                HttpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds(),
                "COFFER_HTTP_IDLE_TIMEOUT");
        int connections = parseInt(
                env.get("COFFER_MAX_CONNECTIONS"), HttpSettings.DEFAULT_MAX_CONNECTIONS, "COFFER_MAX_CONNECTIONS");
        try {
            return new HttpSettings(
                    Duration.ofSeconds(Math.min(read, 86_400)),
                    Duration.ofSeconds(Math.min(idle, 86_400)),
                    connections,
                    TrustedProxies.parse(env.get("COFFER_TRUSTED_PROXIES")));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static String orDefault(String s, String dflt) {
        String v = blankToNull(s);
        return v == null ? dflt : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int parseInt(String v, int dflt, String name) {
        long n = parseLong(v, dflt, name);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            // narrowing would wrap around (2^32 + 8080 becomes 8080) and pass the range check
            throw new StartupException(name + " is out of range, got '" + v + "'.");
        }
        return (int) n;
    }

    private static long parseLong(String v, long dflt, String name) {
        if (v == null || v.isBlank()) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new StartupException(name + " must be a whole number, got '" + v + "'.");
        }
    }

    @Override
    public String toString() {
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir
                + ", databaseUrl=" + (databaseUrl == null ? "(embedded SQLite)" : "***")
                + ", databaseUser=" + databaseUser + ", databasePassword=" + (databasePassword == null ? null : "***")
                + ", encryptionKey=" + (encryptionKey == null ? null : "***")
                + ", encryptionKeyFile=" + encryptionKeyFile + ", maxBodyBytes=" + maxBodyBytes + ", " + http + "]";
    }
}
