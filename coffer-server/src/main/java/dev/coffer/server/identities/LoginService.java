package dev.coffer.server.identities;

import dev.coffer.crypto.ConstantTime;
import dev.coffer.crypto.Hmac;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Universal-auth login: client id + client secret → access token. The secret's HMAC is compared in
 * constant time against every active secret of the identity; an unknown client id does the same work
 * and gets the same answer as a wrong secret. After {@code lockoutThreshold} failures, each within
 * {@code lockoutCounterResetSeconds} of the previous one, the method is locked for
 * {@code lockoutDurationSeconds}, and while locked even a correct secret is refused.
 */
public final class LoginService {

    static final String INVALID = "Invalid credentials: the client id or client secret is wrong.";
    static final String LOCKED =
            "This identity auth method is temporarily locked after repeated failed logins; " + "try again later.";

    /** Failed logins allowed per client address per minute, across all identities. */
    static final int MAX_FAILURES_PER_IP_PER_MINUTE = 100;

    /** Client addresses whose failures are remembered at most (a few MB). */
    static final int MAX_ADDRESSES = 50_000;

    private final Database db;
    private final Hmac secretHmac;
    private final AccessTokens tokens;
    private final Clock clock;
    private final FailedLoginLimiter perAddress;

    public LoginService(Database db, UniversalAuthService universalAuth, AccessTokens tokens, Clock clock) {
        this.db = db;
        this.secretHmac = universalAuth.secretHmac();
        this.tokens = tokens;
        this.clock = clock;
        this.perAddress = new FailedLoginLimiter(MAX_FAILURES_PER_IP_PER_MINUTE, 60_000, MAX_ADDRESSES);
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
        Outcome outcome = db.write(tx -> {
            Optional<UniversalAuth> found =
                    Ids.isUuid(id) ? IdentityStore.universalAuthForLogin(tx, id) : Optional.empty();
            if (found.isEmpty()) {
                IdentityStore.activeClientSecrets(tx, Ids.newId()); // same work as a known id
                return new Outcome.Failure(new ApiException.Unauthorized(INVALID));
            }
            UniversalAuth ua = found.get();
            long now = clock.millis();
            if (ua.lockoutEnabled() && ua.lockedUntil() != null && ua.lockedUntil() > now) {
                return new Outcome.Failure(new ApiException.Unauthorized(LOCKED));
            }
            if (!TrustedIps.allows(ua.clientSecretTrustedIps(), clientIp)) {
                return new Outcome.Failure(TrustedIps.denied(clientIp, "This identity's client secrets"));
            }
            ClientSecret match = null;
            for (ClientSecret s : IdentityStore.activeClientSecrets(tx, ua.identityId())) {
                if (ConstantTime.equals(s.hmac(), presented) & match == null) match = s;
            }
            if (match == null) {
                recordFailure(tx, ua, now);
                return new Outcome.Failure(new ApiException.Unauthorized(INVALID));
            }
            if (match.expiredAt(now)) {
                IdentityStore.revokeClientSecret(tx, match.id(), now);
                return new Outcome.Failure(new ApiException.Unauthorized(
                        "Access denied: the client secret has expired; " + "create a new one."));
            }
            if (match.numUsesLimit() > 0 && match.numUses() >= match.numUsesLimit()) {
                return new Outcome.Failure(new ApiException.Unauthorized(
                        "Access denied: the client secret has reached its " + "usage limit; create a new one."));
            }
            IdentityStore.countClientSecretUse(tx, match.id());
            if (ua.failedAttempts() > 0 || ua.lockedUntil() != null)
                IdentityStore.recordFailure(tx, ua.id(), 0, null, null);
            return new Outcome.Success(tokens.issue(
                    tx,
                    ua.identityId(),
                    "universal-auth",
                    match.id(),
                    ua.accessTokenTtl(),
                    ua.accessTokenMaxTtl(),
                    ua.accessTokenNumUsesLimit(),
                    ua.accessTokenTrustedIps()));
        });
        return switch (outcome) {
            case Outcome.Success s -> s.token();
            case Outcome.Failure f -> {
                perAddress.recordFailure(clientIp, clock.millis());
                throw f.error();
            }
        };
    }

    private static void recordFailure(Tx tx, UniversalAuth ua, long now) {
        if (!ua.lockoutEnabled()) return;
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
