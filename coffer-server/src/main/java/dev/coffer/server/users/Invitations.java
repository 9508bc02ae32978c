package dev.coffer.server.users;

import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Roles;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Invitations into an organization. An organization admin invites an email address with a role; there
 * is no mail server, so the invitation token is answered to the inviter, who hands it on. The invited
 * person accepts with a password (a new user) or, when the email is a user already, with that user's
 * password; either way they become a member with the invited role and are logged in. A token works
 * once and for {@link #TTL_MILLIS}.
 */
public final class Invitations {

    static final long TTL_MILLIS = 7L * 86_400_000;
    static final String PREFIX = "ci.";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A new invitation and its token (shown once; {@code toString} leaves it out). */
    public record Created(UserStore.Invitation invitation, String token) {
        @Override
        public String toString() {
            return "Invitation.Created[" + invitation.id() + "]";
        }
    }

    /** An accepted invitation: the user, the organization, and a session in it. */
    public record Accepted(String userId, String email, UserStore.Org org, String role, Sessions.Tokens session) {}

    private final Database db;
    private final Authorizer authorizer;
    private final Passwords passwords;
    private final Sessions sessions;
    private final Clock clock;

    public Invitations(Database db, Authorizer authorizer, Passwords passwords, Sessions sessions, Clock clock) {
        this.db = db;
        this.authorizer = authorizer;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Created invite(Actor actor, String orgId, String email, String role) {
        authorizer.require(actor, Action.CREATE, Resource.inOrg(Subject.USERS, orgId));
        if (email == null) throw new ApiException.Validation("email", "'email' is required.");
        String e = UserLogins.normalEmail(email);
        if (!EMAIL.matcher(e).matches() || e.length() > 254) {
            throw new ApiException.Validation("email", "'email' must be an email address, e.g. ana@example.com.");
        }
        Organizations.requireNotAbove(actor, Roles.requireOrgRole(role));
        String secret = SecureRandoms.base64Url(32);
        long now = clock.millis();
        UserStore.Invitation inv = new UserStore.Invitation(
                Ids.newId(), orgId, e, role, Sessions.digest(secret), actor.id(), now + TTL_MILLIS, null, now);
        db.write(tx -> {
            Optional<UserStore.User> existing = UserStore.byEmail(tx, e);
            if (existing.isPresent()
                    && UserStore.membership(tx, orgId, existing.get().id()).isPresent()) {
                throw new ApiException.Conflict(
                        "'" + e + "' is a member of this organization already; change the membership instead.");
            }
            UserStore.insertInvitation(tx, inv);
            return null;
        });
        return new Created(inv, PREFIX + inv.id() + "." + secret);
    }

    /**
     * Invites several emails with one role (Infisical's {@code invite-org/signup}); every email is checked
     * before any invitation is written.
     */
    public List<Created> inviteAll(Actor actor, String orgId, List<String> emails, String role) {
        authorizer.require(actor, Action.CREATE, Resource.inOrg(Subject.USERS, orgId));
        if (emails == null || emails.isEmpty() || emails.size() > 100) {
            throw new ApiException.Validation("inviteeEmails", "'inviteeEmails' must list 1 to 100 email addresses.");
        }
        for (String e : emails) {
            String n = UserLogins.normalEmail(e);
            if (!EMAIL.matcher(n).matches() || n.length() > 254) {
                throw new ApiException.Validation(
                        "inviteeEmails", "'inviteeEmails' must hold email addresses, e.g. ana@example.com.");
            }
        }
        Roles.requireOrgRole(role);
        return emails.stream().map(e -> invite(actor, orgId, e, role)).toList();
    }

    public Accepted accept(String token, String password, String ip, String userAgent) {
        ApiException invalid = new ApiException.BadRequest(
                "The invitation token is not valid (unknown, used already, or expired); ask an admin for a new one.");
        String t = token.trim();
        int dot = t.indexOf('.', PREFIX.length());
        if (!t.startsWith(PREFIX) || dot < 0) throw invalid;
        String id = t.substring(PREFIX.length(), dot);
        byte[] digest = Sessions.digest(t.substring(dot + 1));
        if (!Ids.isUuid(id)) throw invalid;
        long now = clock.millis();
        UserStore.Invitation inv = db.read(tx -> UserStore.invitation(tx, id))
                .filter(i -> MessageDigest.isEqual(i.tokenHash(), digest))
                .filter(i -> i.acceptedAt() == null && now < i.expiresAt())
                .orElseThrow(() -> invalid);
        Optional<UserStore.User> existing = db.read(tx -> UserStore.byEmail(tx, inv.email()));
        String hash;
        if (existing.isPresent()) {
            if (!passwords.matches(password, existing.get().passwordHash())) {
                throw new ApiException.BadRequest("'" + inv.email() + "' has an account already; accept with that "
                        + "account's password (the password is wrong).");
            }
            hash = null;
        } else {
            Passwords.requireAcceptable(password, inv.email(), "password");
            hash = passwords.hashBounded(password);
        }
        return db.write(tx -> {
            if (!UserStore.accept(tx, inv.id(), now)) throw invalid;
            UserStore.Org org = UserStore.org(tx, inv.orgId()).orElseThrow(() -> invalid);
            String userId;
            Optional<UserStore.User> user = UserStore.byEmail(tx, inv.email());
            if (user.isPresent()) {
                // the password was checked against this user only if the user existed before
                if (hash != null)
                    throw new ApiException.Conflict("An account for '" + inv.email() + "' was made "
                            + "meanwhile; accept again with that account's password.");
                userId = user.get().id();
                if (UserStore.membership(tx, org.id(), userId).isPresent()) {
                    throw new ApiException.Conflict("You are a member of this organization already; log in.");
                }
            } else {
                if (hash == null) throw invalid; // the user went away in between
                userId = Ids.newId();
                UserStore.insertUser(tx, userId, inv.email(), hash, now);
            }
            UserStore.insertMembership(tx, org.id(), userId, inv.role(), now);
            tx.invalidate(Invalidator.Topic.USER, userId);
            Sessions.Tokens session = sessions.start(tx, userId, org.id(), ip, userAgent);
            return new Accepted(userId, inv.email(), org, inv.role(), session);
        });
    }
}
