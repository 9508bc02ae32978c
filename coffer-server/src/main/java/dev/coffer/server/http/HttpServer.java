package dev.coffer.server.http;

import dev.coffer.server.access.Actor;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Glue between Helidon's web server and Coffer's {@link Router}: reads the request (bounded body),
 * authenticates when the route needs it, runs the handler, and writes JSON. Every failure goes
 * through {@link ErrorMapper}, so clients only ever see the error format.
 */
public final class HttpServer {

    private final Router router;
    private final Authenticator authenticator;
    private final long maxBodyBytes;
    private WebServer server;

    public HttpServer(Router router, Authenticator authenticator, long maxBodyBytes) {
        this.router = router;
        this.authenticator = authenticator;
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

    public java.util.List<Router.RouteInfo> routes() {
        return router.routes();
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        if (server != null) server.stop();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        Object result;
        try {
            result = dispatch(req);
        } catch (Throwable t) {
            ErrorMapper.ErrorBody err = ErrorMapper.map(t);
            if (t instanceof ApiException.RateLimited rl) {
                res.header("Retry-After", Long.toString(rl.retryAfterSeconds()));
            }
            send(res, err.statusCode(), Json.write(err));
            return;
        }
        if (result instanceof Reply reply) {
            reply.headers().forEach(res::header);
            if (reply.status() == 304 || reply.body() == null) {
                res.status(Status.create(reply.status())).send();
            } else {
                send(res, reply.status(), reply.body() instanceof byte[] b ? b : Json.write(reply.body()));
            }
        } else {
            send(res, 200, Json.write(result));
        }
    }

    private static void send(ServerResponse res, int status, byte[] json) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.send(json);
    }

    private Object dispatch(ServerRequest req) throws Exception {
        String method = req.prologue().method().text();
        String rawPath = req.path().rawPathNoParams();
        Router.Match match = router.match(method, rawPath);
        if (match == null) {
            if (router.knowsPath(rawPath)) {
                throw new ApiException.NotFound("Method " + method + " is not supported on " + safe(rawPath) + ".");
            }
            throw new ApiException.NotFound("No route " + method + " " + safe(rawPath)
                    + "; see the API reference for the supported paths.");
        }
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.name().toLowerCase(), h.get()));
        String ip = clientIp(req.remotePeer().address());
        // authenticate before reading the body, so a caller without a token cannot make us read megabytes
        Actor actor = match.access() == Router.Access.AUTHENTICATED
                ? authenticate(headers.get("authorization"), ip, headers.getOrDefault("user-agent", "")) : null;
        byte[] body = readBody(req, headers.get("content-length"));
        Map<String, String> q = new HashMap<>();
        for (String name : req.query().names()) {
            q.put(name, req.query().all(name).getFirst());
        }
        Request request = new Request(method, rawPath, match.params(), new Query(q), headers, body, ip);
        if (actor != null) request.actor(actor);
        return match.handler().handle(request);
    }

    private Actor authenticate(String authorization, String ip, String userAgent) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException.Unauthorized("Missing Authorization header; send 'Authorization: Bearer <access token>'.");
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException.Unauthorized("The Authorization header must be 'Bearer <access token>'.");
        }
        return authenticator.authenticate(value.substring(7).trim(), ip, userAgent);
    }

    private byte[] readBody(ServerRequest req, String contentLength) throws IOException {
        if (contentLength != null) {
            long declared;
            try {
                declared = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new ApiException.BadRequest("The Content-Length header is not a number.");
            }
            if (declared > maxBodyBytes) throw tooLarge();
        }
        if (!req.content().hasEntity()) return new byte[0];
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (data.length > maxBodyBytes) throw tooLarge();
            return data;
        }
    }

    private ApiException tooLarge() {
        return new ApiException.PayloadTooLarge("The request body is larger than the limit of " + maxBodyBytes
                + " bytes; split it into smaller requests (or raise COFFER_MAX_BODY_BYTES).");
    }

    private static String clientIp(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "unknown";
    }

    /** A path for an error message: bounded in length so an attacker cannot make us echo megabytes. */
    private static String safe(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }
}
