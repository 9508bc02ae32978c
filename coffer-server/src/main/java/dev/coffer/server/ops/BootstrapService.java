package dev.coffer.server.ops;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.identities.AccessTokens;
import dev.coffer.server.identities.FailedLoginLimiter;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.users.Passwords;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sets up a new instance once: the first user (Argon2id password), an organization, and an
 * organization-admin machine identity with an access token, so a script can configure the instance
 * from nothing. A second call is refused with 400 and changes nothing.
 *
 * <p>The token expires ({@link #DEFAULT_TOKEN_TTL} unless the caller asks for another lifetime within
 * bounds). A fresh one is minted by {@link #newToken}: the bootstrap user's email and password buy a
 * token for the organization's first admin identity. Failed attempts are limited per client address,
 * an unknown email costs the same password check as a wrong password and gets the same answer, and
 * only a few password checks run at once (each needs 19 MiB).
 */
public final class BootstrapService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** What bootstrap created. The token is shown once; {@code toString} leaves it out. */
    public record Result(
            String userId,
            String email,
            String orgId,
            String orgName,
            String orgSlug,
            String identityId,
            String identityName,
            String token,
            long expiresIn) {
        @Override
        public String toString() {
            return "Bootstrap.Result[org=" + orgSlug + ", identity=" + identityId + "]";
        }
    }

    /** A fresh admin token: for which identity, and the token, shown once. */
    public record NewToken(String identityId, String identityName, String token, long expiresIn, int revoked) {
        @Override
        public String toString() {
            return "Bootstrap.NewToken[identity=" + identityId + "]";
        }
    }

    /** The auth method of the access tokens that bootstrap and its new-token routes issue. */
    public static final String BOOTSTRAP_METHOD = "bootstrap";

    /** Lifetime of a bootstrap token, in seconds, unless the request names another. */
    public static final long DEFAULT_TOKEN_TTL = 86_400;

    static final long MIN_TOKEN_TTL = 60;
    static final long MAX_TOKEN_TTL = 2_592_000;
    static final int MAX_FAILURES_PER_IP_PER_MINUTE = 10;
    static final String INVALID = "Invalid credentials: the email or password is wrong.";

    private final Database db;
    private final AccessTokens tokens;
    private final Clock clock;
    private final FailedLoginLimiter perAddress =
            new FailedLoginLimiter(MAX_FAILURES_PER_IP_PER_MINUTE, 60_000, 10_000);
    /** The bootstrap person's password work: bounded, on the password threads, against a decoy when unknown. */
    private final Passwords passwords = new Passwords();

    public BootstrapService(Database db, AccessTokens tokens, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
    }

    static String hashPassword(String password) {
        return Passwords.hash(password);
    }

    private static long tokenTtl(Long requested) {
        if (requested == null) return DEFAULT_TOKEN_TTL;
        if (requested < MIN_TOKEN_TTL || requested > MAX_TOKEN_TTL) {
            throw new ApiException.Validation(
                    "accessTokenTTL",
                    "'accessTokenTTL' must be between " + MIN_TOKEN_TTL + " and " + MAX_TOKEN_TTL + " seconds (default "
                            + DEFAULT_TOKEN_TTL + ").");
        }
        return requested;
    }

    private static ApiException alreadySetUp() {
        return new ApiException.BadRequest("This instance has already been set up; bootstrap works only once. "
                + "Log in with the credentials created then.");
    }

    /** Bootstraps with a token of the default lifetime. */
    public Result bootstrap(String email, String password, String organization) {
        return bootstrap(email, password, organization, null);
    }

    /** {@code tokenTtl} in seconds; null for {@link #DEFAULT_TOKEN_TTL}. */
    public Result bootstrap(String email, String password, String organization, Long tokenTtl) {
        long ttl = tokenTtl(tokenTtl);
        String e = email.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(e).matches())
            throw new ApiException.Validation("email", "'email' must be an email address.");
        if (password.length() < 8)
            throw new ApiException.Validation("password", "'password' must be at least 8 characters.");
        String orgName = organization.trim();
        if (orgName.isEmpty() || orgName.length() > 64) {
            throw new ApiException.Validation("organization", "'organization' must be 1 to 64 characters.");
        }
        // refused calls must not cost a password hash each; the check is repeated in the transaction for races
        if (db.read(InstanceStore::bootstrapped)) throw alreadySetUp();
        String hash = passwords.hashBounded(password);
        long now = clock.millis();
        return db.write(tx -> {
            if (InstanceStore.bootstrapped(tx)) throw alreadySetUp();
            InstanceStore.markBootstrapped(tx, now);
            String orgId = Ids.newId();
            String slug = orgName.toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("(^-+|-+$)", "");
            if (slug.isEmpty()) slug = "org";
            InstanceStore.insertOrganization(tx, orgId, orgName, slug, now);
            String userId = Ids.newId();
            InstanceStore.insertUser(tx, userId, e, hash, now);
            InstanceStore.insertOrgMembership(tx, orgId, userId, "admin", now);
            String identityId = Ids.newId();
            String identityName = "admin";
            InstanceStore.insertIdentity(tx, identityId, orgId, identityName, "admin", now);
            String token = tokens.issue(tx, identityId, BOOTSTRAP_METHOD, null, ttl, ttl, 0, TrustedIps.ANYWHERE)
                    .accessToken();
            return new Result(userId, e, orgId, orgName, slug, identityId, identityName, token, ttl);
        });
    }

    /**
     * A new token for the first admin identity (oldest, then by id) of the organization the user
     * administers. 401 for an unknown email or a wrong password (one answer for both); 429 after too
     * many failures from the address; 400 when the user administers no organization or the
     * organization has no admin identity left.
     */
    public NewToken newToken(String email, String password, Long tokenTtl, String clientIp) {
        return newToken(email, password, tokenTtl, clientIp, false);
    }

    /**
     * As {@link #newToken(String, String, Long, String)}; with {@code revokeOthers} every earlier bootstrap
     * token of the organization's admin identities is revoked in the same transaction (a rotation: a token
     * that leaked stops working the moment the new one exists).
     */
    public NewToken newToken(String email, String password, Long tokenTtl, String clientIp, boolean revokeOthers) {
        long ttl = tokenTtl(tokenTtl);
        perAddress.check(clientIp, clock.millis());
        String e = email.trim().toLowerCase(Locale.ROOT);
        Optional<InstanceStore.User> user = db.read(tx -> InstanceStore.userByEmail(tx, e));
        boolean matches = passwords.matches(
                password, user.map(InstanceStore.User::passwordHash).orElse(null));
        if (!matches) {
            perAddress.recordFailure(clientIp, clock.millis());
            throw new ApiException.Unauthorized(INVALID);
        }
        return mint(user.get().id(), ttl, revokeOthers);
    }

    /** The mint for a user: the first admin identity of the organization the user administers. */
    private NewToken mint(String userId, long ttl, boolean revokeOthers) {
        return db.write(tx -> {
            String orgId = InstanceStore.orgAdministeredBy(tx, userId)
                    .orElseThrow(() -> new ApiException.BadRequest(
                            "This user is not an admin of any organization, so it cannot mint an admin token."));
            InstanceStore.AdminIdentity admin = InstanceStore.firstAdminIdentity(tx, orgId)
                    .orElseThrow(() -> new ApiException.BadRequest("The organization has no admin machine identity "
                            + "left to mint a token for; an admin identity must make another identity an admin."));
            int revoked = revokeOthers ? tokens.revokeAllIssued(tx, orgId, BOOTSTRAP_METHOD) : 0;
            String token = tokens.issue(tx, admin.id(), BOOTSTRAP_METHOD, null, ttl, ttl, 0, TrustedIps.ANYWHERE)
                    .accessToken();
            return new NewToken(admin.id(), admin.name(), token, ttl, revoked);
        });
    }

    /** 403 unless the actor is the instance admin: the person bootstrap made, logged in. */
    public void requireInstanceAdmin(Actor actor) {
        Authorizer.requireInstanceAdmin(
                actor,
                actor.kind() == Actor.Kind.USER
                        && db.read(InstanceStore::instanceAdminId)
                                .map(actor.id()::equals)
                                .orElse(false));
    }

    /** The instance's bootstrap tokens that still work, for the instance admin (never the tokens themselves). */
    public List<AccessTokens.LiveToken> liveTokens(Actor actor) {
        requireInstanceAdmin(actor);
        return db.read(tx -> tokens.live(tx, BOOTSTRAP_METHOD));
    }

    /** A new bootstrap token minted by the logged-in instance admin (no password needed: the session is proof). */
    public NewToken rotate(Actor actor, Long tokenTtl, boolean revokeOthers) {
        requireInstanceAdmin(actor);
        return mint(actor.id(), tokenTtl(tokenTtl), revokeOthers);
    }
}
