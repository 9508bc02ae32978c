package dev.coffer.server.events;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.ProjectRef;
import dev.coffer.server.http.EventStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One open stream of change events: who listens (the actor as authenticated when it subscribed), to
 * which project and which events, and the events waiting to be written. The hub offers events without
 * ever waiting: when the queue is full the subscriber is too slow and is dropped. The stream's own
 * thread writes them, sends a heartbeat comment when idle, and before every write checks that the
 * caller may still listen (its token still valid, still a member); when not, the stream ends.
 */
final class Subscription implements EventStream {

    private final Consumer<Subscription> onEnd;
    private final Actor actor;
    private final ProjectRef project;
    private final String limitKey;
    private final List<Registration> registrations;
    private final BooleanSupplier stillAllowed;
    private final long heartbeatNanos;
    private final BlockingQueue<String> queue;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread writer;

    Subscription(
            Consumer<Subscription> onEnd,
            Actor actor,
            ProjectRef project,
            String limitKey,
            List<Registration> registrations,
            BooleanSupplier stillAllowed,
            EventSettings settings) {
        this.onEnd = onEnd;
        this.actor = actor;
        this.project = project;
        this.limitKey = limitKey;
        this.registrations = List.copyOf(registrations);
        this.stillAllowed = stillAllowed;
        this.heartbeatNanos = settings.heartbeat().toNanos();
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
    }

    Actor actor() {
        return actor;
    }

    ProjectRef project() {
        return project;
    }

    String limitKey() {
        return limitKey;
    }

    /** Whether this subscriber asked for events of this type at this place. */
    boolean wants(String eventType, String environment, String secretPath) {
        for (Registration r : registrations) if (r.matches(eventType, environment, secretPath)) return true;
        return false;
    }

    /** Queues a message without waiting; a subscriber whose queue is full is dropped. */
    void offer(String message) {
        if (closed) return;
        if (!queue.offer(message)) close();
    }

    boolean closed() {
        return closed;
    }

    /** Ends the stream: it stops at once, even in the middle of a write to a client that does not read. */
    void close() {
        closed = true;
        Thread t = writer;
        if (t != null) t.interrupt();
        cancel();
    }

    @Override
    public void cancel() {
        if (released.compareAndSet(false, true)) onEnd.accept(this);
    }

    @Override
    public void run(Sink sink) throws IOException {
        writer = Thread.currentThread();
        try {
            if (closed) return;
            sink.send(": subscribed\n\n");
            long nextBeat = System.nanoTime() + heartbeatNanos;
            while (!closed) {
                String message = queue.poll(Math.max(0, nextBeat - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (closed || !stillAllowed.getAsBoolean()) return;
                if (message != null) {
                    sink.send(message);
                } else {
                    sink.send(": ping\n\n");
                    nextBeat = System.nanoTime() + heartbeatNanos;
                }
            }
        } catch (InterruptedException e) {
            // closed: the server stops, or the subscriber was too slow
        } finally {
            writer = null;
            closed = true;
            cancel();
            Thread.interrupted(); // the request's thread goes back to the web server uninterrupted
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + actor.kind().label() + " " + actor.id() + ", project " + project.id() + "]";
    }
}
