package dev.coffer.server.projects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the project, environment and folder suites share: a server of their own, the admin's token, and
 * requests whose every answer is checked for leaked internals. Every test works in a project of its own.
 */
abstract class ProjectsApiHarness extends ApiSuite {

    abstract Backend backend();

    final AtomicInteger seq = new AtomicInteger();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend());
    }

    // ---------------------------------------------------------------- helpers

    String envId(String project, String slug) {
        for (JsonNode e : get("/api/v1/projects/" + project).json().at("/project/environments")) {
            if (e.get("slug").asText().equals(slug)) return e.get("id").asText();
        }
        throw new AssertionError("no environment " + slug);
    }
}
