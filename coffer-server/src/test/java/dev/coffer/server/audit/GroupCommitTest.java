package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on a real SQLite file: while other requests are still being answered the writer
 * waits for their events and commits them together; a request alone is committed at once.
 */
class GroupCommitTest {

    private static final Duration LONG_LINGER = Duration.ofSeconds(20);

    private Database db;
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory("coffer-group-commit-");
        db = Database.sqlite(dir.resolve("coffer.db"), new Invalidator());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static RequestsInFlight answering(int requests) {
        RequestsInFlight inFlight = new RequestsInFlight();
        for (int i = 0; i < requests; i++) inFlight.begin();
        return inFlight;
    }

    private GroupCommitWriter writer(RequestsInFlight inFlight) {
        return new GroupCommitWriter(
                db, Duration.ofSeconds(60), rows -> batches.add(rows.size()), inFlight, LONG_LINGER);
    }

    private static AuditEvent read(int i) {
        return event(i, "get-secrets", "GET /api/v3/secrets/raw");
    }

    private static AuditEvent event(int i, String type, String route) {
        return new AuditEvent(
                System.currentTimeMillis(),
                "req-" + i,
                type,
                "identity",
                "id-" + i,
                "ci",
                "org",
                "127.0.0.1",
                "ua",
                route,
                200,
                "p",
                "dev",
                "/",
                List.of("A", "B"));
    }

    @Test
    void theEventsOfRequestsAnsweredTogetherShareOneCommit() throws Exception {
        int n = 8;
        RequestsInFlight inFlight = answering(n); // eight requests are being answered
        CountDownLatch start = new CountDownLatch(1);
        try (GroupCommitWriter w = writer(inFlight);
                ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    start.await();
                    Thread.sleep(20L * k); // they hand in their events one after another
                    w.record(read(k));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(n);
    }

    @Test
    void aRequestAloneIsCommittedWithoutWaitingForTheLinger() throws Exception {
        RequestsInFlight inFlight = answering(1); // only the request recording
        try (GroupCommitWriter w = writer(inFlight);
                ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> f = pool.submit(() -> w.record(read(1)));
            f.get(LONG_LINGER.toSeconds() / 2, TimeUnit.SECONDS); // would time out had it waited the linger
        }
        assertThat(batches).containsExactly(1);
    }

    @Test
    void theWriterStopsWaitingOnceEveryRequestInFlightHasHandedItsEventIn() throws Exception {
        RequestsInFlight inFlight = answering(2);
        try (GroupCommitWriter w = writer(inFlight);
                ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> first = pool.submit(() -> w.record(read(1)));
            Thread.sleep(200);
            inFlight.end(); // the other request finished without an event (a public page)
            first.get(LONG_LINGER.toSeconds() / 2, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(1);
    }

    private List<SecretReaderStore.Reader> readersOfA() {
        return db.read(tx -> SecretReaderStore.readers(tx, "org", "p", "dev", "/", "A", 0));
    }

    @Test
    void readsAppendedButNotYetSummedAreAddedWhenTheWriterStartsAgainAndOnlyOnce() throws Exception {
        // what a process stopped abruptly leaves: two reads appended, their sums still in its memory
        db.write(tx -> AuditStore.append(
                tx,
                List.of(read(1), read(1)),
                List.of(StoredEvent.metadataOf(read(1)), StoredEvent.metadataOf(read(1))),
                Ids::timeOrderedId,
                false));
        assertThat(readersOfA()).isEmpty();

        writer(answering(0)).close(); // starting again adds them
        assertThat(readersOfA()).singleElement().satisfies(r -> {
            assertThat(r.actorId()).isEqualTo("id-1");
            assertThat(r.reads()).isEqualTo(2);
        });
        writer(answering(0)).close(); // and again: nothing is added twice
        assertThat(readersOfA())
                .singleElement()
                .extracting(SecretReaderStore.Reader::reads)
                .isEqualTo(2L);
    }

    @Test
    void aReadIsInWhoReadsOnceSettledAndItsSumSurvivesARestart() throws Exception {
        RequestsInFlight inFlight = answering(1);
        try (GroupCommitWriter w = writer(inFlight)) {
            w.record(read(7));
            inFlight.end();
            w.settleReads();
            assertThat(readersOfA())
                    .singleElement()
                    .extracting(SecretReaderStore.Reader::reads)
                    .isEqualTo(1L);
            inFlight.begin();
            w.record(read(7));
        } // closing writes what was summed since
        assertThat(readersOfA())
                .singleElement()
                .extracting(SecretReaderStore.Reader::reads)
                .isEqualTo(2L);
        writer(answering(0)).close(); // a restart adds nothing
        assertThat(readersOfA())
                .singleElement()
                .extracting(SecretReaderStore.Reader::reads)
                .isEqualTo(2L);
    }

    @Test
    void aCommitHoldingAChangeIsFlushedAtOnceAndOneOfReadsOnlyWithTheNextFlush() {
        AuditEvent change = event(2, "create-secret", "POST /api/v3/secrets/raw/{secretName}");
        AuditEvent denied = event(3, "delete-secret", "DELETE /api/v3/secrets/raw/{secretName}");
        AuditEvent head = event(4, "get-secrets", "HEAD /api/v3/secrets/raw");

        assertThat(GroupCommitWriter.flushedAtOnce(List.of(read(1), head))).isFalse();
        assertThat(GroupCommitWriter.flushedAtOnce(List.of(read(1), change))).isTrue();
        assertThat(GroupCommitWriter.flushedAtOnce(List.of(denied))).isTrue();
    }

    private long[] headAndTallyMark() {
        return db.read(tx -> Jdbc.one(tx, "SELECT head_seq, tallied_seq FROM audit_chain WHERE id = 1", rs ->
                        new long[] {rs.getLong(1), rs.getLong(2)})
                .orElseThrow());
    }

    @Test
    void readsCommittedWithoutTheirOwnFlushAreFollowedByAFlushedCommitOnTheirOwn() throws Exception {
        RequestsInFlight inFlight = answering(1);
        try (GroupCommitWriter w = writer(inFlight)) {
            w.record(read(5)); // no settle, no later request: the writer's own timer must follow up
            inFlight.end();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (headAndTallyMark()[1] < 1 && System.nanoTime() < deadline) Thread.sleep(50);
            // the tally's mark is written by a flushed commit, which takes every earlier commit to the disk
            assertThat(headAndTallyMark()).containsExactly(1L, 1L);
        }
    }
}
