package dev.coffer.operator.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's counters, in Prometheus' text format on {@code /metrics}: syncs and failures per
 * resource ({@code namespace/name}), and the seconds since each resource's last good sync.
 */
public final class Metrics implements AutoCloseable {

    private final Clock clock;
    private final Map<String, AtomicLong> syncs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSync = new ConcurrentHashMap<>();
    private final AtomicLong reloads = new AtomicLong();
    private HttpServer server;

    public Metrics(Clock clock) {
        this.clock = clock;
    }

    public void synced(String resource) {
        syncs.computeIfAbsent(resource, r -> new AtomicLong()).incrementAndGet();
        lastSync.put(resource, clock.millis());
    }

    public void failed(String resource) {
        failures.computeIfAbsent(resource, r -> new AtomicLong()).incrementAndGet();
    }

    public void reloaded(int workloads) {
        reloads.addAndGet(workloads);
    }

    public void forget(String resource) {
        syncs.remove(resource);
        failures.remove(resource);
        lastSync.remove(resource);
    }

    /** The metrics in Prometheus' text exposition format. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP coffer_operator_syncs_total Successful syncs of an InfisicalSecret.\n");
        sb.append("# TYPE coffer_operator_syncs_total counter\n");
        new TreeMap<>(syncs).forEach((r, n) -> line(sb, "coffer_operator_syncs_total", r, n.get()));
        sb.append("# HELP coffer_operator_sync_failures_total Failed syncs of an InfisicalSecret.\n");
        sb.append("# TYPE coffer_operator_sync_failures_total counter\n");
        new TreeMap<>(failures).forEach((r, n) -> line(sb, "coffer_operator_sync_failures_total", r, n.get()));
        sb.append("# HELP coffer_operator_last_sync_age_seconds Seconds since the last successful sync.\n");
        sb.append("# TYPE coffer_operator_last_sync_age_seconds gauge\n");
        long now = clock.millis();
        new TreeMap<>(lastSync)
                .forEach((r, t) -> line(sb, "coffer_operator_last_sync_age_seconds", r, (now - t) / 1000.0));
        sb.append("# HELP coffer_operator_workload_reloads_total Workloads rolled out after a Secret changed.\n");
        sb.append("# TYPE coffer_operator_workload_reloads_total counter\n");
        sb.append("coffer_operator_workload_reloads_total ")
                .append(reloads.get())
                .append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String resource, Object value) {
        int slash = resource.indexOf('/');
        sb.append(name)
                .append("{namespace=\"")
                .append(escape(resource.substring(0, slash)))
                .append("\",name=\"")
                .append(escape(resource.substring(slash + 1)))
                .append("\"} ")
                .append(value)
                .append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Serves {@code /metrics} (and {@code /healthz}) on the port; 0 picks a free one. Returns the port. */
    public int serve(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = text().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/healthz", ex -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
    }
}
