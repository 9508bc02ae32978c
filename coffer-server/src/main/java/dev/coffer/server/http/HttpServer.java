package dev.coffer.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts Helidon's web server to the {@link Pipeline}: turns each Helidon request into a
 * {@link RawRequest} (the body still unread) and writes the pipeline's {@link HttpReply}.
 */
public final class HttpServer {

    private final Pipeline pipeline;
    private final long maxBodyBytes;
    private WebServer server;

    public HttpServer(Pipeline pipeline, long maxBodyBytes) {
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Starts listening; port 0 picks a free port. */
    public HttpServer start(String host, int port) {
        server = WebServer.builder()
                .host(host)
                .port(port)
                // our own limit answers first with a JSON 413; this is the backstop for chunked bodies
                .maxPayloadSize(maxBodyBytes * 2)
                // responses go out in more than one segment; without TCP_NODELAY, Nagle's algorithm and
                // the client's delayed ACK stall each such response by ~40 ms
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.any(this::handle))
                .build()
                .start();
        return this;
    }

    public int port() {
        return server.port();
    }

    public List<Router.RouteInfo> routes() {
        return pipeline.router().routes();
    }

    public void stop() {
        if (server != null) server.stop();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.name().toLowerCase(), h.get()));
        RawRequest raw = new RawRequest(
                req.prologue().method().text(),
                req.path().rawPathNoParams(),
                req.query().rawValue(),
                headers,
                clientIp(req.remotePeer().address()),
                limit -> {
                    if (!req.content().hasEntity()) return new byte[0];
                    try (InputStream in = req.content().inputStream()) {
                        return in.readNBytes(limit + 1);
                    }
                });
        HttpReply reply = pipeline.handle(raw);
        res.status(Status.create(reply.status()));
        reply.headers().forEach(res::header);
        if (reply.body() == null) {
            res.send();
        } else {
            // JSON unless the route says otherwise (the API reference's page is HTML)
            if (reply.headers().keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
                res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            }
            res.send(reply.body());
        }
    }

    private static String clientIp(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "unknown";
    }
}
