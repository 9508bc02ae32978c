package dev.coffer.server.console;

import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.Actor;
import dev.coffer.server.audit.AuditScope;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Request;
import dev.coffer.server.users.Sessions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's session: a user session of {@link Sessions} (the API's own), carried in an
 * {@code HttpOnly}, {@code SameSite=Strict} cookie ({@code Secure} when the request came over TLS, or
 * from a trusted proxy saying {@code X-Forwarded-Proto: https}) as {@code access~refresh~issued}.
 *
 * <p>Idle timeout: the cookie's access token lives {@link Sessions#ACCESS_TTL} seconds; a request more
 * than a minute after the tokens were issued refreshes them (a new cookie), so a console left alone
 * for that long finds its session expired and asks for a login. Logging out ends the session for the
 * API too.
 *
 * <p>CSRF: every POST carries a synchronizer token bound to the session: an HMAC of the session id
 * under a key derived from the root key, so every node computes the same token and it survives
 * refreshes; it is compared in constant time. The login form, before any session, is bound the same
 * way to a random pre-session cookie.
 */
final class ConsoleSession {

    static final String COOKIE = "coffer_session";
    static final String LOGIN_COOKIE = "coffer_login";
    static final String CSRF_FIELD = "csrf";
    private static final long REFRESH_AFTER_SECONDS = 60;

    /** A signed-in person: who, the CSRF token of their session, and a renewed cookie to set (or null). */
    record Visitor(Actor actor, String csrf, String setCookie) {
        @Override
        public String toString() {
            return "Visitor[" + actor + "]";
        }
    }

    private final Sessions sessions;
    private final byte[] csrfKey;
    private final Clock clock;

    ConsoleSession(Sessions sessions, byte[] csrfKey, Clock clock) {
        this.sessions = sessions;
        this.csrfKey = csrfKey.clone();
        this.clock = clock;
    }

    /** The person whose session cookie came with the request, or null when none or no longer valid. */
    Visitor visitor(Request req) {
        String value = cookie(req, COOKIE);
        if (value == null) return null;
        String[] parts = value.split("~", -1);
        if (parts.length != 3) return null;
        Actor actor;
        try {
            actor = sessions.authenticate(parts[0], req.clientIp(), req.userAgent());
        } catch (ApiException e) {
            return null;
        }
        AuditScope.actor(actor.kind().label(), actor.id(), actor.name(), actor.orgId());
        String renewed = null;
        if (clock.millis() / 1000 - issued(parts[2]) > REFRESH_AFTER_SECONDS) {
            try {
                renewed = cookie(sessions.refresh(parts[1]), secure(req));
            } catch (ApiException e) {
                // a concurrent request refreshed first; its answer carries the new cookie
            }
        }
        return new Visitor(actor, csrf("session:" + actor.credentialId()), renewed);
    }

    /** Whether the POST carries the CSRF token of the visitor's session. */
    boolean validCsrf(Visitor v, Form form) {
        return same(v.csrf(), form.get(CSRF_FIELD));
    }

    /** A new pre-session value for the login form's cookie. */
    static String newLoginNonce() {
        return SecureRandoms.base64Url(24);
    }

    /** The login form's token for a pre-session cookie value. */
    String loginCsrf(String nonce) {
        return csrf("login:" + nonce);
    }

    boolean validLoginCsrf(Request req, Form form) {
        String nonce = cookie(req, LOGIN_COOKIE);
        return nonce != null && same(loginCsrf(nonce), form.get(CSRF_FIELD));
    }

    String cookie(Sessions.Tokens t, boolean secure) {
        String value = t.accessToken() + "~" + t.refreshToken() + "~" + clock.millis() / 1000;
        return COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String loginCookie(String nonce, boolean secure) {
        return LOGIN_COOKIE + "=" + nonce + "; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600"
                + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
    }

    static boolean secure(Request req) {
        return "https".equalsIgnoreCase(req.header("x-forwarded-proto"));
    }

    static String cookie(Request req, String name) {
        String header = req.header("cookie");
        if (header == null) return null;
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
        }
        return null;
    }

    private static long issued(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String csrf(String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(binding.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing", e);
        }
    }

    private static boolean same(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
