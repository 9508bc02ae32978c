package dev.coffer.operator;

import static dev.coffer.operator.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.operator.metrics.Metrics;
import dev.coffer.operator.sync.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's two ways of learning of a change, against a stand-in Coffer: with instant updates on, a
 * change event syncs the Secret at once although the resync is an hour away; against a server without
 * the events endpoint it polls, and an unchanged listing costs a 304.
 */
class InstantUpdatesTest {

    FakeCoffer fake;
    Cluster cluster;
    CofferOperator operator;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCoffer();
        fake.write("SNOWFLAKE_PASSWORD", "v0");
        cluster = new Cluster();
        cluster.namespace("floe-jobs");
        cluster.secret("floe-jobs", "infisical-machine-identity", Map.of("clientId", "id", "clientSecret", "secret"));
        operator = CofferOperator.start(
                cluster.client,
                Set.of(),
                new SyncSettings(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new Metrics(Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
        fake.close();
    }

    String value() {
        return cluster.secretValue("floe-jobs", "snowflake", "SNOWFLAKE_PASSWORD");
    }

    @Test
    void withInstantUpdatesAChangeEventSyncsTheSecretAtOnce() {
        Resources.apply(
                cluster.client,
                Resources.infisicalSecret(
                        "floe-jobs",
                        "snowflake",
                        fake.hostApi(),
                        3600,
                        "/compute/snowflake",
                        "  syncConfig: {instantUpdates: true, resyncInterval: 1h}"));
        Cluster.eventually(Duration.ofSeconds(10), "first sync", () -> "v0".equals(value()));
        eventually(Duration.ofSeconds(10), "subscribed", () -> fake.openStreams() == 1);
        assertThat(fake.subscribeBodies.get(0).get("projectId").asText())
                .as("the project's id, looked up by its slug")
                .isEqualTo("proj-1");

        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String v = "v" + i;
            long t0 = System.nanoTime();
            fake.write("SNOWFLAKE_PASSWORD", v);
            fake.push("SNOWFLAKE_PASSWORD");
            eventually(Duration.ofSeconds(2), "synced within 2 s of the event", () -> v.equals(value()));
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.println("event to updated Secret (operator side, mock API), ms: median "
                + millis.get(millis.size() / 2) + ", max " + millis.get(millis.size() - 1));
    }

    @Test
    void withoutTheEventsEndpointItPollsAndAnUnchangedListingIsA304() throws Exception {
        fake.eventsStatus = 404;
        Resources.apply(
                cluster.client,
                Resources.infisicalSecret(
                        "floe-jobs",
                        "snowflake",
                        fake.hostApi(),
                        1,
                        "/compute/snowflake",
                        "  syncConfig: {instantUpdates: true}"));
        eventually(Duration.ofSeconds(10), "first sync", () -> "v0".equals(value()));
        eventually(Duration.ofSeconds(10), "unchanged listings answered 304", () -> fake.notModified.get() >= 2);

        fake.write("SNOWFLAKE_PASSWORD", "polled");
        eventually(Duration.ofSeconds(5), "the poll picks the change up", () -> "polled".equals(value()));
    }
}
