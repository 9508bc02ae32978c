package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** JSON over HTTP to one server; maps failures to {@link CofferException}s. Internal to the SDK. */
final class Transport {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, parsed body (null for 304) and ETag. */
    record Reply(int status, JsonNode body, String etag) {
        @Override
        public String toString() {
            return "Reply[" + status + "]"; // the body holds secret values
        }
    }

    private static final System.Logger LOG = System.getLogger(CofferClient.class.getName());

    /** The servers already warned about for plain http, so each is named once per process. */
    private static final Set<String> WARNED_PLAIN_HTTP = ConcurrentHashMap.newKeySet();

    private final String base;
    /** The base URL as shown in messages and logs: without any user info. */
    private final String shown;

    private final Duration timeout;
    private final String userAgent;
    private final long maxResponseBytes;
    private volatile Supplier<Collection<String>> sensitive = List::of;
    private volatile HttpClient patchClient;

    /**
     * @param maxResponseBytes the largest answer body read; a larger one fails the request unread
     * @param requireHttps     refuse plain {@code http://} to a host that is not the loopback interface
     *                         (without it, such a URL is accepted with a warning, once per server)
     */
    Transport(String apiUrl, Duration timeout, String userAgent, long maxResponseBytes, boolean requireHttps) {
        String u = apiUrl.trim();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/api")) u = u.substring(0, u.length() - 4);
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "The API URL must start with http:// or https://, got '" + ServerText.clean(apiUrl, 200) + "'.");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "The API URL is not a valid URL (" + ServerText.clean(e.getReason(), 200) + ").");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The API URL names no host; write it like https://coffer.example.com.");
        }
        if (maxResponseBytes <= 0) throw new IllegalArgumentException("maxResponseBytes must be positive");
        this.base = u;
        this.shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.maxResponseBytes = maxResponseBytes;
        if (u.startsWith("http://") && !isLoopback(uri.getHost())) {
            if (requireHttps) {
                throw new IllegalArgumentException("The API URL " + shown + " uses plain http:// to a host that is not "
                        + "this machine, and requireHttps is set: credentials and secrets would cross the network "
                        + "unencrypted. Use https://.");
            }
            if (WARNED_PLAIN_HTTP.add(shown)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Coffer at " + shown + " is reached over plain http://: the client secret, tokens and "
                                + "secret values cross the network unencrypted. Use https://, or set "
                                + "requireHttps(true) on the client builder to refuse plain http.");
            }
        }
    }

    /**
     * Whether a URL's host is this machine's loopback interface: {@code localhost}, 127.0.0.0/8 or ::1.
     * Only literals and the name localhost count; no name is looked up.
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) return true;
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return h.startsWith("127.");
        if (h.indexOf(':') < 0 || !h.matches("[0-9a-f:.]+")) return false;
        try {
            // bracketed, an IPv6 literal is parsed, never looked up
            return InetAddress.getByName("[" + h + "]").isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Values to remove from any server text put into an exception (the client secret, tokens). */
    void redacting(Supplier<Collection<String>> values) {
        this.sensitive = values;
    }

    String base() {
        return base;
    }

    long maxResponseBytes() {
        return maxResponseBytes;
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
            if (c.getContentLengthLong() > maxResponseBytes) {
                c.disconnect();
                throw tooLarge(method, path);
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : readBounded(in, method, path, c::disconnect);
            return answer(method, path, status, answer, c.getHeaderField("ETag"));
        } catch (SocketTimeoutException | HttpTimeoutException e) {
            throw new CofferException.Unavailable(
                    "Coffer at " + shown + " did not answer within "
                            + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                            + " (" + method + " " + path + ").",
                    0,
                    e);
        } catch (IOException e) {
            throw new CofferException.Unavailable(
                    "Cannot reach Coffer at " + shown + " (" + e.getClass().getSimpleName()
                            + "); check the API URL and that the server is running.",
                    0,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CofferException.Unavailable("Interrupted while waiting for Coffer at " + shown + ".", 0, e);
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
        // the request's own timeout ends with the answer's head; the deadline also covers a body that stalls
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(b.build(), BoundedBody.handler(maxResponseBytes));
        HttpResponse<byte[]> res;
        try {
            res = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer within the timeout");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (BoundedBody.causedBy(cause)) throw tooLarge(method, path);
            if (cause instanceof IOException io) throw io;
            throw new IOException(cause);
        }
        return answer(
                method,
                path,
                res.statusCode(),
                res.body(),
                res.headers().firstValue("ETag").orElse(null));
    }

    /**
     * Reads a body of at most {@link #maxResponseBytes}; past that, aborts the exchange (so the rest is
     * neither read nor kept) and fails.
     */
    private byte[] readBounded(InputStream in, String method, String path, Runnable abort) throws IOException {
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = s.read(buf)) != -1; ) {
                total += n;
                if (total > maxResponseBytes) {
                    abort.run();
                    throw tooLarge(method, path);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private CofferException tooLarge(String method, String path) {
        return new CofferException.Unavailable(
                "Coffer at " + shown + " answered " + method + " " + path + " with more than "
                        + describeSize(maxResponseBytes) + ", the most this client reads; the answer was not read. "
                        + "Check the API URL, or raise the limit with maxResponseBytes on the client builder.",
                0,
                null);
    }

    static String describeSize(long bytes) {
        if (bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + " MiB";
        if (bytes % 1024 == 0) return bytes / 1024 + " KiB";
        return bytes + " bytes";
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
                        "Coffer at " + shown + " answered " + method + " " + path
                                + " with a body that is not JSON; is the API URL right?",
                        status,
                        null);
            }
            return new Reply(status, json, etag);
        }
        // the server's words go into exceptions, which end up in logs and terminals: secrets the client sent
        // (echoed back) are removed, control and bidi characters escaped, and the length bounded
        String message = json != null && json.path("message").isTextual()
                ? ServerText.clean(redact(json.get("message").asText()))
                : "HTTP " + status + " from " + method + " " + path;
        String error = json != null && json.path("error").isTextual()
                ? ServerText.clean(redact(json.get("error").asText()), 100)
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

    private String redact(String text) {
        String t = text;
        for (String s : sensitive.get()) {
            if (s != null && s.length() >= 6) t = t.replace(s, "[redacted]");
        }
        return t;
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
