package dev.coffer.server.identities;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.crypto.Hmac;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Authenticator;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identity access tokens: HS256 JWTs with Infisical's claims, signed with a key derived from the root
 * key, each backed by a row (TTL, max TTL, uses, trusted IPs, revoked). The JWT's {@code exp} is the
 * max TTL; the sliding TTL is tracked in the row and extended by renewal.
 *
 * <p>Rows are cached; a revocation, renewal or change of the identity is delivered to every node's
 * cache through the {@link Invalidator}. Tokens with a use limit bypass the cache, since each use is
 * counted in the database.
 */
public final class AccessTokens implements Authenticator {

    /** The login/renew response body. */
    public record TokenResponse(String accessToken, long expiresIn, long accessTokenMaxTTL, String tokenType) {
        @Override
        public String toString() {
            return "TokenResponse[expiresIn=" + expiresIn + "]";
        }
    }

    private final Database db;
    private final Clock clock;
    /** Signs tokens: HS256 over the JWS signing input, with pooled keyed MACs (see {@link #sign}). */
    private final Hmac signer;

    private final MACVerifier verifier;
    private final TtlCache<String, Optional<TokenStore.TokenRow>> cache;
    /**
     * Tokens whose signature and claims were checked, by {@link #fingerprint}: parsing and verifying the
     * JWT was a tenth of what a cached list allocates. What a token says never changes, so nothing
     * invalidates these; its expiry is compared on every use, and revocation is the row's (above).
     */
    private final TtlCache<String, Checked> checked;

    /** What a token's signed claims say: its id and when it expires ({@link Long#MAX_VALUE}: never). */
    private record Checked(String id, long expiresAt) {}

    public AccessTokens(Database db, Keyring keyring, Invalidator invalidator, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.cache = new TtlCache<>(100_000, Duration.ofSeconds(30), clock);
        this.checked = new TtlCache<>(10_000, Duration.ofMinutes(5), clock);
        invalidator.on(Invalidator.Topic.TOKEN, cache::invalidate);
        invalidator.on(
                Invalidator.Topic.IDENTITY,
                id -> cache.invalidateIf(
                        r -> r.isEmpty() || r.get().identityId().equals(id)));
        invalidator.onFlushAll(cache::clear);
        try {
            byte[] key = keyring.derive("jwt-hs256");
            this.signer = Hmac.sha256(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing key could not be set up", e);
        }
    }

    /** Issues a token inside the caller's transaction. TTLs are in seconds; 0 means none. */
    public TokenResponse issue(
            Tx tx,
            String identityId,
            String authMethod,
            String clientSecretId,
            long ttl,
            long maxTtl,
            long numUsesLimit,
            List<String> trustedIps) {
        return issue(tx, prepare(identityId, authMethod, clientSecretId, ttl, maxTtl, numUsesLimit, trustedIps));
    }

    /** Writes the token's row in the caller's transaction and signs it, in one step. */
    TokenResponse issue(Tx tx, Unsigned t) {
        write(tx, t);
        return sign(t);
    }

    /**
     * A token to issue in three steps: its row is written in a transaction ({@link #write}) and it is
     * signed after ({@link #sign}), so a login does not hold the database's writer while the JWT is made.
     */
    record Unsigned(TokenStore.NewToken row) {}

    /** A new token's row, not written yet. TTLs are in seconds; 0 means none. */
    Unsigned prepare(
            String identityId,
            String authMethod,
            String clientSecretId,
            long ttl,
            long maxTtl,
            long numUsesLimit,
            List<String> trustedIps) {
        return new Unsigned(new TokenStore.NewToken(
                Ids.newId(),
                identityId,
                authMethod,
                clientSecretId,
                ttl,
                maxTtl,
                numUsesLimit,
                trustedIps,
                clock.millis()));
    }

    /** Writes the token's row in the caller's transaction; the token is valid once it commits. */
    static void write(Tx tx, Unsigned t) {
        TokenStore.insert(tx, t.row());
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper CLAIMS_JSON = new ObjectMapper();
    /** The JWS header of every token, {@code {"alg":"HS256"}}, encoded once. */
    private static final String HEADER =
            BASE64URL.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII));

    /**
     * The signed JWT of a token whose row was written (RFC 7515's compact form, made here: the JOSE
     * library built a header and claims object, their JSON and a keyed MAC for each token, a tenth of a
     * login's time; it still verifies every token presented, {@link #check}).
     */
    TokenResponse sign(Unsigned t) {
        TokenStore.NewToken row = t.row();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("identityId", row.identityId());
        claims.put("identityAccessTokenId", row.id());
        claims.put("authTokenType", "identityAccessToken");
        claims.put("iat", row.createdAt() / 1000);
        // exp is the max TTL, rounded up to whole seconds so the JWT never ends before the row does;
        // without a max TTL the row alone bounds the token, so renewals keep extending it
        if (row.maxTtl() > 0) claims.put("exp", (row.createdAt() + row.maxTtl() * 1000 + 999) / 1000);
        String signingInput;
        try {
            signingInput = HEADER + '.' + BASE64URL.encodeToString(CLAIMS_JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("token claims could not be written", e);
        }
        byte[] signature = signer.mac(signingInput.getBytes(StandardCharsets.US_ASCII));
        String jwt = signingInput + '.' + BASE64URL.encodeToString(signature);
        return new TokenResponse(jwt, row.ttl(), row.maxTtl(), "Bearer");
    }

    /** Identity access tokens are JWTs; legacy service tokens ({@code st.…}) are another kind. */
    @Override
    public boolean accepts(String bearerToken) {
        return !bearerToken.startsWith("st.");
    }

    /** The identity a token stands for; 401 when it is malformed, expired, revoked or used up. */
    @Override
    public Actor authenticate(String token, String clientIp, String userAgent) {
        TokenStore.TokenRow row = verify(token, true);
        TrustedIps.require(row.trustedIps(), clientIp, "This access token");
        if (row.numUsesLimit() > 0 && !db.write(tx -> TokenStore.countUse(tx, row.id()))) {
            throw new ApiException.Unauthorized("The access token has reached its use limit; log in again.");
        }
        return actor(row, clientIp, userAgent);
    }

    /** The identity a token stands for, checked again for a request still open: not counted as a use. */
    @Override
    public Actor revalidate(String token, String clientIp, String userAgent) {
        TokenStore.TokenRow row = verify(token, true);
        TrustedIps.require(row.trustedIps(), clientIp, "This access token");
        return actor(row, clientIp, userAgent);
    }

    private static Actor actor(TokenStore.TokenRow row, String clientIp, String userAgent) {
        return new Actor(
                Actor.Kind.IDENTITY,
                row.identityId(),
                row.identityName(),
                row.orgId(),
                row.orgRole(),
                row.id(),
                clientIp,
                userAgent);
    }

    /**
     * Renews a token's TTL; 401 once past its max TTL, when already expired or revoked, or when its uses
     * are spent; 403 from an address outside its trusted IPs.
     */
    public TokenResponse renew(String token, String clientIp) {
        TokenStore.TokenRow row = verify(token, false);
        // a renewal is a use of the token like any other: from its trusted addresses, within its use limit
        TrustedIps.require(row.trustedIps(), clientIp, "This access token");
        if (row.numUsesLimit() > 0 && row.numUses() >= row.numUsesLimit()) {
            throw new ApiException.Unauthorized("The access token has reached its use limit; log in again.");
        }
        long now = clock.millis();
        if (row.ttl() <= 0) return new TokenResponse(token, 0, row.maxTtl(), "Bearer");
        if (now >= row.maxExpiresAt()) throw maxTtlReached();
        db.write(tx -> {
            TokenStore.renewed(tx, row.id(), now);
            tx.invalidate(Invalidator.Topic.TOKEN, row.id());
            return null;
        });
        // rounded up: 0 means "no expiry" on the wire, so the last second must not read as 0
        long expiresIn = Math.min(row.ttl(), (row.maxExpiresAt() - now + 999) / 1000);
        return new TokenResponse(token, expiresIn, row.maxTtl(), "Bearer");
    }

    /** A live token as an administrator sees it: never the token itself. Times in epoch milliseconds. */
    public record LiveToken(
            String id, String identityId, String identityName, String orgId, long createdAt, long expiresAt) {}

    /** The tokens an auth method issued that still work (neither revoked nor expired), oldest first. */
    public List<LiveToken> live(Tx tx, String authMethod) {
        long now = clock.millis();
        return TokenStore.unrevokedByMethod(tx, authMethod).stream()
                .filter(r -> now < r.expiresAt() && now < r.maxExpiresAt())
                .filter(r -> r.numUsesLimit() <= 0 || r.numUses() < r.numUsesLimit())
                .map(r -> new LiveToken(
                        r.id(), r.identityId(), r.identityName(), r.orgId(), r.createdAt(), r.expiresAt()))
                .toList();
    }

    /**
     * Revokes, inside the caller's transaction, every token that {@code authMethod} issued to identities of
     * organization {@code orgId}; answers how many were still unrevoked.
     */
    public int revokeAllIssued(Tx tx, String orgId, String authMethod) {
        int n = 0;
        for (TokenStore.TokenRow r : TokenStore.unrevokedByMethod(tx, authMethod)) {
            if (!r.orgId().equals(orgId)) continue;
            TokenStore.revoke(tx, r.id());
            tx.invalidate(Invalidator.Topic.TOKEN, r.id());
            n++;
        }
        return n;
    }

    /** Revokes a token; revoking an already revoked or expired token is not an error. */
    public void revoke(String token) {
        String id = tokenId(token);
        db.write(tx -> {
            TokenStore.revoke(tx, id);
            tx.invalidate(Invalidator.Topic.TOKEN, id);
            return null;
        });
    }

    private TokenStore.TokenRow verify(String token, boolean useCache) {
        String id = tokenId(token);
        long now = clock.millis();
        Optional<TokenStore.TokenRow> found = useCache ? cache.get(id, this::load) : load(id);
        TokenStore.TokenRow row = found.orElseThrow(() ->
                new ApiException.Unauthorized("The access token is not valid (revoked or unknown); log in again."));
        if (row.numUsesLimit() > 0) cache.invalidate(id);
        if (row.revoked()) throw new ApiException.Unauthorized("The access token was revoked; log in again.");
        if (now >= row.maxExpiresAt()) throw maxTtlReached();
        if (now >= row.expiresAt())
            throw new ApiException.Unauthorized("The access token has expired; log in again "
                    + "(renew tokens before they expire to keep them alive).");
        return row;
    }

    private Optional<TokenStore.TokenRow> load(String id) {
        return db.read(tx -> TokenStore.find(tx, id));
    }

    /** Checks the signature and claims and returns the token id; 401 for anything malformed. */
    private String tokenId(String token) {
        Checked c = checked.get(fingerprint(token), k -> check(token));
        if (c.expiresAt() <= clock.millis()) throw maxTtlReached();
        return c.id();
    }

    /** SHA-256 of the token: what the cache of checked tokens keeps instead of the bearer token itself. */
    private static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return new String(d, StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Checked check(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) throw malformed();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            Object type = claims.getClaim("authTokenType");
            Object id = claims.getClaim("identityAccessTokenId");
            if (!"identityAccessToken".equals(type) || !(id instanceof String s)) throw malformed();
            return new Checked(s, exp == null ? Long.MAX_VALUE : exp.getTime());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw malformed();
        }
    }

    private static ApiException.Unauthorized maxTtlReached() {
        return new ApiException.Unauthorized(
                "The access token has reached its max TTL and cannot be renewed; log in again.");
    }

    private static ApiException.Unauthorized malformed() {
        return new ApiException.Unauthorized("The access token is malformed or was not issued by this server; "
                + "send 'Authorization: Bearer <access token>' with a token from a login.");
    }
}
