package dev.coffer.server.projects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.CheckedCalls;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the project, environment and folder suites share: a server of their own, the admin's token, and
 * requests whose every answer is checked for leaked internals. Every test works in a project of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProjectsApiHarness extends CheckedCalls {

    abstract Backend backend();

    final AtomicInteger seq = new AtomicInteger();
    TestServer server;
    Api api;

    @Override
    protected Api api() {
        return api;
    }

    @Override
    protected String token() {
        return token;
    }

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
}
