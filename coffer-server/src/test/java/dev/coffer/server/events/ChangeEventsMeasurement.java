package dev.coffer.server.events;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.http.HttpSettings;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Measures what change events cost, printed rather than asserted (figures depend on the machine): the
 * resident memory the process adds while 1,000 subscribers hold streams open (raw sockets that read
 * nothing after the headers), and the median time from sending a write to its event reaching another
 * subscriber, over 25 writes with those 1,000 streams open. Run it on its own:
 * {@code mvn -o -B verify -pl coffer-crypto,coffer-server -Dtest=ChangeEventsMeasurement
 * -Dcoffer.measure=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Isolated
@EnabledIfSystemProperty(named = "coffer.measure", matches = "true")
class ChangeEventsMeasurement {

    static final int STREAMS = 1_000;
    static final int WRITES = 25;

    @Test
    void memoryHeldByAThousandStreamsAndMedianLatencyFromWriteToEvent() throws Exception {
        for (Backend backend : List.of(Backend.SQLITE, Backend.POSTGRES)) measure(backend);
    }

    private void measure(Backend backend) throws Exception {
        HttpSettings http = new HttpSettings(
                HttpSettings.DEFAULT_READ_TIMEOUT,
                HttpSettings.DEFAULT_IDLE_TIMEOUT,
                STREAMS + 100,
                dev.coffer.server.http.TrustedProxies.NONE);
        try (TestServer server =
                TestServer.start(backend, new EventSettings(Duration.ofSeconds(15), STREAMS + 10, 256), http)) {
            Fixtures f = new Fixtures(server.api());
            String token = f.admin().token();
            String project = f.project("Measure");
            f.secret(project, "dev", "/", "WARM", "x");
            double[] latency = latency(server, token, project);
            byte[] request = request(java.net.URI.create(server.baseUrl()).getPort(), token, project);
            System.gc();
            Thread.sleep(500);
            long before = rssKb();
            List<Socket> streams = new ArrayList<>();
            try {
                for (int i = 0; i < STREAMS; i++)
                    streams.add(open(java.net.URI.create(server.baseUrl()).getPort(), request));
                System.gc();
                Thread.sleep(1_000);
                long after = rssKb();
                double[] alone = latency;
                double[] loaded = latency(server, token, project);
                System.out.printf(
                        "change events on %s: RSS %d MiB before, %d MiB with %d streams open (+%d KiB, %.1f KiB"
                                + " per stream); median from sending a write to its event: %.1f ms with one"
                                + " subscriber, %.1f ms with %d more streams open (the write's own answer: %.1f ms,"
                                + " %.1f ms), over %d writes each%n",
                        backend,
                        before / 1024,
                        after / 1024,
                        STREAMS,
                        after - before,
                        (after - before) / (double) STREAMS,
                        alone[0],
                        loaded[0],
                        STREAMS,
                        alone[1],
                        loaded[1],
                        WRITES);
            } finally {
                for (Socket s : streams) s.close();
            }
        }
    }

    /** Median milliseconds from sending a write to its event, and to the write's own answer. */
    private static double[] latency(TestServer server, String token, String project) throws Exception {
        List<Long> micros = new ArrayList<>();
        List<Long> writeMicros = new ArrayList<>();
        try (SseStream s = SseStream.open(
                server.baseUrl(),
                token,
                body("projectId", project, "register", List.of(body("event", "secret:update"))))) {
            assertThat(s.status()).isEqualTo(200);
            for (int i = 0; i < WRITES; i++) {
                long start = System.nanoTime();
                Api.Response r = server.api()
                        .send(
                                "PATCH",
                                "/api/v3/secrets/raw/WARM",
                                token,
                                body("workspaceId", project, "environment", "dev", "secretValue", "v" + i),
                                Map.of());
                assertThat(r.status()).isEqualTo(200);
                writeMicros.add((System.nanoTime() - start) / 1_000);
                SseStream.Message m = s.nextEvent(Duration.ofSeconds(5));
                assertThat(m).isNotNull();
                micros.add((System.nanoTime() - start) / 1_000);
            }
        }
        Collections.sort(micros);
        Collections.sort(writeMicros);
        return new double[] {micros.get(WRITES / 2) / 1000.0, writeMicros.get(WRITES / 2) / 1000.0};
    }

    private static byte[] request(int port, String token, String project) throws IOException {
        byte[] json = Api.JSON.writeValueAsBytes(
                body("projectId", project, "register", List.of(body("event", "secret:update"))));
        String head = "POST /api/v1/events/subscribe/project-events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + json.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(json, 0, out, h.length, json.length);
        return out;
    }

    /** Opens one stream and reads its status line; then the socket is left unread. */
    private static Socket open(int port, byte[] request) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder status = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) status.append((char) c);
        assertThat(status.toString()).startsWith("HTTP/1.1 200");
        return s;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
