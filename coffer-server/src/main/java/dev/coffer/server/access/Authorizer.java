package dev.coffer.server.access;

import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that decides whether an actor may act. Deny by default: an actor outside the
 * project's organization sees "not found", a non-member gets 403 naming the identity, the project and
 * how to be added, and a member whose role lacks the action gets 403 naming the role and the action.
 * An organization admin acts as project admin in every project of its organization.
 *
 * <p>Memberships are cached for at most {@link #CACHE_MILLIS} so a change made on another node takes
 * effect within that time; changes made through this node invalidate at once.
 */
public final class Authorizer {

    static final long CACHE_MILLIS = 1000;

    private record Cached(Optional<String> role, long loadedAt) {}

    private final Database db;
    private final Map<String, Cached> memberships = new ConcurrentHashMap<>();

    public Authorizer(Database db) {
        this.db = db;
    }

    /** A project as authorization needs it. */
    public record ProjectRef(String id, String name, String orgId) {}

    /**
     * Requires {@code action} on {@code subject} in {@code project}; returns the role that allowed it.
     *
     * @throws ApiException.NotFound  when the project belongs to another organization
     * @throws ApiException.Forbidden when the actor is not a member or its role does not allow it
     */
    public Role require(Actor actor, ProjectRef project, Action action, Subject subject) {
        Role role = roleIn(actor, project);
        if (!role.allows(action, subject)) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " has role '" + role.slug()
                    + "' in project '" + project.name() + "', which does not allow " + verb(action) + " "
                    + subject.label() + ". Ask a project admin for a role that does (member or admin).");
        }
        return role;
    }

    /** The actor's role in the project (organization admins are admins everywhere in their org). */
    public Role roleIn(Actor actor, ProjectRef project) {
        if (!actor.orgId().equals(project.orgId())) {
            throw new ApiException.NotFound("Project with id '" + project.id() + "' not found.");
        }
        if (actor.isOrgAdmin()) return Role.Builtin.ADMIN;
        Optional<String> slug = membership(project.id(), actor.id());
        if (slug.isEmpty()) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " is not a member of project '"
                    + project.name() + "' (" + project.id() + "). An admin of the project can add it with POST /api/v2/workspace/"
                    + project.id() + "/identity-memberships/" + actor.id() + " {\"role\":\"viewer\"|\"member\"|\"admin\"}.");
        }
        Role role = Role.Builtin.bySlug(slug.get());
        if (role == null) role = Role.Builtin.NO_ACCESS;
        return role;
    }

    /** Requires the actor to be an admin of its organization (and the organization to be its own). */
    public void requireOrgAdmin(Actor actor, String orgId, String what) {
        if (orgId != null && !actor.orgId().equals(orgId)) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " belongs to another organization "
                    + "than '" + orgId + "' and cannot " + what + " there.");
        }
        if (!actor.isOrgAdmin()) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " has organization role '"
                    + actor.orgRole() + "'; only an organization admin can " + what + ".");
        }
    }

    /** Drops the cached membership after a change through this node. */
    public void invalidate(String projectId, String identityId) {
        memberships.remove(projectId + "|" + identityId);
    }

    private Optional<String> membership(String projectId, String identityId) {
        String key = projectId + "|" + identityId;
        long now = System.currentTimeMillis();
        Cached c = memberships.get(key);
        if (c != null && now - c.loadedAt < CACHE_MILLIS) return c.role;
        Optional<String> role = db.read(conn -> Jdbc.one(conn,
                "SELECT role FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                rs -> rs.getString(1), projectId, identityId));
        memberships.put(key, new Cached(role, now));
        return role;
    }

    private static String verb(Action a) {
        return switch (a) {
            case READ -> "reading";
            case CREATE -> "creating";
            case EDIT -> "changing";
            case DELETE -> "deleting";
        };
    }

    /** Normalises nothing: role slugs are compared exactly, so this only rejects unknown ones. */
    public static Role.Builtin parseRole(String slug, String field) {
        Role.Builtin r = Role.Builtin.bySlug(slug);
        if (r == null) {
            throw new ApiException.BadRequest("Unknown role '" + slug + "' in '" + field + "'; use one of admin, member, "
                    + "viewer, no-access (lower case).");
        }
        return r;
    }

}
