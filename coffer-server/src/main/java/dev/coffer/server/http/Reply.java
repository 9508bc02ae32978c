package dev.coffer.server.http;

import java.util.Map;

/**
 * A response with a status or headers other than 200 JSON. Routes that answer 200 with a JSON body
 * simply return the body object.
 */
public record Reply(int status, Object body, Map<String, String> headers) {

    public static Reply of(int status, Object body) {
        return new Reply(status, body, Map.of());
    }
}
