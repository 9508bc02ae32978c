package dev.coffer.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP proxy in front of a test server, on a random port: forwards each request and records
 * method, path, the If-None-Match it carried and the status the server answered. The SDK under test
 * talks to {@link #baseUrl()}, so the test can count exactly what went over the wire.
 */
public final class CountingProxy implements AutoCloseable {

    /** One forwarded request and the server's answer (502 when the server could not be reached). */
    public record Exchange(String method, String path, String ifNoneMatch, int status) {
        @Override
        public String toString() {
            return method + " " + path + (ifNoneMatch == null ? "" : " [If-None-Match]") + " -> " + status;
        }
    }

    private static final List<String> REQUEST_HEADERS =
            List.of("Authorization", "Content-Type", "Accept", "If-None-Match", "User-Agent");
    private static final List<String> RESPONSE_HEADERS = List.of("ETag", "Content-Type", "Cache-Control");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile String target;

    private CountingProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static CountingProxy to(String targetBaseUrl) {
        try {
            return new CountingProxy(targetBaseUrl);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forwards to another server from now on (a restarted test server listens on a new port). */
    public void retarget(String targetBaseUrl) {
        this.target = targetBaseUrl;
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The exchanges whose path is {@code path} (query excluded). */
    public List<Exchange> to(String method, String path) {
        return exchanges.stream()
                .filter(e -> e.method().equals(method) && e.path().equals(path))
                .toList();
    }

    public void clear() {
        exchanges.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        int status;
        byte[] out;
        HttpResponse<byte[]> res = null;
        try {
            String raw = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + raw))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : REQUEST_HEADERS) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) b.header(h, v);
            }
            res = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = res.statusCode();
            out = res.body();
        } catch (IOException | InterruptedException e) {
            status = 502;
            out = new byte[0];
        }
        exchanges.add(new Exchange(method, uri.getPath(), ifNoneMatch, status));
        if (res != null) {
            for (String h : RESPONSE_HEADERS)
                res.headers()
                        .firstValue(h)
                        .ifPresent(v -> ex.getResponseHeaders().set(h, v));
        }
        boolean noBody = status == 304 || status == 204 || out.length == 0;
        ex.sendResponseHeaders(status, noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }
}
