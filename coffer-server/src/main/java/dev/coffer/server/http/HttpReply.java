package dev.coffer.server.http;

import java.util.Map;

/**
 * What the pipeline answers: a status, headers, and a JSON body (null for none, as in a 304); or, for a
 * stream of server-sent events, the {@link EventStream} the web server runs once the headers are sent.
 * A body may come {@link DeferredBody deferred}, to be made once the request is recorded ({@link #opened}).
 */
public record HttpReply(
        int status, Map<String, String> headers, byte[] body, EventStream stream, DeferredBody deferred) {

    public HttpReply(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null, null);
    }

    public HttpReply(int status, Map<String, String> headers, byte[] body, EventStream stream) {
        this(status, headers, body, stream, null);
    }

    /** This reply with its deferred body made (itself when it has none). */
    HttpReply opened() {
        return deferred == null ? this : new HttpReply(status, headers, deferred.open(), stream, null);
    }
}
