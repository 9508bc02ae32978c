package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.PostgresUrl;
import dev.coffer.server.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit writers of two nodes sharing PostgreSQL. The chain: each writer makes its links from the
 * head its own last append left, so after the other node appended it finds the head moved, reads it
 * under its lock and links again; every event is in the chain once, in one line that verifies.
 *
 * <p>"Who reads": each node's reads are added from the events table
 * about once a second (not by every commit), under a lock of the tally's own, so every read is counted
 * exactly once whichever node adds it, the reads of a node that stopped without adding them are added
 * by the other, and appends do not wait while a tally is under way.
 */
class AuditWriterOnTwoNodesOnPostgresTest {

    private Database a;
    private Database b;
    private String url;

    @BeforeEach
    void open() {
        url = Postgres.newDatabase();
        a = Database.postgres(PostgresUrl.parse(url, null, null), new Invalidator());
        b = Database.postgres(PostgresUrl.parse(url, null, null), new Invalidator());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static GroupCommitWriter writer(Database db) {
        return new GroupCommitWriter(db, Duration.ofSeconds(60), rows -> {});
    }

    private static AuditEvent read(String reader, List<String> names) {
        return event(reader, "get-secrets", "GET /api/v3/secrets/raw", names);
    }

    private static AuditEvent event(String reader, String type, String route, List<String> names) {
        return TestEvents.event(Ids.timeOrderedId(), reader, reader, type, route, names);
    }

    private long reads(Database db, String name) {
        return db.read(tx -> SecretReaderStore.readers(tx, "org", "p", "dev", "/", name, 0)).stream()
                .mapToLong(SecretReaderStore.Reader::reads)
                .sum();
    }

    private void assertOneLineOf(int events) {
        ChainVerifier.Result v = ChainVerifier.verify(a);
        assertThat(v.ok()).as(v.describe()).isTrue();
        assertThat(v.checked()).isEqualTo(events);
        List<String> ids =
                a.read(StoredBlocks::all).stream().map(StoredEvent::actorId).toList();
        assertThat(ids).hasSize(events).doesNotHaveDuplicates();
    }

    @Test
    void writersAppendingInTurnEachFindTheHeadTheOtherMovedAndLinkAfterIt() {
        try (GroupCommitWriter one = writer(a);
                GroupCommitWriter two = writer(b)) {
            for (int i = 0; i < 20; i++) {
                // reads (their commits not flushed at once) and changes (flushed), from either node
                AuditEvent e = i % 3 == 0
                        ? event("reader-" + i, "update-secret", "PATCH /api/v3/secrets/raw/A", List.of("A"))
                        : read("reader-" + i, List.of("A"));
                (i % 2 == 0 ? one : two).record(e);
            }
        }
        assertOneLineOf(20);
    }

    @Test
    void writersAppendingAtOnceFromBothNodesLoseNoEventAndKeepOneLine() throws Exception {
        int perNode = 150;
        try (GroupCommitWriter one = writer(a);
                GroupCommitWriter two = writer(b);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 2 * perNode; i++) {
                GroupCommitWriter w = i % 2 == 0 ? one : two;
                AuditEvent e = read("reader-" + i, List.of("A"));
                done.add(pool.submit(() -> w.record(e)));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        }
        assertOneLineOf(2 * perNode);
    }

    /**
     * Verification reads the chain a page at a time while both nodes append: the blocks appended after it
     * read the head are walked too once the head is read again, never taken for events added without
     * moving the head.
     */
    @Test
    void theChainVerifiesWhileBothNodesAppend() throws Exception {
        AtomicBoolean go = new AtomicBoolean(true);
        try (GroupCommitWriter one = writer(a);
                GroupCommitWriter two = writer(b);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> appending = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                GroupCommitWriter w = t % 2 == 0 ? one : two;
                int thread = t;
                appending.add(pool.submit(() -> {
                    for (int i = 0; go.get(); i++) w.record(read("reader-" + thread + "-" + i, List.of("A")));
                }));
            }
            try {
                for (int i = 0; i < 30; i++) {
                    ChainVerifier.Result v = ChainVerifier.verify(i % 2 == 0 ? a : b);
                    assertThat(v.ok())
                            .as("verification %d: %s", i, v.describe())
                            .isTrue();
                }
            } finally {
                go.set(false);
            }
            for (Future<?> f : appending) f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsRecordedOnBothNodesAtOnceAreEachCountedOnce() throws Exception {
        int perNode = 200;
        try (GroupCommitWriter wa = writer(a);
                GroupCommitWriter wb = writer(b);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < perNode; i++) {
                String reader = "r" + (i % 3);
                done.add(pool.submit(() -> wa.record(read(reader, List.of("A", "B")))));
                done.add(pool.submit(() -> wb.record(read(reader, List.of("A")))));
                if (i % 50 == 0) { // the tallies run while reads are still being appended, on both nodes
                    done.add(pool.submit(() -> wa.settle(true)));
                    done.add(pool.submit(() -> wb.settle(true)));
                }
            }
            for (Future<?> f : done) f.get();
            wb.settle(true);
            assertThat(reads(a, "A")).isEqualTo(2L * perNode);
            assertThat(reads(b, "B")).isEqualTo(perNode);
            List<SecretReaderStore.Reader> readers =
                    a.read(tx -> SecretReaderStore.readers(tx, "org", "p", "dev", "/", "A", 0));
            assertThat(readers)
                    .extracting(SecretReaderStore.Reader::actorId)
                    .containsExactlyInAnyOrder("r0", "r1", "r2");
        }
    }

    @Test
    void readsOfLongListsStoredAsSetsOfNamesAreCountedForEachName() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) names.add("DATABASE_URL_" + i);
        try (GroupCommitWriter wa = writer(a)) {
            wa.record(read("r", names));
            wa.record(read("r", names));
            wa.record(read("r", List.of("A")));
            wa.settle(true);
        }
        long sets = a.read(tx -> Jdbc.one(tx, "SELECT COUNT(*) FROM audit_name_sets", rs -> rs.getLong(1))
                .orElseThrow());
        assertThat(sets).as("the long list stored once, apart").isEqualTo(1L);
        for (String name : names) assertThat(reads(b, name)).as(name).isEqualTo(2L);
        assertThat(reads(b, "A")).isEqualTo(1L);
    }

    @Test
    void theReadsOfANodeThatStoppedBeforeAddingThemAreAddedByTheOther() {
        try (GroupCommitWriter wb = writer(b)) {
            GroupCommitWriter wa = writer(a);
            wa.record(read("gone", List.of("A")));
            wa.record(read("gone", List.of("A")));
            // node a goes away without adding its reads (its tally would have run within a second)
            a.close();
            assertThat(reads(b, "A")).isZero();

            wb.settle(true);
            assertThat(reads(b, "A")).isEqualTo(2L);
            wb.settle(true);
            assertThat(reads(b, "A")).as("added once").isEqualTo(2L);
        }
    }

    @Test
    void twoNodesAddingTheSameReadsAtTheSameMomentAddThemOnce() throws Exception {
        try (GroupCommitWriter wa = writer(a)) {
            wa.record(read("r", List.of("A")));
            wa.record(read("r", List.of("A")));
        } // closed: its reads are added; two more are appended and left for the nodes to add
        a.write(tx -> AuditStore.append(
                tx,
                List.of(read("r", List.of("A")), read("r", List.of("A"))),
                List.of(
                        StoredEvent.metadataOf(read("r", List.of("A"))),
                        StoredEvent.metadataOf(read("r", List.of("A"))))));
        assertThat(reads(a, "A")).isEqualTo(2L);

        try (Connection held = holdingTheTallysLock();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> onA = pool.submit(() -> a.write(AuditStore::tallyMissed));
            Future<?> onB = pool.submit(() -> b.write(AuditStore::tallyMissed));
            Thread.sleep(500); // both reach the tally's lock while it is held
            held.commit();
            onA.get();
            onB.get();
        }
        assertThat(reads(b, "A")).isEqualTo(4L);
    }

    @Test
    void eventsAreAppendedWhileATallyIsUnderWay() throws Exception {
        try (Connection held = holdingTheTallysLock();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> tally = pool.submit(() -> a.write(AuditStore::tallyMissed));
            Future<?> append = pool.submit(() -> b.write(tx -> AuditStore.append(
                    tx, List.of(read("r", List.of("A"))), List.of(StoredEvent.metadataOf(read("r", List.of("A")))))));
            append.get(20, TimeUnit.SECONDS); // the tally (held here at its lock) does not hold the chain
            assertThat(tally).isNotDone();
            held.commit();
            tally.get();
        }
        assertThat(reads(a, "A")).isEqualTo(1L);
    }

    /** A transaction of the test's own holding the lock tallies take turns under, as a long tally would. */
    private Connection holdingTheTallysLock() throws Exception {
        Connection held = DriverManager.getConnection(url);
        held.setAutoCommit(false);
        try (PreparedStatement st = held.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            st.setLong(1, AuditStore.TALLY_LOCK);
            st.executeQuery().close();
        }
        return held;
    }
}
