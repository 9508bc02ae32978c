package dev.coffer.server.http;

import dev.coffer.server.access.Actor;

/** Turns a bearer token into an {@link Actor}, or throws {@link ApiException.Unauthorized}. */
@FunctionalInterface
public interface Authenticator {
    Actor authenticate(String bearerToken, String clientIp, String userAgent);
}
