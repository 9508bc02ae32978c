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
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException.Unauthorized(
                    "Missing Authorization header; send 'Authorization: Bearer <access token>'.");
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException.Unauthorized("The Authorization header must be 'Bearer <access token>'.");
        }
        String token = value.substring(7).trim();
        for (Authenticator a : authenticators) {
            if (a.accepts(token)) return a.authenticate(token, ip, userAgent);
        }
        throw new ApiException.Unauthorized("The access token is malformed or was not issued by this server; "
                + "send 'Authorization: Bearer <access token>' with a token from a login.");
    }
}
