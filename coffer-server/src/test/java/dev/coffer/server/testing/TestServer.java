package dev.coffer.server.testing;

import dev.coffer.server.app.Config;
import dev.coffer.server.app.Wiring;
import dev.coffer.server.audit.AuditSettings;
import dev.coffer.server.audit.AuditSink;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.events.EventSettings;
import dev.coffer.server.http.HttpSettings;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.PostgresUrl;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;

/**
 * A real Coffer server on a random port, on SQLite (a file in a temp data directory) or on a fresh
 * database of the shared embedded PostgreSQL.
 */
public final class TestServer implements AutoCloseable {

    private final Backend backend;
    private final Path dataDir;
    private final String jdbcUrl;
    private final String encryptionKey;
    private final Clock clock;
    private final AuditSink audit;
    private HttpSettings http = HttpSettings.DEFAULTS;
    private int versionsKept = Config.DEFAULT_SECRET_VERSIONS_KEPT;
    private int secretsCacheMb = Config.DEFAULT_SECRETS_CACHE_MB;
    private EventSettings events = EventSettings.DEFAULTS;
    private Wiring.Running running;

    private TestServer(
            Backend backend, Path dataDir, String jdbcUrl, String encryptionKey, Clock clock, AuditSink audit) {
        this.backend = backend;
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.encryptionKey = encryptionKey;
        this.clock = clock;
        this.audit = audit;
        this.running = Wiring.start(config(), clock, audit);
    }

    private Wiring.Running run() {
        return Wiring.start(config(), clock, audit, AuditSettings.DEFAULTS, events);
    }

    /** Starts a server on a new, empty database with a random encryption key, on the real clock. */
    public static TestServer start(Backend backend) {
        return start(backend, Clock.systemUTC(), AuditSink.NONE);
    }

    /** Starts a server whose notion of time is {@code clock} (a {@link TestClock} the test moves). */
    public static TestServer start(Backend backend, Clock clock) {
        return start(backend, clock, AuditSink.NONE);
    }

    /** Starts a server with HTTP settings of the test's choosing (short timeouts, trusted proxies). */
    public static TestServer start(Backend backend, Clock clock, HttpSettings http) {
        TestServer server = start(backend, clock, AuditSink.NONE);
        server.http = http;
        server.restart();
        return server;
    }

    /** Starts a server whose change-event streams are bounded as given (short heartbeats, small queues). */
    public static TestServer start(Backend backend, EventSettings events) {
        TestServer server = start(backend, Clock.systemUTC(), AuditSink.NONE);
        server.events = events;
        server.restart();
        return server;
    }

    /** Starts a server with change-event bounds and HTTP settings of the test's choosing. */
    public static TestServer start(Backend backend, EventSettings events, HttpSettings http) {
        TestServer server = start(backend, Clock.systemUTC(), AuditSink.NONE);
        server.events = events;
        server.http = http;
        server.restart();
        return server;
    }

    /** Starts a server that keeps only the last {@code versionsKept} versions of each secret (0: all). */
    public static TestServer startKeeping(Backend backend, Clock clock, int versionsKept) {
        TestServer server = start(backend, clock, AuditSink.NONE);
        server.versionsKept = versionsKept;
        server.restart();
        return server;
    }

    /** Starts a server whose caches of secrets may hold {@code secretsCacheMb} MiB (0: no cache). */
    public static TestServer startWithSecretsCache(Backend backend, Clock clock, int secretsCacheMb) {
        TestServer server = start(backend, clock, AuditSink.NONE);
        server.secretsCacheMb = secretsCacheMb;
        server.restart();
        return server;
    }

    /** Starts a server with a clock and an audit sink of the test's choosing. */
    public static TestServer start(Backend backend, Clock clock, AuditSink audit) {
        Path dir = TempDirs.make("coffer-test-");
        String jdbc = backend == Backend.POSTGRES ? Postgres.newDatabase() : null;
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new TestServer(backend, dir, jdbc, Base64.getEncoder().encodeToString(key), clock, audit);
    }

    /**
     * Starts a server on a database that already exists, as an upgraded release would: on SQLite the
     * file {@code coffer.db} in {@code dataDir} ({@code jdbcUrl} null), on PostgreSQL {@code jdbcUrl}
     * (user postgres), with the encryption key (base64) the data was written with.
     */
    public static TestServer startOn(Backend backend, Path dataDir, String jdbcUrl, String base64Key) {
        if ((backend == Backend.POSTGRES) != (jdbcUrl != null)) {
            throw new IllegalArgumentException("a JDBC URL is given for PostgreSQL, and only for PostgreSQL");
        }
        return new TestServer(backend, dataDir, jdbcUrl, base64Key, Clock.systemUTC(), AuditSink.NONE);
    }

    /** The configuration this server runs with; tests can derive variants (another key, say). */
    public Config config() {
        return configWithKey(encryptionKey);
    }

    public Config configWithKey(String base64Key) {
        return new Config(
                "127.0.0.1",
                0,
                dataDir,
                jdbcUrl,
                jdbcUrl == null ? null : "postgres",
                null,
                base64Key,
                null,
                Config.DEFAULT_MAX_BODY,
                http,
                versionsKept,
                secretsCacheMb);
    }

    /**
     * Starts another node on the same PostgreSQL database and key, as a second stateless server of a
     * cluster. PostgreSQL only: SQLite is one process's file.
     */
    public TestServer startSecondNode() {
        if (backend != Backend.POSTGRES) throw new IllegalStateException("a second node needs PostgreSQL");
        TestServer node = new TestServer(backend, dataDir, jdbcUrl, encryptionKey, clock, audit);
        if (events != EventSettings.DEFAULTS) {
            node.events = events;
            node.restart();
        }
        return node;
    }

    /** {@link #startSecondNode()}, whose caches of secrets may hold {@code secretsCacheMb} MiB (0: no cache). */
    public TestServer startSecondNodeWithSecretsCache(int secretsCacheMb) {
        TestServer node = startSecondNode();
        node.secretsCacheMb = secretsCacheMb;
        node.restart();
        return node;
    }

    /** The route table of the running server. */
    public java.util.List<dev.coffer.server.http.Router.RouteInfo> routes() {
        return running.routes();
    }

    /** Stops and starts again on the same database and key (a restart, as after a crash or deploy). */
    public void restart() {
        running.close();
        running = run();
    }

    /**
     * Commits the audit events the server holds in its journal (and the reads it has summed), as a
     * question to the audit trail does first: for tests that read the audit tables directly.
     */
    public void settleAudit() {
        running.audit().settle();
    }

    public Api api() {
        return new Api("http://127.0.0.1:" + running.port());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + running.port();
    }

    public Backend backend() {
        return backend;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The PostgreSQL JDBC URL, or null on SQLite. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The SQLite database file (only on SQLite). */
    public Path sqliteFile() {
        return dataDir.resolve("coffer.db");
    }

    /** A JDBC URL to reach this server's database directly (for tests that tamper with rows). */
    public String directJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + sqliteFile();
    }

    /**
     * A database of its own on this server's storage (its SQLite file or PostgreSQL database), for tests
     * that read or write beneath the API; the caller closes it.
     */
    public Database openDatabase(Invalidator invalidator) {
        Config cfg = config();
        return cfg.databaseUrl() == null
                ? Database.sqlite(sqliteFile(), invalidator)
                : Database.postgres(
                        PostgresUrl.parse(cfg.databaseUrl(), cfg.databaseUser(), cfg.databasePassword()), invalidator);
    }

    public void stop() {
        running.close();
    }

    @Override
    public void close() {
        running.close();
    }
}
