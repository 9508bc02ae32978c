package dev.coffer.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.ProjectRef;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A subscriber whose client stopped reading (its write to the connection blocks) must not hold anyone
 * up: events are offered without waiting, and once its queue is full it is dropped, freeing its place,
 * and its blocked write is interrupted so the stream ends.
 */
class SlowSubscriberTest {

    private static final Actor ACTOR =
            new Actor(Actor.Kind.IDENTITY, "id-1", "ci", "org-1", "member", "token-1", "127.0.0.1", "");

    @Test
    void aSubscriberThatStopsReadingIsDroppedWhenItsQueueIsFullWithoutBlockingTheOneWhoOffers() throws Exception {
        AtomicInteger released = new AtomicInteger();
        Subscription s = new Subscription(
                x -> released.incrementAndGet(),
                ACTOR,
                new ProjectRef("p-1", "Project", "org-1"),
                "key",
                List.of(new Registration("secret:update", null, null)),
                () -> true,
                new EventSettings(Duration.ofSeconds(30), 5, 4));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread stream = Thread.ofVirtual().start(() -> {
            try {
                s.run(text -> {
                    if (text.startsWith(":")) return; // the greeting goes out
                    writing.countDown();
                    try {
                        Thread.sleep(Long.MAX_VALUE); // a client that never reads: the write never returns
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw new IOException("interrupted");
                    }
                });
            } catch (IOException e) {
                // the stream ended
            }
        });

        s.offer("first event, now being written");
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 100; i++) s.offer("event " + i);
        });
        writer.join(5_000);
        assertThat(writer.isAlive())
                .as("offering 100 events to a stuck subscriber never waits for it")
                .isFalse();

        assertThat(s.closed()).as("dropped once its queue of 4 is full").isTrue();
        assertThat(released.get()).as("its place is given back once").isEqualTo(1);
        assertThat(interrupted.await(5, TimeUnit.SECONDS))
                .as("its blocked write is interrupted")
                .isTrue();
        stream.join(5_000);
        assertThat(stream.isAlive()).as("the stream ended").isFalse();
    }
}
