package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
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
    private final Duration timeout;
    private final String userAgent;
    private volatile HttpClient patchClient;

    Transport(String apiUrl, Duration timeout, String userAgent) {
        String u = apiUrl.trim();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/api")) u = u.substring(0, u.length() - 4);
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "The API URL must start with http:// or https://, got '" + apiUrl + "'.");
        }
        this.base = u;
        this.timeout = timeout;
        this.userAgent = userAgent;
    }

    String base() {
        return base;
    }

    /**
     * Sends one request. GET, POST and DELETE go through {@link HttpURLConnection}, which starts in a
     * fraction of the time {@link HttpClient} needs (this matters for {@code coffer run}, a new JVM per
     * command); PATCH, which it cannot send, goes through an HttpClient made on first use.
     */
    Reply send(String method, String path, Map<String, String> query, Object body, String token, String ifNoneMatch) {
        URI uri = URI.create(base + path + queryString(query));
        try {
            byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
            if (method.equals("PATCH")) return viaHttpClient(method, path, uri, bytes, token, ifNoneMatch);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("User-Agent", userAgent);
            if (token != null) c.setRequestProperty("Authorization", "Bearer " + token);
            if (ifNoneMatch != null) c.setRequestProperty("If-None-Match", ifNoneMatch);
            if (bytes != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                // no streaming mode: with it, a 401 answer's body (the server's message) is not readable
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : readAll(in);
            return answer(method, path, status, answer, c.getHeaderField("ETag"));
        } catch (SocketTimeoutException | HttpTimeoutException e) {
            throw new CofferException.Unavailable(
                    "Coffer at " + base + " did not answer within "
                            + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                            + " (" + method + " " + path + ").",
                    0,
                    e);
        } catch (IOException e) {
            throw new CofferException.Unavailable(
                    "Cannot reach Coffer at " + base + " (" + e.getClass().getSimpleName()
                            + "); check the API URL and that the server is running.",
                    0,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CofferException.Unavailable("Interrupted while waiting for Coffer at " + base + ".", 0, e);
        }
    }

    private Reply viaHttpClient(String method, String path, URI uri, byte[] bytes, String token, String ifNoneMatch)
            throws IOException, InterruptedException {
        HttpClient http = patchClient;
        if (http == null) {
            synchronized (this) {
                if (patchClient == null) {
                    patchClient = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                http = patchClient;
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
        if (bytes != null) b.header("Content-Type", "application/json");
        b.method(
                method,
                bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return answer(
                method,
                path,
                res.statusCode(),
                res.body(),
                res.headers().firstValue("ETag").orElse(null));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (InputStream s = in) {
            return s.readAllBytes();
        }
    }

    private Reply answer(String method, String path, int status, byte[] bytes, String etag) {
        if (status == 304) return new Reply(304, null, etag);
        JsonNode json = null;
        try {
            if (bytes.length > 0) json = JSON.readTree(bytes);
        } catch (IOException notJson) {
            json = null;
        }
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new CofferException.Unavailable(
                        "Coffer at " + base + " answered " + method + " " + path
                                + " with a body that is not JSON; is the API URL right?",
                        status,
                        null);
            }
            return new Reply(status, json, etag);
        }
        String message = json != null && json.path("message").isTextual()
                ? json.get("message").asText()
                : "HTTP " + status + " from " + method + " " + path;
        String error = json != null && json.path("error").isTextual()
                ? json.get("error").asText()
                : null;
        throw switch (status) {
            case 401 -> new CofferException.Unauthorized(message, error);
            case 403 -> new CofferException.Forbidden(message, error);
            case 404 -> new CofferException.NotFound(message, error);
            default ->
                status >= 500
                        ? new CofferException.Unavailable(message, status, null)
                        : new CofferException(message, status, error, null);
        };
    }

    private static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("?");
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() == null) continue;
            if (sb.length() > 1) sb.append('&');
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
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
