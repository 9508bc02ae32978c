package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.MembershipStore;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Roles;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.util.List;

/** Identity memberships of a project with a built-in role. Project admins manage them. */
public final class MembershipService {

    /** A membership joined with the identity's and the project's names. */
    public record Membership(
            String projectId,
            String projectName,
            String identityId,
            String identityName,
            String authMethod,
            String role,
            long createdAt,
            long updatedAt) {}

    private final ProjectService projects;

    public MembershipService(ProjectService projects) {
        this.projects = projects;
    }

    public Membership add(Actor actor, String projectId, String identityId, String role) {
        Project p = authorized(actor, projectId, Action.CREATE);
        Roles.requireProjectRole(role, "role");
        long now = projects.clock().millis();
        projects.db().write(tx -> {
            if (!Ids.isUuid(identityId) || !ProjectStore.identityInOrg(tx, identityId, p.orgId())) {
                throw new ApiException.NotFound("Identity with id '" + ProjectService.abbreviate(identityId)
                        + "' not found in the project's organization.");
            }
            if (MembershipStore.role(tx, p.id(), identityId).isPresent()) {
                throw new ApiException.BadRequest("Identity '" + identityId + "' is already a member of project '"
                        + p.name() + "'; change its role with PATCH.");
            }
            MembershipStore.insert(tx, p.id(), identityId, role, now);
            changed(tx, p, identityId);
            return null;
        });
        return get(actor, projectId, identityId);
    }

    public Membership update(Actor actor, String projectId, String identityId, String role) {
        Project p = authorized(actor, projectId, Action.EDIT);
        Roles.requireProjectRole(role, "role");
        long now = projects.clock().millis();
        int n = projects.db().write(tx -> {
            int updated = Ids.isUuid(identityId) ? MembershipStore.updateRole(tx, p.id(), identityId, role, now) : 0;
            if (updated > 0) changed(tx, p, identityId);
            return updated;
        });
        if (n == 0) throw notMember(identityId, p);
        return get(actor, projectId, identityId);
    }

    public Membership remove(Actor actor, String projectId, String identityId) {
        Membership m = get(actor, projectId, identityId);
        Project p = authorized(actor, projectId, Action.DELETE);
        projects.db().write(tx -> {
            MembershipStore.delete(tx, p.id(), identityId);
            changed(tx, p, identityId);
            return null;
        });
        return m;
    }

    public Membership get(Actor actor, String projectId, String identityId) {
        Project p = authorized(actor, projectId, Action.READ);
        return rows(p, identityId).stream().findFirst().orElseThrow(() -> notMember(identityId, p));
    }

    public List<Membership> list(Actor actor, String projectId) {
        return rows(authorized(actor, projectId, Action.READ), null);
    }

    private Project authorized(Actor actor, String projectId, Action action) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, action, Resource.inProject(Subject.MEMBERS, p.ref()));
        return p;
    }

    private List<Membership> rows(Project p, String identityId) {
        // identity ids are UUIDs; anything else matches no membership (and never reaches SQL)
        if (identityId != null && !Ids.isUuid(identityId)) return List.of();
        return projects.db().read(tx -> MembershipStore.list(tx, p.id(), identityId)).stream()
                .map(r -> new Membership(
                        p.id(),
                        p.name(),
                        r.identityId(),
                        r.identityName(),
                        r.authMethod(),
                        r.role(),
                        r.createdAt(),
                        r.updatedAt()))
                .toList();
    }

    private static void changed(Tx tx, Project p, String identityId) {
        tx.invalidate(Invalidator.Topic.MEMBERSHIP, Authorizer.membershipKey(p.id(), identityId));
    }

    private static ApiException notMember(String identityId, Project p) {
        return new ApiException.NotFound("Identity '" + ProjectService.abbreviate(identityId) + "' is not a member of "
                + "project '" + p.name() + "'.");
    }
}
