package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unit of work on a real database: what a write transaction does after it commits, and what it
 * never does when it rolls back or keeps losing a race; what a read-only one refuses; how grouped
 * writes ({@link Database#writeGrouped}) commit the pieces handed in while a group is being written
 * together, each with its own answer, invalidations and hooks, and fail a piece that fails alone.
 */
abstract class UnitOfWorkSuite {

    abstract Database open(Invalidator invalidator);

    private final Invalidator invalidator = new Invalidator();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private Database db;

    @BeforeEach
    void openDatabase() {
        invalidator.on(Invalidator.Topic.TOKEN, delivered::add);
        db = open(invalidator);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private boolean bootstrapped() {
        return db.read(tx -> Jdbc.exists(tx, "SELECT 1 FROM instance WHERE id = 1"));
    }

    @Test
    void afterACommitTheHooksRunOnceInOrderAndTheInvalidationsAreDelivered() {
        List<String> ran = new ArrayList<>();
        db.write(tx -> {
            Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
            tx.afterCommit(() -> ran.add("first"));
            tx.invalidate(Invalidator.Topic.TOKEN, "t-1");
            tx.afterCommit(() -> ran.add("second"));
            assertThat(ran).as("nothing runs before the commit").isEmpty();
            assertThat(delivered).isEmpty();
            return null;
        });

        assertThat(ran).containsExactly("first", "second");
        assertThat(delivered).containsExactly("t-1");
        assertThat(bootstrapped()).isTrue();
    }

    @Test
    void aUnitOfWorkThatFailsWritesNothingAndRunsNoHook() {
        AtomicInteger hooks = new AtomicInteger();
        assertThatThrownBy(() -> db.write(tx -> {
                    Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
                    tx.afterCommit(hooks::incrementAndGet);
                    tx.invalidate(Invalidator.Topic.TOKEN, "t-2");
                    throw new ApiException.BadRequest("changed my mind");
                }))
                .isInstanceOf(ApiException.BadRequest.class);

        assertThat(hooks).hasValue(0);
        assertThat(delivered).isEmpty();
        assertThat(bootstrapped()).isFalse();
    }

    @Test
    void aRaceLostOnEveryAttemptIsA409AfterTheRetriesAndRunsNoHook() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger hooks = new AtomicInteger();
        assertThatThrownBy(() -> db.write(tx -> {
                    attempts.incrementAndGet();
                    tx.afterCommit(hooks::incrementAndGet);
                    Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
                    Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
                    return null;
                }))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessageContaining("send it again");

        assertThat(attempts).hasValue(Database.MAX_ATTEMPTS);
        assertThat(hooks).hasValue(0);
        assertThat(bootstrapped()).isFalse();
    }

    @Test
    void aRaceLostOnceIsRunAgainAndCommitsOnce() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger hooks = new AtomicInteger();
        db.write(tx -> {
            tx.afterCommit(hooks::incrementAndGet);
            Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
            if (attempts.incrementAndGet() == 1) {
                Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
            }
            return null;
        });

        assertThat(attempts).hasValue(2);
        assertThat(hooks).hasValue(1);
        assertThat(bootstrapped()).isTrue();
    }

    @Test
    void aReadOnlyUnitOfWorkRefusesToChangeAnything() {
        assertThatThrownBy(() ->
                        db.read(tx -> Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.read(tx -> {
                    tx.afterCommit(() -> {});
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.read(tx -> {
                    tx.invalidate(Invalidator.Topic.TOKEN, "t");
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(bootstrapped()).isFalse();
    }

    /** The current transaction's flush setting: SQLite's synchronous level, PostgreSQL's synchronous_commit. */
    private static String flushSetting(Tx tx) {
        String sql = tx.dialect() == Dialect.SQLITE ? "PRAGMA synchronous" : "SHOW synchronous_commit";
        return Jdbc.one(tx, sql, rs -> rs.getString(1)).orElseThrow();
    }

    @Test
    void aWriteFlushedLaterCommitsWithoutItsOwnFlushAndEveryLaterCommitFlushesAgain() {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        String flushed = db.read(UnitOfWorkSuite::flushSetting);
        String later = sqlite ? "1" : "off"; // NORMAL / off
        assertThat(flushed).isEqualTo(sqlite ? "2" : "on"); // FULL / as the database is set

        String during = db.writeFlushedLater(tx -> {
            Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)");
            return flushSetting(tx);
        });

        assertThat(during).isEqualTo(later);
        assertThat(bootstrapped()).as("committed").isTrue();
        // each transaction commits with the setting it asks for, whichever its connection had last
        for (int i = 0; i < 3; i++) {
            assertThat(db.write(UnitOfWorkSuite::flushSetting)).isEqualTo(flushed);
            assertThat(db.write(UnitOfWorkSuite::flushSetting)).isEqualTo(flushed);
            assertThat(db.writeFlushedLater(UnitOfWorkSuite::flushSetting)).isEqualTo(later);
            assertThat(db.writeFlushedLater(UnitOfWorkSuite::flushSetting)).isEqualTo(later);
        }
        assertThat(db.write(UnitOfWorkSuite::flushSetting)).isEqualTo(flushed);
    }

    @Test
    void onSqliteACommitFlushedLaterIsFlushedWithinAboutASecondEvenWhenNoOtherCommitFollows() throws Exception {
        if (db.dialect() != Dialect.SQLITE) return; // PostgreSQL's WAL writer flushes it by itself
        db.writeFlushedLater(tx -> Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, 0)"));
        assertThat(db.flushPending()).isTrue();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (db.flushPending() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(db.flushPending())
                .as("flushed by the checkpoint that followed")
                .isFalse();

        db.writeFlushedLater(tx -> Jdbc.update(tx, "UPDATE instance SET bootstrapped_at = 1"));
        db.write(tx -> Jdbc.update(tx, "UPDATE instance SET bootstrapped_at = 2"));
        assertThat(db.flushPending())
                .as("a flushed commit takes every earlier one with it")
                .isFalse();
    }

    // grouped writes (Database.writeGrouped): each test holds a first group open until the others have
    // handed their pieces in, so the second group's size is known

    static final int OTHERS = 24;

    /**
     * Waits (20 s at most) until {@code n} grouped writes are waiting. It sleeps between looks, never
     * spins: on a virtual thread a spin holds its carrier, and with the one other carrier held the same
     * way by another test class's run in this JVM, no virtual thread anywhere in it ran — the pieces
     * could not be handed in, and the servers of other tests stopped answering until the deadline.
     */
    private void awaitWaiting(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (db.groupedWritesWaiting() < n && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A piece that writes one row named {@code name} and answers with it. */
    private static Function<Tx, String> row(String name) {
        return tx -> {
            Jdbc.update(tx, "INSERT INTO audit_name_sets (id, names) VALUES (?, ?)", name, "[]");
            tx.invalidate(Invalidator.Topic.TOKEN, name);
            return name;
        };
    }

    private Set<String> rows() {
        return Set.copyOf(db.read(tx -> Jdbc.list(tx, "SELECT id FROM audit_name_sets", rs -> rs.getString(1))));
    }

    /**
     * Runs {@code first} as a group of its own, held open until {@link #OTHERS} more pieces are waiting,
     * which then each run {@code other(i)}; answers what each returned or threw, and which threads ran
     * the others' work.
     */
    private Map<String, Object> race(Function<Integer, Function<Tx, String>> other, Set<Thread> ranOn)
            throws Exception {
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofVirtual()
                .start(() -> outcomes.put("first", db.writeGrouped(tx -> {
                    firstRunning.countDown();
                    awaitWaiting(OTHERS);
                    return row("first").apply(tx);
                }))));
        assertThat(firstRunning.await(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < OTHERS; i++) {
            String name = "other-" + i;
            Function<Tx, String> work = other.apply(i);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    outcomes.put(name, db.writeGrouped(tx -> {
                        ranOn.add(Thread.currentThread());
                        return work.apply(tx);
                    }));
                } catch (RuntimeException e) {
                    outcomes.put(name, e);
                }
            }));
        }
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
        return outcomes;
    }

    @Test
    void piecesHandedInWhileAGroupIsWrittenCommitTogetherEachWithItsOwnAnswerAndInvalidations() throws Exception {
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Map<String, Object> outcomes = race(i -> row("other-" + i), ranOn);

        assertThat(outcomes).hasSize(OTHERS + 1);
        outcomes.forEach((name, answer) -> assertThat(answer).as(name).isEqualTo(name));
        assertThat(rows()).containsExactlyInAnyOrderElementsOf(outcomes.keySet());
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(outcomes.keySet());
        assertThat(ranOn)
                .as("the waiting pieces were run by one request, in one group")
                .hasSize(1);
    }

    /** One statement, which a group runs with the others of the same SQL as one batch. */
    private record Statement(String sql, Object... args) implements Joinable {
        @Override
        public Object kind() {
            return sql;
        }

        @Override
        public int[] runTogether(Tx tx, List<Joinable> all) {
            List<Object[]> rows = new ArrayList<>(all.size());
            for (Joinable j : all) rows.add(((Statement) j).args);
            return Jdbc.batch(tx, sql, rows);
        }
    }

    /**
     * {@link #race} for statements: the first group held open until {@link #OTHERS} statements are
     * waiting, the other {@code i} being {@code other(i)}; answers what each returned or threw, by "piece-i".
     */
    private Map<String, Object> raceStatements(Function<Integer, Statement> other) throws Exception {
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofVirtual()
                .start(() -> db.writeGrouped(tx -> {
                    firstRunning.countDown();
                    awaitWaiting(OTHERS);
                    return row("first").apply(tx);
                })));
        assertThat(firstRunning.await(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < OTHERS; i++) {
            String key = "piece-" + i;
            Statement update = other.apply(i);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    outcomes.put(key, db.writeGrouped(update));
                } catch (RuntimeException e) {
                    outcomes.put(key, e);
                }
            }));
        }
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
        return outcomes;
    }

    /**
     * Statements handed in while a group is written ({@link Database#writeGrouped(Joinable)}, as {@link Statement}s) go
     * together, each answered with the rows it touched: one that finds its row already there (ON CONFLICT
     * DO NOTHING) touched none, and the pieces after it in the batch are written all the same.
     */
    @Test
    void statementsHandedInWhileAGroupIsWrittenAreEachAnsweredWithTheRowsTheyTouched() throws Exception {
        db.write(tx -> row("already-there").apply(tx));
        Map<String, Object> outcomes = raceStatements(i -> new Statement(
                "INSERT INTO audit_name_sets (id, names) VALUES (?, ?) ON CONFLICT DO NOTHING",
                i == 5 ? "already-there" : "other-" + i,
                "[]"));

        assertThat(outcomes).hasSize(OTHERS);
        outcomes.forEach((key, rows) -> assertThat(rows).as(key).isEqualTo(key.equals("piece-5") ? 0 : 1));
        assertThat(rows()).hasSize(OTHERS + 1).contains("first", "already-there", "other-23");
    }

    /** A statement that fails has every piece of its group written again alone: only it fails. */
    @Test
    void aStatementThatFailsFailsAloneAndTheOthersOfItsGroupAreWritten() throws Exception {
        // the seventh has no names: NOT NULL fails it
        Map<String, Object> outcomes = raceStatements(i -> new Statement(
                "INSERT INTO audit_name_sets (id, names) VALUES (?, ?)", "other-" + i, i == 7 ? null : "[]"));

        assertThat(outcomes.get("piece-7")).isInstanceOf(StoreException.class);
        outcomes.forEach((key, rows) -> {
            if (!key.equals("piece-7")) assertThat(rows).as(key).isEqualTo(1);
        });
        assertThat(rows()).hasSize(OTHERS).contains("first", "other-23").doesNotContain("other-7");
    }

    /** {@link #race} where the other piece {@code odd} runs {@code itsWork} and every other writes its row. */
    private Map<String, Object> raceWithOneOdd(int odd, Function<Tx, String> itsWork, Set<Thread> ranOn)
            throws Exception {
        return race(i -> i == odd ? itsWork : row("other-" + i), ranOn);
    }

    @Test
    void aPieceThatFailsFailsAloneAndWritesNothingWhileTheOthersOfItsGroupCommit() throws Exception {
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Map<String, Object> outcomes = raceWithOneOdd(
                7,
                tx -> {
                    row("other-7").apply(tx);
                    throw new ApiException.BadRequest("the seventh changed its mind");
                },
                ranOn);

        assertThat(outcomes.get("other-7"))
                .isInstanceOf(ApiException.BadRequest.class)
                .extracting(e -> ((Exception) e).getMessage())
                .isEqualTo("the seventh changed its mind");
        assertThat(rows()).hasSize(OTHERS).doesNotContain("other-7");
        assertThat(delivered).hasSize(OTHERS).doesNotContain("other-7");
        outcomes.forEach((name, answer) -> {
            if (!name.equals("other-7")) assertThat(answer).as(name).isEqualTo(name);
        });
    }

    @Test
    void aPieceWhoseHookFailsGetsTheFailureWhileItsGroupStaysWrittenOnce() throws Exception {
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Map<String, Object> outcomes = raceWithOneOdd(
                5,
                tx -> {
                    tx.afterCommit(() -> {
                        throw new IllegalStateException("the fifth's hook failed");
                    });
                    return row("other-5").apply(tx);
                },
                ranOn);

        assertThat(outcomes.get("other-5"))
                .isInstanceOf(IllegalStateException.class)
                .extracting(e -> ((Exception) e).getMessage())
                .isEqualTo("the fifth's hook failed");
        assertThat(rows()).as("committed, the fifth's row too").hasSize(OTHERS + 1);
        outcomes.forEach((name, answer) -> {
            if (!name.equals("other-5"))
                assertThat(answer).as("%s, written once", name).isEqualTo(name);
        });
        assertThat(ranOn).as("the waiting pieces ran once, in one group").hasSize(1);
    }

    @Test
    void aRequestInterruptedWhileItsPieceWaitsGetsItWrittenAndKeepsItsInterrupt() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual()
                .start(() -> db.writeGrouped(tx -> {
                    holding.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return row("first").apply(tx);
                }));
        assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> seen = new ConcurrentHashMap<>();
        Thread second = Thread.ofVirtual().start(() -> {
            seen.put("answer", db.writeGrouped(row("second")));
            seen.put("interrupted", Thread.currentThread().isInterrupted());
        });
        awaitWaiting(1);
        second.interrupt();
        release.countDown();
        first.join(TimeUnit.SECONDS.toMillis(30));
        second.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(seen).containsEntry("answer", "second").containsEntry("interrupted", true);
        assertThat(rows()).contains("first", "second");
    }
}
