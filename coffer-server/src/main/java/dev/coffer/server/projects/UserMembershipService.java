package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.MembershipStore;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.access.UserMembershipStore;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * People's memberships of a project, each holding one or more roles as identity memberships do
 * ({@link MembershipService}). Managed by whoever may act on the project's members (subject
 * {@code member}); only active members of the project's organization can be added, and nobody assigns
 * a role that allows more than their own. A person who creates a project is its admin.
 */
public final class UserMembershipService {

    /** A membership joined with the user's email, the project's name, and its roles. */
    public record Membership(
            String id,
            String projectId,
            String projectName,
            String userId,
            String email,
            List<MembershipStore.RoleRow> roles,
            long createdAt,
            long updatedAt) {}

    private static final int MAX_EMAILS = 100;

    private final ProjectService projects;
    private final MembershipService roles;

    public UserMembershipService(ProjectService projects, MembershipService roles) {
        this.projects = projects;
        this.roles = roles;
    }

    /** Adds each person (by email) with the same roles; all or nothing. */
    public List<Membership> add(
            Actor actor, String projectId, List<String> emails, List<MembershipService.RoleRequest> asked) {
        Project p = authorized(actor, projectId, Action.CREATE);
        Set<String> wanted = emails(emails);
        List<MembershipStore.NewRole> resolved = roles.resolve(actor, p, asked);
        long now = projects.clock().millis();
        List<String> added = projects.db().write(tx -> {
            List<String> ids = new ArrayList<>();
            for (String email : wanted) {
                String userId = userInOrg(tx, p, email);
                if (UserMembershipStore.isMember(tx, p.id(), userId)) {
                    throw new ApiException.BadRequest("User '" + ProjectService.abbreviate(email)
                            + "' is already a member of project '" + p.name() + "'; change its roles with PATCH "
                            + "/api/v1/workspace/" + p.id() + "/memberships/{membershipId}.");
                }
                UserMembershipStore.insert(tx, Ids.newId(), p.id(), userId, now);
                MembershipStore.replaceRoles(tx, p.id(), MembershipStore.USER, userId, resolved, now);
                changed(tx, p, userId);
                ids.add(userId);
            }
            return ids;
        });
        return added.stream().map(u -> get(actor, projectId, u)).toList();
    }

    public List<Membership> list(Actor actor, String projectId) {
        Project p = authorized(actor, projectId, Action.READ);
        return projects.db()
                .read(tx -> UserMembershipStore.list(tx, p.id()).stream()
                        .map(r -> membership(tx, p, r))
                        .toList());
    }

    /** The membership with this id (or of the user with this id). */
    public Membership get(Actor actor, String projectId, String membershipId) {
        Project p = authorized(actor, projectId, Action.READ);
        return projects.db().read(tx -> membership(tx, p, found(tx, p, membershipId)));
    }

    /** The membership of the person with this email. */
    public Membership byEmail(Actor actor, String projectId, String email) {
        Project p = authorized(actor, projectId, Action.READ);
        if (email == null || email.isBlank()) {
            throw new ApiException.Validation("username", "'username' is required (the person's email).");
        }
        return projects.db().read(tx -> {
            String userId = UserMembershipStore.orgUserByEmail(tx, p.orgId(), email.trim())
                    .orElseThrow(() -> notMember(email, p));
            return membership(tx, p, found(tx, p, userId));
        });
    }

    public Membership update(
            Actor actor, String projectId, String membershipId, List<MembershipService.RoleRequest> asked) {
        Project p = authorized(actor, projectId, Action.EDIT);
        List<MembershipStore.NewRole> resolved = roles.resolve(actor, p, asked);
        long now = projects.clock().millis();
        String userId = projects.db().write(tx -> {
            UserMembershipStore.Row row = found(tx, p, membershipId);
            UserMembershipStore.touch(tx, p.id(), row.userId(), now);
            MembershipStore.replaceRoles(tx, p.id(), MembershipStore.USER, row.userId(), resolved, now);
            changed(tx, p, row.userId());
            return row.userId();
        });
        return get(actor, projectId, userId);
    }

    public Membership remove(Actor actor, String projectId, String membershipId) {
        Membership m = get(actor, projectId, membershipId);
        Project p = authorized(actor, projectId, Action.DELETE);
        projects.db().write(tx -> {
            UserMembershipStore.delete(tx, p.id(), m.userId());
            changed(tx, p, m.userId());
            return null;
        });
        return m;
    }

    /** Removes each person (by email); all or nothing. */
    public List<Membership> removeByEmail(Actor actor, String projectId, List<String> emails) {
        Project p = authorized(actor, projectId, Action.DELETE);
        Set<String> wanted = emails(emails);
        return projects.db().write(tx -> {
            List<Membership> removed = new ArrayList<>();
            for (String email : wanted) {
                String userId =
                        UserMembershipStore.orgUserByEmail(tx, p.orgId(), email).orElseThrow(() -> notMember(email, p));
                removed.add(membership(tx, p, found(tx, p, userId)));
                UserMembershipStore.delete(tx, p.id(), userId);
                changed(tx, p, userId);
            }
            return removed;
        });
    }

    private Project authorized(Actor actor, String projectId, Action action) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, action, Resource.inProject(Subject.MEMBERS, p.ref()));
        return p;
    }

    private static Set<String> emails(List<String> given) {
        if (given.isEmpty()) {
            throw new ApiException.Validation(
                    "emails", "Give 'emails' (or 'usernames'): the people to add or remove, by email.");
        }
        if (given.size() > MAX_EMAILS) {
            throw new ApiException.Validation("emails", "At most " + MAX_EMAILS + " emails per request.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String e : given) {
            String t = e == null ? "" : e.trim();
            if (t.isEmpty() || t.length() > 320) {
                throw new ApiException.Validation("emails", "Each email must be 1 to 320 characters.");
            }
            out.add(t);
        }
        return out;
    }

    private static String userInOrg(Tx tx, Project p, String email) {
        return UserMembershipStore.orgUserByEmail(tx, p.orgId(), email)
                .orElseThrow(() -> new ApiException.NotFound("User '" + ProjectService.abbreviate(email)
                        + "' is not an active member of the project's organization; invite them first (coffer users "
                        + "invite, or POST /api/v1/invite-org/signup)."));
    }

    private static UserMembershipStore.Row found(Tx tx, Project p, String membershipOrUserId) {
        if (!Ids.isUuid(membershipOrUserId)) throw notMember(membershipOrUserId, p);
        return UserMembershipStore.find(tx, p.id(), membershipOrUserId)
                .orElseThrow(() -> notMember(membershipOrUserId, p));
    }

    private static Membership membership(Tx tx, Project p, UserMembershipStore.Row r) {
        return new Membership(
                r.id(),
                p.id(),
                p.name(),
                r.userId(),
                r.email(),
                MembershipStore.roles(tx, p.id(), MembershipStore.USER, r.userId())
                        .orElse(List.of()),
                r.createdAt(),
                r.updatedAt());
    }

    private static void changed(Tx tx, Project p, String userId) {
        tx.invalidate(Invalidator.Topic.MEMBERSHIP, Authorizer.membershipKey(p.id(), userId));
    }

    private static ApiException notMember(String who, Project p) {
        return new ApiException.NotFound(
                "User membership '" + ProjectService.abbreviate(who) + "' not found in project '" + p.name() + "'.");
    }
}
