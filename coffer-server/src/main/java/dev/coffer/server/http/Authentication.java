package dev.coffer.server.http;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import java.util.List;

/** The authentication stage: the {@code Authorization} header to an {@link Actor}, or 401. */
public final class Authentication {

    private final List<Authenticator> authenticators;

    public Authentication(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    Actor authenticate(String authorization, String ip, String userAgent) {
        String token = bearer(authorization);
        for (Authenticator a : authenticators) {
            if (a.accepts(token)) return a.authenticate(token, ip, userAgent);
        }
        throw malformed();
    }

    /** Checks again a token that was accepted before (for a request still open); not counted as a use. */
    Actor revalidate(String authorization, String ip, String userAgent) {
        String token = bearer(authorization);
        for (Authenticator a : authenticators) {
            if (a.accepts(token)) return a.revalidate(token, ip, userAgent);
        }
        throw malformed();
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException.Unauthorized(
                    "Missing Authorization header; send 'Authorization: Bearer <access token>'.");
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException.Unauthorized("The Authorization header must be 'Bearer <access token>'.");
        }
        return value.substring(7).trim();
    }

    private static ApiException malformed() {
        return new ApiException.Unauthorized("The access token is malformed or was not issued by this server; "
                + "send 'Authorization: Bearer <access token>' with a token from a login.");
    }
}
