package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches a scope for changes on a thread of its own. It subscribes to the server's change events
 * ({@code POST /api/v1/events/subscribe/project-events}) and hands each event to the listener; when the
 * connection ends it reconnects with a growing pause (0.5 s to 30 s), logs in again on a 401, and on
 * reconnecting compares the folder with what it last saw, so a change made while disconnected is
 * reported too. A server without the endpoint (404), or one that refuses this caller events it may not
 * subscribe to (any other 4xx than 401, 408 and 429), is polled instead: the listing is revalidated with {@code If-None-Match}
 * every poll interval and differences are reported as events.
 */
final class ChangeListener implements Closeable {

    static final String EVENTS_PATH = "/api/v1/events/subscribe/project-events";

    private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN_BACKOFF = 500;
    private static final long MAX_BACKOFF = 30_000;

    private final CofferClient client;
    private final Scope scope;
    private final Duration pollInterval;
    private final Consumer<ChangeEvent> listener;
    private final String eventsPath;
    private final HttpClient http;
    private final Thread thread;
    private volatile boolean closed;
    private volatile InputStream open;
    private volatile boolean polling;
    private volatile boolean connected;
    private Map<String, Secret> seen;

    private ChangeListener(
            CofferClient client,
            Scope scope,
            Duration pollInterval,
            String eventsPath,
            Duration connectTimeout,
            Consumer<ChangeEvent> listener) {
        this.client = client;
        this.scope = scope;
        this.pollInterval = pollInterval;
        this.eventsPath = eventsPath;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.thread = new Thread(this::run, "coffer-change-listener");
        this.thread.setDaemon(true);
    }

    static ChangeListener start(
            CofferClient client,
            Scope scope,
            Duration pollInterval,
            String eventsPath,
            Duration connectTimeout,
            Consumer<ChangeEvent> listener) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        ChangeListener l = new ChangeListener(client, scope, pollInterval, eventsPath, connectTimeout, listener);
        l.seen = l.snapshot();
        l.thread.start();
        return l;
    }

    /** Whether a stream of change events has been open (tests wait for it). */
    boolean connected() {
        return connected;
    }

    /** Whether the server lacks change events and the scope is polled instead. */
    boolean polling() {
        return polling;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        closeStream();
    }

    private void run() {
        long backoff = MIN_BACKOFF;
        while (!closed) {
            try {
                int status = subscribe();
                if (status == 200) {
                    backoff = MIN_BACKOFF;
                } else if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
                    // no change events here (an older server answers 404), or none for this caller: poll instead
                    poll();
                    return;
                } else if (status == 401 && client.canLogIn()) {
                    continue; // the token was dropped; the next attempt logs in afresh
                }
            } catch (IOException | RuntimeException e) {
                if (closed) return;
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "change events: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                return;
            }
            if (!sleep(backoff)) return;
            backoff = Math.min(MAX_BACKOFF, backoff * 2);
        }
    }

    /** One connection: its status, after reading every event it carried when it was 200. */
    private int subscribe() throws IOException, InterruptedException {
        List<Map<String, Object>> register = new ArrayList<>();
        String path = scope.path();
        String glob = scope.recursive() ? (path.equals("/") ? "/**" : path + "/**") : path;
        List<String> types = new ArrayList<>(List.of("secret:create", "secret:update", "secret:delete"));
        if (scope.includeImports()) types.add("secret:import-mutation");
        for (String t : types) {
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("environmentSlug", scope.environment());
            if (!t.equals("secret:import-mutation") || !scope.recursive()) conditions.put("secretPath", glob);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("event", t);
            item.put("conditions", conditions);
            register.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", scope.projectId());
        body.put("register", register);
        String token = client.accessToken();
        HttpRequest req = HttpRequest.newBuilder(URI.create(client.apiUrl() + eventsPath))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("User-Agent", "coffer-java-sdk/0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                if (r.statusCode() == 401) client.refused(token);
                return r.statusCode();
            }
            open = in;
            if (closed) return 200;
            // what changed before this stream began (at start, or while reconnecting) is reported now
            resync();
            connected = true;
            read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            return 200;
        } finally {
            open = null;
        }
    }

    private void read(BufferedReader reader) throws IOException {
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = reader.readLine()) != null && !closed; ) {
            if (line.isEmpty()) {
                if (event != null && data.length() > 0) deliver(event, data.toString());
                event = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
    }

    private void deliver(String type, String data) throws IOException {
        JsonNode payload = JSON.readTree(data).path("data").path("payload");
        List<ChangeEvent.Item> items = new ArrayList<>();
        for (JsonNode p : payload) {
            items.add(new ChangeEvent.Item(
                    p.path("environment").asText(null),
                    p.path("secretPath").asText(null),
                    p.path("secretKey").asText(null),
                    p.path("secretId").asText(null),
                    p.path("secretVersion").asLong(0)));
        }
        client.forgetReads(scope.projectId());
        emit(new ChangeEvent(type, items));
        seen = snapshot(); // what a reconnect compares with: only changes after this one are reported again
    }

    /** Reports what changed since the last look (while no stream was open). */
    private void resync() {
        Map<String, Secret> before = seen;
        Map<String, Secret> now = snapshot();
        if (before != null && now != null) diff(before, now);
        if (now != null) seen = now;
    }

    private void poll() throws InterruptedException {
        polling = true;
        LOG.log(
                System.Logger.Level.INFO,
                "The server offers no change events; polling every " + pollInterval.toMillis() + " ms instead.");
        while (!closed) {
            Thread.sleep(pollInterval.toMillis());
            Map<String, Secret> now = snapshot();
            if (now == null) continue;
            if (seen != null) diff(seen, now);
            seen = now;
        }
    }

    /** The scope's secrets by path and name (revalidated: a 304 when nothing changed), or null on failure. */
    private Map<String, Secret> snapshot() {
        try {
            Map<String, Secret> out = new LinkedHashMap<>();
            for (Secret s : client.listFresh(scope)) out.put(s.path() + "\u0000" + s.key(), s);
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void diff(Map<String, Secret> before, Map<String, Secret> now) {
        List<ChangeEvent.Item> created = new ArrayList<>();
        List<ChangeEvent.Item> updated = new ArrayList<>();
        List<ChangeEvent.Item> deleted = new ArrayList<>();
        for (Map.Entry<String, Secret> e : now.entrySet()) {
            Secret was = before.get(e.getKey());
            if (was == null) created.add(item(e.getValue()));
            else if (was.version() != e.getValue().version()
                    || !String.valueOf(was.id())
                            .equals(String.valueOf(e.getValue().id()))) {
                updated.add(item(e.getValue()));
            }
        }
        for (Map.Entry<String, Secret> e : before.entrySet()) {
            if (!now.containsKey(e.getKey())) deleted.add(item(e.getValue()));
        }
        if (!created.isEmpty()) emit(new ChangeEvent("secret:create", created));
        if (!updated.isEmpty()) emit(new ChangeEvent("secret:update", updated));
        if (!deleted.isEmpty()) emit(new ChangeEvent("secret:delete", deleted));
    }

    private ChangeEvent.Item item(Secret s) {
        return new ChangeEvent.Item(
                s.environment() == null ? scope.environment() : s.environment(),
                s.path(),
                s.key(),
                s.id(),
                s.version());
    }

    private void emit(ChangeEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "A change listener failed: " + ex.getClass().getSimpleName());
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeStream() {
        InputStream in = open;
        if (in == null) return;
        try {
            in.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
