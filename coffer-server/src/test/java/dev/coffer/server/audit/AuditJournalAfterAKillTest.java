package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.Postgres;
import dev.coffer.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process, on SQLite and on PostgreSQL, killed with SIGKILL while reads pour in: every
 * read it answered is in the audit trail once it runs again in its data directory (the journal's events
 * past the database's mark are added before it serves), none twice, and the chain verifies. Three kills
 * (or up to six, until one caught events in the journal) on one data directory.
 */
class AuditJournalAfterAKillTest {

    static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    final String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    /** The PostgreSQL database the server runs on, or null (SQLite in the data directory). */
    String jdbcUrl;

    /** {@code coffer} with these arguments, as a process of its own. */
    private ProcessBuilder coffer(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.coffer.server.app.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("COFFER_ENCRYPTION_KEY", key);
        if (jdbcUrl != null) pb.environment().put("COFFER_DATABASE_URL", jdbcUrl);
        return pb.redirectErrorStream(true);
    }

    /** The server, as {@code coffer server} runs it. */
    private Process start() throws IOException {
        return coffer("server", "--port", "0", "--data-dir", dataDir.toString()).start();
    }

    /** {@code coffer audit verify} beside the stopped server: how many events it says wait in the journal. */
    private int verifyStopped() throws IOException, InterruptedException {
        Process v = coffer("audit", "verify", "--data-dir", dataDir.toString()).start();
        String said = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(v.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(v.exitValue()).as(said).isZero();
        assertThat(said).contains("The audit trail is intact");
        Matcher m = Pattern.compile("(\\d+) more events of reads are in the audit journal")
                .matcher(said);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Reads the process's output until it says where it listens; the rest of it is drained. */
    private static String baseOf(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        while (out.readLine() != null) {
                            // drained, so the process never blocks on a full pipe
                        }
                    } catch (IOException ended) {
                        // the process was killed
                    }
                });
                return "http://127.0.0.1:" + m.group(1);
            }
        }
        throw new AssertionError("the server did not start:\n" + seen);
    }

    @Test
    void onSqliteEveryReadAnsweredBeforeAKillIsInTheTrailOnceAfterTheRestart() throws Exception {
        killAndRestart(Backend.SQLITE);
    }

    @Test
    void onPostgresEveryReadAnsweredBeforeAKillIsInTheTrailOnceAfterTheRestart() throws Exception {
        jdbcUrl = Postgres.newDatabase();
        killAndRestart(Backend.POSTGRES);
    }

    private void killAndRestart(Backend backend) throws Exception {
        Queue<String> journaled = new ConcurrentLinkedQueue<>();
        // this test's servers add the journal's events while they start, on this thread; servers of tests
        // running beside it in the same JVM log to the same logger
        long starter = Thread.currentThread().threadId();
        Handler added = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String m = r.getMessage();
                if (r.getLongThreadID() == starter && m != null && m.contains("from the journal")) journaled.add(m);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger writerLog = Logger.getLogger(GroupCommitWriter.class.getName());
        writerLog.addHandler(added);
        String token = null;
        String project = null;
        int answeredInAll = 0;
        try {
            // three kills, and more (up to six) until one left events only in the journal
            for (int round = 1; round <= 3 || (journaled.isEmpty() && round <= 6); round++) {
                Process p = start();
                int answered;
                int sent;
                try {
                    Api api = new Api(baseOf(p));
                    Fixtures f = new Fixtures(api);
                    if (token == null) {
                        token = f.admin().token();
                        project = f.project("Killed");
                        f.secret(project, "dev", "/", "READ_BEFORE_THE_KILL", "v");
                    }
                    String path =
                            "/api/v3/secrets/raw/READ_BEFORE_THE_KILL?workspaceId=" + project + "&environment=dev";
                    AtomicInteger ok = new AtomicInteger();
                    AtomicInteger tries = new AtomicInteger();
                    AtomicBoolean go = new AtomicBoolean(true);
                    String t = token;
                    ExecutorService pool = Executors.newFixedThreadPool(8);
                    for (int i = 0; i < 8; i++) {
                        pool.submit(() -> {
                            while (go.get()) {
                                tries.incrementAndGet();
                                try {
                                    if (api.get(path, t).status() == 200) ok.incrementAndGet();
                                } catch (RuntimeException killed) {
                                    return;
                                }
                            }
                        });
                    }
                    // killed once reads flow (a cold server on a busy machine answered none in its first 1.5 s)
                    long since = System.nanoTime();
                    while ((ok.get() < 200 || System.nanoTime() - since < 1_000_000_000L)
                            && System.nanoTime() - since < 60_000_000_000L) {
                        Thread.sleep(20);
                    }
                    p.destroyForcibly(); // SIGKILL, with reads in flight
                    p.waitFor(10, TimeUnit.SECONDS);
                    go.set(false);
                    pool.shutdown();
                    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                    answered = ok.get();
                    sent = tries.get();
                } finally {
                    p.destroyForcibly();
                }
                assertThat(answered).as("reads answered before the kill").isPositive();
                answeredInAll += answered;
                int waiting = verifyStopped();
                int addedBefore = journaled.size();
                try (TestServer again = TestServer.startOn(backend, dataDir, jdbcUrl, key)) {
                    long inTrail = countReads(again, token);
                    // each answered read once; a read cut off by the kill may or may not have been recorded
                    assertThat(inTrail)
                            .as("round %d: reads in the trail against reads answered", round)
                            .isBetween((long) answeredInAll, (long) answeredInAll + (sent - answered));
                    answeredInAll = (int) inTrail;
                    if (waiting == 0) {
                        assertThat(journaled).hasSize(addedBefore);
                    } else {
                        assertThat(journaled).hasSize(addedBefore + 1);
                        assertThat(
                                        journaled.peek() == null
                                                ? ""
                                                : List.copyOf(journaled).getLast())
                                .as("what verify said was waiting is what the start added")
                                .contains("added " + waiting + " audit events from the journal");
                    }
                    Api.Response v = again.api().get("/api/v1/admin/audit/verify", token);
                    assertThat(v.json().get("ok").asBoolean()).as(v.body()).isTrue();
                }
            }
        } finally {
            writerLog.removeHandler(added);
        }
        assertThat(journaled)
                .as("at least one restart added events that were only in the journal")
                .isNotEmpty();
    }

    /** How many reads of the secret the trail holds (paged, 1,000 at a time). */
    private static long countReads(TestServer server, String token) {
        long n = 0;
        for (int offset = 0; ; offset += 1000) {
            Api.Response r = server.api()
                    .get(
                            "/api/v1/organization/audit-logs?eventType=get-secret&secretKey=READ_BEFORE_THE_KILL"
                                    + "&limit=1000&offset=" + offset,
                            token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            int page = r.json().path("auditLogs").size();
            n += page;
            if (page < 1000) return n;
        }
    }
}
