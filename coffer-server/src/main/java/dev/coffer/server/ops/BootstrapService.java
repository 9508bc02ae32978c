package dev.coffer.server.ops;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.identities.AccessTokens;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sets up a new instance once: the first user (Argon2id password), an organization, and an
 * organization-admin machine identity with a long-lived access token, so a script can configure the
 * instance from nothing. A second call is refused with 400 and changes nothing.
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
            String token) {
        @Override
        public String toString() {
            return "Bootstrap.Result[org=" + orgSlug + ", identity=" + identityId + "]";
        }
    }

    private final Database db;
    private final AccessTokens tokens;
    private final Clock clock;

    public BootstrapService(Database db, AccessTokens tokens, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Argon2id with explicit parameters (OWASP's first recommendation: 19 MiB, 2 iterations, one lane,
     * 32-byte output, version 1.3), so no library default decides them.
     */
    static final Argon2Function PASSWORD_HASH =
            Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

    static String hashPassword(String password) {
        return Password.hash(password).addRandomSalt(16).with(PASSWORD_HASH).getResult();
    }

    private static ApiException alreadySetUp() {
        return new ApiException.BadRequest("This instance has already been set up; bootstrap works only once. "
                + "Log in with the credentials created then.");
    }

    public Result bootstrap(String email, String password, String organization) {
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
        String hash = hashPassword(password);
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
            String token = tokens.issue(tx, identityId, "bootstrap", null, 0, 0, 0, TrustedIps.ANYWHERE)
                    .accessToken();
            return new Result(userId, e, orgId, orgName, slug, identityId, identityName, token);
        });
    }
}
