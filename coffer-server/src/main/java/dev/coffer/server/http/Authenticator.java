package dev.coffer.server.http;

import dev.coffer.server.access.Actor;

/**
 * Turns one kind of bearer token into an {@link Actor}. Each kind of principal (identity access
 * tokens now; user sessions and service tokens later) is one authenticator registered with
 * {@link Authentication}; adding a kind touches nothing else.
 */
public interface Authenticator {

    /** Whether this authenticator handles tokens of this form (e.g. a JWT, or {@code st.…}). */
    boolean accepts(String bearerToken);

    /** The caller; throws {@code ApiException.Unauthorized} for a bad, expired or revoked token. */
    Actor authenticate(String bearerToken, String clientIp, String userAgent);

    /**
     * The caller again, for a request that stays open and checks its token from time to time (a stream
     * of events): the same answer as {@link #authenticate}, but a check again is not another use of
     * the token.
     */
    default Actor revalidate(String bearerToken, String clientIp, String userAgent) {
        return authenticate(bearerToken, clientIp, userAgent);
    }
}
