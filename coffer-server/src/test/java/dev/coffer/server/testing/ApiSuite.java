package dev.coffer.server.testing;

import java.util.Map;

/**
 * A base for API suites: requests as the suite's caller, each answer checked for leaked internals (no
 * exception names, no stack frames, no 5xx) before the test looks at it.
 */
public abstract class CheckedCalls {

    /** The server the suite talks to. */
    protected abstract Api api();

    /** The token requests are sent with. */
    protected abstract String token();

    protected Api.Response get(String path) {
        return send("GET", path, null);
    }

    protected Api.Response post(String path, Object body) {
        return send("POST", path, body);
    }

    protected Api.Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    protected Api.Response delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    protected Api.Response send(String method, String path, Object body) {
        return api().send(method, path, token(), body, Map.of()).assertNoInternals(method + " " + path);
    }
}
