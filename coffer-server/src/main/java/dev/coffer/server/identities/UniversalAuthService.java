package dev.coffer.server.identities;

import dev.coffer.crypto.Hmac;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.util.List;

/**
 * Universal auth: attaching it to an identity, its client secrets (shown once, stored as an HMAC),
 * and the settings that govern the tokens it issues.
 */
public final class UniversalAuthService {

    /** Settings from a create or update request; null fields keep their current (or default) value. */
    public record Settings(Long ttl, Long maxTtl, Long numUsesLimit, List<String> clientSecretTrustedIps,
                           List<String> accessTokenTrustedIps, Boolean lockoutEnabled, Long lockoutThreshold,
                           Long lockoutDurationSeconds, Long lockoutCounterResetSeconds) {}

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
    private final Authorizer authorizer;
    private final IdentityService identities;
    private final Hmac secretHmac;
    private final AccessTokens tokens;

    public UniversalAuthService(Database db, Authorizer authorizer, IdentityService identities, Keyring keyring,
                                AccessTokens tokens) {
        this.db = db;
        this.authorizer = authorizer;
        this.identities = identities;
        this.secretHmac = Hmac.sha256(keyring.derive("client-secret-hmac"));
        this.tokens = tokens;
    }

    Hmac secretHmac() {
        return secretHmac;
    }

    public UniversalAuth attach(Actor actor, String identityId, Settings s) {
        Identity identity = adminTarget(actor, identityId, "configure universal auth");
        long now = System.currentTimeMillis();
        long ttl = bounded(s.ttl(), DEFAULT_TTL, "accessTokenTTL");
        long maxTtl = bounded(s.maxTtl(), DEFAULT_TTL, "accessTokenMaxTTL");
        checkTtls(ttl, maxTtl);
        UniversalAuth ua = new UniversalAuth(Ids.newId(), identity.id(), Ids.newId(), ttl, maxTtl,
                nonNegative(s.numUsesLimit(), 0, "accessTokenNumUsesLimit"),
                s.clientSecretTrustedIps() == null ? TrustedIps.ANYWHERE : s.clientSecretTrustedIps(),
                s.accessTokenTrustedIps() == null ? TrustedIps.ANYWHERE : s.accessTokenTrustedIps(),
                s.lockoutEnabled() == null || s.lockoutEnabled(), (int) range(s.lockoutThreshold(), 3, 1, 30, "lockoutThreshold"),
                (int) range(s.lockoutDurationSeconds(), 300, 30, 86_400, "lockoutDurationSeconds"),
                (int) range(s.lockoutCounterResetSeconds(), 30, 5, 3600, "lockoutCounterResetSeconds"), 0, null, null, now, now);
        db.write(c -> {
            if (IdentityStore.universalAuthOf(c, identity.id()).isPresent()) {
                throw new ApiException.BadRequest("Identity '" + identity.name() + "' already has universal auth; "
                        + "update it with PATCH instead.");
            }
            IdentityStore.insertUniversalAuth(c, ua);
            return Jdbc.update(c, "UPDATE identities SET auth_method = 'universal-auth', updated_at = ? WHERE id = ?",
                    now, identity.id());
        });
        return ua;
    }

    public UniversalAuth get(Actor actor, String identityId) {
        Identity identity = adminTarget(actor, identityId, "read universal auth settings");
        return require(identity);
    }

    public UniversalAuth update(Actor actor, String identityId, Settings s) {
        Identity identity = adminTarget(actor, identityId, "change universal auth settings");
        UniversalAuth cur = require(identity);
        long ttl = bounded(s.ttl(), cur.accessTokenTtl(), "accessTokenTTL");
        long maxTtl = bounded(s.maxTtl(), cur.accessTokenMaxTtl(), "accessTokenMaxTTL");
        checkTtls(ttl, maxTtl);
        UniversalAuth ua = new UniversalAuth(cur.id(), cur.identityId(), cur.clientId(), ttl, maxTtl,
                nonNegative(s.numUsesLimit(), cur.accessTokenNumUsesLimit(), "accessTokenNumUsesLimit"),
                s.clientSecretTrustedIps() == null ? cur.clientSecretTrustedIps() : s.clientSecretTrustedIps(),
                s.accessTokenTrustedIps() == null ? cur.accessTokenTrustedIps() : s.accessTokenTrustedIps(),
                s.lockoutEnabled() == null ? cur.lockoutEnabled() : s.lockoutEnabled(),
                (int) range(s.lockoutThreshold(), cur.lockoutThreshold(), 1, 30, "lockoutThreshold"),
                (int) range(s.lockoutDurationSeconds(), cur.lockoutDurationSeconds(), 30, 86_400, "lockoutDurationSeconds"),
                (int) range(s.lockoutCounterResetSeconds(), cur.lockoutCounterResetSeconds(), 5, 3600,
                        "lockoutCounterResetSeconds"), cur.failedAttempts(), cur.firstFailureAt(), cur.lockedUntil(),
                cur.createdAt(), System.currentTimeMillis());
        db.write(c -> {
            IdentityStore.updateUniversalAuth(c, ua);
            return null;
        });
        return ua;
    }

    /** Removes universal auth, its client secrets and the tokens it issued. */
    public UniversalAuth revoke(Actor actor, String identityId) {
        Identity identity = adminTarget(actor, identityId, "remove universal auth");
        UniversalAuth ua = require(identity);
        db.write(c -> {
            Jdbc.update(c, "DELETE FROM universal_auths WHERE id = ?", ua.id());
            Jdbc.update(c, "DELETE FROM client_secrets WHERE identity_id = ?", identity.id());
            Jdbc.update(c, "UPDATE access_tokens SET revoked = ? WHERE identity_id = ? AND auth_method = 'universal-auth'",
                    true, identity.id());
            return Jdbc.update(c, "UPDATE identities SET auth_method = NULL, updated_at = ? WHERE id = ?",
                    System.currentTimeMillis(), identity.id());
        });
        tokens.forgetIdentity(identity.id());
        return ua;
    }

    public CreatedSecret createClientSecret(Actor actor, String identityId, String description, Long numUsesLimit, Long ttl) {
        Identity identity = adminTarget(actor, identityId, "create client secrets");
        require(identity);
        String secret = SecureRandoms.hex(32);
        long now = System.currentTimeMillis();
        ClientSecret row = new ClientSecret(Ids.newId(), identity.id(), secret.substring(0, 4), secretHmac.mac(secret),
                description == null ? "" : description.trim(), bounded(ttl, 0, "ttl"),
                nonNegative(numUsesLimit, 0, "numUsesLimit"), 0, false, now, now);
        db.write(c -> {
            IdentityStore.insertClientSecret(c, row);
            return null;
        });
        return new CreatedSecret(secret, row);
    }

    public List<ClientSecret> listClientSecrets(Actor actor, String identityId) {
        Identity identity = adminTarget(actor, identityId, "list client secrets");
        return db.read(c -> IdentityStore.activeClientSecrets(c, identity.id()));
    }

    public ClientSecret getClientSecret(Actor actor, String identityId, String secretId) {
        Identity identity = adminTarget(actor, identityId, "read client secrets");
        return db.read(c -> IdentityStore.clientSecret(c, identity.id(), secretId)).orElseThrow(() ->
                new ApiException.NotFound("Client secret with id '" + secretId + "' not found for identity '"
                        + identity.name() + "'."));
    }

    public ClientSecret revokeClientSecret(Actor actor, String identityId, String secretId) {
        ClientSecret s = getClientSecret(actor, identityId, secretId);
        long now = System.currentTimeMillis();
        db.write(c -> Jdbc.update(c, "UPDATE client_secrets SET revoked = ?, updated_at = ? WHERE id = ?", true, now, s.id()));
        return new ClientSecret(s.id(), s.identityId(), s.prefix(), s.hmac(), s.description(), s.ttl(), s.numUsesLimit(),
                s.numUses(), true, s.createdAt(), now);
    }

    private Identity adminTarget(Actor actor, String identityId, String what) {
        Identity identity = identities.find(identityId, actor);
        authorizer.requireOrgAdmin(actor, identity.orgId(), what);
        return identity;
    }

    private UniversalAuth require(Identity identity) {
        return db.read(c -> IdentityStore.universalAuthOf(c, identity.id())).orElseThrow(() ->
                new ApiException.NotFound("Identity '" + identity.name() + "' has no universal auth; attach it with "
                        + "POST /api/v1/auth/universal-auth/identities/" + identity.id() + "."));
    }

    private static void checkTtls(long ttl, long maxTtl) {
        if (maxTtl > 0 && ttl > maxTtl) {
            throw new ApiException.Validation("accessTokenTTL", "Access Token TTL cannot be greater than Access Token Max TTL.");
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
