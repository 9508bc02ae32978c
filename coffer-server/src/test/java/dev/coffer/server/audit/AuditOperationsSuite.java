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
            assertThat(AuditJournal.idsIn(n.base().dataDir())).isEmpty();
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

    /** A read as a killed server leaves it in its journal: answered, its event not in the database. */
    private static AuditEvent leftRead(Fixtures.Admin admin, String project, String requestId, String name) {
        return new AuditEvent(
                System.currentTimeMillis(),
                requestId,
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
                List.of(name),
                0);
    }

    /** Writes reads into the journal {@code id} past the database's mark, as a server killed after answering them. */
    private static void leaveReads(
            Path dataDir, String id, long position, Fixtures.Admin admin, String project, String name, int n)
            throws Exception {
        try (AuditJournal j = AuditJournal.open(dataDir, AuditJournal.DEFAULT_CAPACITY, id)) {
            assertThat(j.readFrom(position)).isEmpty();
            for (int i = 0; i < n; i++) {
                assertThat(j.append(JournalCodec.encode(leftRead(admin, project, "req-" + name + i, name)), end -> {}))
                        .isTrue();
            }
        }
    }

    /** A server that ran with {@code settings}, stopped: its admin and a project it made. */
    record Stopped(TestServer base, Fixtures.Admin admin, String project) {}

    Stopped stopped(AuditSettings settings, String projectName) {
        try (Node n = start(settings, Clock.systemUTC())) {
            return new Stopped(n.base(), n.f().admin(), n.f().project(projectName));
        }
    }

    static long journalPosition(TestServer s, String id) throws SQLException {
        return count(s, "SELECT position FROM audit_journals WHERE id = '" + id + "'");
    }

    static long countOf(Api api, Fixtures.Admin admin, String name) {
        Api.Response r =
                api.get("/api/v1/organization/audit-logs?eventType=get-secret&secretKey=" + name, admin.token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("auditLogs").size();
    }

    /**
     * Events a server journaled but the database never took (it was killed; here they are written into
     * its journal directly) are added when it starts again, before it serves; with journaling turned
     * off, the emptied journal is then removed, and so is its mark.
     */
    @Test
    void aJournalLeftBehindIsAddedAtTheNextStartAndRemovedWhenJournalingIsOff() throws Exception {
        Stopped stopped = stopped(AuditSettings.DEFAULTS, "journaled");
        TestServer base = stopped.base();
        Fixtures.Admin admin = stopped.admin();
        String project = stopped.project();
        List<String> ids = AuditJournal.idsIn(base.dataDir());
        assertThat(ids).as("one journal, the server's").hasSize(1);
        String id = ids.getFirst();
        leaveReads(base.dataDir(), id, journalPosition(base, id), admin, project, "LEFT_IN_THE_JOURNAL", 3);
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
            assertThat(AuditJournal.idsIn(base.dataDir()))
                    .as("emptied and removed: journaling is off")
                    .isEmpty();
            assertThat(count(base, "SELECT COUNT(*) FROM audit_journals")).isZero();
            Api.Response v = api.get("/api/v1/admin/audit/verify", admin.token());
            assertThat(v.json().get("ok").asBoolean()).as(v.body()).isTrue();
        } finally {
            running.close();
        }
    }

    /**
     * A server sums who reads which secret in memory and writes it about once a second with its
     * journal's mark; the reads it had appended but not written when it stopped abruptly (here: the mark
     * and the table put back as they were before) are added by the server that takes the journal over.
     */
    @Test
    void readsSummedButNotWrittenAreAddedFromTheJournalsBlocks() throws Exception {
        Node n = start(AuditSettings.DEFAULTS, Clock.systemUTC());
        TestServer base = n.base();
        Fixtures.Admin admin = n.f().admin();
        String project;
        try (n) {
            project = n.f().project("tallied");
            n.f().secret(project, "dev", "/", "TALLIED", "v");
            for (int i = 0; i < 3; i++)
                assertThat(n.api()
                                .get(readPath(project, "TALLIED"), admin.token())
                                .status())
                        .isEqualTo(200);
        }
        String id = AuditJournal.idsIn(base.dataDir()).getFirst();
        assertThat(count(base, "SELECT COUNT(*) FROM audit_blocks WHERE journal_id = '" + id + "'"))
                .as("the blocks carry the journal of the server that appended them")
                .isPositive();
        assertThat(count(base, "SELECT tallied_seq FROM audit_journals WHERE id = '" + id + "'"))
                .isPositive();
        try (Connection c = direct(base);
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_folder_readers");
            st.executeUpdate("UPDATE audit_journals SET tallied_seq = 0");
        }
        Wiring.Running running = Wiring.start(base.config(), Clock.systemUTC(), AuditSink.NONE, AuditSettings.DEFAULTS);
        try {
            Api api = new Api("http://127.0.0.1:" + running.port());
            Api.Response r = api.get(
                    "/api/v1/secret-readers?projectId=" + project + "&environment=dev&secretKey=TALLIED&days=30",
                    admin.token());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/readers/0/reads").asInt()).as(r.body()).isEqualTo(3);
        } finally {
            running.close();
        }
    }

    /**
     * The journal of the release before (one file, {@code audit.journal}, its id and mark in the chain's
     * row) is taken over at the upgrade: its events past the mark are added, and it journals on under
     * its id's name.
     */
    @Test
    void theJournalOfTheReleaseBeforeIsAddedAfterTheUpgrade() throws Exception {
        Stopped stopped = stopped(AuditSettings.DEFAULTS.journaling(false), "upgraded");
        TestServer base = stopped.base();
        Fixtures.Admin admin = stopped.admin();
        String project = stopped.project();
        // as the release before left it, its mark moved into audit_journals by the migration
        String id = UUID.randomUUID().toString();
        try (Connection c = direct(base);
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit_chain SET journal_id = '" + id + "', journal_pos = 0");
            st.executeUpdate("INSERT INTO audit_journals (id, position) VALUES ('" + id + "', 0)");
        }
        leaveReads(base.dataDir(), id, 0, admin, project, "LEFT_BY_THE_OLD_RELEASE", 2);
        Files.move(
                base.dataDir().resolve(AuditJournal.fileName(id)),
                base.dataDir().resolve(AuditJournal.LEGACY_FILE_NAME));
        Wiring.Running running = Wiring.start(base.config(), Clock.systemUTC(), AuditSink.NONE, AuditSettings.DEFAULTS);
        try {
            Api api = new Api("http://127.0.0.1:" + running.port());
            assertThat(countOf(api, admin, "LEFT_BY_THE_OLD_RELEASE")).isEqualTo(2);
            assertThat(base.dataDir().resolve(AuditJournal.LEGACY_FILE_NAME)).doesNotExist();
            assertThat(AuditJournal.idsIn(base.dataDir())).containsExactly(id);
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
                s.executeUpdate("ALTER TABLE audit_folder_readers RENAME TO audit_folder_readers_away");
                Api.Response r =
                        n.api().get(readPath(project, "K"), n.f().admin().token());
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                s.executeUpdate("ALTER TABLE audit_folder_readers_away RENAME TO audit_folder_readers");
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
            // each node journals its reads in a file of its own in the shared data directory, and a
            // question settles the asking node's journal: the other's follow within milliseconds
            assertThat(AuditJournal.idsIn(one.dataDir())).hasSize(2);
            one.settleAudit();
            Api.Response v = one.api().get("/api/v1/admin/audit/verify", token);
            assertThat(v.json().get("ok").asBoolean()).as(v.body()).isTrue();
            Api.Response logs = two.api().get("/api/v1/organization/audit-logs?eventType=get-secret&limit=1000", token);
            assertThat(logs.json().get("auditLogs")).hasSize(60);
        }
    }

    /**
     * A node that stopped abruptly leaves reads in its journal; the next node that starts in that data
     * directory adds them (and journals on in that file), while a running node's journal is its own.
     */
    @Test
    void aJournalANodeLeftBehindIsAddedByTheNextNodeThatStartsThere() throws Exception {
        assumeTrue(backend() == Backend.POSTGRES, "several nodes share PostgreSQL only");
        try (TestServer one = TestServer.start(Backend.POSTGRES)) {
            Fixtures f = new Fixtures(one.api());
            Fixtures.Admin admin = f.admin();
            String project = f.project("left");
            String left;
            try (TestServer two = one.startSecondNode()) {
                assertThat(AuditJournal.idsIn(two.dataDir())).hasSize(2);
            }
            List<String> free = new ArrayList<>();
            for (String id : AuditJournal.idsIn(one.dataDir())) {
                try {
                    AuditJournal.open(one.dataDir(), AuditJournal.DEFAULT_CAPACITY, id)
                            .close();
                    free.add(id);
                } catch (AuditJournal.InUse e) {
                    // the running node's
                }
            }
            assertThat(free).as("the stopped node's journal only").hasSize(1);
            left = free.getFirst();
            leaveReads(one.dataDir(), left, journalPosition(one, left), admin, project, "LEFT_BY_A_NODE", 3);
            try (TestServer three = one.startSecondNode()) {
                assertThat(countOf(three.api(), admin, "LEFT_BY_A_NODE")).isEqualTo(3);
                assertThat(AuditJournal.idsIn(one.dataDir()))
                        .as("the third node journals on in the file it took over")
                        .hasSize(2)
                        .contains(left);
                Api.Response v = one.api().get("/api/v1/admin/audit/verify", admin.token());
                assertThat(v.json().get("ok").asBoolean()).as(v.body()).isTrue();
            }
        }
    }
}
