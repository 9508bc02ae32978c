package dev.coffer.server.identities;

import dev.coffer.crypto.Hmac;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.audit.AuditScope;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
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
 *
 * <p>What a common login read (see {@link Presented#plain}) is kept for the next ones by client id and
 * the presented secret's HMAC, so only a caller holding that very secret can find it (and a wrong
 * secret costs the same read whether or not the id exists). It is not trusted for what matters: the
 * login's write counts the secret's use only if the secret is still active and unlimited and its
 * universal auth still unlocked and unchanged since it was read, and otherwise the login is decided
 * anew from the database. An identity's change drops its entries on every node.
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
    /** Common logins' reads, by client id and the presented secret's HMAC. */
    private final TtlCache<String, Presented> recent;

    /** Common logins remembered at most (a few hundred bytes each), and for how long. */
    static final int MAX_REMEMBERED = 4096;

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(1);

    public LoginService(
            Database db,
            UniversalAuthService universalAuth,
            AccessTokens tokens,
            Invalidator invalidator,
            Clock clock) {
        this(db, universalAuth, tokens, invalidator, clock, new ClientSecretMatcher());
    }

    LoginService(
            Database db,
            UniversalAuthService universalAuth,
            AccessTokens tokens,
            Invalidator invalidator,
            Clock clock,
            ClientSecretMatcher matcher) {
        this.db = db;
        this.secretHmac = universalAuth.secretHmac();
        this.tokens = tokens;
        this.clock = clock;
        this.perAddress = new FailedLoginLimiter(MAX_FAILURES_PER_IP_PER_MINUTE, 60_000, MAX_ADDRESSES);
        this.matcher = matcher;
        this.recent = new TtlCache<>(MAX_REMEMBERED, REMEMBERED_FOR, clock);
        invalidator.on(
                Invalidator.Topic.IDENTITY,
                identityId -> recent.invalidateIf(
                        p -> p.identity().map(i -> i.id().equals(identityId)).orElse(false)));
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
        String remembered = id + '|' + Base64.getEncoder().encodeToString(presented);
        Presented found = recent.get(remembered, k -> db.read(tx -> present(tx, id, presented)), Presented::common);
        AccessTokens.TokenResponse plain = found.plain(clock.millis(), clientIp) ? plainLogin(found) : null;
        if (plain != null) return plain;
        // what was kept no longer holds (only a common login's read is kept: a wrong secret's never is,
        // and its failures do not disturb the cache)
        if (found.common()) recent.invalidate(remembered);
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
            return common()
                    && !match.get().expiredAt(now)
                    && TrustedIps.allows(ua.get().clientSecretTrustedIps(), clientIp);
        }

        /** A valid client secret without a use limit, of an identity with no failed attempts and no lock. */
        boolean common() {
            if (ua.isEmpty() || match.isEmpty() || identity.isEmpty()) return false;
            UniversalAuth u = ua.get();
            return u.failedAttempts() == 0
                    && u.lockedUntil() == null
                    && match.get().numUsesLimit() == 0;
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
     * (only if it is still not revoked) and the token written in the transaction of a group of
     * concurrent logins ({@link Database#writeGrouped}), flushed with the next flush, not its own: a
     * power cut in that second can only undo tokens just issued, whose holders log in again. Null when
     * what the login read no longer holds (the secret was revoked, the settings changed, a failure was
     * counted meanwhile); {@link #attempt} then decides inside one write, as it does every failure,
     * lockout and limit.
     */
    private AccessTokens.TokenResponse plainLogin(Presented found) {
        UniversalAuth ua = found.ua().orElseThrow();
        ClientSecret secret = found.match().orElseThrow();
        AccessTokens.Unsigned token = prepare(ua, secret);
        // with the tokens of concurrent logins, in one commit; the secret's use is counted first and the
        // token written only if it counted (what the login read still holds), together with the group's
        // other logins of the same secret
        boolean written = db.writeGrouped(new TokenStore.CommonLogin(token.row(), ua.id(), ua.updatedAt())) == 1;
        if (!written) return null;
        Identity i = found.identity().orElseThrow();
        AuditScope.actor(Actor.Kind.IDENTITY.label(), i.id(), i.name(), i.orgId());
        return tokens.sign(token); // after the commit: the writer is not held while the JWT is made
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
