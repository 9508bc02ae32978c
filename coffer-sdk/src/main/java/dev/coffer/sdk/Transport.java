package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON over HTTP to one server; maps failures to {@link CofferException}s. Internal to the SDK. */
final class Transport {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, parsed body (null for 304) and ETag. */
    record Reply(int status, JsonNode body, String etag) {}

    private final String base;
    private final HttpClient http;
    private final Duration timeout;
    private final String userAgent;

    Transport(String apiUrl, Duration timeout, String userAgent) {
        String u = apiUrl.trim();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/api")) u = u.substring(0, u.length() - 4);
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("The API URL must start with http:// or https://, got '" + apiUrl + "'.");
        }
        this.base = u;
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String base() {
        return base;
    }

    Reply send(String method, String path, Map<String, String> query, Object body, String token, String ifNoneMatch) {
        URI uri = URI.create(base + path + queryString(query));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
        try {
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return answer(method, path, res);
        } catch (HttpTimeoutException e) {
            throw new CofferException.Unavailable("Coffer at " + base + " did not answer within " + timeout.toSeconds()
                    + " s (" + method + " " + path + ").", 0, e);
        } catch (IOException e) {
            throw new CofferException.Unavailable("Cannot reach Coffer at " + base + " (" + e.getClass().getSimpleName()
                    + "); check the API URL and that the server is running.", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CofferException.Unavailable("Interrupted while waiting for Coffer at " + base + ".", 0, e);
        }
    }

    private Reply answer(String method, String path, HttpResponse<byte[]> res) {
        int status = res.statusCode();
        String etag = res.headers().firstValue("ETag").orElse(null);
        if (status == 304) return new Reply(304, null, etag);
        JsonNode json = null;
        try {
            if (res.body().length > 0) json = JSON.readTree(res.body());
        } catch (IOException notJson) {
            json = null;
        }
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new CofferException.Unavailable("Coffer at " + base + " answered " + method + " " + path
                        + " with a body that is not JSON; is the API URL right?", status, null);
            }
            return new Reply(status, json, etag);
        }
        String message = json != null && json.path("message").isTextual() ? json.get("message").asText()
                : "HTTP " + status + " from " + method + " " + path;
        String error = json != null && json.path("error").isTextual() ? json.get("error").asText() : null;
        throw switch (status) {
            case 401 -> new CofferException.Unauthorized(message, error);
            case 403 -> new CofferException.Forbidden(message, error);
            case 404 -> new CofferException.NotFound(message, error);
            default -> status >= 500 ? new CofferException.Unavailable(message, status, null)
                    : new CofferException(message, status, error, null);
        };
    }

    private static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("?");
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() == null) continue;
            if (sb.length() > 1) sb.append('&');
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static Map<String, String> query(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
