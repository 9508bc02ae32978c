package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client for Coffer (or any server speaking Infisical's REST API). Thread-safe; make one per
 * application and share it.
 *
 * <p>Reads are cached for {@link Builder#cacheTtl}: within it a read costs no round trip; after it
 * the client revalidates with {@code If-None-Match}, and a 304 keeps the cached secrets. Writes through
 * this client drop the cached reads of their environment at once.
 *
 * <p>Errors are {@link CofferException}s carrying the server's message, which never holds a secret
 * value: the client secret and tokens are removed from it, control and bidi characters escaped and its
 * length bounded ({@link ServerText}). Answers are read up to {@link Builder#maxResponseBytes}. A plain
 * {@code http://} URL to another machine is logged as a warning once, or refused with
 * {@link Builder#requireHttps}. A 401 on a universal-auth client triggers one fresh login and retry.
 */
public final class CofferClient {

    /** The default bound on an answer's body: 32 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;

    private record Cached<T>(T value, String etag, long fetchedAt) {}

    private final Transport transport;
    private final TokenManager tokens;
    private final long cacheTtlMillis;
    private final Clock clock;
    private final Map<Scope, Cached<List<Secret>>> lists = new ConcurrentHashMap<>();
    private final Map<String, Cached<Secret>> singles = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final String eventsPath;

    private CofferClient(Builder b) {
        this.clock = b.clock;
        this.transport =
                new Transport(b.apiUrl, b.timeout, "coffer-java-sdk/0.1.0", b.maxResponseBytes, b.requireHttps);
        this.tokens = new TokenManager(
                transport,
                Objects.requireNonNull(
                        b.credentials, "credentials: call universalAuth(clientId, clientSecret) or token(accessToken)"),
                clock);
        transport.redacting(tokens::sensitive);
        this.cacheTtlMillis = b.cacheTtl.toMillis();
        this.timeout = b.timeout;
        this.eventsPath = b.eventsPath;
        if (b.seedToken != null) tokens.seed(b.seedToken, b.seedExpiresAt, b.seedTtl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server's base URL as used. */
    public String apiUrl() {
        return transport.base();
    }

    /** Logs in now (universal auth), to check credentials early; returns the access token. */
    public String login() {
        if (!tokens.canLogIn()) return tokens.token();
        return tokens.login().path("accessToken").asText();
    }

    /** The current access token (logging in or renewing first if needed). */
    public String accessToken() {
        return tokens.token();
    }

    /** When the current access token expires (epoch millis; Long.MAX_VALUE when it does not). */
    public long accessTokenExpiresAt() {
        return tokens.expiry()[0];
    }

    /** The TTL the server gave the current access token, in millis (0 when unknown or unlimited). */
    public long accessTokenTtl() {
        return tokens.expiry()[1];
    }

    /**
     * Any call of the server's API with this client's credentials (renewed as for every other call):
     * for the administrative routes this class has no method for. JSON in ({@code body}, any value
     * Jackson writes, or null) and out; failures are the same {@link CofferException}s.
     *
     * @param path  the route, e.g. {@code /api/v2/workspace}; segments must already be escaped
     * @param query query parameters (null values left out), or null
     */
    public com.fasterxml.jackson.databind.JsonNode request(
            String method, String path, Map<String, String> query, Object body) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/'");
        return call(method, path, query, body, null).body();
    }

    /** Secrets at the scope's folder (and below, when recursive), in the server's order. */
    public List<Secret> listSecrets(Scope scope) {
        long now = clock.millis();
        Cached<List<Secret>> c = lists.get(scope);
        if (c != null && now - c.fetchedAt() < cacheTtlMillis) return c.value();
        Transport.Reply r = call(
                "GET",
                "/api/v3/secrets/raw",
                Transport.query(
                        "workspaceId",
                        scope.projectId(),
                        "environment",
                        scope.environment(),
                        "secretPath",
                        scope.path(),
                        "recursive",
                        bool(scope.recursive()),
                        "expandSecretReferences",
                        bool(scope.expand()),
                        "include_imports",
                        bool(scope.includeImports())),
                null,
                c == null ? null : c.etag());
        if (r.status() == 304 && c != null) {
            lists.put(scope, new Cached<>(c.value(), c.etag(), now));
            return c.value();
        }
        List<Secret> out = secrets(r.body().path("secrets"));
        Map<String, Secret> byKey = new LinkedHashMap<>();
        for (Secret s : out) byKey.putIfAbsent(s.path() + "\u0000" + s.key(), s);
        JsonNode imports = r.body().path("imports");
        // the last import wins among imports (the server lists them in the order they count)
        for (int i = imports.size() - 1; i >= 0; i--) {
            for (JsonNode s : imports.get(i).path("secrets")) {
                Secret sec = secret(s);
                // local secrets win over imported ones
                if (out.stream().noneMatch(x -> x.key().equals(sec.key())))
                    byKey.putIfAbsent("import\u0000" + sec.key(), sec);
            }
        }
        List<Secret> all = List.copyOf(byKey.values());
        lists.put(scope, new Cached<>(all, r.etag(), now));
        return all;
    }

    /**
     * Calls {@code listener} on a thread of the client's with every change to the scope's secrets (and,
     * with imports included, to folders it imports), until the returned handle is closed. Uses the
     * server's change events (a change is seen within about a second), reconnecting with backoff and
     * logging in again as needed; against a server without them, polls the listing every 10 s with
     * {@code If-None-Match}. Events carry names and versions, never values; this client's cached reads
     * of the project are dropped before the listener runs, so reading in it sees the change.
     */
    public Closeable onChange(Scope scope, Consumer<ChangeEvent> listener) {
        return onChange(scope, Duration.ofSeconds(10), listener);
    }

    /** As {@link #onChange(Scope, Consumer)}, polling every {@code pollInterval} when the server has no events. */
    public Closeable onChange(Scope scope, Duration pollInterval, Consumer<ChangeEvent> listener) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(listener, "listener");
        return ChangeListener.start(this, scope, pollInterval, eventsPath, timeout, listener);
    }

    /** The scope's secrets read now (revalidated with the server whatever the cache's age). */
    List<Secret> listFresh(Scope scope) {
        lists.computeIfPresent(scope, (k, c) -> new Cached<>(c.value(), c.etag(), Long.MIN_VALUE / 2));
        return listSecrets(scope);
    }

    /** Drops cached reads of a project (a change event said it changed). */
    void forgetReads(String projectId) {
        lists.keySet().removeIf(s -> s.projectId().equals(projectId));
        singles.clear();
    }

    boolean canLogIn() {
        return tokens.canLogIn();
    }

    /** The server refused this token: the next call logs in afresh. */
    void refused(String token) {
        if (tokens.canLogIn()) tokens.invalidate(token);
    }

    /** The secrets as a key → value map (later paths win for duplicate keys in recursive listings). */
    public Map<String, String> secretMap(Scope scope) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Secret s : listSecrets(scope)) m.put(s.key(), s.valueText());
        return m;
    }

    /** One secret at the scope's folder. @throws CofferException.NotFound when it does not exist */
    public Secret getSecret(Scope scope, String key) {
        String cacheKey = scope + "\u0000" + key;
        long now = clock.millis();
        Cached<Secret> c = singles.get(cacheKey);
        if (c != null && now - c.fetchedAt() < cacheTtlMillis) return c.value();
        Cached<List<Secret>> list = lists.get(scope);
        if (list != null && now - list.fetchedAt() < cacheTtlMillis && !scope.recursive()) {
            for (Secret s : list.value()) if (s.key().equals(key)) return s;
        }
        Secret s = secret(call("GET", "/api/v3/secrets/raw/" + segment(key), readQuery(scope), null, null)
                .body()
                .path("secret"));
        singles.put(cacheKey, new Cached<>(s, null, now));
        return s;
    }

    /** An earlier version of a secret (never cached). */
    public Secret getSecretVersion(Scope scope, String key, long version) {
        Map<String, String> q = readQuery(scope);
        q.put("version", Long.toString(version));
        return secret(call("GET", "/api/v3/secrets/raw/" + segment(key), q, null, null)
                .body()
                .path("secret"));
    }

    public Secret createSecret(Scope scope, String key, String value, String comment) {
        Map<String, Object> body = writeBody(scope);
        body.put("secretValue", value);
        if (comment != null) body.put("secretComment", comment);
        return written(
                scope,
                () -> secret(call("POST", "/api/v3/secrets/raw/" + segment(key), null, body, null)
                        .body()
                        .path("secret")));
    }

    /** Changes value and/or comment; a null argument leaves that part as it is. */
    public Secret updateSecret(Scope scope, String key, String value, String comment) {
        Map<String, Object> body = writeBody(scope);
        if (value != null) body.put("secretValue", value);
        if (comment != null) body.put("secretComment", comment);
        return written(
                scope,
                () -> secret(call("PATCH", "/api/v3/secrets/raw/" + segment(key), null, body, null)
                        .body()
                        .path("secret")));
    }

    public Secret deleteSecret(Scope scope, String key) {
        return written(
                scope,
                () -> secret(call("DELETE", "/api/v3/secrets/raw/" + segment(key), null, writeBody(scope), null)
                        .body()
                        .path("secret")));
    }

    /**
     * Creates or updates many secrets in one all-or-nothing batch (missing folders are created).
     * Values are keyed by secret name, in the order given.
     */
    public List<Secret> upsertSecrets(Scope scope, Map<String, String> values) {
        Map<String, Object> body = writeBody(scope);
        List<Map<String, Object>> items = new ArrayList<>();
        values.forEach((k, v) -> items.add(Map.of("secretKey", k, "secretValue", v)));
        body.put("secrets", items);
        body.put("mode", "upsert");
        return written(scope, () -> {
            List<Secret> out = new ArrayList<>();
            for (JsonNode s : call("PATCH", "/api/v3/secrets/batch/raw", null, body, null)
                    .body()
                    .path("secrets")) {
                out.add(secret(s));
            }
            return out;
        });
    }

    /** Folders directly under the scope's path (or all below it, when recursive). */
    public List<Folder> listFolders(Scope scope) {
        Transport.Reply r = call(
                "GET",
                "/api/v1/folders",
                Transport.query(
                        "workspaceId",
                        scope.projectId(),
                        "environment",
                        scope.environment(),
                        "path",
                        scope.path(),
                        "recursive",
                        bool(scope.recursive())),
                null,
                null);
        List<Folder> out = new ArrayList<>();
        for (JsonNode f : r.body().path("folders")) {
            String rel = f.path("relativePath").asText(null);
            String full = rel == null ? null : (scope.path().equals("/") ? rel : scope.path() + rel);
            out.add(new Folder(
                    f.path("id").asText(),
                    f.path("name").asText(),
                    f.path("parentId").asText(null),
                    full));
        }
        return out;
    }

    /** Creates folder {@code name} under the scope's path (creating missing parents). */
    public Folder createFolder(Scope scope, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", scope.projectId());
        body.put("environment", scope.environment());
        body.put("path", scope.path());
        body.put("name", name);
        JsonNode f = call("POST", "/api/v1/folders", null, body, null).body().path("folder");
        return new Folder(
                f.path("id").asText(),
                f.path("name").asText(),
                f.path("parentId").asText(null),
                f.path("path").asText(null));
    }

    /** Deletes folder {@code name} under the scope's path, with everything in it. */
    public void deleteFolder(Scope scope, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", scope.projectId());
        body.put("environment", scope.environment());
        body.put("path", scope.path());
        written(scope, () -> call("DELETE", "/api/v1/folders/" + segment(name), null, body, null));
    }

    private <T> T written(Scope scope, Supplier<T> write) {
        try {
            return write.get();
        } finally {
            lists.keySet().removeIf(s -> s.projectId().equals(scope.projectId()));
            singles.clear();
        }
    }

    private Transport.Reply call(String method, String path, Map<String, String> query, Object body, String etag) {
        String token = tokens.token();
        try {
            return transport.send(method, path, query, body, token, etag);
        } catch (CofferException.Unauthorized e) {
            if (!tokens.canLogIn()) throw e;
            tokens.invalidate(token);
            return transport.send(method, path, query, body, tokens.token(), etag);
        }
    }

    private static Map<String, String> readQuery(Scope scope) {
        return Transport.query(
                "workspaceId",
                scope.projectId(),
                "environment",
                scope.environment(),
                "secretPath",
                scope.path(),
                "expandSecretReferences",
                bool(scope.expand()),
                "include_imports",
                bool(scope.includeImports()));
    }

    private static Map<String, Object> writeBody(Scope scope) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", scope.projectId());
        body.put("environment", scope.environment());
        body.put("secretPath", scope.path());
        return body;
    }

    /**
     * The secrets of a listing's {@code secrets} array (an answer of {@link #request} to a list route),
     * read as {@link #listSecrets} reads them.
     */
    public static List<Secret> secrets(JsonNode array) {
        List<Secret> out = new ArrayList<>();
        for (JsonNode s : array) out.add(secret(s));
        return out;
    }

    private static Secret secret(JsonNode s) {
        List<String> tags = new ArrayList<>();
        for (JsonNode t : s.path("tags")) tags.add(t.path("slug").asText());
        return new Secret(
                s.path("id").asText(null),
                s.path("secretKey").asText(),
                SecretText.of(s.path("secretValue").asText("")),
                SecretText.of(s.path("secretComment").asText("")),
                s.path("version").asLong(0),
                s.path("environment").asText(null),
                s.path("secretPath").asText("/"),
                s.path("type").asText("shared"),
                tags);
    }

    private static String segment(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static String bool(boolean b) {
        return b ? "true" : "false";
    }

    /** Settings for a {@link CofferClient}. */
    public static final class Builder {
        private String apiUrl = "http://127.0.0.1:8080";
        private Credentials credentials;
        private Duration timeout = Duration.ofSeconds(10);
        private String eventsPath = ChangeListener.EVENTS_PATH;
        private Duration cacheTtl = Duration.ofSeconds(30);
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private boolean requireHttps;
        private Clock clock = Clock.systemUTC();
        private String seedToken;
        private long seedExpiresAt;
        private long seedTtl;

        /**
         * With universal auth: an access token from an earlier login (and its expiry and TTL in
         * millis), used until it nears expiry or is refused, so a short-lived process skips the login.
         */
        public Builder cachedToken(String accessToken, long expiresAtMillis, long ttlMillis) {
            this.seedToken = accessToken;
            this.seedExpiresAt = expiresAtMillis;
            this.seedTtl = ttlMillis;
            return this;
        }

        /** The server's URL, e.g. {@code https://coffer.example.com} (a trailing {@code /api} is accepted). */
        public Builder apiUrl(String url) {
            this.apiUrl = Objects.requireNonNull(url, "apiUrl");
            return this;
        }

        public Builder universalAuth(String clientId, String clientSecret) {
            this.credentials = new Credentials.UniversalAuth(clientId, clientSecret);
            return this;
        }

        public Builder token(String accessToken) {
            this.credentials = new Credentials.Token(accessToken);
            return this;
        }

        public Builder credentials(Credentials c) {
            this.credentials = c;
            return this;
        }

        /** Where change events are subscribed (tests point it at a path the server lacks). */
        Builder eventsPath(String path) {
            this.eventsPath = path;
            return this;
        }

        /**
         * Timeout for connecting and for each request (default 10 s): GET, POST and DELETE fail when the
         * server is silent for that long; a PATCH (batch upsert) must be answered whole within it.
         */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /** How long reads are served from memory before revalidation (default 30 s; zero disables). */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * The largest answer body the client reads (default {@link #DEFAULT_MAX_RESPONSE_BYTES}, 32 MiB). A
         * larger answer fails with {@link CofferException.Unavailable} as soon as the limit is passed (or at
         * once, when its Content-Length says so); the rest is not read, so a wrong or hostile server cannot
         * exhaust the application's memory.
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes <= 0) throw new IllegalArgumentException("maxResponseBytes must be positive");
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * With {@code true}, {@link #build()} refuses a plain {@code http://} URL to any host other than this
         * machine's loopback interface ({@code localhost}, 127.0.0.0/8, ::1), with an
         * {@link IllegalArgumentException}. By default (false) such a URL is accepted and a warning is
         * logged once per server through {@link System.Logger} {@code dev.coffer.sdk.CofferClient}.
         */
        public Builder requireHttps(boolean require) {
            this.requireHttps = require;
            return this;
        }

        /** The clock for token expiry and cache age (tests substitute one). */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalArgumentException when the API URL is not an http(s) URL with a host, or is plain
         *                                  http to another machine while {@link #requireHttps} is set
         * @throws NullPointerException     when no credentials were given
         */
        public CofferClient build() {
            return new CofferClient(this);
        }
    }
}
