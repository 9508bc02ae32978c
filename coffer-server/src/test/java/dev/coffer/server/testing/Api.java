package dev.coffer.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for tests: real requests to the server on its random port. */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, parsed JSON (or null), headers and the raw body. */
    public record Response(int status, JsonNode json, HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String message() {
            return json == null ? null : json.path("message").asText(null);
        }

        /**
         * Asserts the answer leaks no internals — no exception names, no stack frames — and is not a 5xx;
         * returns it for further checks. {@code what} names the request in a failure.
         */
        public Response assertNoInternals(String what) {
            org.assertj.core.api.Assertions.assertThat(body)
                    .as(what)
                    .doesNotContain("Exception")
                    .doesNotContain("at dev.coffer");
            org.assertj.core.api.Assertions.assertThat(status)
                    .as("%s: %s", what, body)
                    .isLessThan(500);
            return this;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(String base) {
        this.base = base;
    }

    /** A JSON body from name, value pairs, in order: {@code body("workspaceId", id, "environment", "dev")}. */
    public static Map<String, Object> body(Object... nameValuePairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) m.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        return m;
    }

    public String base() {
        return base;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, Map.of());
    }

    public Response delete(String path, String token, Object body) {
        return send("DELETE", path, token, body, Map.of());
    }

    /**
     * Sends a request. {@code body} may be null, a String or byte[] (sent as is) or any object
     * (serialised as JSON).
     */
    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        try {
            byte[] bytes = body == null
                    ? null
                    : body instanceof byte[] b
                            ? b
                            : body instanceof String s
                                    ? s.getBytes(StandardCharsets.UTF_8)
                                    : JSON.writeValueAsBytes(body);
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (bytes != null) b.header("Content-Type", "application/json");
            headers.forEach(b::header);
            b.method(
                    method,
                    bytes == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));
            HttpResponse<String> res = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!res.body().isEmpty()) {
                try {
                    json = JSON.readTree(res.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Response(res.statusCode(), json, res.headers(), res.body());
        } catch (java.net.http.HttpTimeoutException e) {
            // says where the server was stuck: its threads run in this JVM
            throw new java.io.UncheckedIOException(
                    new java.net.http.HttpTimeoutException(method + " " + path + " timed out; " + ThreadSummary.now()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
