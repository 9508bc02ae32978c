package dev.coffer.server.roles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.CustomRoleStore;
import dev.coffer.server.access.MembershipStore;
import dev.coffer.server.access.Permissions;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Roles;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Custom project roles: create, list, read, change and delete, each asked of the {@link Authorizer}
 * first (subject {@code role}). The built-in slugs are reserved. Nobody creates or changes a role that
 * allows more than their own role does. A role some membership holds cannot be deleted (400 naming the
 * memberships). A change reaches every decision at once: it is announced as a change of the project.
 */
public final class RoleService {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final Clock clock;

    public RoleService(Database db, ProjectService projects, Authorizer authorizer, Clock clock) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    public CustomRoleStore.Row create(
            Actor actor, String project, String slug, String name, String description, JsonNode permissions) {
        Project p = authorized(actor, project, Action.CREATE);
        checkSlug(slug);
        if (name == null || name.isBlank()) throw new ApiException.Validation("name", "'name' is required.");
        checkLengths(name, description);
        Permissions.Compiled compiled = Permissions.parse(permissions, "permissions");
        authorizer.requireMayGrant(actor, p.ref(), "role '" + slug + "'", compiled.rules());
        long now = clock.millis();
        CustomRoleStore.Row row = new CustomRoleStore.Row(
                Ids.newId(),
                p.id(),
                slug,
                name.trim(),
                trimmed(description),
                compiled.normalized().toString(),
                now,
                now);
        db.write(tx -> {
            if (CustomRoleStore.bySlug(tx, p.id(), slug).isPresent()) {
                throw new ApiException.BadRequest("A role with the slug '" + slug + "' already exists in project '"
                        + p.name() + "'; choose another slug or change that role with PATCH.");
            }
            CustomRoleStore.insert(tx, row);
            return null;
        });
        return row;
    }

    public CustomRoleStore.Row update(
            Actor actor,
            String project,
            String roleId,
            String slug,
            String name,
            String description,
            JsonNode permissions) {
        Project p = authorized(actor, project, Action.EDIT);
        if (slug != null) checkSlug(slug);
        checkLengths(name, description);
        Permissions.Compiled compiled = permissions == null ? null : Permissions.parse(permissions, "permissions");
        CustomRoleStore.Row old = find(p, roleId);
        if (compiled != null) {
            authorizer.requireMayGrant(actor, p.ref(), "role '" + old.slug() + "'", compiled.rules());
        }
        CustomRoleStore.Row row = new CustomRoleStore.Row(
                old.id(),
                p.id(),
                slug == null ? old.slug() : slug,
                name == null || name.isBlank() ? old.name() : name.trim(),
                description == null ? old.description() : trimmed(description),
                compiled == null ? old.permissions() : compiled.normalized().toString(),
                old.createdAt(),
                clock.millis());
        db.write(tx -> {
            if (!row.slug().equals(old.slug())
                    && CustomRoleStore.bySlug(tx, p.id(), row.slug()).isPresent()) {
                throw new ApiException.BadRequest(
                        "A role with the slug '" + row.slug() + "' already exists in project '" + p.name() + "'.");
            }
            CustomRoleStore.update(tx, row);
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return null;
        });
        return row;
    }

    public CustomRoleStore.Row delete(Actor actor, String project, String roleId) {
        Project p = authorized(actor, project, Action.DELETE);
        CustomRoleStore.Row role = find(p, roleId);
        db.write(tx -> {
            List<String> holders = MembershipStore.holdersOf(tx, role.id());
            if (!holders.isEmpty()) {
                throw new ApiException.BadRequest("Role '" + role.slug() + "' is held by " + String.join(", ", holders)
                        + "; give them another role (PATCH their memberships) before deleting it.");
            }
            CustomRoleStore.delete(tx, p.id(), role.id());
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return null;
        });
        return role;
    }

    /** The project's custom roles, by slug. */
    public List<CustomRoleStore.Row> list(Actor actor, String project) {
        Project p = authorized(actor, project, Action.READ);
        return db.read(tx -> CustomRoleStore.list(tx, p.id()));
    }

    /** A custom role, or a built-in one (its id is its slug), by slug; 404 otherwise. */
    public CustomRoleStore.Row bySlug(Actor actor, String project, String slug) {
        Project p = authorized(actor, project, Action.READ);
        if (Roles.isBuiltInProjectRole(slug)) {
            return new CustomRoleStore.Row(
                    slug,
                    p.id(),
                    slug,
                    Character.toUpperCase(slug.charAt(0)) + slug.substring(1),
                    "A built-in role",
                    Permissions.render(Roles.project(slug).rules()).toString(),
                    p.createdAt(),
                    p.createdAt());
        }
        return db.read(tx -> CustomRoleStore.bySlug(tx, p.id(), slug))
                .orElseThrow(() -> new ApiException.NotFound(
                        "Role with slug '" + abbreviate(slug) + "' not found in project '" + p.name() + "'."));
    }

    private CustomRoleStore.Row find(Project p, String roleId) {
        return db.read(tx -> CustomRoleStore.byId(tx, p.id(), roleId))
                .orElseThrow(() -> new ApiException.NotFound(
                        "Role with id '" + abbreviate(roleId) + "' not found in project '" + p.name() + "'."));
    }

    private Project authorized(Actor actor, String project, Action action) {
        Project p = projects.find(project);
        authorizer.require(actor, action, Resource.inProject(Subject.ROLES, p.ref()));
        return p;
    }

    private static void checkSlug(String slug) {
        if (slug == null
                || slug.isEmpty()
                || slug.length() > 64
                || !SLUG.matcher(slug).matches()) {
            throw new ApiException.Validation(
                    "slug", "'slug' must be 1 to 64 lower-case letters, digits and single hyphens (e.g. ci-reader).");
        }
        if (Roles.isBuiltInProjectRole(slug)) {
            throw new ApiException.BadRequest("The slug '" + slug + "' is reserved for a built-in role (admin, member,"
                    + " viewer, no-access); please choose a different slug.");
        }
    }

    private static void checkLengths(String name, String description) {
        if (name != null && name.length() > 256) {
            throw new ApiException.Validation("name", "'name' is at most 256 characters.");
        }
        if (description != null && description.length() > 2000) {
            throw new ApiException.Validation("description", "'description' is at most 2000 characters.");
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
