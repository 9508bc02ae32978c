package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the bad-input suites (security promise 6 over real HTTP) share: a server of their own, the admin's
 * token, and requests whose every answer, good or bad, is recorded and checked for leaked internals, at
 * once and again when the suite ends. Bad input gets a clear 4xx in Infisical's error format and changes
 * nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputHarness {

    abstract Backend backend();

    final AtomicInteger seq = new AtomicInteger();
    final List<Api.Response> seen = Collections.synchronizedList(new ArrayList<>());
    final HttpClient http1 = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    TestServer server;
    Api api;
    Fixtures f;
    String token;

    /** The server's HTTP settings; suites that stall on purpose choose short timeouts. */
    HttpSettings httpSettings() {
        return HttpSettings.DEFAULTS;
    }

    @BeforeAll
    void startServer() {
        server = httpSettings() == HttpSettings.DEFAULTS
                ? TestServer.start(backend())
                : TestServer.start(backend(), java.time.Clock.systemUTC(), httpSettings());
        api = server.api();
        f = new Fixtures(api);
        token = f.admin().token();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
        // every answer of this class, good or bad, was free of stack traces and exception names
        assertThat(seen).isNotEmpty();
        for (Api.Response r : seen) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.coffer");
        }
    }

    // ---------------------------------------------------------------- helpers

    String project() {
        return f.project("Bad input " + seq.incrementAndGet());
    }

    List<String> keys(String p, String path) {
        Api.Response r = send(
                "GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=" + path, null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets").findValuesAsText("secretKey");
    }

    static void assertErrorFormat(Api.Response r, int status, String error) {
        assertThat(r.json()).as("a JSON error body: %s", r.body()).isNotNull();
        assertThat(r.json().get("reqId").asText()).as(r.body()).startsWith("req-");
        assertThat(r.json().get("statusCode").asInt()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(r.message()).as(r.body()).isNotBlank();
    }

    /** A request through the shared client as the admin; recorded and checked for leaked internals. */
    Api.Response send(String method, String path, Object body, Map<String, String> headers) {
        return checked(method, path, api.send(method, path, token, body, headers));
    }

    /**
     * Like {@link #raw}, for a body the server refuses before it has all arrived: it answers and closes
     * while the client may still be sending, and on a busy machine the client's next write then fails
     * before it has read the answer (the JDK client reports "received no bytes"). Such a transport
     * failure is sent again, up to three times in all; every attempt must be answered the same way.
     */
    Api.Response rawAnsweredBeforeTheBody(
            String method, String path, String contentType, HttpRequest.BodyPublisher publisher)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return raw(method, path, contentType, publisher);
            } catch (IOException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    /** A request over HTTP/1.1 with a chosen Content-Type and body publisher (chunked when its length is unknown). */
    Api.Response raw(String method, String path, String contentType, HttpRequest.BodyPublisher publisher)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, publisher)
                .build();
        HttpResponse<String> res = http1.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = res.body().isEmpty() ? null : Api.JSON.readTree(res.body());
        } catch (IOException notJson) {
            json = null;
        }
        return checked(method, path, new Api.Response(res.statusCode(), json, res.headers(), res.body()));
    }

    Api.Response checked(String method, String path, Api.Response r) {
        seen.add(r);
        String shown = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        return r.assertNoInternals(method + " " + shown);
    }
}
