package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook stream on its own: it never makes its caller wait, and what it cannot deliver it counts. */
class WebhookStreamTest {

    private static List<StoredEvent> events(int n) {
        List<StoredEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AuditEvent e = new AuditEvent(
                    0,
                    "req",
                    "get-secret",
                    "identity",
                    "id",
                    "ci",
                    "org",
                    "127.0.0.1",
                    "",
                    "GET /x",
                    200,
                    null,
                    null,
                    null,
                    List.of("K"),
                    0);
            out.add(StoredEvent.link(e, i + 1, "id-" + i, ChainHash.GENESIS));
        }
        return out;
    }

    @Test
    void eventsAWebhookNeverAcceptsAreDroppedAndCountedAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        try (WebhookStream hook =
                new WebhookStream(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofMillis(1))) {
            hook.accept(events(3));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (hook.dropped() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(hook.dropped()).isEqualTo(3);
            assertThat(hook.sent()).isZero();
        }
    }

    @Test
    void aFullQueueDropsTheOverflowInsteadOfWaiting() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                WebhookStream hook = new WebhookStream(
                        URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), Duration.ofSeconds(1))) {
            // the receiver accepts connections and never answers, so the sender is stuck on its first batch
            hook.accept(events(WebhookStream.CAPACITY + 2_000));
            assertThat(hook.dropped()).isGreaterThanOrEqualTo(2_000 - 500);
        }
    }
}
