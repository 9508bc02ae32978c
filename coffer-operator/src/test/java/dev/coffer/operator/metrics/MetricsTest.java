package dev.coffer.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint: syncs, failures and last-sync age per resource, in the text format. */
class MetricsTest {

    @Test
    void servesCountersAndTheAgeOfTheLastSyncPerResource() throws Exception {
        TestClock clock = new TestClock();
        try (Metrics m = new Metrics(clock)) {
            m.synced("floe-jobs/snowflake");
            m.synced("floe-jobs/snowflake");
            m.failed("floe-jobs/snowflake");
            m.reloaded(2);
            clock.advance(Duration.ofSeconds(42));
            int port = m.serve(0);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(r.body())
                    .contains("# TYPE coffer_operator_syncs_total counter")
                    .contains("coffer_operator_syncs_total{namespace=\"floe-jobs\",name=\"snowflake\"} 2\n")
                    .contains("coffer_operator_sync_failures_total{namespace=\"floe-jobs\",name=\"snowflake\"} 1\n")
                    .contains(
                            "coffer_operator_last_sync_age_seconds{namespace=\"floe-jobs\",name=\"snowflake\"} 42.0\n")
                    .contains("coffer_operator_workload_reloads_total 2\n");
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
