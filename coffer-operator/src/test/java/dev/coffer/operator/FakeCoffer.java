package dev.coffer.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Coffer speaking the few routes the operator calls — login, the listing with ETags,
 * a project by slug, and the change-events stream — so the events client and the instant path can be
 * tested before (and apart from) the server's events endpoint. Events are pushed by the test.
 */
final class FakeCoffer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpServer server;
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    final AtomicInteger version = new AtomicInteger(1);
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger listings = new AtomicInteger();
    final AtomicInteger notModified = new AtomicInteger();
    final AtomicInteger subscriptions = new AtomicInteger();
    final List<JsonNode> subscribeBodies = new CopyOnWriteArrayList<>();
    final List<String> subscribeHeaders = new CopyOnWriteArrayList<>();
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
    /** 200: events; 404: a server without the endpoint; 401: the token is refused. */
    volatile int eventsStatus = 200;
    /** tokens the server no longer accepts (as after expiry or revocation) */
    final List<String> rejected = new CopyOnWriteArrayList<>();

    FakeCoffer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/auth/universal-auth/login", ex -> {
            ex.getRequestBody().readAllBytes();
            reply(ex, 200, "{\"accessToken\":\"tok-" + logins.incrementAndGet() + "\",\"expiresIn\":3600}");
        });
        server.createContext(
                "/api/v1/projects/slug/", ex -> reply(ex, 200, "{\"id\":\"proj-1\",\"slug\":\"floe-platform\"}"));
        server.createContext("/api/v3/secrets/raw", ex -> {
            listings.incrementAndGet();
            if (!authorized(ex)) return;
            String etag = "\"v" + version.get() + "\"";
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                ex.getResponseHeaders().set("ETag", etag);
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            List<Map<String, Object>> list = new ArrayList<>();
            secrets.forEach((k, v) -> list.add(Map.of(
                    "secretKey", k, "secretValue", v, "version", version.get(), "secretPath", "/compute/snowflake")));
            ex.getResponseHeaders().set("ETag", etag);
            reply(ex, 200, JSON.writeValueAsString(Map.of("secrets", list, "imports", List.of())));
        });
        server.createContext("/api/v1/events/subscribe/project-events", ex -> {
            subscriptions.incrementAndGet();
            subscribeBodies.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            subscribeHeaders.add(ex.getRequestHeaders().getFirst("Authorization") + " | "
                    + ex.getRequestHeaders().getFirst("Accept"));
            if (!authorized(ex)) return;
            if (eventsStatus != 200) {
                reply(ex, eventsStatus, "{\"statusCode\":" + eventsStatus + ",\"message\":\"Route not found\"}");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            streams.add(out);
        });
        server.start();
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || rejected.contains(auth.substring("Bearer ".length()))) {
            reply(ex, 401, "{\"statusCode\":401,\"message\":\"Token expired\"}");
            return false;
        }
        return true;
    }

    String hostApi() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /** Changes a secret as a write in Coffer would (a new ETag), without telling subscribers. */
    void write(String key, String value) {
        secrets.put(key, value);
        version.incrementAndGet();
    }

    /** Sends a {@code secret:update} event naming the key to every open stream. */
    void push(String key) {
        String data = "{\"projectType\":\"secret-manager\",\"data\":{\"eventType\":\"secret:update\",\"payload\":"
                + "[{\"environment\":\"prod\",\"secretPath\":\"/compute/snowflake\",\"secretKey\":\"" + key
                + "\",\"secretVersion\":" + version.get() + "}]}}";
        send("event: secret:update\ndata: " + data + "\n\n");
    }

    void send(String text) {
        for (OutputStream out : streams) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                streams.remove(out);
            }
        }
    }

    /** Ends every open stream, as a server restart or a proxy timeout would. */
    void dropStreams() {
        for (OutputStream out : streams) {
            try {
                out.close();
            } catch (IOException e) {
                // already gone
            }
        }
        streams.clear();
    }

    int openStreams() {
        return streams.size();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        dropStreams();
        server.stop(0);
    }
}
