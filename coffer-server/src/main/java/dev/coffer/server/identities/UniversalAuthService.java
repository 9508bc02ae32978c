package dev.coffer.server.identities;

import dev.coffer.crypto.Hmac;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.List;

/**
 * Universal auth: attaching it to an identity, its client secrets (shown once, stored as an HMAC),
 * and the settings that govern the tokens it issues.
 */
public final class UniversalAuthService {

    /** Settings from a create or update request; null fields keep their current (or default) value. */
    public record Settings(
            Long ttl,
            Long maxTtl,
            Long numUsesLimit,
            List<String> clientSecretTrustedIps,
            List<String> accessTokenTrustedIps,
            Boolean lockoutEnabled,
            Long lockoutThreshold,
            Long lockoutDurationSeconds,
            Long lockoutCounterResetSeconds) {}

    /** A newly created client secret: the only time its plaintext exists. */
    public record CreatedSecret(String clientSecret, ClientSecret data) {
        @Override
        public String toString() {
            return "CreatedSecret[" + data + "]";
        }
    }

    static final long DEFAULT_TTL = 2_592_000;
    private static final long MAX_TTL = 315_360_000;

    private final Database db;
    private final IdentityService identities;
    private final Hmac secretHmac;
    private final Clock clock;

    public UniversalAuthService(Database db, IdentityService identities, Keyring keyring, Clock clock) {
        this.db = db;
        this.identities = identities;
        this.secretHmac = Hmac.sha256(keyring.derive("client-secret-hmac"));
        this.clock = clock;
    }

    Hmac secretHmac() {
        return secretHmac;
    }

    public UniversalAuth attach(Actor actor, String identityId, Settings s) {
        Identity identity = adminTarget(actor, identityId, Action.CREATE);
        long now = clock.millis();
        long ttl = bounded(s.ttl(), DEFAULT_TTL, "accessTokenTTL");
        long maxTtl = bounded(s.maxTtl(), DEFAULT_TTL, "accessTokenMaxTTL");
        checkTtls(ttl, maxTtl);
        UniversalAuth ua = new UniversalAuth(
                Ids.newId(),
                identity.id(),
                Ids.newId(),
                ttl,
                maxTtl,
                nonNegative(s.numUsesLimit(), 0, "accessTokenNumUsesLimit"),
                s.clientSecretTrustedIps() == null ? TrustedIps.ANYWHERE : s.clientSecretTrustedIps(),
                s.accessTokenTrustedIps() == null ? TrustedIps.ANYWHERE : s.accessTokenTrustedIps(),
                s.lockoutEnabled() == null || s.lockoutEnabled(),
                (int) range(s.lockoutThreshold(), 3, 1, 30, "lockoutThreshold"),
                (int) range(s.lockoutDurationSeconds(), 300, 30, 86_400, "lockoutDurationSeconds"),
                (int) range(s.lockoutCounterResetSeconds(), 30, 5, 3600, "lockoutCounterResetSeconds"),
                0,
                null,
                null,
                now,
                now);
        db.write(tx -> {
            if (IdentityStore.universalAuthOf(tx, identity.id()).isPresent()) {
                throw new ApiException.BadRequest("Identity '" + identity.name() + "' already has universal auth; "
                        + "update it with PATCH instead.");
            }
            IdentityStore.insertUniversalAuth(tx, ua);
            IdentityStore.setAuthMethod(tx, identity.id(), "universal-auth", now);
            return null;
        });
        return ua;
    }

    public UniversalAuth get(Actor actor, String identityId) {
        Identity identity = adminTarget(actor, identityId, Action.READ);
        return require(identity);
    }

    public UniversalAuth update(Actor actor, String identityId, Settings s) {
        Identity identity = adminTarget(actor, identityId, Action.EDIT);
        UniversalAuth cur = require(identity);
        long ttl = bounded(s.ttl(), cur.accessTokenTtl(), "accessTokenTTL");
        long maxTtl = bounded(s.maxTtl(), cur.accessTokenMaxTtl(), "accessTokenMaxTTL");
        checkTtls(ttl, maxTtl);
        UniversalAuth ua = new UniversalAuth(
                cur.id(),
                cur.identityId(),
                cur.clientId(),
                ttl,
                maxTtl,
                nonNegative(s.numUsesLimit(), cur.accessTokenNumUsesLimit(), "accessTokenNumUsesLimit"),
                s.clientSecretTrustedIps() == null ? cur.clientSecretTrustedIps() : s.clientSecretTrustedIps(),
                s.accessTokenTrustedIps() == null ? cur.accessTokenTrustedIps() : s.accessTokenTrustedIps(),
                s.lockoutEnabled() == null ? cur.lockoutEnabled() : s.lockoutEnabled(),
                (int) range(s.lockoutThreshold(), cur.lockoutThreshold(), 1, 30, "lockoutThreshold"),
                (int) range(
                        s.lockoutDurationSeconds(), cur.lockoutDurationSeconds(), 30, 86_400, "lockoutDurationSeconds"),
                (int) range(
                        s.lockoutCounterResetSeconds(),
                        cur.lockoutCounterResetSeconds(),
                        5,
                        3600,
                        "lockoutCounterResetSeconds"),
                cur.failedAttempts(),
                cur.firstFailureAt(),
                cur.lockedUntil(),
                cur.createdAt(),
                clock.millis());
        db.write(tx -> {
            IdentityStore.updateUniversalAuth(tx, ua);
            tx.invalidate(Invalidator.Topic.IDENTITY, identity.id()); // logins cached with the old settings
            return null;
        });
        return ua;
    }

    /** Removes universal auth, its client secrets and the tokens it issued. */
    public UniversalAuth revoke(Actor actor, String identityId) {
        Identity identity = adminTarget(actor, identityId, Action.DELETE);
        UniversalAuth ua = require(identity);
        db.write(tx -> {
            IdentityStore.deleteUniversalAuth(tx, ua.id(), identity.id());
            TokenStore.revokeIssuedBy(tx, identity.id(), "universal-auth");
            IdentityStore.setAuthMethod(tx, identity.id(), null, clock.millis());
            tx.invalidate(Invalidator.Topic.IDENTITY, identity.id());
            return null;
        });
        return ua;
    }

    /** The longest description of a client secret (it is shown in every listing). */
    static final int MAX_DESCRIPTION = 500;

    public CreatedSecret createClientSecret(
            Actor actor, String identityId, String description, Long numUsesLimit, Long ttl) {
        Identity identity = adminTarget(actor, identityId, Action.CREATE);
        require(identity);
        String shownAs = description == null ? "" : description.trim();
        if (shownAs.length() > MAX_DESCRIPTION) {
            throw new ApiException.BadRequest("A client secret's description may be at most " + MAX_DESCRIPTION
                    + " characters, got " + shownAs.length() + "; shorten it.");
        }
        String secret = SecureRandoms.hex(32);
        long now = clock.millis();
        ClientSecret row = new ClientSecret(
                Ids.newId(),
                identity.id(),
                secret.substring(0, 4),
                secretHmac.mac(secret),
                shownAs,
                bounded(ttl, 0, "ttl"),
                nonNegative(numUsesLimit, 0, "numUsesLimit"),
                0,
                false,
                now,
                now);
        db.write(tx -> {
            IdentityStore.insertClientSecret(tx, row);
            return null;
        });
        return new CreatedSecret(secret, row);
    }

    public List<ClientSecret> listClientSecrets(Actor actor, String identityId) {
        Identity identity = adminTarget(actor, identityId, Action.READ);
        return db.read(tx -> IdentityStore.activeClientSecrets(tx, identity.id()));
    }

    public ClientSecret getClientSecret(Actor actor, String identityId, String secretId) {
        Identity identity = adminTarget(actor, identityId, Action.READ);
        return db.read(tx -> IdentityStore.clientSecret(tx, identity.id(), secretId))
                .orElseThrow(() -> new ApiException.NotFound(
                        "Client secret with id '" + secretId + "' not found for identity '" + identity.name() + "'."));
    }

    public ClientSecret revokeClientSecret(Actor actor, String identityId, String secretId) {
        adminTarget(actor, identityId, Action.EDIT);
        ClientSecret s = getClientSecret(actor, identityId, secretId);
        long now = clock.millis();
        db.write(tx -> {
            IdentityStore.revokeClientSecret(tx, s.id(), now);
            return null;
        });
        return new ClientSecret(
                s.id(),
                s.identityId(),
                s.prefix(),
                s.hmac(),
                s.description(),
                s.ttl(),
                s.numUsesLimit(),
                s.numUses(),
                true,
                s.createdAt(),
                now);
    }

    private Identity adminTarget(Actor actor, String identityId, Action action) {
        Identity identity = identities.find(identityId, actor);
        identities.require(actor, action, identity.orgId());
        return identity;
    }

    private UniversalAuth require(Identity identity) {
        return db.read(tx -> IdentityStore.universalAuthOf(tx, identity.id()))
                .orElseThrow(() -> new ApiException.NotFound(
                        "Identity '" + identity.name() + "' has no universal auth; attach it with "
                                + "POST /api/v1/auth/universal-auth/identities/" + identity.id() + "."));
    }

    private static void checkTtls(long ttl, long maxTtl) {
        if (maxTtl > 0 && ttl > maxTtl) {
            throw new ApiException.Validation(
                    "accessTokenTTL", "Access Token TTL cannot be greater than Access Token Max TTL.");
        }
    }

    private static long bounded(Long v, long dflt, String field) {
        return range(v, dflt, 0, MAX_TTL, field);
    }

    private static long nonNegative(Long v, long dflt, String field) {
        return range(v, dflt, 0, Long.MAX_VALUE, field);
    }

    private static long range(Long v, long dflt, long min, long max, String field) {
        if (v == null) return dflt;
        if (v < min || v > max) {
            throw new ApiException.Validation(field, "'" + field + "' must be between " + min + " and " + max + ".");
        }
        return v;
    }
}
