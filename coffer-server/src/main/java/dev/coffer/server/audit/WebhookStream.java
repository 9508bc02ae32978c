package dev.coffer.server.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * POSTs committed events to a webhook ({@code COFFER_AUDIT_WEBHOOK_URL}) as JSON lines
 * ({@code application/x-ndjson}), from a thread of its own: a bounded queue between the audit writer
 * and the sender, so a slow or absent receiver never holds a request. A batch that fails is retried
 * with growing pauses ({@link #ATTEMPTS} times); events that do not fit the queue or whose retries run
 * out are dropped, counted ({@link #dropped()}) and logged. The database stays the record.
 */
final class WebhookStream implements Consumer<List<StoredEvent>>, AutoCloseable {

    private static final Logger LOG = System.getLogger(WebhookStream.class.getName());
    static final int ATTEMPTS = 5;
    static final int CAPACITY = 10_000;
    private static final int BATCH = 500;

    private final URI url;
    private final Duration firstPause;
    private final BlockingQueue<StoredEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread sender;
    private volatile boolean closed;

    WebhookStream(URI url, Duration firstPause) {
        this.url = url;
        this.firstPause = firstPause;
        this.sender = Thread.ofPlatform().name("coffer-audit-webhook").daemon().start(this::run);
    }

    /** Queues the events; never waits. */
    @Override
    public void accept(List<StoredEvent> rows) {
        int lost = 0;
        for (StoredEvent r : rows) if (!queue.offer(r)) lost++;
        if (lost > 0) drop(lost, "the webhook queue is full (" + CAPACITY + " events)");
    }

    long dropped() {
        return dropped.get();
    }

    long sent() {
        return sent.get();
    }

    private void run() {
        List<StoredEvent> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                StoredEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<StoredEvent> batch) throws InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventLines.of(batch)))
                .build();
        long pause = firstPause.toMillis();
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS && !closed; attempt++) {
            try {
                int status =
                        client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    sent.addAndGet(batch.size());
                    return;
                }
                last = "HTTP " + status;
            } catch (java.io.IOException e) {
                last = e instanceof java.net.http.HttpTimeoutException
                        ? "timed out"
                        : e instanceof java.net.ConnectException ? "connection refused" : "connection failed";
            }
            if (attempt < ATTEMPTS) {
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 30_000);
            }
        }
        drop(batch.size(), "the webhook did not accept them after " + ATTEMPTS + " attempts (" + last + ")");
    }

    private void drop(int n, String why) {
        long total = dropped.addAndGet(n);
        LOG.log(
                Level.WARNING,
                () -> "dropped " + n + " audit events for the webhook: " + why + "; " + total
                        + " dropped since start (the database still holds them)");
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
