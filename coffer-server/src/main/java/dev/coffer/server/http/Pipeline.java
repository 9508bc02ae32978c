package dev.coffer.server.http;

import dev.coffer.server.access.Actor;
import dev.coffer.server.audit.AuditEvent;
import dev.coffer.server.audit.AuditScope;
import dev.coffer.server.audit.AuditSink;
import dev.coffer.server.audit.AuditUnavailable;
import dev.coffer.server.audit.EventTypes;
import dev.coffer.server.errors.ApiException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request path, one stage per job, in order:
 * <ol>
 *   <li>route: method and path to a {@link Router.Match} (404/405 otherwise);</li>
 *   <li>authenticate: for a route that needs it, the bearer token to an {@link Actor} (401);</li>
 *   <li>bound and parse: the body, read only now and only up to the limit (413);</li>
 *   <li>handle: the route's handler, whose service authorizes through the one Authorizer (403/404);</li>
 *   <li>map errors: any failure to Infisical's error body ({@link ErrorMapper});</li>
 *   <li>audit: one {@link AuditEvent} for every request, whatever its outcome, with what the
 *       Authorizer was asked about (an {@link AuditScope} open around the request); when the sink
 *       cannot record it, the answer is withheld and a 503 is sent instead (fail closed);</li>
 *   <li>write: the {@link HttpReply}, for the web server to send; a {@link DeferredBody} (a kept list
 *       answer, sealed) is opened only now, once the request is recorded.</li>
 * </ol>
 * The pipeline knows nothing of the web server; {@link HttpServer} adapts it.
 */
public final class Pipeline {

    private static final Logger LOG = System.getLogger(Pipeline.class.getName());
    private static final AtomicLong SEQ = new AtomicLong();

    private final Router router;
    private final Authentication authentication;
    private final AuditSink audit;
    private final int maxBodyBytes;
    private final Clock clock;

    public Pipeline(Router router, Authentication authentication, AuditSink audit, long maxBodyBytes, Clock clock) {
        this.router = router;
        this.authentication = authentication;
        this.audit = audit;
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes);
        this.clock = clock;
    }

    public Router router() {
        return router;
    }

    public HttpReply handle(RawRequest raw) {
        String requestId = "req-" + Long.toString(clock.millis(), 36) + Long.toString(SEQ.incrementAndGet(), 36);
        Router.Match match = null;
        Actor actor = null;
        HttpReply reply;
        AuditScope scope = AuditScope.begin();
        try {
            match = route(raw);
            if (match.access() == Router.Access.AUTHENTICATED) {
                actor = authentication.authenticate(raw.header("authorization"), raw.clientIp(), userAgent(raw));
            }
            Request request = new Request(
                    raw.method(),
                    raw.rawPath(),
                    match.params(),
                    Query.parse(raw.rawQuery()),
                    raw.headers(),
                    readBody(raw),
                    raw.clientIp());
            if (actor != null) {
                request.actor(actor);
                String authorization = raw.header("authorization");
                request.reauthentication(
                        () -> authentication.revalidate(authorization, raw.clientIp(), userAgent(raw)));
            }
            reply = Replies.of(match.handler().handle(request));
        } catch (Throwable t) {
            reply = Replies.error(ErrorMapper.map(requestId, t), t);
        }
        String route = match != null ? raw.method() + " " + match.template() : raw.method() + " " + safe(raw.rawPath());
        try {
            // public reads (status, the API reference) touch nothing and nobody: not worth a commit each
            if (!(match != null && match.access() == Router.Access.PUBLIC && "GET".equals(raw.method()))) {
                audit.record(event(requestId, raw, match, actor, scope, route, reply.status()));
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.ERROR,
                    () -> requestId + " the audit event could not be recorded (" + AuditUnavailable.reason(e)
                            + "); the answer was withheld");
            if (reply.stream() != null) reply.stream().cancel();
            return Replies.error(
                    new ErrorMapper.ErrorBody(
                            requestId,
                            503,
                            "The request could not be recorded in the audit "
                                    + "trail, so it was not answered; try again later.",
                            "ServiceUnavailable",
                            null),
                    e);
        } finally {
            AuditScope.end();
        }
        try {
            // a kept answer that cannot be opened (its in-memory key gone) is a 500; the event keeps
            // the status the handler decided
            return reply.opened();
        } catch (RuntimeException e) {
            return Replies.error(ErrorMapper.map(requestId, e), e);
        }
    }

    private AuditEvent event(
            String requestId,
            RawRequest raw,
            Router.Match match,
            Actor actor,
            AuditScope scope,
            String route,
            int status) {
        List<String> keys = scope.secretNames();
        return new AuditEvent(
                clock.millis(),
                requestId,
                EventTypes.of(raw.method(), match == null ? null : match.template()),
                actor != null ? actor.kind().label() : scope.actorKind(),
                actor != null ? actor.id() : scope.actorId(),
                actor != null ? actor.name() : scope.actorName(),
                actor != null ? actor.orgId() : scope.orgId(),
                raw.clientIp(),
                userAgent(raw),
                route,
                status,
                scope.projectId(),
                scope.environment(),
                scope.secretPath(),
                keys,
                scope.secretNamesLeftOff());
    }

    private Router.Match route(RawRequest raw) {
        Router.Match match = router.match(raw.method(), raw.rawPath());
        if (match != null) return match;
        if (router.knowsPath(raw.rawPath())) {
            throw new ApiException.NotFound(
                    "Method " + raw.method() + " is not supported on " + safe(raw.rawPath()) + ".");
        }
        throw new ApiException.NotFound("No route " + raw.method() + " " + safe(raw.rawPath())
                + "; the API reference at /api/docs lists the supported paths.");
    }

    private byte[] readBody(RawRequest raw) throws IOException {
        String contentLength = raw.header("content-length");
        if (contentLength != null) {
            long declared;
            try {
                declared = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new ApiException.BadRequest("The Content-Length header is not a number.");
            }
            if (declared > maxBodyBytes) throw tooLarge();
        }
        byte[] data = raw.body().read(maxBodyBytes);
        if (data.length > maxBodyBytes) throw tooLarge();
        return data;
    }

    private ApiException tooLarge() {
        return new ApiException.PayloadTooLarge("The request body is larger than the limit of " + maxBodyBytes
                + " bytes; split it into smaller requests (or raise COFFER_MAX_BODY_BYTES).");
    }

    private static String userAgent(RawRequest raw) {
        String ua = raw.header("user-agent");
        return ua == null ? "" : ua;
    }

    /** A path for a message or an audit event: bounded, so an attacker cannot make us echo megabytes. */
    static String safe(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    /** Turns handler results and errors into replies. */
    static final class Replies {
        private Replies() {}

        static HttpReply of(Object result) {
            if (result instanceof EventStream stream) {
                return new HttpReply(
                        200,
                        Map.of(
                                "Content-Type", "text/event-stream",
                                "Cache-Control", "no-cache",
                                "X-Accel-Buffering", "no"),
                        null,
                        stream);
            }
            if (result instanceof Reply r) {
                if (r.status() != 304 && r.body() instanceof DeferredBody d) {
                    return new HttpReply(r.status(), r.headers(), null, null, d);
                }
                byte[] body = r.status() == 304 || r.body() == null
                        ? null
                        : r.body() instanceof byte[] b ? b : Json.write(r.body());
                return new HttpReply(r.status(), r.headers(), body);
            }
            return new HttpReply(200, Map.of(), Json.write(result));
        }

        static HttpReply error(ErrorMapper.ErrorBody err, Throwable cause) {
            Map<String, String> headers = cause instanceof ApiException.RateLimited rl
                    ? Map.of("Retry-After", Long.toString(rl.retryAfterSeconds()))
                    : Map.of();
            return new HttpReply(err.statusCode(), headers, Json.write(err));
        }
    }
}
