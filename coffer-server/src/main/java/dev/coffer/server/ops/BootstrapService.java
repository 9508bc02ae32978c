package dev.coffer.server.ops;

import com.password4j.Password;
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
        String hash = Password.hash(password).addRandomSalt(16).withArgon2().getResult();
        long now = clock.millis();
        return db.write(tx -> {
            if (InstanceStore.bootstrapped(tx)) {
                throw new ApiException.BadRequest("This instance has already been set up; bootstrap works only once. "
                        + "Log in with the credentials created then.");
            }
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
