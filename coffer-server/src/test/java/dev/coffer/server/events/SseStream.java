package dev.coffer.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test's subscriber to the change-event endpoint over a real HTTP connection: the status and headers
 * as they arrive, then each server-sent event (and each comment line, such as a heartbeat) as it is read,
 * and the whole text received, to check that no value ever went out.
 */
final class SseStream implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One message: an event with its id, type and JSON data, or a comment ({@code event} null). */
    record Message(String id, String event, JsonNode data, String comment) {}

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final String errorBody;

    private SseStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        if (response.statusCode() != 200) {
            try (Stream<String> lines = response.body()) {
                errorBody = String.join("\n", lines.toList());
            }
            ended.complete(null);
            return;
        }
        errorBody = null;
        Thread.ofVirtual().start(this::read);
    }

    static SseStream open(String baseUrl, String token, Object body) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events/subscribe/project-events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Api.JSON.writeValueAsBytes(body)))
                    .build();
            return new SseStream(
                    HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the subscription did not answer within 10 s", e);
        }
    }

    private void read() {
        String id = null;
        String event = null;
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                text.append(line).append('\n');
                if (line.isEmpty()) {
                    if (event != null || !data.isEmpty()) {
                        messages.add(new Message(id, event, Api.JSON.readTree(String.join("\n", data)), null));
                    }
                    id = null;
                    event = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    messages.add(new Message(null, null, null, line.substring(1).trim()));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).trim());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the connection ended
        } finally {
            ended.complete(null);
        }
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The error body of a refused subscription. */
    JsonNode error() {
        try {
            return Api.JSON.readTree(errorBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event (comments skipped) within the time, or null. */
    Message nextEvent(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Message m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null || m.event() != null) return m;
        }
    }

    /** The next comment line (such as a heartbeat) within the time, or null. */
    String nextComment(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Message m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) return null;
            if (m.comment() != null) return m.comment();
        }
    }

    /** Whether the server ended the stream within the time. */
    boolean endsWithin(Duration within) {
        try {
            ended.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Everything received so far. */
    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}
