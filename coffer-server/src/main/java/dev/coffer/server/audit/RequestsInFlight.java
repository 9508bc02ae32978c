package dev.coffer.server.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests are being answered: those that may still hand in an audit event. The audit
 * writer waits a little for them before it commits, and is told when one ends, so it waits by
 * sleeping once instead of looking again and again.
 */
public final class RequestsInFlight {

    private final AtomicInteger count = new AtomicInteger();
    private final List<Runnable> onEnd = new CopyOnWriteArrayList<>();

    /** A request starts being answered. */
    public void begin() {
        count.incrementAndGet();
    }

    /** A request was answered (with or without an event). */
    public void end() {
        count.decrementAndGet();
        for (Runnable r : onEnd) r.run();
    }

    public int count() {
        return count.get();
    }

    /** Runs {@code listener} after each {@link #end()} (an audit writer) until it is removed. */
    void onEnd(Runnable listener) {
        onEnd.add(listener);
    }

    void remove(Runnable listener) {
        onEnd.remove(listener);
    }
}
