package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.server.app.Wiring;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail's settings at work, each on a server of its own: fail-open, the file and webhook
 * streams, retention that keeps the chain verifiable, several nodes appending to one chain, and
 * {@code coffer audit verify} on a stopped server.
 */
abstract class AuditOperationsSuite {

    static final String CANARY = "ops-canary-" + UUID.randomUUID();

    abstract Backend backend();

    @TempDir
    Path dir;

    /** A server on a fresh database with the given audit settings; closed by the test. */
    record Node(TestServer base, Wiring.Running running, Api api, Fixtures f) implements AutoCloseable {
        @Override
        public void close() {
            running.close();
        }
    }

    Node start(AuditSettings settings, Clock clock) {
        TestServer base = TestServer.start(backend());
        base.stop();
        Wiring.Running running = Wiring.start(base.config(), clock, AuditSink.NONE, settings);
        Api api = new Api("http://127.0.0.1:" + running.port());
        return new Node(base, running, api, new Fixtures(api));
    }

    static Connection direct(TestServer s) throws SQLException {
        return s.backend() == Backend.POSTGRES
                ? DriverManager.getConnection(s.directJdbcUrl(), "postgres", null)
                : DriverManager.getConnection(s.directJdbcUrl());
    }

    static long count(TestServer s, String sql) throws SQLException {
        try (Connection c = direct(s);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String readPath(String projectId, String key) {
        return "/api/v3/secrets/raw/" + key + "?workspaceId=" + projectId + "&environment=dev";
    }

    @Test
    void withTheJournalOffAReadIsRefusedAtOnceWhenItsEventCannotBeCommitted() throws Exception {
        try (Node n = start(AuditSettings.DEFAULTS.journaling(false), Clock.systemUTC())) {
            String project = n.f().project("unjournaled");
            n.f().secret(project, "dev", "/", "K", CANARY);
            assertThat(n.base().dataDir().resolve(AuditJournal.FILE_NAME)).doesNotExist();
            try (Connection c = direct(n.base());
                    Statement s = c.createStatement()) {
                s.executeUpdate("ALTER TABLE audit_blocks RENAME TO audit_blocks_away");
                try {
                    Api.Response r =
                            n.api().get(readPath(project, "K"), n.f().admin().token());
                    assertThat(r.status()).as(r.body()).isEqualTo(503);
                    assertThat(r.body()).doesNotContain(CANARY).contains("audit trail");
                } finally {
                    s.executeUpdate("ALTER TABLE audit_blocks_away RENAME TO audit_blocks");
                }
            }
            assertThat(n.api()
                            .get(readPath(project, "K"), n.f().admin().token())
                            .status())
                    .isEqualTo(200);
        }
    }

    /**
     * Events a server journaled but the database never took (it was killed; here they are written into
     * its journal directly) are added when it starts again, before it serves; with journaling turned
     * off, the emptied journal is then removed.
     */
    @Test
    void aJournalLeftBehindIsAddedAtTheNextStartAndRemovedWhenJournalingIsOff() throws Exception {
        assumeTrue(backend() == Backend.SQLITE, "the journal is SQLite's");
        Node first = start(AuditSettings.DEFAULTS, Clock.systemUTC());
        TestServer base = first.base();
        Fixtures.Admin admin;
        String project;
        try (first) {
            admin = first.f().admin();
            project = first.f().project("journaled");
        }
        String id;
        long position;
        try (Connection c = direct(base);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT journal_id, journal_pos FROM audit_chain")) {
            rs.next();
            id = rs.getString(1);
            position = rs.getLong(2);
        }
        // as a killed server leaves it: reads answered, their events in the journal past the database's mark
        try (AuditJournal j = AuditJournal.open(base.dataDir(), AuditJournal.DEFAULT_CAPACITY, id)) {
            assertThat(j.readFrom(position)).isEmpty();
            for (int i = 0; i < 3; i++) {
                AuditEvent read = new AuditEvent(
                        System.currentTimeMillis(),
                        "req-left-" + i,
                        "get-secret",
                        "identity",
                        admin.identityId(),
                        "admin",
                        admin.orgId(),
                        "127.0.0.1",
                        "killed/1.0",
                        "GET /api/v3/secrets/raw/{secretName}",
                        200,
                        project,
                        "dev",
                        "/",
                        List.of("LEFT_IN_THE_JOURNAL"),
                        0);
                assertThat(j.append(JournalCodec.encode(read), end -> {})).isTrue();
            }
        }
        Wiring.Running running = Wiring.start(
                base.config(), Clock.systemUTC(), AuditSink.NONE, AuditSettings.DEFAULTS.journaling(false));
        try {
            Api api = new Api("http://127.0.0.1:" + running.port());
            Api.Response r = api.get(
                    "/api/v1/organization/audit-logs?eventType=get-secret&secretKey=LEFT_IN_THE_JOURNAL",
                    admin.token());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("auditLogs")).hasSize(3);
            assertThat(r.json().at("/auditLogs/0/userAgent").asText()).isEqualTo("killed/1.0");
            assertThat(base.dataDir().resolve(AuditJournal.FILE_NAME))
                    .as("emptied and removed: journaling is off")
                    .doesNotExist();
            Api.Response v = api.get("/api/v1/admin/audit/verify", admin.token());
            assertThat(v.json().get("ok").asBoolean()).as(v.body()).isTrue();
        } finally {
            running.close();
        }
    }

    @Test
    void failOpenAnswersAReadWhoseEventCannotBeWritten() throws Exception {
        try (Node n = start(AuditSettings.DEFAULTS.failingOpen(true), Clock.systemUTC())) {
            String project = n.f().project("open");
            n.f().secret(project, "dev", "/", "K", CANARY);
            try (Connection c = direct(n.base());
                    Statement s = c.createStatement()) {
                s.executeUpdate("ALTER TABLE audit_secret_readers RENAME TO audit_secret_readers_away");
                Api.Response r =
                        n.api().get(readPath(project, "K"), n.f().admin().token());
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                s.executeUpdate("ALTER TABLE audit_secret_readers_away RENAME TO audit_secret_readers");
            }
        }
    }

    @Test
    void theFileStreamGetsEveryEventTheDatabaseHoldsAsAJsonLineWithoutValues() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditSettings settings = new AuditSettings(true, false, Duration.ofSeconds(5), file, null, 0, true);
        try (Node n = start(settings, Clock.systemUTC())) {
            String project = n.f().project("filed");
            n.f().secret(project, "dev", "/", "FILED", CANARY);
            assertThat(n.api()
                            .get(readPath(project, "FILED"), n.f().admin().token())
                            .status())
                    .isEqualTo(200);
            n.running().audit().settleEvents(); // a read's event reaches the stream once the database has it
            long events = count(n.base(), "SELECT COALESCE(SUM(last_seq - first_seq + 1), 0) FROM audit_blocks");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize((int) events);
            for (String line : lines) assertThat(line).doesNotContain(CANARY);
            JsonNode last = Api.JSON.readTree(lines.getLast());
            assertThat(last.get("eventType").asText()).isEqualTo("get-secret");
            assertThat(last.at("/metadata/secretKeys/0").asText()).isEqualTo("FILED");
            assertThat(last.get("hash").asText()).hasSize(64);
        }
    }

    @Test
    void theWebhookGetsTheEventsEvenAfterAFailedDelivery() throws Exception {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = calls.incrementAndGet() == 1 ? 503 : 204;
            if (status == 204) received.add(new String(body, StandardCharsets.UTF_8));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        hook.start();
        URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/audit");
        AuditSettings settings = new AuditSettings(true, false, Duration.ofSeconds(5), null, url, 0, true);
        try (Node n = start(settings, Clock.systemUTC())) {
            String project = n.f().project("hooked");
            n.f().secret(project, "dev", "/", "HOOKED", CANARY);
            assertThat(n.api()
                            .get(readPath(project, "HOOKED"), n.f().admin().token())
                            .status())
                    .isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (String.join("", received).lines().noneMatch(l -> l.contains("\"get-secret\""))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String all = String.join("", received);
            assertThat(all).contains("\"get-secret\"").contains("HOOKED").doesNotContain(CANARY);
            assertThat(calls.get()).isGreaterThan(1);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void retentionRemovesOldEventsAndTheRestStillVerifiesFromTheAnchor() throws Exception {
        TestClock clock = new TestClock();
        AuditSettings settings = new AuditSettings(true, false, Duration.ofSeconds(5), null, null, 7, true);
        try (Node n = start(settings, clock)) {
            String project = n.f().project("kept");
            n.f().secret(project, "dev", "/", "OLD", "v");
            long old = count(n.base(), "SELECT MAX(last_seq) FROM audit_blocks");
            clock.advance(Duration.ofDays(8));
            n.api().get("/api/v1/nowhere", null); // recorded (a status check is not)
            n.api().get("/api/v1/nowhere", null);

            int removed = n.running().audit().pruneNow();

            assertThat(removed).isEqualTo((int) old);
            assertThat(count(n.base(), "SELECT MIN(first_seq) FROM audit_blocks"))
                    .isEqualTo(old + 1);
            assertThat(count(n.base(), "SELECT anchor_seq FROM audit_chain")).isEqualTo(old);
            ChainVerifier.Result v = ChainVerifier.verify(n.running().db());
            assertThat(v.ok()).as(v.describe()).isTrue();
            assertThat(v.checked()).isEqualTo(2);
        }
    }

    @Test
    void twoNodesAppendToOneChainThatVerifies() throws Exception {
        assumeTrue(backend() == Backend.POSTGRES, "several nodes share PostgreSQL only");
        try (TestServer one = TestServer.start(Backend.POSTGRES);
                TestServer two = one.startSecondNode()) {
            Fixtures f = new Fixtures(one.api());
            String project = f.project("shared");
            f.secret(project, "dev", "/", "SHARED", "v");
            String token = f.admin().token();
            List<Callable<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Api api = i % 2 == 0 ? one.api() : two.api();
                reads.add(() -> api.get(readPath(project, "SHARED"), token).status());
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (Future<Integer> r : pool.invokeAll(reads))
                    assertThat(r.get()).isEqualTo(200);
            }
            Api.Response v = one.api().get("/api/v1/admin/audit/verify", token);
            assertThat(v.json().get("ok").asBoolean()).as(v.body()).isTrue();
            Api.Response logs = two.api().get("/api/v1/organization/audit-logs?eventType=get-secret&limit=1000", token);
            assertThat(logs.json().get("auditLogs")).hasSize(60);
        }
    }
}
