package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Keeps a valid access token: logs in on first use, renews when less than a fifth of the TTL (or a
 * minute) is left, and logs in again when renewal is refused (past the max TTL) or the server says
 * 401. Thread-safe.
 */
final class TokenManager {

    private final Transport transport;
    private final Credentials credentials;
    private final Clock clock;
    private volatile String token; // volatile: read unlocked by sensitive()
    private long expiresAtMillis;
    private long ttlMillis;

    TokenManager(Transport transport, Credentials credentials, Clock clock) {
        this.transport = transport;
        this.credentials = credentials;
        this.clock = clock;
        if (credentials instanceof Credentials.Token t) {
            this.token = t.accessToken();
            this.expiresAtMillis = Long.MAX_VALUE;
        }
    }

    /** A token good for the next request. */
    synchronized String token() {
        if (credentials instanceof Credentials.Token) return token;
        long now = clock.millis();
        if (token == null) {
            login();
        } else if (ttlMillis > 0 && expiresAtMillis - now < Math.min(60_000, ttlMillis / 5)) {
            if (expiresAtMillis <= now) login();
            else renew();
        }
        return token;
    }

    /** Starts from a token obtained earlier (and its expiry), so the first request needs no login. */
    synchronized void seed(String accessToken, long expiresAt, long ttl) {
        this.token = accessToken;
        this.expiresAtMillis = expiresAt;
        this.ttlMillis = ttl;
    }

    /** The current token's expiry (epoch millis) and TTL, for callers that persist it. */
    synchronized long[] expiry() {
        return new long[] {expiresAtMillis, ttlMillis};
    }

    /** Forgets the token after the server refused it, so the next call logs in afresh. */
    synchronized void invalidate(String refused) {
        if (credentials instanceof Credentials.UniversalAuth && refused != null && refused.equals(token)) token = null;
    }

    /** The strings no message may show: the client secret or fixed token, and the current token. */
    Collection<String> sensitive() {
        String current = token;
        List<String> out = new ArrayList<>(2);
        if (credentials instanceof Credentials.UniversalAuth ua) out.add(ua.clientSecret());
        if (current != null) out.add(current);
        return out;
    }

    boolean canLogIn() {
        return credentials instanceof Credentials.UniversalAuth;
    }

    /** Logs in now (used by CLI login to check credentials). Returns the token response. */
    synchronized JsonNode login() {
        Credentials.UniversalAuth ua = (Credentials.UniversalAuth) credentials;
        JsonNode res = transport
                .send(
                        "POST",
                        "/api/v1/auth/universal-auth/login",
                        null,
                        Map.of("clientId", ua.clientId(), "clientSecret", ua.clientSecret()),
                        null,
                        null)
                .body();
        accept(res);
        return res;
    }

    private void renew() {
        JsonNode res;
        try {
            res = transport
                    .send("POST", "/api/v1/auth/token/renew", null, Map.of("accessToken", token), null, null)
                    .body();
        } catch (CofferException.Unauthorized past) {
            login();
            return;
        }
        // From a renewal, expiresIn 0 means less than a second is left before the max TTL (the server rounds
        // down), not "never expires": log in now instead of keeping a token believed to live for ever.
        if (res.path("expiresIn").asLong(0) <= 0) login();
        else accept(res);
    }

    private void accept(JsonNode res) {
        String t = res.path("accessToken").asText(null);
        if (t == null) throw new CofferException("The login answer has no accessToken.", 200, null, null);
        long expiresIn = res.path("expiresIn").asLong(0);
        token = t;
        ttlMillis = expiresIn * 1000;
        expiresAtMillis = expiresIn > 0 ? clock.millis() + ttlMillis : Long.MAX_VALUE;
    }
}
