package dev.coffer.server.users;

import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Authenticator;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * User sessions. A session holds a short-lived access token ({@code cs.<session id>.<secret>}) and a
 * refresh token ({@code cr.<session id>.<secret>}); only SHA-256 digests of the secrets are stored.
 * Refreshing replaces both, so an old refresh or access token is refused. The session acts in one
 * organization with the user's current role there; removing or deactivating the membership, revoking
 * the session or changing the password ends it at once on every node (the cached rows are dropped
 * through the {@link Invalidator}).
 */
public final class Sessions implements Authenticator {

    /** Lifetime of an access token, in seconds. */
    public static final long ACCESS_TTL = 900;

    /** Lifetime of a session (and so of its refresh tokens) from login, in seconds. */
    public static final long SESSION_TTL = 30L * 86_400;

    static final String ACCESS_PREFIX = "cs.";
    static final String REFRESH_PREFIX = "cr.";

    /** A new or refreshed session's tokens, shown once; {@code toString} leaves them out. */
    public record Tokens(String sessionId, String accessToken, long expiresIn, String refreshToken, String orgId) {
        @Override
        public String toString() {
            return "Session.Tokens[session=" + sessionId + "]";
        }
    }

    private final Database db;
    private final Clock clock;
    private final TtlCache<String, Optional<SessionStore.SessionRow>> cache;

    public Sessions(Database db, Invalidator invalidator, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.cache = new TtlCache<>(100_000, Duration.ofSeconds(30), clock);
        invalidator.on(Invalidator.Topic.SESSION, cache::invalidate);
        invalidator.on(
                Invalidator.Topic.USER,
                id -> cache.invalidateIf(r -> r.isEmpty() || r.get().userId().equals(id)));
        invalidator.onFlushAll(cache::clear);
    }

    @Override
    public boolean accepts(String bearerToken) {
        return bearerToken.startsWith(ACCESS_PREFIX) || bearerToken.startsWith(REFRESH_PREFIX);
    }

    @Override
    public Actor authenticate(String token, String clientIp, String userAgent) {
        if (token.startsWith(REFRESH_PREFIX)) {
            throw new ApiException.Unauthorized("This is a refresh token; send it to POST /api/v1/auth/token for an "
                    + "access token, and send the access token as 'Authorization: Bearer <access token>'.");
        }
        Parsed p = parse(token, ACCESS_PREFIX);
        SessionStore.SessionRow row = cache.get(p.sessionId(), this::load).orElseThrow(Sessions::invalidAccess);
        if (!MessageDigest.isEqual(row.accessHash(), digest(p.secret()))) throw invalidAccess();
        long now = clock.millis();
        if (row.revoked())
            throw new ApiException.Unauthorized("The session was ended (logged out or revoked); log in again.");
        if (now >= row.expiresAt()) throw new ApiException.Unauthorized("The session has expired; log in again.");
        if (now >= row.accessExpiresAt()) {
            throw new ApiException.Unauthorized(
                    "The access token has expired; get a new one with POST /api/v1/auth/token and the refresh token.");
        }
        if (!row.membershipActive()) throw noLongerMember();
        return new Actor(
                Actor.Kind.USER, row.userId(), row.email(), row.orgId(), row.orgRole(), row.id(), clientIp, userAgent);
    }

    /** Starts a session in the caller's transaction. */
    Tokens start(Tx tx, String userId, String orgId, String ip, String userAgent) {
        String id = Ids.newId();
        String access = SecureRandoms.base64Url(32);
        String refresh = SecureRandoms.base64Url(32);
        long now = clock.millis();
        SessionStore.insert(
                tx,
                id,
                userId,
                orgId,
                digest(access),
                digest(refresh),
                now + ACCESS_TTL * 1000,
                now + SESSION_TTL * 1000,
                ip,
                userAgent == null ? "" : userAgent,
                now);
        return new Tokens(
                id, ACCESS_PREFIX + id + "." + access, ACCESS_TTL, REFRESH_PREFIX + id + "." + refresh, orgId);
    }

    /** New access and refresh tokens for a refresh token; the presented one stops working. */
    public Tokens refresh(String refreshToken) {
        Parsed p = parse(refreshToken.trim(), REFRESH_PREFIX);
        byte[] presented = digest(p.secret());
        long now = clock.millis();
        return db.write(tx -> {
            SessionStore.SessionRow row = SessionStore.find(tx, p.sessionId()).orElseThrow(Sessions::invalidRefresh);
            if (!MessageDigest.isEqual(row.refreshHash(), presented) || row.revoked()) throw invalidRefresh();
            if (now >= row.expiresAt()) throw new ApiException.Unauthorized("The session has expired; log in again.");
            if (!row.membershipActive()) throw noLongerMember();
            String access = SecureRandoms.base64Url(32);
            String refresh = SecureRandoms.base64Url(32);
            long accessEnd = Math.min(now + ACCESS_TTL * 1000, row.expiresAt());
            if (!SessionStore.rotate(tx, row.id(), presented, digest(access), digest(refresh), accessEnd, now)) {
                throw invalidRefresh();
            }
            tx.invalidate(Invalidator.Topic.SESSION, row.id());
            return new Tokens(
                    row.id(),
                    ACCESS_PREFIX + row.id() + "." + access,
                    (accessEnd - now + 999) / 1000,
                    REFRESH_PREFIX + row.id() + "." + refresh,
                    row.orgId());
        });
    }

    /** One live session as its owner sees it (the web console's list): no token, no digest. */
    public record Live(
            String id, String ip, String userAgent, long createdAt, long lastUsedAt, long expiresAt, boolean current) {}

    /** The actor's live sessions, newest first, the one the actor is using marked. */
    public List<Live> mine(Actor actor) {
        return list(actor).stream()
                .map(s -> new Live(
                        s.id(),
                        s.ip(),
                        s.userAgent(),
                        s.createdAt(),
                        s.refreshedAt(),
                        s.expiresAt(),
                        s.id().equals(actor.credentialId())))
                .toList();
    }

    /** The actor's live sessions, newest first. */
    List<SessionStore.SessionRow> list(Actor actor) {
        requireUser(actor);
        return db.read(tx -> SessionStore.listLive(tx, actor.id(), clock.millis()));
    }

    /** Ends one of the actor's own sessions; 404 for another user's or an unknown one. */
    public void revoke(Actor actor, String sessionId) {
        requireUser(actor);
        boolean done = Ids.isUuid(sessionId)
                && db.write(tx -> {
                    boolean revoked = SessionStore.revoke(tx, sessionId, actor.id());
                    if (revoked) tx.invalidate(Invalidator.Topic.SESSION, sessionId);
                    return revoked;
                });
        if (!done) throw new ApiException.NotFound("You have no live session with id '" + sessionId + "'.");
    }

    static Actor requireUser(Actor actor) {
        return Authorizer.requirePerson(actor);
    }

    private Optional<SessionStore.SessionRow> load(String id) {
        return db.read(tx -> SessionStore.find(tx, id));
    }

    private record Parsed(String sessionId, String secret) {
        @Override
        public String toString() {
            return "Parsed[session=" + sessionId + "]";
        }
    }

    private static Parsed parse(String token, String prefix) {
        ApiException bad = prefix.equals(ACCESS_PREFIX) ? invalidAccess() : invalidRefresh();
        if (!token.startsWith(prefix)) throw bad;
        String rest = token.substring(prefix.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) throw bad;
        String id = rest.substring(0, dot);
        if (!Ids.isUuid(id)) throw bad;
        return new Parsed(id, rest.substring(dot + 1));
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static ApiException.Unauthorized invalidAccess() {
        return new ApiException.Unauthorized(
                "The access token is not valid (unknown, replaced by a refresh, or malformed); log in again.");
    }

    private static ApiException.Unauthorized invalidRefresh() {
        return new ApiException.Unauthorized("The refresh token is not valid (unknown, already used, or its session "
                + "ended); log in again with POST /api/v1/auth/login.");
    }

    private static ApiException.Unauthorized noLongerMember() {
        return new ApiException.Unauthorized("You are no longer an active member of the session's organization; log "
                + "in again (to another organization, if you belong to one).");
    }
}
