package dev.coffer.server.identities;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.server.access.Actor;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.http.Authenticator;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity access tokens: HS256 JWTs with Infisical's claims, signed with a key derived from the root
 * key, each backed by a row (TTL, max TTL, uses, trusted IPs, revoked). The JWT's {@code exp} is the
 * max TTL; the sliding TTL is tracked in the row and extended by renewal.
 *
 * <p>Rows are cached for at most {@link #CACHE_MILLIS}, so a token revoked on another node stops
 * working everywhere within that time; a revoke on this node takes effect at once. Tokens with a use
 * limit bypass the cache, since each use is counted in the database.
 */
public final class AccessTokens implements Authenticator {

    static final long CACHE_MILLIS = 1000;

    /** A token row joined with its identity. */
    record TokenRow(String id, String identityId, String identityName, String orgId, String orgRole, long ttl,
                    long maxTtl, long numUsesLimit, long numUses, List<String> trustedIps, boolean revoked,
                    long createdAt, Long lastRenewedAt) {

        long expiresAt() {
            if (ttl <= 0) return Long.MAX_VALUE;
            long base = lastRenewedAt != null ? lastRenewedAt : createdAt;
            long end = base + ttl * 1000;
            return maxTtl > 0 ? Math.min(end, createdAt + maxTtl * 1000) : end;
        }

        long maxExpiresAt() {
            return maxTtl > 0 ? createdAt + maxTtl * 1000 : Long.MAX_VALUE;
        }
    }

    private record Cached(TokenRow row, long loadedAt) {}

    /** The login/renew response body. */
    public record TokenResponse(String accessToken, long expiresIn, long accessTokenMaxTTL, String tokenType) {
        @Override
        public String toString() {
            return "TokenResponse[expiresIn=" + expiresIn + "]";
        }
    }

    private final Database db;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AccessTokens(Database db, Keyring keyring) {
        this.db = db;
        try {
            byte[] key = keyring.derive("jwt-hs256");
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing key could not be set up", e);
        }
    }

    /** Issues a token inside the caller's transaction. TTLs are in seconds; 0 means none. */
    public TokenResponse issue(Connection c, String identityId, String authMethod, String clientSecretId, long ttl,
                               long maxTtl, long numUsesLimit, List<String> trustedIps) throws SQLException {
        String id = Ids.newId();
        long now = System.currentTimeMillis();
        Jdbc.update(c, "INSERT INTO access_tokens (id, identity_id, auth_method, client_secret_id, ttl, max_ttl, "
                + "num_uses_limit, num_uses, trusted_ips, revoked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                id, identityId, authMethod, clientSecretId, ttl, maxTtl, numUsesLimit, TrustedIps.toJson(trustedIps),
                false, now);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("identityId", identityId)
                .claim("identityAccessTokenId", id)
                .claim("authTokenType", "identityAccessToken")
                .issueTime(new Date(now));
        // exp is the max TTL, rounded up to whole seconds so the JWT never ends before the row does;
        // without a max TTL the row alone bounds the token, so renewals keep extending it
        if (maxTtl > 0) claims.expirationTime(new Date((now + maxTtl * 1000 + 999) / 1000 * 1000));
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("token could not be signed", e);
        }
        return new TokenResponse(jwt.serialize(), ttl, maxTtl, "Bearer");
    }

    @Override
    public Actor authenticate(String token, String clientIp, String userAgent) {
        TokenRow row = verify(token, true);
        if (!TrustedIps.allows(row.trustedIps(), clientIp)) {
            throw new ApiException.Forbidden("This access token may not be used from " + clientIp
                    + "; its trusted IPs do not include this address.");
        }
        if (row.numUsesLimit() > 0) countUse(row);
        return new Actor(Actor.Kind.IDENTITY, row.identityId(), row.identityName(), row.orgId(), row.orgRole(), row.id(),
                clientIp, userAgent);
    }

    /** Renews a token's TTL; 401 once past its max TTL or when already expired or revoked. */
    public TokenResponse renew(String token) {
        TokenRow row = verify(token, false);
        long now = System.currentTimeMillis();
        if (row.ttl() <= 0) {
            return new TokenResponse(token, 0, row.maxTtl(), "Bearer");
        }
        if (now >= row.maxExpiresAt()) throw maxTtlReached();
        db.write(c -> Jdbc.update(c, "UPDATE access_tokens SET last_renewed_at = ? WHERE id = ?", now, row.id()));
        cache.remove(row.id());
        // rounded up: 0 means "no expiry" on the wire, so the last second must not read as 0
        long expiresIn = Math.min(row.ttl(), (row.maxExpiresAt() - now + 999) / 1000);
        return new TokenResponse(token, expiresIn, row.maxTtl(), "Bearer");
    }

    /** Revokes a token; revoking an already revoked or expired token is not an error. */
    public void revoke(String token) {
        String id = tokenId(token);
        db.write(c -> Jdbc.update(c, "UPDATE access_tokens SET revoked = ? WHERE id = ?", true, id));
        cache.remove(id);
    }

    /** Forgets cached rows of an identity whose tokens were just revoked or deleted. */
    public void forgetIdentity(String identityId) {
        cache.values().removeIf(c -> c.row().identityId().equals(identityId));
    }

    private TokenRow verify(String token, boolean useCache) {
        String id = tokenId(token);
        long now = System.currentTimeMillis();
        Cached cached = useCache ? cache.get(id) : null;
        TokenRow row;
        if (cached != null && now - cached.loadedAt() < CACHE_MILLIS) {
            row = cached.row();
        } else {
            row = load(id).orElseThrow(() -> new ApiException.Unauthorized(
                    "The access token is not valid (revoked or unknown); log in again."));
            if (row.numUsesLimit() == 0) cache.put(id, new Cached(row, now));
        }
        if (row.revoked()) throw new ApiException.Unauthorized("The access token was revoked; log in again.");
        if (now >= row.maxExpiresAt()) throw maxTtlReached();
        if (now >= row.expiresAt()) throw new ApiException.Unauthorized("The access token has expired; log in again "
                + "(renew tokens before they expire to keep them alive).");
        return row;
    }

    /** Checks the signature and claims and returns the token id; 401 for anything malformed. */
    private String tokenId(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw malformed();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp != null && exp.getTime() <= System.currentTimeMillis()) throw maxTtlReached();
            Object type = claims.getClaim("authTokenType");
            Object id = claims.getClaim("identityAccessTokenId");
            if (!"identityAccessToken".equals(type) || !(id instanceof String s)) throw malformed();
            return s;
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw malformed();
        }
    }

    private static ApiException.Unauthorized maxTtlReached() {
        return new ApiException.Unauthorized("The access token has reached its max TTL and cannot be renewed; log in again.");
    }

    private static ApiException.Unauthorized malformed() {
        return new ApiException.Unauthorized("The access token is malformed or was not issued by this server; "
                + "send 'Authorization: Bearer <access token>' with a token from a login.");
    }

    private Optional<TokenRow> load(String id) {
        return db.read(c -> Jdbc.one(c, "SELECT t.*, i.name AS identity_name, i.org_id, i.org_role FROM access_tokens t "
                + "JOIN identities i ON i.id = t.identity_id WHERE t.id = ?", rs -> {
                    long lr = rs.getLong("last_renewed_at");
                    Long lastRenewed = rs.wasNull() ? null : lr;
                    return new TokenRow(rs.getString("id"), rs.getString("identity_id"), rs.getString("identity_name"),
                            rs.getString("org_id"), rs.getString("org_role"), rs.getLong("ttl"), rs.getLong("max_ttl"),
                            rs.getLong("num_uses_limit"), rs.getLong("num_uses"),
                            TrustedIps.fromJson(rs.getString("trusted_ips")), rs.getBoolean("revoked"),
                            rs.getLong("created_at"), lastRenewed);
                }, id));
    }

    private void countUse(TokenRow row) {
        int updated = db.write(c -> Jdbc.update(c,
                "UPDATE access_tokens SET num_uses = num_uses + 1 WHERE id = ? AND num_uses < num_uses_limit", row.id()));
        if (updated == 0) {
            throw new ApiException.Unauthorized("The access token has reached its use limit; log in again.");
        }
    }
}
