package dev.coffer.server.identities;

import dev.coffer.crypto.Hmac;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.audit.AuditScope;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Universal-auth login: client id + client secret → access token.
 *
 * <p>A caller who does not hold a valid client secret learns nothing about the client id: an unknown
 * id, a wrong secret, a locked identity and a wrong secret from outside the trusted IPs all get the
 * same 401 with the same message, and do the same work (the identity's row and its secrets are looked
 * up, the secret's HMAC is compared in constant time against each active secret or against a decoy,
 * and one failure-counter update is written). Only a correct secret learns more: that it came from an
 * untrusted address, is expired or used up.
 *
 * <p>After {@code lockoutThreshold} failures, each within {@code lockoutCounterResetSeconds} of the
 * previous one, the method is locked for {@code lockoutDurationSeconds}, and while locked even a
 * correct secret is refused.
 */
public final class LoginService {

    /** The one answer to every login that does not prove knowledge of a valid client secret. */
    static final String INVALID = "Invalid credentials: the client id or client secret is wrong, or the "
            + "identity is temporarily locked after repeated failed logins; check them, or try again later.";

    /** Failed logins allowed per client address per minute, across all identities. */
    static final int MAX_FAILURES_PER_IP_PER_MINUTE = 100;

    /** Client addresses whose failures are remembered at most (about 224 bytes each, 11 MB in all). */
    static final int MAX_ADDRESSES = 50_000;

    private final Database db;
    private final Hmac secretHmac;
    private final AccessTokens tokens;
    private final Clock clock;
    private final FailedLoginLimiter perAddress;
    private final ClientSecretMatcher matcher;

    public LoginService(Database db, UniversalAuthService universalAuth, AccessTokens tokens, Clock clock) {
        this(db, universalAuth, tokens, clock, new ClientSecretMatcher());
    }

    LoginService(
            Database db,
            UniversalAuthService universalAuth,
            AccessTokens tokens,
            Clock clock,
            ClientSecretMatcher matcher) {
        this.db = db;
        this.secretHmac = universalAuth.secretHmac();
        this.tokens = tokens;
        this.clock = clock;
        this.perAddress = new FailedLoginLimiter(MAX_FAILURES_PER_IP_PER_MINUTE, 60_000, MAX_ADDRESSES);
        this.matcher = matcher;
    }

    private sealed interface Outcome {
        record Success(AccessTokens.TokenResponse token) implements Outcome {}

        record Failure(ApiException error) implements Outcome {}
    }

    public AccessTokens.TokenResponse login(String clientId, String clientSecret, String clientIp) {
        // client ids are lower-case UUIDs; case and whitespace variants map to the same row (and lockout)
        String id = clientId.trim().toLowerCase(Locale.ROOT);
        byte[] presented = secretHmac.mac(clientSecret.trim());
        perAddress.check(clientIp, clock.millis());
        // the one comparison of the presented secret, made on a read (an unknown id against a decoy)
        Presented found = db.read(tx -> present(tx, id, presented));
        AccessTokens.TokenResponse plain = found.plain(clock.millis(), clientIp) ? plainLogin(found) : null;
        if (plain != null) return plain;
        Outcome outcome = db.write(tx -> attempt(tx, id, found.match(), clientIp));
        return switch (outcome) {
            case Outcome.Success s -> s.token();
            case Outcome.Failure f -> {
                perAddress.recordFailure(clientIp, clock.millis());
                throw f.error();
            }
        };
    }

    /** What a login read: the identity's universal auth, the client secret that matched and who it is. */
    private record Presented(Optional<UniversalAuth> ua, Optional<ClientSecret> match, Optional<Identity> identity) {

        /**
         * Whether this is the common login: a valid client secret without a use limit, of an identity
         * with no failed attempts to reset and no lock, from an address its settings allow.
         */
        boolean plain(long now, String clientIp) {
            if (ua.isEmpty() || match.isEmpty() || identity.isEmpty()) return false;
            UniversalAuth u = ua.get();
            ClientSecret s = match.get();
            return u.failedAttempts() == 0
                    && u.lockedUntil() == null
                    && s.numUsesLimit() == 0
                    && !s.expiredAt(now)
                    && TrustedIps.allows(u.clientSecretTrustedIps(), clientIp);
        }
    }

    /** A client id's universal auth, the identity it stands for and that identity's active client secrets. */
    private record Lookup(Optional<UniversalAuth> ua, String identityId, List<ClientSecret> active) {}

    private static Lookup lookUp(Tx tx, String id) {
        Optional<UniversalAuth> found = Ids.isUuid(id) ? IdentityStore.universalAuthForLogin(tx, id) : Optional.empty();
        // an unknown id looks up the secrets of an identity that does not exist: the same query, no rows
        String identityId = found.map(UniversalAuth::identityId).orElseGet(Ids::newId);
        return new Lookup(found, identityId, IdentityStore.activeClientSecrets(tx, identityId));
    }

    private Presented present(Tx tx, String id, byte[] presented) {
        Lookup l = lookUp(tx, id);
        Optional<ClientSecret> match = matcher.match(l.active(), presented);
        return new Presented(
                l.ua(), match, match.isPresent() ? IdentityStore.find(tx, l.identityId()) : Optional.empty());
    }

    /**
     * The common login, written without holding the writer while it read: the secret's use is counted
     * (only if it is still not revoked) and the token written in one short transaction flushed with the
     * next flush, not its own: a power cut in that second can only undo tokens just issued, whose
     * holders log in again. Null when the secret was revoked meanwhile; {@link #attempt} then decides
     * inside one write, as it does every failure, lockout and limit.
     */
    private AccessTokens.TokenResponse plainLogin(Presented found) {
        UniversalAuth ua = found.ua().orElseThrow();
        ClientSecret secret = found.match().orElseThrow();
        AccessTokens.Unsigned token = prepare(ua, secret);
        try {
            db.writeFlushedLater(tx -> {
                // the token's row first and the secret's use counted last: every login with this secret
                // takes the count's row lock, which is then held only until the commit (on PostgreSQL,
                // concurrent logins with one secret queued behind the insert and its round trip too)
                AccessTokens.write(tx, token);
                if (!IdentityStore.countUnlimitedClientSecretUse(tx, secret.id())) throw new RevokedMeanwhile();
                return null;
            });
        } catch (RevokedMeanwhile e) {
            return null; // rolled back, the token's row with it
        }
        Identity i = found.identity().orElseThrow();
        AuditScope.actor(Actor.Kind.IDENTITY.label(), i.id(), i.name(), i.orgId());
        return tokens.sign(token); // after the commit: the writer is not held while the JWT is made
    }

    /** Rolls a common login's transaction back: its secret was revoked (or given a limit) since the read. */
    private static final class RevokedMeanwhile extends RuntimeException {
        RevokedMeanwhile() {
            super(null, null, false, false);
        }
    }

    /** Any other login, in one write: {@code matched} is the secret the read found, if still active. */
    private Outcome attempt(Tx tx, String id, Optional<ClientSecret> matched, String clientIp) {
        Lookup l = lookUp(tx, id);
        Optional<UniversalAuth> found = l.ua();
        String identityId = l.identityId();
        Optional<ClientSecret> match = matched.flatMap(
                m -> l.active().stream().filter(a -> a.id().equals(m.id())).findFirst());
        long now = clock.millis();
        // names who tried in the request's audit event; an unknown id runs the same query on no row
        IdentityStore.find(tx, identityId)
                .ifPresent(i -> AuditScope.actor(Actor.Kind.IDENTITY.label(), i.id(), i.name(), i.orgId()));
        if (found.isEmpty()) {
            IdentityStore.recordFailure(tx, Ids.newId(), 0, null, null); // the same write, on no row
            return invalid();
        }
        UniversalAuth ua = found.get();
        if (ua.lockoutEnabled() && ua.lockedUntil() != null && ua.lockedUntil() > now) {
            // unchanged: guesses during a lock do not extend it
            IdentityStore.recordFailure(tx, ua.id(), ua.failedAttempts(), ua.firstFailureAt(), ua.lockedUntil());
            return invalid();
        }
        if (match.isEmpty()) {
            recordFailure(tx, ua, now);
            return invalid();
        }
        ClientSecret secret = match.get();
        if (!TrustedIps.allows(ua.clientSecretTrustedIps(), clientIp)) {
            return new Outcome.Failure(TrustedIps.denied(clientIp, "This identity's client secrets"));
        }
        if (secret.expiredAt(now)) {
            IdentityStore.revokeClientSecret(tx, secret.id(), now);
            return new Outcome.Failure(new ApiException.Unauthorized(
                    "Access denied: the client secret has expired; " + "create a new one."));
        }
        if (secret.numUsesLimit() > 0 && secret.numUses() >= secret.numUsesLimit()) {
            return new Outcome.Failure(new ApiException.Unauthorized(
                    "Access denied: the client secret has reached its " + "usage limit; create a new one."));
        }
        IdentityStore.countClientSecretUse(tx, secret.id());
        if (ua.failedAttempts() > 0 || ua.lockedUntil() != null)
            IdentityStore.recordFailure(tx, ua.id(), 0, null, null);
        return new Outcome.Success(tokens.issue(tx, prepare(ua, secret)));
    }

    /** A token for a login with {@code secret}, on the identity's universal-auth settings. */
    private AccessTokens.Unsigned prepare(UniversalAuth ua, ClientSecret secret) {
        return tokens.prepare(
                ua.identityId(),
                "universal-auth",
                secret.id(),
                ua.accessTokenTtl(),
                ua.accessTokenMaxTtl(),
                ua.accessTokenNumUsesLimit(),
                ua.accessTokenTrustedIps());
    }

    private static Outcome invalid() {
        return new Outcome.Failure(new ApiException.Unauthorized(INVALID));
    }

    /** Counts a wrong secret toward the lockout; always one update, so every failure costs the same. */
    private static void recordFailure(Tx tx, UniversalAuth ua, long now) {
        if (!ua.lockoutEnabled()) {
            IdentityStore.recordFailure(tx, ua.id(), 0, null, null);
            return;
        }
        // the counter slides: it resets when no failure came within lockoutCounterResetSeconds
        boolean fresh =
                ua.firstFailureAt() == null || now - ua.firstFailureAt() > ua.lockoutCounterResetSeconds() * 1000L;
        int failures = fresh ? 1 : ua.failedAttempts() + 1;
        if (failures >= ua.lockoutThreshold()) {
            IdentityStore.recordFailure(tx, ua.id(), 0, null, now + ua.lockoutDurationSeconds() * 1000L);
        } else {
            IdentityStore.recordFailure(tx, ua.id(), failures, now, null);
        }
    }
}
