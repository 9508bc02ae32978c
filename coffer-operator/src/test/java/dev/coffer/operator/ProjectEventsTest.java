package dev.coffer.operator;

import static dev.coffer.operator.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.operator.coffer.CofferApi;
import dev.coffer.operator.coffer.ProjectEvents;
import dev.coffer.operator.coffer.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change-events client against a stand-in server: the subscription in Infisical's shape, events
 * parsed (heartbeats ignored), a server without the endpoint reported so the caller keeps polling, a
 * refused token replaced by logging in again, and a dropped stream reconnected.
 */
class ProjectEventsTest {

    static final Duration SOON = Duration.ofSeconds(10);

    FakeCoffer fake;
    Session session;
    final List<ProjectEvents.Change> changes = new CopyOnWriteArrayList<>();
    final List<ProjectEvents.State> states = new CopyOnWriteArrayList<>();
    ProjectEvents events;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCoffer();
        session = Session.universalAuth(
                new CofferApi(fake.hostApi(), null, Duration.ofSeconds(5)),
                "client-id",
                "client-secret",
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (events != null) events.close();
        fake.close();
    }

    ProjectEvents subscribe(String path) {
        events = new ProjectEvents(
                        session, "proj-1", "prod", path, changes::addAll, states::add, Duration.ofMillis(400))
                .start();
        return events;
    }

    @Test
    void subscribesInInfisicalsShapeAndPassesOnEachSecretEventButNotHeartbeats() {
        subscribe("/compute/snowflake/**");
        eventually(SOON, "connected", () -> fake.openStreams() == 1);

        JsonNode body = fake.subscribeBodies.get(0);
        assertThat(body.get("projectId").asText()).isEqualTo("proj-1");
        assertThat(body.get("register").findValuesAsText("event"))
                .containsExactly("secret:create", "secret:update", "secret:delete", "secret:import-mutation");
        for (JsonNode r : body.get("register")) {
            assertThat(r.at("/conditions/environmentSlug").asText()).isEqualTo("prod");
            assertThat(r.at("/conditions/secretPath").asText()).isEqualTo("/compute/snowflake/**");
        }
        assertThat(fake.subscribeHeaders.get(0)).isEqualTo("Bearer tok-1 | text/event-stream");

        fake.send(": ping\n\n");
        fake.write("SNOWFLAKE_PASSWORD", "x");
        fake.push("SNOWFLAKE_PASSWORD");
        eventually(SOON, "the event arrives", () -> !changes.isEmpty());
        assertThat(changes)
                .containsExactly(new ProjectEvents.Change(
                        "secret:update", "prod", "/compute/snowflake", "SNOWFLAKE_PASSWORD", 2));
        assertThat(states).contains(ProjectEvents.State.CONNECTED);
    }

    @Test
    void aServerWithoutTheEventsEndpointIsReportedAsUnsupportedAndAskedAgainLater() {
        fake.eventsStatus = 404;
        subscribe("/compute/snowflake");
        eventually(SOON, "reported", () -> states.contains(ProjectEvents.State.UNSUPPORTED));
        eventually(SOON, "asked again after the backoff", () -> fake.subscriptions.get() >= 2);
        assertThat(changes).isEmpty();

        fake.eventsStatus = 200;
        eventually(SOON, "connected once the server has it", () -> fake.openStreams() == 1);
    }

    @Test
    void aRefusedTokenIsReplacedByLoggingInAgain() {
        session.token(); // tok-1
        fake.rejected.add("tok-1");
        subscribe("/compute/snowflake");
        eventually(SOON, "connected with a new token", () -> fake.openStreams() == 1);
        assertThat(fake.subscribeHeaders).contains("Bearer tok-2 | text/event-stream");
    }

    @Test
    void aDroppedStreamIsReconnected() {
        subscribe("/compute/snowflake");
        eventually(SOON, "connected", () -> fake.openStreams() == 1);
        fake.dropStreams();
        eventually(SOON, "reported", () -> states.contains(ProjectEvents.State.DISCONNECTED));
        eventually(SOON, "reconnected", () -> fake.openStreams() == 1 && fake.subscriptions.get() == 2);
        fake.push("K");
        eventually(SOON, "events flow again", () -> !changes.isEmpty());
    }
}
