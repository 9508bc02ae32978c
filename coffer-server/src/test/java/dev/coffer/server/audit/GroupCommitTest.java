package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.testing.TempDirs;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on a real SQLite file: a request alone commits its event at once; events handed in
 * while a commit is being written go together into the next one.
 */
class GroupCommitTest {

    private Database db;
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        Path dir = TempDirs.make("coffer-group-commit-");
        db = Database.sqlite(dir.resolve("coffer.db"), new Invalidator());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private GroupCommitWriter writer() {
        return new GroupCommitWriter(db, Duration.ofSeconds(60), rows -> batches.add(rows.size()));
    }

    private static AuditEvent read(int i) {
        return event(i, "get-secrets", "GET /api/v3/secrets/raw");
    }

    private static AuditEvent event(int i, String type, String route) {
        return TestEvents.event("req-" + i, "id-" + i, "ci", type, route, List.of("A", "B"));
    }

    @Test
    void theEventsHandedInWhileACommitIsBeingWrittenShareTheNextCommit() throws Exception {
        int n = 8;
        CountDownLatch firstCommitting = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);
        Consumer<List<StoredEvent>> slowFirst = holdingTheFirstCommit(firstCommitting, letFirstFinish);
        try (GroupCommitWriter w = new GroupCommitWriter(db, Duration.ofSeconds(60), slowFirst);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> w.record(read(0)));
            assertThat(firstCommitting.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> others = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int k = i;
                others.add(pool.submit(() -> w.record(read(k)))); // …while these hand theirs in
            }
            while (w.waiting() < n) Thread.sleep(5);
            letFirstFinish.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<?> f : others) f.get(30, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(1, n);
    }

    /**
     * Follows the commits like the streams do, holding the first one (its leader still writing) until
     * {@code letFinish}, once it has said so through {@code committing}.
     */
    private Consumer<List<StoredEvent>> holdingTheFirstCommit(CountDownLatch committing, CountDownLatch letFinish) {
        return rows -> {
            batches.add(rows.size());
            if (batches.size() == 1) {
                committing.countDown();
                await(letFinish);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRequestInterruptedWhileItsEventStillWaitsIsRefusedAndItsEventIsNeverWritten() throws Exception {
        CountDownLatch firstCommitting = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);
        Consumer<List<StoredEvent>> slowFirst = holdingTheFirstCommit(firstCommitting, letFirstFinish);
        try (GroupCommitWriter w = new GroupCommitWriter(db, Duration.ofSeconds(60), slowFirst);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> w.record(read(0)));
            assertThat(firstCommitting.await(30, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.atomic.AtomicReference<Thread> waiter =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Future<Boolean> second = pool.submit(() -> {
                waiter.set(Thread.currentThread());
                try {
                    w.record(read(1));
                    return false;
                } catch (AuditUnavailable e) {
                    return Thread.currentThread().isInterrupted(); // refused, the interrupt kept for its caller
                }
            });
            while (w.waiting() < 1) Thread.sleep(5);
            waiter.get().interrupt();
            assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(w.waiting()).isZero();
            letFirstFinish.countDown();
            first.get(30, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(1);
        assertThat(headAndTallyMark()[0]).isEqualTo(1L);
    }

    @Test
    void aRequestWaitingLongerThanItsTimeIsRefusedAndItsEventIsNeverWritten() throws Exception {
        CountDownLatch firstCommitting = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);
        Consumer<List<StoredEvent>> slowFirst = holdingTheFirstCommit(firstCommitting, letFirstFinish);
        try (GroupCommitWriter w = new GroupCommitWriter(db, Duration.ofMillis(300), slowFirst);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> w.record(read(0)));
            assertThat(firstCommitting.await(30, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> {
                try {
                    w.record(read(1));
                    return "recorded";
                } catch (AuditUnavailable e) {
                    return e.getMessage();
                }
            });
            // nothing wakes the waiting request but the writer's timer: the leader is still writing
            assertThat(second.get(30, TimeUnit.SECONDS)).contains("not committed within 300 ms");
            assertThat(w.waiting()).isZero();
            letFirstFinish.countDown();
            first.get(30, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(1);
        assertThat(headAndTallyMark()[0]).isEqualTo(1L);
    }

    @Test
    void aRequestAloneIsCommittedAtOnceByItself() {
        try (GroupCommitWriter w = writer()) {
            w.record(read(1));
            assertThat(batches).containsExactly(1); // committed before record returned
            assertThat(headAndTallyMark()[0]).isEqualTo(1L);
        }
    }

    @Test
    void requestsAnsweredAtTheSameTimeShareCommitsInsteadOfTakingOneEach() throws Exception {
        int n = 400;
        try (GroupCommitWriter w = writer();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    answer(); // each request does its work, then hands its event in
                    w.record(read(k));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        }
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
        assertThat(batches.size())
                .as("commits for %d requests (a commit each when the leader does not let the others run first)", n)
                .isLessThan(n / 4);
    }

    /** Some work of a request's own, as a list's decoding and encoding are (about a tenth of a millisecond). */
    private static void answer() {
        long sum = 0;
        for (int i = 0; i < 200_000; i++) sum += Long.numberOfTrailingZeros(i * 31L + sum);
        if (sum == 42) System.out.print("");
    }

    @Test
    void manyRequestsAtOnceAreAllCommittedInFewerCommitsThanEvents() throws Exception {
        int n = 2_000;
        try (GroupCommitWriter w = writer();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(pool.submit(() -> w.record(read(k))));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        }
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
        assertThat(batches).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(GroupCommitWriter.MAX_BATCH));
        assertThat(headAndTallyMark()[0]).isEqualTo(n);
    }

    private List<SecretReaderStore.Reader> readersOfA() {
        return db.read(tx -> SecretReaderStore.readers(tx, "org", "p", "dev", "/", "A", 0));
    }

    private long readsOf(String name) {
        return db.read(tx -> SecretReaderStore.readers(tx, "org", "p", "dev", "/", name, 0)).stream()
                .mapToLong(SecretReaderStore.Reader::reads)
                .sum();
    }

    private static AuditEvent listing(int i, List<String> names) {
        return TestEvents.event("req-" + i, "id-" + i, "ci", "get-secrets", "GET /api/v3/secrets/raw", names);
    }

    @Test
    void everyNameIsCountedWhenOneReaderListsTheSameNamesAgainAndThenOthers() {
        try (GroupCommitWriter w = writer()) {
            w.record(listing(1, List.of("A", "B")));
            w.record(listing(1, List.of("A", "B")));
            w.record(listing(1, List.of("B")));
            w.record(listing(1, List.of("A", "B", "C")));
            w.record(listing(1, List.of("A", "B")));
            w.settle(true);
        }
        assertThat(List.of(readsOf("A"), readsOf("B"), readsOf("C"))).containsExactly(4L, 5L, 1L);
    }

    @Test
    void readsAppendedButNotYetSummedAreAddedWhenTheWriterStartsAgainAndOnlyOnce() throws Exception {
        // what a process stopped abruptly leaves: two reads appended, their sums still in its memory
        db.write(tx -> AuditStore.append(
                tx,
                List.of(read(1), read(1)),
                List.of(StoredEvent.metadataOf(read(1)), StoredEvent.metadataOf(read(1)))));
        assertThat(readersOfA()).isEmpty();

        writer().close(); // starting again adds them
        assertThat(readersOfA()).singleElement().satisfies(r -> {
            assertThat(r.actorId()).isEqualTo("id-1");
            assertThat(r.reads()).isEqualTo(2);
        });
        writer().close(); // and again: nothing is added twice
        assertThat(readersOfA())
                .singleElement()
                .extracting(SecretReaderStore.Reader::reads)
                .isEqualTo(2L);
    }

    @Test
    void aReadIsInWhoReadsOnceSettledAndItsSumSurvivesARestart() throws Exception {
        try (GroupCommitWriter w = writer()) {
            w.record(read(7));
            w.settle(true);
            assertThat(readersOfA())
                    .singleElement()
                    .extracting(SecretReaderStore.Reader::reads)
                    .isEqualTo(1L);
            w.record(read(7));
        } // closing writes what was summed since
        assertThat(readersOfA())
                .singleElement()
                .extracting(SecretReaderStore.Reader::reads)
                .isEqualTo(2L);
        writer().close(); // a restart adds nothing
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

        assertThat(ChainAppender.flushedAtOnce(List.of(read(1), head))).isFalse();
        assertThat(ChainAppender.flushedAtOnce(List.of(read(1), change))).isTrue();
        assertThat(ChainAppender.flushedAtOnce(List.of(denied))).isTrue();

        // a login's token is itself written to be flushed later; a refused login is flushed at once
        AuditEvent login = event(5, "login-identity-universal-auth", "POST /api/v1/auth/universal-auth/login");
        AuditEvent refused = new AuditEvent(
                login.time(),
                "req-6",
                login.eventType(),
                null,
                null,
                null,
                null,
                "127.0.0.1",
                "ua",
                login.route(),
                401,
                null,
                null,
                null,
                List.of(),
                0);
        assertThat(ChainAppender.flushedAtOnce(List.of(read(1), login))).isFalse();
        assertThat(ChainAppender.flushedAtOnce(List.of(login, refused))).isTrue();
    }

    private long[] headAndTallyMark() {
        return db.read(tx -> Jdbc.one(tx, "SELECT head_seq, tallied_seq FROM audit_chain WHERE id = 1", rs ->
                        new long[] {rs.getLong(1), rs.getLong(2)})
                .orElseThrow());
    }

    @Test
    void readsCommittedWithoutTheirOwnFlushAreFollowedByAFlushedCommitOnTheirOwn() throws Exception {
        try (GroupCommitWriter w = writer()) {
            w.record(read(5)); // no settle, no later request: the writer's own timer must follow up
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (headAndTallyMark()[1] < 1 && System.nanoTime() < deadline) Thread.sleep(50);
            // the tally's mark is written by a flushed commit, which takes every earlier commit to the disk
            assertThat(headAndTallyMark()).containsExactly(1L, 1L);
        }
    }
}
