package dev.coffer.server.users;

import dev.coffer.server.access.Actor;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.identities.FailedLoginLimiter;
import dev.coffer.server.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * People log in with email and password, log out, and change their password.
 *
 * <p>A caller who does not know a valid email and password learns nothing: an unknown email, a wrong
 * password and a wrong password for a user with no active membership get the same 401 with the same
 * message, after the same work (one user lookup and one Argon2id check, against a decoy hash when the
 * email is unknown). Failures are limited per email address (known or not) and per client address on
 * each node; while either limit is reached the answer is 429 for every email, known or not.
 */
public final class UserLogins {

    static final String INVALID = "Invalid credentials: the email or password is wrong, or the account has no "
            + "active organization membership.";

    /** Failed logins allowed per email address within {@link #EMAIL_WINDOW_MILLIS}. */
    static final int MAX_FAILURES_PER_EMAIL = 10;

    static final long EMAIL_WINDOW_MILLIS = 15 * 60_000;

    /** Failed logins allowed per client address per minute, across all emails. */
    static final int MAX_FAILURES_PER_IP_PER_MINUTE = 30;

    private final Database db;
    private final Passwords passwords;
    private final Sessions sessions;
    private final Clock clock;
    private final FailedLoginLimiter perAddress =
            new FailedLoginLimiter(MAX_FAILURES_PER_IP_PER_MINUTE, 60_000, 50_000);

    public UserLogins(Database db, Passwords passwords, Sessions sessions, Clock clock) {
        this.db = db;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clock = clock;
    }

    static String normalEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Logs in to {@code orgId} (null: the user's oldest active membership) and starts a session. */
    public Sessions.Tokens login(String email, String password, String orgId, String ip, String userAgent) {
        String e = normalEmail(email);
        checkLimits(e, ip);
        Optional<UserStore.User> user = db.read(tx -> UserStore.byEmail(tx, e));
        boolean ok = passwords.matches(
                password, user.map(UserStore.User::passwordHash).orElse(null));
        List<UserStore.Membership> active = ok
                ? db.read(tx -> UserStore.membershipsOf(tx, user.get().id())).stream()
                        .filter(UserStore.Membership::active)
                        .toList()
                : List.of();
        if (!ok || active.isEmpty()) {
            recordFailure(e, ip);
            throw new ApiException.Unauthorized(INVALID);
        }
        UserStore.Membership m = orgId == null
                ? active.get(0)
                : active.stream()
                        .filter(x -> x.orgId().equals(orgId))
                        .findFirst()
                        .orElseThrow(() -> new ApiException.BadRequest("You are not an active member of organization '"
                                + orgId + "'; leave 'organizationId' out to log in to your first organization, "
                                + "and list yours with GET /api/v1/organization."));
        return db.write(tx -> sessions.start(tx, user.get().id(), m.orgId(), ip, userAgent));
    }

    /** Ends the session the actor is using. */
    public void logout(Actor actor) {
        sessions.revoke(Sessions.requireUser(actor), actor.credentialId());
    }

    /** Changes the actor's password; every other session of the user ends. */
    public void changePassword(Actor actor, String current, String next) {
        Sessions.requireUser(actor);
        if (current == null) throw new ApiException.Validation("currentPassword", "'currentPassword' is required.");
        if (next == null) throw new ApiException.Validation("newPassword", "'newPassword' is required.");
        String key = normalEmail(actor.name());
        checkLimits(key, actor.ip());
        UserStore.User user = db.read(tx -> UserStore.byId(tx, actor.id()))
                .orElseThrow(() -> new ApiException.Unauthorized("Your user no longer exists; log in again."));
        if (!passwords.matches(current, user.passwordHash())) {
            recordFailure(key, actor.ip());
            throw new ApiException.BadRequest("The current password is wrong; send it as 'currentPassword'.");
        }
        Passwords.requireAcceptable(next, user.email(), "newPassword");
        String hash = passwords.hashBounded(next);
        db.write(tx -> {
            UserStore.setPassword(tx, user.id(), hash);
            SessionStore.revokeAllOf(tx, user.id(), actor.credentialId());
            tx.invalidate(Invalidator.Topic.USER, user.id());
            return null;
        });
    }

    private void checkLimits(String email, String ip) {
        long now = clock.millis();
        perAddress.check(ip, now);
        // counted in the database, so failures on one node count on every node
        LoginFailureStore.Count c =
                db.read(tx -> LoginFailureStore.since(tx, LoginFailureStore.digest(email), now - EMAIL_WINDOW_MILLIS));
        if (c.failures() >= MAX_FAILURES_PER_EMAIL) {
            long wait = Math.max(1, (c.oldest() + EMAIL_WINDOW_MILLIS - now + 999) / 1000);
            // the email address is not echoed
            throw new ApiException.RateLimited(
                    "Too many failed logins for this email address; try again in " + wait + " seconds.", wait);
        }
    }

    private void recordFailure(String email, String ip) {
        long now = clock.millis();
        perAddress.recordFailure(ip, now);
        db.write(tx -> {
            LoginFailureStore.record(tx, LoginFailureStore.digest(email), now, now - EMAIL_WINDOW_MILLIS);
            return null;
        });
    }
}
