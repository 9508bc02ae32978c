package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.CustomRoleStore;
import dev.coffer.server.access.MembershipStore;
import dev.coffer.server.access.Permissions;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Roles;
import dev.coffer.server.access.Rule;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity memberships of a project, each holding one or more roles (built-in or custom, permanent or
 * temporary). Managed by whoever may act on the project's identity memberships (subject
 * {@code identity}); nobody assigns a role that allows more than their own.
 */
public final class MembershipService {

    /** A membership joined with the identity's and the project's names, and its roles. */
    public record Membership(
            String projectId,
            String projectName,
            String identityId,
            String identityName,
            String authMethod,
            List<MembershipStore.RoleRow> roles,
            long createdAt,
            long updatedAt) {}

    /**
     * A role asked for: a built-in slug or a custom role's slug; temporary from {@code start} for
     * {@code range} (as {@link TemporaryRange} reads it) when {@code temporary}.
     */
    public record RoleRequest(String role, boolean temporary, String mode, String range, String start) {}

    private static final int MAX_ROLES = 20;

    private final ProjectService projects;

    public MembershipService(ProjectService projects) {
        this.projects = projects;
    }

    public Membership add(Actor actor, String projectId, String identityId, List<RoleRequest> roles) {
        Project p = authorized(actor, projectId, Action.CREATE);
        long now = projects.clock().millis();
        List<MembershipStore.NewRole> resolved = resolve(actor, p, roles);
        projects.db().write(tx -> {
            if (!Ids.isUuid(identityId) || !ProjectStore.identityInOrg(tx, identityId, p.orgId())) {
                throw new ApiException.NotFound("Identity with id '" + ProjectService.abbreviate(identityId)
                        + "' not found in the project's organization.");
            }
            if (MembershipStore.isMember(tx, p.id(), identityId)) {
                throw new ApiException.BadRequest("Identity '" + identityId + "' is already a member of project '"
                        + p.name() + "'; change its roles with PATCH.");
            }
            MembershipStore.insertMembership(tx, p.id(), identityId, now);
            MembershipStore.replaceRoles(tx, p.id(), MembershipStore.IDENTITY, identityId, resolved, now);
            changed(tx, p, identityId);
            return null;
        });
        return get(actor, projectId, identityId);
    }

    public Membership update(Actor actor, String projectId, String identityId, List<RoleRequest> roles) {
        Project p = authorized(actor, projectId, Action.EDIT);
        long now = projects.clock().millis();
        List<MembershipStore.NewRole> resolved = resolve(actor, p, roles);
        int n = projects.db().write(tx -> {
            int updated = Ids.isUuid(identityId) ? MembershipStore.touch(tx, p.id(), identityId, now) : 0;
            if (updated > 0) {
                MembershipStore.replaceRoles(tx, p.id(), MembershipStore.IDENTITY, identityId, resolved, now);
                changed(tx, p, identityId);
            }
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

    /**
     * The roles asked for, checked: each one exists (exact slug), its temporary span is readable, and the
     * actor's own role allows everything it grants.
     */
    List<MembershipStore.NewRole> resolve(Actor actor, Project p, List<RoleRequest> roles) {
        if (roles.isEmpty()) throw new ApiException.BadRequest("You must provide either role or roles field.");
        if (roles.size() > MAX_ROLES) {
            throw new ApiException.BadRequest("A membership holds at most " + MAX_ROLES + " roles.");
        }
        List<MembershipStore.NewRole> out = new ArrayList<>();
        List<Rule> granted = new ArrayList<>();
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            RoleRequest r = roles.get(i);
            String field = roles.size() == 1 ? "role" : "roles[" + i + "].role";
            String customId = null;
            if (Roles.isBuiltInProjectRole(r.role())) {
                granted.addAll(Roles.project(r.role()).rules());
            } else {
                CustomRoleStore.Row custom = projects.db()
                        .read(tx -> CustomRoleStore.bySlug(tx, p.id(), r.role()))
                        .orElseThrow(() -> new ApiException.BadRequest("Unknown role '"
                                + ProjectService.abbreviate(r.role()) + "' in '" + field
                                + "'; use one of admin, member, viewer, no-access (lower case) or the slug of a custom"
                                + " role of this project (GET /api/v2/workspace/" + p.id() + "/roles)."));
                customId = custom.id();
                granted.addAll(Permissions.compileStored(custom.permissions()));
            }
            slugs.add(r.role());
            if (!r.temporary()) {
                out.add(new MembershipStore.NewRole(r.role(), customId, null, null, null));
            } else {
                TemporaryRange.Span span = TemporaryRange.span(r.mode(), r.range(), r.start(), field);
                out.add(new MembershipStore.NewRole(r.role(), customId, r.range(), span.start(), span.end()));
            }
        }
        projects.authorizer().requireMayGrant(actor, p.ref(), "role '" + String.join("', '", slugs) + "'", granted);
        return out;
    }

    private Project authorized(Actor actor, String projectId, Action action) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, action, Resource.inProject(Subject.PROJECT_IDENTITIES, p.ref()));
        return p;
    }

    private List<Membership> rows(Project p, String identityId) {
        // identity ids are UUIDs; anything else matches no membership (and never reaches SQL)
        if (identityId != null && !Ids.isUuid(identityId)) return List.of();
        return projects.db()
                .read(tx -> MembershipStore.list(tx, p.id(), identityId).stream()
                        .map(r -> new Membership(
                                p.id(),
                                p.name(),
                                r.identityId(),
                                r.identityName(),
                                r.authMethod(),
                                MembershipStore.roles(tx, p.id(), MembershipStore.IDENTITY, r.identityId())
                                        .orElse(List.of()),
                                r.createdAt(),
                                r.updatedAt()))
                        .toList());
    }

    private static void changed(Tx tx, Project p, String identityId) {
        tx.invalidate(Invalidator.Topic.MEMBERSHIP, Authorizer.membershipKey(p.id(), identityId));
    }

    private static ApiException notMember(String identityId, Project p) {
        return new ApiException.NotFound("Identity '" + ProjectService.abbreviate(identityId) + "' is not a member of "
                + "project '" + p.name() + "'.");
    }
}
