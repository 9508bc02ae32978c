package dev.coffer.server.testing;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A base for API suites: one server per suite class (started by {@link #newServer()}, so each suite
 * chooses its backend), fixtures, the bootstrap admin's token, and requests as that admin whose every
 * answer is checked for leaked internals (no exception names, no stack frames, no 5xx) before the test
 * looks at it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiSuite {

    protected TestServer server;
    protected Api api;
    protected Fixtures f;
    protected String token;

    /** The server this suite runs against, e.g. {@code TestServer.start(backend())}. */
    protected abstract TestServer newServer();

    @BeforeAll
    void startServer() {
        server = newServer();
        api = server.api();
        f = new Fixtures(api);
        token = f.admin().token();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

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
        return api.send(method, path, token, body, Map.of()).assertNoInternals(method + " " + path);
    }
}
