package dev.coffer.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Two Coffer nodes on one PostgreSQL database, as several stateless nodes run in production: node A
 * and node B share the data, and each hears the other's changes through the database's notifications,
 * so a change made through one reaches the other's caches asynchronously.
 */
public final class TwoNodes implements AutoCloseable {

    /** How long a node may keep answering the old way after a change made through the other. */
    public static final long GIVE_UP_MILLIS = 10_000;

    public final TestServer a;
    public final TestServer b;

    private TwoNodes(TestServer a, TestServer b) {
        this.a = a;
        this.b = b;
    }

    /** Both nodes with the default caches. */
    public static TwoNodes start() {
        TestServer a = TestServer.start(Backend.POSTGRES);
        return new TwoNodes(a, a.startSecondNode());
    }

    /** Node B's caches of secrets hold at most {@code secretsCacheMb} MiB (0: none). */
    public static TwoNodes startWithSecondNodeCache(int secretsCacheMb) {
        TestServer a = TestServer.start(Backend.POSTGRES);
        return new TwoNodes(a, a.startSecondNodeWithSecretsCache(secretsCacheMb));
    }

    /**
     * Asks {@code node} until its answer satisfies {@code changed} (giving up after
     * {@value #GIVE_UP_MILLIS} ms), then checks that the next two answers satisfy it too.
     */
    public static void answersUntil(String node, Supplier<Api.Response> ask, Predicate<Api.Response> changed) {
        long start = System.nanoTime();
        while (!changed.test(ask.get())) {
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("node " + node + " still answered as before")
                    .isLessThan(GIVE_UP_MILLIS);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(changed).accepts(ask.get(), ask.get());
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }
}
