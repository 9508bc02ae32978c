package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer run --watch} against a real server: it restarts the command within seconds of a change
 * through the server's change events (with a poll interval far longer than the test), and against a
 * server without change events (a proxy answering 404 to that route) it polls at its interval instead.
 */
class RunWatchTest {

    @TempDir
    Path home;

    private TestServer server;
    private Fixtures f;
    private String project;
    private Fixtures.Machine app;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        project = f.project("watch");
        app = f.machine("app", "no-access");
        f.member(project, app.id(), "viewer");
        f.secret(project, "dev", "/", "API_KEY", "a-long-first-value");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliProcess cli(String apiUrl) {
        return new CliProcess(home)
                .env("COFFER_API_URL", apiUrl)
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret())
                .env("COFFER_PROJECT_ID", project);
    }

    private void restartsOnAChange(CliProcess cli, String interval, int withinSeconds) throws Exception {
        Process p = cli.builder(
                        "run",
                        "--watch",
                        "--watch-interval",
                        interval,
                        "--",
                        "sh",
                        "-c",
                        "echo \"len=${#API_KEY}\"; while true; do sleep 0.1; done")
                .start();
        try {
            CliProcess.Lines out = new CliProcess.Lines(p);
            assertThat(out.next(30)).isEqualTo("len=18");
            Thread.sleep(1_000); // the subscription is open well before the write
            Api.Response r = server.api()
                    .patch(
                            "/api/v3/secrets/raw/API_KEY",
                            f.admin().token(),
                            Map.of("workspaceId", project, "environment", "dev", "secretValue", "short"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(out.next(withinSeconds)).isEqualTo("len=5");
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            p.waitFor(20, TimeUnit.SECONDS);
            CliProcess.killTree(p);
        }
    }

    @Test
    void watchRestartsTheCommandThroughChangeEventsLongBeforeItsPollInterval() throws Exception {
        restartsOnAChange(cli(server.baseUrl()), "600", 15);
    }

    @Test
    void watchPollsAServerThatHasNoChangeEvents() throws Exception {
        HttpServer proxy = withoutChangeEvents(server.baseUrl());
        try {
            restartsOnAChange(cli("http://127.0.0.1:" + proxy.getAddress().getPort()), "1", 15);
        } finally {
            proxy.stop(0);
        }
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding");

    /** A proxy to the server that answers 404 to the change-event route, as a server without it would. */
    private static HttpServer withoutChangeEvents(String target) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().startsWith("/api/v1/events/")) {
                    byte[] body = "{\"statusCode\":404,\"message\":\"No route\",\"error\":\"NotFound\"}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase())) values.forEach(v -> b.header(name, v));
                });
                byte[] in = exchange.getRequestBody().readAllBytes();
                b.method(
                        exchange.getRequestMethod(),
                        in.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(in));
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                r.headers().map().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":"))
                        exchange.getResponseHeaders().put(name, values);
                });
                boolean empty = r.statusCode() == 304 || r.body().length == 0;
                exchange.sendResponseHeaders(r.statusCode(), empty ? -1 : r.body().length);
                if (!empty) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(r.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy.start();
        return proxy;
    }
}
