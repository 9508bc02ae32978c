package dev.coffer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.access.Actor;
import java.util.Map;

/** One parsed HTTP request as the routes see it. */
public final class Request {

    private final String method;
    private final String path;
    private final Map<String, String> params;
    private final Query query;
    private final Map<String, String> headers;
    private final byte[] rawBody;
    private final String clientIp;
    private Actor actor;
    private Body body;
    private java.util.function.Supplier<Actor> reauthentication;

    public Request(
            String method,
            String path,
            Map<String, String> params,
            Query query,
            Map<String, String> headers,
            byte[] rawBody,
            String clientIp) {
        this.method = method;
        this.path = path;
        this.params = params;
        this.query = query;
        this.headers = headers;
        this.rawBody = rawBody;
        this.clientIp = clientIp;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** A path parameter from the route template, decoded. */
    public String param(String name) {
        return params.get(name);
    }

    public Query query() {
        return query;
    }

    /** A request header by lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public String clientIp() {
        return clientIp;
    }

    public String userAgent() {
        String ua = headers.get("user-agent");
        return ua == null ? "" : ua;
    }

    /** The JSON body as an object; an empty body is an empty object. Parsed once. */
    public Body body() {
        if (body == null) {
            JsonNode node = Json.parse(rawBody);
            body = new Body(node);
        }
        return body;
    }

    /** The body as received (a web form's, for the console), at most the configured limit. */
    public byte[] rawBody() {
        return rawBody;
    }

    /** The authenticated caller; only routes that require authentication may call this. */
    public Actor actor() {
        if (actor == null) throw new IllegalStateException("route reads the actor but is not authenticated");
        return actor;
    }

    void actor(Actor actor) {
        this.actor = actor;
    }

    /**
     * The caller as its token stands now: a request that stays open (a stream of events) asks again
     * from time to time, and ends once the token is revoked or expired ({@code Unauthorized}). Does not
     * count as a use of the token.
     */
    public Actor reauthenticate() {
        if (reauthentication == null) throw new IllegalStateException("route is not authenticated");
        return reauthentication.get();
    }

    void reauthentication(java.util.function.Supplier<Actor> again) {
        this.reauthentication = again;
    }
}
