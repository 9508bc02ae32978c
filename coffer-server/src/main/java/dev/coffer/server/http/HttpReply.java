package dev.coffer.server.http;

import java.util.Map;

/**
 * What the pipeline answers: a status, headers, and a JSON body (null for none, as in a 304); or, for a
 * stream of server-sent events, the {@link EventStream} the web server runs once the headers are sent.
 */
public record HttpReply(int status, Map<String, String> headers, byte[] body, EventStream stream) {

    public HttpReply(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }
}
