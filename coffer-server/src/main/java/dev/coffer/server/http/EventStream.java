package dev.coffer.server.http;

import java.io.IOException;

/**
 * A reply that stays open: the route has authorized and validated the request, and the web server
 * answers 200 with {@code Content-Type: text/event-stream} and then hands the connection's output to
 * {@link #run}, which writes server-sent events until it returns (the client went away, its permission
 * ended, the server stops). The request's audit event is recorded when the stream begins.
 */
public interface EventStream {

    /** Writes the stream; returns (or throws) when it ends. Runs on the request's own thread. */
    void run(Sink sink) throws IOException;

    /**
     * The stream will not run after all (the answer was withheld) or has ended: frees what it holds.
     * Called at least once, maybe more.
     */
    default void cancel() {}

    /** The connection's output: each call writes the text and flushes it to the client at once. */
    @FunctionalInterface
    interface Sink {
        void send(String text) throws IOException;
    }
}
