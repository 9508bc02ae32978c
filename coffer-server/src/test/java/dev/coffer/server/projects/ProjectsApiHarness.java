package dev.coffer.server.projects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the project, environment and folder suites share: a server of their own, the admin's token, and
 * requests whose every answer is checked for leaked internals. Every test works in a project of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProjectsApiHarness {

    abstract Backend backend();

    final AtomicInteger seq = new AtomicInteger();
    TestServer server;
    Api api;
    Fixtures f;
    String token;

    @BeforeAll
    void startServer() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        token = f.admin().token();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    // ---------------------------------------------------------------- helpers

    String envId(String project, String slug) {
        for (JsonNode e : get("/api/v1/projects/" + project).json().at("/project/environments")) {
            if (e.get("slug").asText().equals(slug)) return e.get("id").asText();
        }
        throw new AssertionError("no environment " + slug);
    }

    Api.Response get(String path) {
        return send("GET", path, null);
    }

    Api.Response post(String path, Object body) {
        return send("POST", path, body);
    }

    Api.Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    Api.Response delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    /** Every answer is checked for leaked internals: no exception names, no stack frames, no 500. */
    Api.Response send(String method, String path, Object body) {
        return api.send(method, path, token, body, Map.of()).assertNoInternals(method + " " + path);
    }
}
