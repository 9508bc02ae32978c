package dev.coffer.server.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adapts Helidon's web server to the {@link Pipeline}: turns each Helidon request into a
 * {@link RawRequest} (the body still unread, the client address resolved through the trusted proxies)
 * and writes the pipeline's {@link HttpReply}. It also bounds what a client can make the server hold
 * ({@link HttpSettings}: read and idle timeouts, connections, request-line and header sizes), and turns
 * requests Helidon refuses before they reach the pipeline (a malformed request line, HTTP/1.0, oversized
 * headers) into Infisical's error body instead of an empty page or a 5xx.
 */
public final class HttpServer {

    /** Longest request line: room for a long secret name in the path, which then gets its own 4xx. */
    static final int MAX_REQUEST_LINE = 128 * 1024;
    /** Largest header block. */
    static final int MAX_HEADERS = 64 * 1024;

    private static final AtomicLong SEQ = new AtomicLong();

    private final Pipeline pipeline;
    private final long maxBodyBytes;
    private final HttpSettings settings;
    private final Clock clock;
    private final QuietLog clientLog;
    private final List<Runnable> beforeStop = new CopyOnWriteArrayList<>();
    private WebServer server;
    private ConnectionWatch watch;

    public HttpServer(Pipeline pipeline, long maxBodyBytes, HttpSettings settings, Clock clock) {
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
        this.settings = settings;
        this.clock = clock;
        this.clientLog = new QuietLog(System.getLogger(HttpServer.class.getName()), clock, 20);
    }

    /** Starts listening; port 0 picks a free port. */
    public HttpServer start(String host, int port) {
        watch = new ConnectionWatch(settings.readTimeout(), settings.idleTimeout());
        DirectHandler direct = this::direct;
        server = WebServer.builder()
                .host(host)
                .port(port)
                // a java.net.Socket per connection rather than Helidon's NIO channel, which copies every
                // response through an 8 KiB buffer into a write() apiece: a list of 50 secrets (27 KB)
                // took four system calls instead of one, and lists ran about a quarter slower
                .useNio(false)
                // our own limit answers first with a JSON 413; this is the backstop for chunked bodies
                .maxPayloadSize(maxBodyBytes * 2)
                // responses go out in more than one segment; without TCP_NODELAY, Nagle's algorithm and
                // the client's delayed ACK stall each such response by ~40 ms
                .connectionOptions(
                        watch.options(SocketOptions.builder().tcpNoDelay(true).build()))
                .maxTcpConnections(settings.maxConnections())
                .protocols(List.of(Http1Config.builder()
                        .maxPrologueLength(MAX_REQUEST_LINE)
                        .maxHeadersSize(MAX_HEADERS)
                        .addReceiveListener(watch.receiving())
                        .addSendListener(watch.sending())
                        .build()))
                .addConnectionSelector(new RequestLineGate(r ->
                        Json.write(new ErrorMapper.ErrorBody(directId(), r.status(), r.message(), r.error(), null))))
                .directHandlers(d -> {
                    for (EventType t : EventType.values()) d.addHandler(t, direct);
                })
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

    /** Runs {@code hook} when the server stops, before it stops listening (open streams end cleanly). */
    public void beforeStop(Runnable hook) {
        beforeStop.add(hook);
    }

    public void stop() {
        for (Runnable hook : beforeStop) hook.run();
        if (server != null) server.stop();
        if (watch != null) watch.stop();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.name().toLowerCase(), h.get()));
        String peer = peerIp(req.remotePeer().address());
        String clientIp =
                settings.trustedProxies().clientAddress(peer, req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
        // X-Forwarded-Proto counts only from a trusted proxy; a TLS connection is https whatever it says
        if (req.isSecure()) headers.put("x-forwarded-proto", "https");
        else if (!settings.trustedProxies().trusts(peer)) headers.remove("x-forwarded-proto");
        BodyFault[] fault = new BodyFault[1];
        RawRequest raw = new RawRequest(
                req.prologue().method().text(),
                req.path().rawPathNoParams(),
                req.query().rawValue(),
                headers,
                clientIp,
                limit -> {
                    if (!req.content().hasEntity()) return new byte[0];
                    try {
                        return readBody(req, limit + 1);
                    } catch (IOException | RuntimeException e) {
                        fault[0] = bodyFault(e, watch.timedOut(req.remotePeer().address()));
                        throw fault[0];
                    }
                });
        HttpReply reply = pipeline.handle(raw);
        res.status(Status.create(reply.status()));
        reply.headers().forEach(res::header);
        if (fault[0] != null) {
            // the rest of the body is not worth waiting for: answer and close
            res.header(HeaderNames.CONNECTION, "close");
            clientLog.event(clientIp + " " + fault[0].kind() + " (" + reply.status() + ")");
        }
        if (reply.stream() != null) {
            stream(req, res, reply.stream());
        } else if (reply.body() == null) {
            res.send();
        } else {
            // JSON unless the route says otherwise (the API reference's page is HTML)
            if (reply.headers().keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
                res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            }
            res.send(reply.body());
        }
    }

    /**
     * Runs an event stream on this request's thread: the connection is not idle while it is open (the
     * watch does not time it), and it ends when the stream returns or the client goes away.
     */
    private void stream(ServerRequest req, ServerResponse res, EventStream stream) {
        SocketAddress peer = req.remotePeer().address();
        watch.streaming(peer, true);
        try (OutputStream out = res.outputStream()) {
            stream.run(text -> {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            });
        } catch (IOException | UncheckedIOException e) {
            // the client went away: nothing to answer
        } finally {
            stream.cancel();
            watch.streaming(peer, false);
        }
    }

    /** Reads at most {@code max} bytes, telling the watch while the body moves. */
    private byte[] readBody(ServerRequest req, int max) throws IOException {
        SocketAddress peer = req.remotePeer().address();
        watch.bodyProgress(peer);
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            while (out.size() < max) {
                int n = in.read(buf, 0, Math.min(buf.length, max - out.size()));
                if (n < 0) break;
                out.write(buf, 0, n);
                watch.bodyProgress(peer);
            }
            return out.toByteArray();
        } finally {
            watch.bodyDone(peer);
        }
    }

    private BodyFault bodyFault(Throwable e, boolean stalled) {
        for (Throwable c = e; c != null && !stalled; c = c.getCause()) {
            stalled = c instanceof SocketTimeoutException;
        }
        if (stalled) {
            long seconds = Math.max(1, settings.readTimeout().toSeconds());
            return new BodyFault(
                    408,
                    "RequestTimeout",
                    "stalled while sending a request body",
                    "The request body stopped arriving for " + seconds
                            + " s; send the whole body without pausing (or raise COFFER_HTTP_READ_TIMEOUT).");
        }
        if (e instanceof UncheckedIOException
                || e instanceof IOException
                || e instanceof DataReader.InsufficientDataAvailableException) {
            return new BodyFault(
                    400,
                    "BadRequest",
                    "hung up while sending a request body",
                    "The connection ended before the request body was complete; send the whole body.");
        }
        return new BodyFault(
                400,
                "BadRequest",
                "sent a malformed request body",
                "The request body is not valid HTTP/1.1 framing (a malformed chunk or length); "
                        + "send a Content-Length body or well-formed chunks.");
    }

    /**
     * Answers a request Helidon refused before routing, in Infisical's error format. A 5xx here would
     * be a parse failure of the client's bytes (such as a control character in the method), so it is a
     * 400; HTTP/1.0 gets 426 and the protocol to use.
     */
    private DirectHandler.TransportResponse direct(
            DirectHandler.TransportRequest request,
            EventType type,
            Status proposed,
            ServerResponseHeaders headers,
            String message) {
        int status = proposed.code();
        if (type == EventType.HTTP_VERSION_NOT_SUPPORTED || status == 505) status = 426;
        else if (status >= 500 && status != 503) status = 400;
        if (status == 426) headers.set(HeaderNames.UPGRADE, "HTTP/1.1");
        headers.set(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        String reqId = directId();
        if (status == 400 && proposed.code() >= 500) {
            clientLog.event(
                    "a request could not be parsed and was refused (" + proposed.code() + " from the web server)");
        }
        byte[] body =
                Json.write(new ErrorMapper.ErrorBody(reqId, status, directMessage(status), errorName(status), null));
        return DirectHandler.TransportResponse.builder()
                .status(Status.create(status))
                .headers(headers)
                .keepAlive(false)
                .entity(body)
                .build();
    }

    /** A request id for an answer the pipeline did not give (it never saw the request). */
    private String directId() {
        return "req-" + Long.toString(clock.millis(), 36) + "d" + Long.toString(SEQ.incrementAndGet(), 36);
    }

    private String directMessage(int status) {
        return switch (status) {
            case 408 -> "The request did not arrive in time; send it without pausing.";
            case 413 ->
                "The request body is larger than the limit of " + maxBodyBytes
                        + " bytes; split it into smaller requests (or raise COFFER_MAX_BODY_BYTES).";
            case 414 ->
                "The request line is longer than " + MAX_REQUEST_LINE
                        + " bytes; shorten the path and query (names and values belong in the body).";
            case 426 -> "Coffer speaks HTTP/1.1 only; send the request as HTTP/1.1.";
            case 431 -> "The request headers are larger than " + MAX_HEADERS + " bytes; send fewer or shorter headers.";
            case 503 -> "The server is busy; try again shortly.";
            default ->
                "The request is not valid HTTP/1.1 (request line, method, path or headers); "
                        + "check how it is formed.";
        };
    }

    private static String errorName(int status) {
        return switch (status) {
            case 408 -> "RequestTimeout";
            case 413 -> "PayloadTooLarge";
            case 414 -> "URITooLong";
            case 426 -> "UpgradeRequired";
            case 431 -> "RequestHeaderFieldsTooLarge";
            case 501 -> "NotImplemented";
            case 503 -> "ServiceUnavailable";
            default -> "BadRequest";
        };
    }

    private static String peerIp(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "unknown";
    }
}
