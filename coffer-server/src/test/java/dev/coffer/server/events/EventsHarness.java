package dev.coffer.server.events;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the change-event suites share: a server per suite with short heartbeats, subscribing, writing a
 * secret as the admin, and reading an event's payload.
 */
abstract class EventsHarness extends ApiSuite {

    /**
     * How long a test waits for an event. Events arrive within milliseconds of the write (see
     * ChangeEventsMeasurement for the figures); the margin keeps a loaded build machine from failing
     * the tests, which are about what arrives, not how fast.
     */
    static final Duration PROMPTLY = Duration.ofSeconds(5);

    static final Duration HEARTBEAT = Duration.ofMillis(300);
    static final AtomicInteger SEQ = new AtomicInteger();

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend(), new EventSettings(HEARTBEAT, 5, 64));
    }

    SseStream subscribe(String who, String project, Object... registrations) {
        return SseStream.open(server.baseUrl(), who, body("projectId", project, "register", List.of(registrations)));
    }

    static Map<String, Object> on(String event) {
        return body("event", event);
    }

    static Map<String, Object> on(String event, String env, String path) {
        Map<String, Object> conditions = new java.util.HashMap<>();
        if (env != null) conditions.put("environmentSlug", env);
        if (path != null) conditions.put("secretPath", path);
        return body("event", event, "conditions", conditions);
    }

    String project() {
        return f.project("Events " + SEQ.incrementAndGet());
    }

    Api.Response write(String method, String project, String env, String path, String key, String value) {
        Api.Response r = send(
                method,
                "/api/v3/secrets/raw/" + key,
                body(
                        "workspaceId",
                        project,
                        "environment",
                        env,
                        "secretPath",
                        path,
                        "secretValue",
                        value,
                        "secretComment",
                        "a comment that must not appear"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    static JsonNode payload(SseStream.Message m) {
        return m.data().at("/data/payload");
    }
}
