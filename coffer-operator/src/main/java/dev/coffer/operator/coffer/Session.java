package dev.coffer.operator.coffer;

import java.time.Clock;

/**
 * A logged-in client of one Coffer: universal auth (logs in when it has no token, when the token is
 * about to expire, and again after a 401) or a service token (used as it is). Thread-safe.
 */
public final class Session {

    private final CofferApi api;
    private final String clientId;
    private final String clientSecret;
    private final String serviceToken;
    private final Clock clock;
    private CofferApi.Token token;

    private Session(CofferApi api, String clientId, String clientSecret, String serviceToken, Clock clock) {
        this.api = api;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.serviceToken = serviceToken;
        this.clock = clock;
    }

    public static Session universalAuth(CofferApi api, String clientId, String clientSecret, Clock clock) {
        return new Session(api, clientId, clientSecret, null, clock);
    }

    /**
     * A service token, whole ({@code st.<id>.<secret>.<key>}) as Infisical hands it out, or its bearer
     * part: the first three parts are sent, the key part never leaves the cluster.
     */
    public static Session serviceToken(CofferApi api, String token, Clock clock) {
        String[] parts = token.split("\\.");
        String bearer = parts.length == 4 ? parts[0] + "." + parts[1] + "." + parts[2] : token;
        return new Session(api, null, null, bearer, clock);
    }

    public CofferApi api() {
        return api;
    }

    public boolean isServiceToken() {
        return serviceToken != null;
    }

    /** A token to call with: logs in first when there is none or it expires within 10 seconds. */
    public synchronized String token() {
        if (serviceToken != null) return serviceToken;
        long now = clock.millis();
        if (token == null || token.expiresAtMillis() - 10_000 <= now) {
            try {
                token = api.login(clientId, clientSecret, now);
            } catch (CofferException e) {
                if (e.kind() != CofferException.Kind.UNAUTHORIZED && e.kind() != CofferException.Kind.REFUSED) throw e;
                throw new CofferException(
                        CofferException.Kind.UNAUTHORIZED,
                        e.status(),
                        "universal-auth login as client " + clientId + " was refused (" + e.getMessage() + ")",
                        null);
            }
        }
        return token.value();
    }

    /** Forgets the token (after a 401: expired or revoked), so the next call logs in again. */
    public synchronized void invalidate(String rejected) {
        if (token != null && token.value().equals(rejected)) token = null;
    }

    /** Lists the scope, logging in again once when the token is refused. */
    public CofferApi.Listing list(CofferApi.Scope scope, String etag) {
        String t = token();
        try {
            return api.list(t, scope, etag);
        } catch (CofferException e) {
            if (e.kind() != CofferException.Kind.UNAUTHORIZED || serviceToken != null) throw e;
            invalidate(t);
            return api.list(token(), scope, etag);
        }
    }

    @Override
    public String toString() {
        return "Session[" + api.hostApi() + (serviceToken != null ? " service token" : " client " + clientId) + "]";
    }
}
