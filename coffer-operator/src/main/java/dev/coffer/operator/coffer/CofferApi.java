package dev.coffer.operator.coffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The few routes of Coffer's (Infisical-shaped) API the operator calls: universal-auth login, service
 * token introspection, and listing a folder's secrets with {@code If-None-Match}. One instance per
 * {@code hostAPI} and CA; thread-safe.
 */
public final class CofferApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One secret as listed: where it lives, its name, value and version. */
    public record Entry(String path, String key, String value, long version, boolean imported) {
        @Override
        public String toString() {
            return "Entry[" + path + " " + key + " v" + version + "]";
        }
    }

    /**
     * The listing of a scope: {@code notModified} when the server answered 304 to the ETag given (then
     * {@code entries} is empty and the previous listing still holds).
     */
    public record Listing(boolean notModified, String etag, List<Entry> entries) {}

    /** Which secrets to list. {@code project} is an id, or a slug when {@code bySlug}. */
    public record Scope(String project, boolean bySlug, String environment, String path, boolean recursive) {}

    /** An access token and when it stops working (epoch millis). */
    public record Token(String value, long expiresAtMillis) {
        @Override
        public String toString() {
            return "Token[expires " + expiresAtMillis + "]";
        }
    }

    private final String hostApi;
    private final HttpClient http;
    private final Duration timeout;

    public CofferApi(String hostApi, SSLContext ssl, Duration timeout) {
        this.hostApi = hostApi.endsWith("/") ? hostApi.substring(0, hostApi.length() - 1) : hostApi;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) b.sslContext(ssl);
        this.http = b.build();
        this.timeout = timeout;
    }

    public String hostApi() {
        return hostApi;
    }

    HttpClient http() {
        return http;
    }

    /** Logs in with universal auth. */
    public Token login(String clientId, String clientSecret, long nowMillis) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("clientSecret", clientSecret);
        HttpResponse<String> r = send("POST", "/v1/auth/universal-auth/login", null, body, null);
        JsonNode json = parse(r, "/v1/auth/universal-auth/login");
        String token = json.path("accessToken").asText(null);
        if (token == null)
            throw new CofferException(CofferException.Kind.SERVER, 200, "login gave no accessToken", null);
        long expiresIn = json.path("expiresIn").asLong(0);
        long ttl = expiresIn > 0 ? expiresIn * 1000 : Duration.ofMinutes(5).toMillis();
        return new Token(token, nowMillis + ttl);
    }

    /** The project of a service token ({@code GET /v2/service-token}). */
    public String serviceTokenProject(String serviceToken) {
        HttpResponse<String> r = send("GET", "/v2/service-token", serviceToken, null, null);
        JsonNode json = parse(r, "/v2/service-token");
        String p = json.path("workspace").asText(json.path("projectId").asText(""));
        if (p.isEmpty())
            throw new CofferException(CofferException.Kind.SERVER, 200, "service token names no project", null);
        return p;
    }

    /** A project's id from its slug ({@code GET /v1/projects/slug/{slug}}). */
    public String projectId(String token, String slug) {
        String route = "/v1/projects/slug/" + URLEncoder.encode(slug, StandardCharsets.UTF_8);
        JsonNode json = parse(send("GET", route, token, null, null), route);
        String id = json.path("id").asText(json.path("project").path("id").asText(""));
        if (id.isEmpty()) throw new CofferException(CofferException.Kind.SERVER, 200, route + " named no id", null);
        return id;
    }

    /** Lists the scope's secrets (its imports too, references expanded); 304 when {@code etag} still holds. */
    public Listing list(String token, Scope scope, String etag) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(scope.bySlug() ? "workspaceSlug" : "workspaceId", scope.project());
        q.put("environment", scope.environment());
        q.put("secretPath", scope.path());
        q.put("recursive", Boolean.toString(scope.recursive()));
        q.put("expandSecretReferences", "true");
        q.put("include_imports", "true");
        HttpResponse<String> r = send("GET", "/v3/secrets/raw", token, null, q, etag);
        String newEtag = r.headers().firstValue("ETag").orElse(null);
        if (r.statusCode() == 304) return new Listing(true, etag, List.of());
        JsonNode json = parse(r, "/v3/secrets/raw");
        List<Entry> out = new ArrayList<>();
        JsonNode imports = json.path("imports");
        // imports count less than the folder's own secrets, and the first import less than later ones
        for (JsonNode imp : imports) {
            for (JsonNode s : imp.path("secrets"))
                out.add(entry(s, imp.path("secretPath").asText("/"), true));
        }
        for (JsonNode s : json.path("secrets")) out.add(entry(s, scope.path(), false));
        return new Listing(false, newEtag, out);
    }

    private static Entry entry(JsonNode s, String defaultPath, boolean imported) {
        return new Entry(
                s.path("secretPath").asText(defaultPath),
                s.path("secretKey").asText(),
                s.path("secretValue").asText(""),
                s.path("version").asLong(0),
                imported);
    }

    /** The URL of a route under hostAPI (for the events client). */
    URI uri(String route, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(hostApi).append(route);
        if (query != null && !query.isEmpty()) {
            char sep = '?';
            for (Map.Entry<String, String> e : query.entrySet()) {
                sb.append(sep)
                        .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return URI.create(sb.toString());
    }

    private HttpResponse<String> send(String method, String route, String token, Object body, Map<String, String> q) {
        return send(method, route, token, body, q, null);
    }

    private HttpResponse<String> send(
            String method, String route, String token, Object body, Map<String, String> q, String etag) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(route, q))
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("User-Agent", "coffer-operator");
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (etag != null) b.header("If-None-Match", etag);
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            if (s == 200 || s == 304) return r;
            String message = serverMessage(r.body());
            String what = method + " " + route + " answered " + s + (message.isEmpty() ? "" : ": " + message);
            if (s == 401) throw new CofferException(CofferException.Kind.UNAUTHORIZED, s, what, null);
            if (s >= 500) throw new CofferException(CofferException.Kind.SERVER, s, what, null);
            throw new CofferException(CofferException.Kind.REFUSED, s, what, null);
        } catch (IOException e) {
            throw new CofferException(
                    CofferException.Kind.UNREACHABLE,
                    0,
                    "Coffer at " + hostApi + " is unreachable (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CofferException(CofferException.Kind.UNREACHABLE, 0, "interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> r, String route) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CofferException(
                    CofferException.Kind.SERVER, r.statusCode(), route + " did not answer with JSON", null);
        }
    }

    /** The {@code message} of an Infisical error body, cut short; never the body itself. */
    static String serverMessage(String body) {
        try {
            String m = JSON.readTree(body).path("message").asText("");
            return m.length() > 300 ? m.substring(0, 300) + "…" : m;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
