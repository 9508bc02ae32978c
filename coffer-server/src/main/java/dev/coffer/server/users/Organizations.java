package dev.coffer.server.users;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Roles;
import dev.coffer.server.access.Subject;
import dev.coffer.server.access.UserMembershipStore;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Organizations and the people in them. The instance admin (the bootstrap user) creates organizations;
 * organization admins change members' roles, deactivate and remove members. An organization always
 * keeps one admin (an identity or an active user), and nobody grants a role above their own.
 */
public final class Organizations {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Database db;
    private final Authorizer authorizer;
    private final Clock clock;

    public Organizations(Database db, Authorizer authorizer, Clock clock) {
        this.db = db;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** Creates an organization whose first admin is the caller; the instance admin only. */
    public UserStore.Org create(Actor actor, String name, String slug) {
        requireInstanceAdmin(actor);
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64)
            throw new ApiException.Validation("name", "'name' must be 1 to 64 characters.");
        String s = slug == null || slug.isBlank() ? slugOf(n) : slug.trim();
        if (!SLUG.matcher(s).matches() || s.length() > 64) {
            throw new ApiException.Validation(
                    "slug", "'slug' must be 1 to 64 lower-case letters, digits and single dashes, e.g. 'acme-labs'.");
        }
        long now = clock.millis();
        UserStore.Org org = new UserStore.Org(Ids.newId(), n, s, now);
        return db.write(tx -> {
            if (UserStore.slugTaken(tx, s)) {
                throw new ApiException.Conflict("An organization with slug '" + s + "' exists; choose another slug.");
            }
            UserStore.insertOrg(tx, org);
            UserStore.insertMembership(tx, org.id(), actor.id(), "admin", now);
            tx.invalidate(Invalidator.Topic.USER, actor.id());
            return org;
        });
    }

    /** The organizations the caller belongs to: a user's active memberships, an identity's own. */
    public List<UserStore.Org> mine(Actor actor) {
        return db.read(tx -> {
            if (actor.kind() != Actor.Kind.USER)
                return UserStore.org(tx, actor.orgId()).stream().toList();
            return UserStore.membershipsOf(tx, actor.id()).stream()
                    .filter(UserStore.Membership::active)
                    .map(m -> new UserStore.Org(m.orgId(), m.orgName(), m.orgSlug(), 0))
                    .toList();
        });
    }

    public List<UserStore.Membership> members(Actor actor, String orgId) {
        authorizer.require(actor, Action.READ, Resource.inOrg(Subject.USERS, orgId));
        return db.read(tx -> UserStore.membersOf(tx, orgId));
    }

    /**
     * Changes a member's role and whether the membership is active ({@code null}: unchanged). Demoting or
     * deactivating the last admin is refused; a deactivated or demoted member's sessions in the
     * organization end at once.
     */
    public UserStore.Membership update(Actor actor, String orgId, String userId, String role, Boolean active) {
        authorizer.require(actor, Action.EDIT, Resource.inOrg(Subject.USERS, orgId));
        if (role != null) requireNotAbove(actor, Roles.requireOrgRole(role));
        return db.write(tx -> {
            UserStore.Membership m = locked(tx, orgId, userId);
            String r = role == null ? m.role() : role;
            boolean a = active == null ? m.active() : active;
            if (isAdmin(m) && (!r.equals("admin") || !a)) requireAnotherAdmin(tx, orgId);
            UserStore.updateMembership(tx, orgId, userId, r, a, clock.millis());
            if (!a) SessionStore.revokeInOrg(tx, userId, orgId);
            tx.invalidate(Invalidator.Topic.USER, userId);
            return UserStore.membership(tx, orgId, userId).orElseThrow();
        });
    }

    /** Removes a member from the organization; its sessions there end. */
    public UserStore.Membership remove(Actor actor, String orgId, String userId) {
        authorizer.require(actor, Action.DELETE, Resource.inOrg(Subject.USERS, orgId));
        return db.write(tx -> {
            UserStore.Membership m = locked(tx, orgId, userId);
            if (isAdmin(m)) requireAnotherAdmin(tx, orgId);
            UserStore.deleteMembership(tx, orgId, userId);
            SessionStore.revokeInOrg(tx, userId, orgId);
            for (String project : UserMembershipStore.deleteInOrg(tx, orgId, userId)) {
                tx.invalidate(Invalidator.Topic.MEMBERSHIP, Authorizer.membershipKey(project, userId));
            }
            tx.invalidate(Invalidator.Topic.USER, userId);
            return m;
        });
    }

    /** 403 when {@code role} ranks above the actor's own organization role. */
    static void requireNotAbove(Actor actor, String role) {
        Authorizer.requireOrgRoleAtMost(actor, role);
    }

    void requireInstanceAdmin(Actor actor) {
        Authorizer.requireInstanceAdmin(
                actor,
                actor.kind() == Actor.Kind.USER
                        && db.read(UserStore::instanceAdminId)
                                .map(actor.id()::equals)
                                .orElse(false));
    }

    private static boolean isAdmin(UserStore.Membership m) {
        return m.role().equals("admin") && m.active();
    }

    /** Locks the organization (see IdentityService) and reads the membership under the lock. */
    private static UserStore.Membership locked(Tx tx, String orgId, String userId) {
        ApiException missing =
                new ApiException.NotFound("Membership '" + userId + "' not found in organization '" + orgId + "'.");
        if (!Ids.isUuid(userId) || !UserStore.lockOrganization(tx, orgId)) throw missing;
        return UserStore.membership(tx, orgId, userId).orElseThrow(() -> missing);
    }

    private static void requireAnotherAdmin(Tx tx, String orgId) {
        if (UserStore.countAdmins(tx, orgId) <= 1) {
            throw new ApiException.BadRequest("This is the organization's last admin; make another user or identity "
                    + "an admin first, so the organization is not left without one.");
        }
    }

    static String slugOf(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "org" : s;
    }
}
