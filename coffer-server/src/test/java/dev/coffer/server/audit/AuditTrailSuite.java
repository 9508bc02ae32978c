package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail over real HTTP and a real database: every request is one event with its actor,
 * address, project, environment, path and secret names (never a value); organization admins search
 * it; the hash chain reveals an edited, a deleted or a reordered row; and a request whose event cannot
 * be written is not answered.
 */
abstract class AuditTrailSuite extends ApiSuite {

    static final String CANARY = "canary-value-" + UUID.randomUUID();

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend());
    }

    String projectId;

    /**
     * Every log record of the server while this suite runs, formatted as an operator would see it. A
     * queue, not a copy-on-write list: the handler is on the root logger, so it sees every record of
     * the test JVM, and copying the whole list on each of them stalled every test running beside it.
     */
    final java.util.Queue<String> logLines = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final java.util.logging.Handler capture = new java.util.logging.Handler() {
        private final java.util.logging.SimpleFormatter format = new java.util.logging.SimpleFormatter();

        @Override
        public void publish(java.util.logging.LogRecord r) {
            logLines.add(format.format(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @org.junit.jupiter.api.AfterAll
    void stopCapturing() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
    }

    @BeforeAll
    void aProjectWithASecret() {
        java.util.logging.Logger.getLogger("").addHandler(capture);
        projectId = f.project("Audited");
        f.secret(projectId, "dev", "/", "DB_PASSWORD", CANARY);
    }

    JsonNode logs(String query) {
        Api.Response r = get("/api/v1/organization/audit-logs?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("auditLogs");
    }

    JsonNode verify() {
        Api.Response r = get("/api/v1/admin/audit/verify");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    Connection direct() throws SQLException {
        return server.backend() == Backend.POSTGRES
                ? DriverManager.getConnection(server.directJdbcUrl(), "postgres", null)
                : DriverManager.getConnection(server.directJdbcUrl());
    }

    long maxSeq() throws SQLException {
        try (Connection c = direct();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(last_seq) FROM audit_blocks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSecretReadIsRecordedExactlyOnceWithItsActorAddressAndNames() {
        String key = "READ_ONCE_" + UUID.randomUUID().toString().substring(0, 8);
        f.secret(projectId, "dev", "/", key, "v");
        Api.Response read = get("/api/v3/secrets/raw/" + key + "?workspaceId=" + projectId + "&environment=dev");
        assertThat(read.status()).as(read.body()).isEqualTo(200);

        JsonNode found = logs("eventType=get-secret&secretKey=" + key);

        assertThat(found).hasSize(1);
        JsonNode e = found.get(0);
        assertThat(e.at("/event/type").asText()).isEqualTo("get-secret");
        assertThat(e.at("/actor/type").asText()).isEqualTo("identity");
        assertThat(e.at("/actor/metadata/identityId").asText())
                .isEqualTo(f.admin().identityId());
        assertThat(e.at("/ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(e.at("/projectId").asText()).isEqualTo(projectId);
        assertThat(e.at("/event/metadata/environment").asText()).isEqualTo("dev");
        assertThat(e.at("/event/metadata/secretPath").asText()).isEqualTo("/");
        assertThat(e.at("/event/metadata/secretKey").asText()).isEqualTo(key);
        assertThat(e.at("/event/metadata/status").asInt()).isEqualTo(200);
    }

    @Test
    void aListingRecordsOneEventNamingEverySecretItShowed() {
        Api.Response list = get("/api/v3/secrets/raw?workspaceId=" + projectId + "&environment=dev");
        assertThat(list.status()).as(list.body()).isEqualTo(200);

        JsonNode found = logs("eventType=get-secrets&projectId=" + projectId + "&limit=1");

        assertThat(found.get(0).at("/event/metadata/secretKeys").findValuesAsText("x"))
                .isEmpty(); // an array of names, not objects
        List<String> names = new ArrayList<>();
        found.get(0).at("/event/metadata/secretKeys").forEach(n -> names.add(n.asText()));
        assertThat(names).contains("DB_PASSWORD");
    }

    @Test
    void aDeniedReadIsAnEventWithTheDeniedStatusAndTheActorWhoTried() {
        Fixtures.Machine viewer = f.machine("no-member-" + UUID.randomUUID(), "member");
        Api.Response denied = api.get(
                "/api/v3/secrets/raw/DB_PASSWORD?workspaceId=" + projectId + "&environment=dev", viewer.token());
        assertThat(denied.status()).isEqualTo(403);

        JsonNode found = logs("eventType=get-secret&actorType=identity&actorId=" + viewer.id());

        assertThat(found).hasSize(1);
        assertThat(found.get(0).at("/event/metadata/status").asInt()).isEqualTo(403);
        assertThat(found.get(0).at("/projectId").asText()).isEqualTo(projectId);
    }

    @Test
    void everyLoginSucceededOrFailedIsAnEventNamingTheIdentity() {
        Fixtures.Machine m = f.machine("login-" + UUID.randomUUID(), "member");
        Api.Response bad = api.post(
                "/api/v1/auth/universal-auth/login", null, Map.of("clientId", m.clientId(), "clientSecret", "wrong"));
        assertThat(bad.status()).isEqualTo(401);

        JsonNode found = logs("eventType=login-identity-universal-auth&actorId=" + m.id());

        assertThat(found)
                .extracting(n -> n.at("/event/metadata/status").asInt())
                .containsExactly(401, 200);
        assertThat(found)
                .allSatisfy(
                        n -> assertThat(n.at("/actor/metadata/name").asText()).startsWith("login-"));
    }

    @Test
    void onlyOrganizationAdminsReadTheTrail() {
        Fixtures.Machine member = f.machine("member-" + UUID.randomUUID(), "member");
        for (String path : List.of(
                "/api/v1/organization/audit-logs",
                "/api/v1/admin/audit/verify",
                "/api/v1/secret-readers?projectId=" + projectId + "&environment=dev&secretKey=DB_PASSWORD")) {
            Api.Response r = api.get(path, member.token());
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(403);
        }
    }

    @Test
    void badFiltersAreRefusedWithAMessage() {
        for (String q : List.of(
                "limit=1001", "limit=0", "offset=-1", "eventType=nope", "startDate=yesterday", "actorType=robot")) {
            Api.Response r = get("/api/v1/organization/audit-logs?" + q);
            assertThat(r.status()).as(q + ": " + r.body()).isBetween(400, 422);
            assertThat(r.message()).as(q).isNotBlank();
        }
    }

    @Test
    void aSearchByNameFindsThatNameExactlyNotOneContainingIt() {
        String key = "EXACT_" + UUID.randomUUID().toString().substring(0, 8);
        String longer = key + "_LONGER";
        String odd = "odd\",\"" + key + "\"]"; // quotes, a comma and the name itself inside another name
        List<Map<String, String>> items = new ArrayList<>();
        for (String k : List.of(key, longer, odd)) items.add(Map.of("secretKey", k, "secretValue", "v"));
        Api.Response created = api.post(
                "/api/v3/secrets/batch/raw",
                f.admin().token(),
                Map.of("workspaceId", projectId, "environment", "dev", "secretPath", "/", "secrets", items));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        for (String k : List.of(longer, odd, longer, longer)) {
            String name = URLEncoder.encode(k, StandardCharsets.UTF_8);
            assertThat(get("/api/v3/secrets/raw/" + name + "?workspaceId=" + projectId + "&environment=dev")
                            .status())
                    .isEqualTo(200);
        }

        assertThat(logs("eventType=get-secret&secretKey=" + key)).isEmpty();
        assertThat(logs("eventType=get-secret&secretKey=" + URLEncoder.encode(odd, StandardCharsets.UTF_8)))
                .hasSize(1);
        assertThat(logs("eventType=get-secret&secretKey=" + longer)).hasSize(3);
        assertThat(logs("eventType=get-secret&secretKey=" + longer + "&limit=2&offset=2"))
                .hasSize(1);
        assertThat(logs("eventType=get-secret&secretKey=" + longer + "&offset=3"))
                .isEmpty();
    }

    @Test
    void theTrailIsExportedAsJsonLines() {
        Api.Response r = get("/api/v1/organization/audit-logs?format=jsonl&limit=5");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/x-ndjson");
        String[] lines = r.body().split("\n");
        assertThat(lines).hasSize(5);
        for (String line : lines) assertThat(line).startsWith("{").contains("\"event\"");
    }

    @Test
    void whoStillReadsASecretNamesEachReaderOnceWithTheLastReadTime() {
        String key = "READERS_" + UUID.randomUUID().toString().substring(0, 8);
        f.secret(projectId, "dev", "/", key, "v");
        Fixtures.Machine reader = f.machine("reader-" + UUID.randomUUID(), "member");
        f.member(projectId, reader.id(), "viewer");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get(
                                    "/api/v3/secrets/raw/" + key + "?workspaceId=" + projectId + "&environment=dev",
                                    reader.token())
                            .status())
                    .isEqualTo(200);
        }

        Api.Response r =
                get("/api/v1/secret-readers?projectId=" + projectId + "&environment=dev&secretKey=" + key + "&days=30");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("readers")).hasSize(1);
        assertThat(r.json().at("/readers/0/actor/metadata/identityId").asText()).isEqualTo(reader.id());
        assertThat(r.json().at("/readers/0/reads").asInt()).isEqualTo(3);
        assertThat(r.json().get("lastReadAt").asText()).isNotBlank();
    }

    @Test
    void aListingOfMoreSecretsThanAnEventKeepsSaysHowManyNamesItLeftOff() {
        f.folder(projectId, "dev", "/", "many");
        List<Map<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < AuditScope.MAX_SECRET_NAMES + 7; i++) {
            batch.add(Map.of("secretKey", "MANY_" + i, "secretValue", CANARY));
        }
        for (int from = 0; from < batch.size(); from += 500) {
            Api.Response created = api.post(
                    "/api/v3/secrets/batch/raw",
                    token,
                    Map.of(
                            "workspaceId",
                            projectId,
                            "environment",
                            "dev",
                            "secretPath",
                            "/many",
                            "secrets",
                            batch.subList(from, Math.min(batch.size(), from + 500))));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
        }
        Api.Response listed = get("/api/v3/secrets/raw?workspaceId=" + projectId + "&environment=dev&secretPath=/many");
        assertThat(listed.status()).isEqualTo(200);

        JsonNode event = logs("eventType=get-secrets&secretPath=/many&limit=1").get(0);
        assertThat(event.at("/event/metadata/secretKeys")).hasSize(AuditScope.MAX_SECRET_NAMES);
        assertThat(event.at("/event/metadata/secretKeysLeftOff").asInt()).isEqualTo(7);
        assertThat(event.toString()).doesNotContain(CANARY);
        assertThat(verify().get("ok").asBoolean()).as(verify().toString()).isTrue();
    }

    @Test
    void concurrentRequestsAreEachRecordedOnceAndTheChainStaysWhole() throws Exception {
        String key = "CONCURRENT_" + UUID.randomUUID().toString().substring(0, 8);
        f.secret(projectId, "dev", "/", key, "v");
        String path = "/api/v3/secrets/raw/" + key + "?workspaceId=" + projectId + "&environment=dev";
        List<Callable<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < 40; i++) reads.add(() -> api.get(path, token).status());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> r : pool.invokeAll(reads)) assertThat(r.get()).isEqualTo(200);
        }

        assertThat(logs("eventType=get-secret&limit=1000&secretKey=" + key)).hasSize(40);
        assertThat(verify().get("ok").asBoolean()).as(verify().toString()).isTrue();
    }

    @Test
    void noSecretValueReachesAnEventALogLineOrAnError() throws Exception {
        api.get("/api/v3/secrets/raw/NOPE?workspaceId=" + projectId + "&environment=dev&x=" + CANARY, token);
        get("/api/v3/secrets/raw/DB_PASSWORD?workspaceId=" + projectId + "&environment=dev");
        get("/api/v3/secrets/raw?workspaceId=" + projectId + "&environment=dev");

        assertThat(get("/api/v1/organization/audit-logs?format=jsonl&limit=1000")
                        .body())
                .doesNotContain(CANARY);
        try (Connection c = direct();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM audit_blocks")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++)
                    assertThat(String.valueOf(rs.getString(i))).doesNotContain(CANARY);
            }
        }
        StringBuilder journals = new StringBuilder();
        for (String id : AuditJournal.idsIn(server.dataDir())) {
            byte[] journal = java.nio.file.Files.readAllBytes(server.dataDir().resolve(AuditJournal.fileName(id)));
            journals.append(new String(journal, StandardCharsets.ISO_8859_1));
        }
        assertThat(journals.toString())
                .as("the audit journal's records")
                .contains("DB_PASSWORD")
                .doesNotContain(CANARY);
        assertThat(logLines).noneMatch(l -> l.contains(CANARY));
    }

    /** The first and last sequence numbers of the stored block that holds the event {@code seq}. */
    private static long[] blockOf(Statement s, long seq) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "SELECT first_seq, last_seq FROM audit_blocks WHERE first_seq <= " + seq + " AND last_seq >= " + seq)) {
            assertThat(rs.next()).as("a block holds event %s", seq).isTrue();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Test
    void verifyFindsAnEditedEventAndPassesAgainOnceItIsRestored() throws Exception {
        assertThat(verify().get("ok").asBoolean()).isTrue();
        long seq = maxSeq() - 1;
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            long[] block = blockOf(s, seq);
            String events;
            try (ResultSet rs = s.executeQuery("SELECT events FROM audit_blocks WHERE last_seq = " + block[1])) {
                rs.next();
                events = rs.getString(1);
            }
            assertThat(events).contains("\"127.0.0.1\"");
            s.executeUpdate("UPDATE audit_blocks SET events = REPLACE(events, '\"127.0.0.1\"', '\"10.9.9.9\"')"
                    + " WHERE last_seq = " + block[1]);
            JsonNode v = verify();
            assertThat(v.get("ok").asBoolean()).isFalse();
            assertThat(v.get("brokenSeq").asLong()).isEqualTo(block[0]);
            assertThat(v.get("message").asText()).contains("changed");
            try (PreparedStatement restore =
                    c.prepareStatement("UPDATE audit_blocks SET events = ? WHERE last_seq = " + block[1])) {
                restore.setString(1, events);
                restore.executeUpdate();
            }
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void verifyFindsADeletedEvent() throws Exception {
        long seq = maxSeq() - 2;
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            long[] block = blockOf(s, seq);
            s.executeUpdate("CREATE TABLE audit_saved AS SELECT * FROM audit_blocks WHERE last_seq = " + block[1]);
            s.executeUpdate("DELETE FROM audit_blocks WHERE last_seq = " + block[1]);
            JsonNode v = verify();
            assertThat(v.get("ok").asBoolean()).isFalse();
            assertThat(v.get("brokenSeq").asLong()).isEqualTo(block[0]);
            assertThat(v.get("message").asText()).contains("deleted");
            s.executeUpdate("INSERT INTO audit_blocks SELECT * FROM audit_saved");
            s.executeUpdate("DROP TABLE audit_saved");
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void verifyFindsTwoEventsThatSwappedPlaces() throws Exception {
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            long[] b = blockOf(s, maxSeq() - 2);
            long[] a = blockOf(s, b[0] - 1);
            swap(s, a, b);
            JsonNode v = verify();
            assertThat(v.get("ok").asBoolean()).isFalse();
            assertThat(v.get("brokenSeq").asLong()).isEqualTo(a[0]);
            swap(s, a, b);
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    /** Swaps the places in the chain of the blocks {@code a} and {@code b} (first and last sequence numbers). */
    private static void swap(Statement s, long[] a, long[] b) throws SQLException {
        s.executeUpdate("UPDATE audit_blocks SET last_seq = -1, first_seq = -1 WHERE last_seq = " + a[1]);
        s.executeUpdate(
                "UPDATE audit_blocks SET last_seq = " + a[1] + ", first_seq = " + a[0] + " WHERE last_seq = " + b[1]);
        s.executeUpdate(
                "UPDATE audit_blocks SET last_seq = " + b[1] + ", first_seq = " + b[0] + " WHERE last_seq = -1");
    }

    @Test
    void verifyFindsEventsCutFromTheEnd() throws Exception {
        long last = maxSeq();
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            long[] block = blockOf(s, last);
            s.executeUpdate("CREATE TABLE audit_tail AS SELECT * FROM audit_blocks WHERE last_seq = " + last);
            s.executeUpdate("DELETE FROM audit_blocks WHERE last_seq = " + last);
            JsonNode v = verify();
            assertThat(v.get("ok").asBoolean()).isFalse();
            assertThat(v.get("brokenSeq").asLong()).isEqualTo(block[0]);
            s.executeUpdate("INSERT INTO audit_blocks SELECT * FROM audit_tail");
            s.executeUpdate("DROP TABLE audit_tail");
        }
    }

    /**
     * Fail closed. A read is answered once its event is in the journal, and the journal's events reach
     * the table a few milliseconds later: reads answered meanwhile are recorded (the journal keeps them
     * until the table takes them), and from the first refused commit on, reads and changes are refused
     * until it does. Every read answered is in the trail. (With the journal off, a read waits for its
     * event's commit: {@code AuditOperationsSuite}.)
     */
    @Test
    void aSecretIsNotServedWhenItsReadCannotBeRecorded() throws Exception {
        String key = "FAIL_CLOSED_" + UUID.randomUUID().toString().substring(0, 8);
        f.secret(projectId, "dev", "/", key, CANARY);
        String read = "/api/v3/secrets/raw/" + key + "?workspaceId=" + projectId + "&environment=dev";
        int answered = 0;
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            s.executeUpdate("ALTER TABLE audit_blocks RENAME TO audit_blocks_away");
            try {
                Api.Response r = api.get(read, token);
                for (long until = System.nanoTime() + 10_000_000_000L;
                        r.status() == 200 && System.nanoTime() < until; ) {
                    answered++;
                    Thread.sleep(2);
                    r = api.get(read, token);
                }
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.body()).doesNotContain(CANARY).contains("audit trail");
                Api.Response change = api.post(
                        "/api/v3/secrets/raw/" + key + "_NEW",
                        token,
                        Map.of("workspaceId", projectId, "environment", "dev", "secretValue", "v"));
                assertThat(change.status()).as(change.body()).isEqualTo(503);
            } finally {
                s.executeUpdate("ALTER TABLE audit_blocks_away RENAME TO audit_blocks");
            }
        }
        Api.Response again = api.get(read, token);
        for (long until = System.nanoTime() + 10_000_000_000L; again.status() != 200 && System.nanoTime() < until; ) {
            Thread.sleep(20);
            again = api.get(read, token);
        }
        assertThat(again.status())
                .as("answered again once the table takes events: %s", again.body())
                .isEqualTo(200);
        answered++;
        assertThat(logs("eventType=get-secret&secretKey=" + key + "&limit=1000"))
                .as("every read answered is in the trail")
                .hasSize(answered);
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }
}
