package dev.coffer.operator.coffer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A subscription to Coffer's change events for one scope ({@code POST /v1/events/subscribe/project-events},
 * server-sent events, as Infisical's API has it). Each {@code secret:*} event of the scope calls
 * {@code onChange}; a server without the endpoint (404), a refused token or a dropped connection is
 * reported through {@code onState} and retried with backoff (from 1 s doubling to {@code maxBackoff});
 * the caller keeps polling meanwhile. Heartbeat comments ({@code : ping}) are read and ignored. One
 * thread per subscription; {@link #close()} ends it.
 */
public final class ProjectEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProjectEvents.class.getName());
    static final List<String> EVENTS =
            List.of("secret:create", "secret:update", "secret:delete", "secret:import-mutation");

    /** Why the stream is not (or is again) delivering events. */
    public enum State {
        CONNECTED,
        /** the server has no events endpoint (404): polling only */
        UNSUPPORTED,
        DISCONNECTED
    }

    /** One changed secret as an event names it (never a value). */
    public record Change(String event, String environment, String secretPath, String secretKey, long version) {}

    private final Session session;
    private final String projectId;
    private final String environment;
    private final String secretPath;
    private final Consumer<List<Change>> onChange;
    private final Consumer<State> onState;
    private final Duration maxBackoff;
    private final Thread thread;
    private volatile boolean closed;
    private volatile InputStream current;

    /**
     * @param secretPath the folder; for a recursive scope {@code /path/**}
     */
    public ProjectEvents(
            Session session,
            String projectId,
            String environment,
            String secretPath,
            Consumer<List<Change>> onChange,
            Consumer<State> onState,
            Duration maxBackoff) {
        this.session = session;
        this.projectId = projectId;
        this.environment = environment;
        this.secretPath = secretPath;
        this.onChange = onChange;
        this.onState = onState;
        this.maxBackoff = maxBackoff;
        this.thread = Thread.ofVirtual().name("coffer-events-" + projectId).unstarted(this::run);
    }

    public ProjectEvents start() {
        thread.start();
        return this;
    }

    /** The subscription request's body. */
    Map<String, Object> body() {
        List<Map<String, Object>> register = new ArrayList<>();
        for (String e : EVENTS) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("event", e);
            r.put("conditions", Map.of("environmentSlug", environment, "secretPath", secretPath));
            register.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("register", register);
        return body;
    }

    private void run() {
        long backoff = 1000;
        while (!closed) {
            String token = null;
            try {
                token = session.token();
                boolean delivered = stream(token);
                if (delivered) backoff = 1000;
                if (!closed) onState.accept(State.DISCONNECTED);
            } catch (CofferException e) {
                if (e.kind() == CofferException.Kind.UNAUTHORIZED && token != null) session.invalidate(token);
                if (e.status() == 404) {
                    onState.accept(State.UNSUPPORTED);
                    backoff = maxBackoff.toMillis();
                } else {
                    onState.accept(State.DISCONNECTED);
                }
                LOG.log(Level.FINE, "change events for project {0}: {1}", new Object[] {projectId, e.getMessage()});
            } catch (RuntimeException e) {
                onState.accept(State.DISCONNECTED);
                LOG.log(Level.FINE, "change events for project {0}: {1}", new Object[] {projectId, e.toString()});
            }
            if (closed) return;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, maxBackoff.toMillis());
        }
    }

    /** One connection: true when it was accepted (200) before it ended. */
    private boolean stream(String token) {
        CofferApi api = session.api();
        HttpResponse<InputStream> r;
        try {
            HttpRequest req = HttpRequest.newBuilder(api.uri("/v1/events/subscribe/project-events", null))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "coffer-operator")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(CofferApi.JSON.writeValueAsBytes(body())))
                    .build();
            r = api.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.UNREACHABLE, 0, "events: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CofferException(CofferException.Kind.UNREACHABLE, 0, "interrupted", e);
        }
        int s = r.statusCode();
        if (s != 200) {
            String message;
            try (InputStream in = r.body()) {
                message = CofferApi.serverMessage(new String(in.readNBytes(8192), StandardCharsets.UTF_8));
            } catch (IOException e) {
                message = "";
            }
            CofferException.Kind kind = s == 401
                    ? CofferException.Kind.UNAUTHORIZED
                    : s >= 500 ? CofferException.Kind.SERVER : CofferException.Kind.REFUSED;
            throw new CofferException(kind, s, "events answered " + s + ": " + message, null);
        }
        current = r.body();
        if (closed) closeQuietly(current);
        onState.accept(State.CONNECTED);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            readEvents(in, onChange);
        } catch (IOException e) {
            // the connection dropped (or close() closed it): reconnect
        }
        return true;
    }

    /** Reads an event stream until it ends, passing the changes of each {@code secret:*} event on. */
    static void readEvents(BufferedReader in, Consumer<List<Change>> onChange) throws IOException {
        String event = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) dispatch(event, data.toString(), onChange);
                event = null;
                data.setLength(0);
            } else if (line.startsWith(":")) {
                continue; // heartbeat
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) data.append('\n');
                data.append(line.substring(5).stripLeading());
            }
        }
    }

    private static void dispatch(String event, String data, Consumer<List<Change>> onChange) {
        JsonNode json;
        try {
            json = CofferApi.JSON.readTree(data);
        } catch (IOException e) {
            return;
        }
        JsonNode inner = json.path("data");
        String type = inner.path("eventType").asText(event == null ? "" : event);
        if (!type.startsWith("secret:")) return;
        List<Change> changes = new ArrayList<>();
        JsonNode payload = inner.path("payload");
        if (payload.isArray()) {
            for (JsonNode p : payload) changes.add(change(type, p));
        } else if (payload.isObject()) {
            changes.add(change(type, payload));
        }
        onChange.accept(changes);
    }

    private static Change change(String type, JsonNode p) {
        return new Change(
                type,
                p.path("environment").asText(null),
                p.path("secretPath").asText(null),
                p.path("secretKey").asText(null),
                p.path("secretVersion").asLong(0));
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        InputStream in = current;
        if (in != null) closeQuietly(in);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing
        }
    }
}
