package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Subject;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.keys.SecretCipher;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Projects and their environments. Creating a project makes its data key, the default environments
 * (Development/dev, Staging/staging, Production/prod) with their root folders, and makes the creator a
 * project admin — all in one transaction.
 */
public final class ProjectService {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:[_-][a-z0-9]+)*");
    private static final long CACHE_MILLIS = 1000;

    /** A project together with one of its environments, resolved and authorized. */
    public record Scope(Project project, Environment environment) {}

    private record Cached<T>(T value, long loadedAt) {}

    private final Database db;
    private final Authorizer authorizer;
    private final SecretCipher cipher;
    private final Map<String, Cached<Project>> projects = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<Environment>>> environments = new ConcurrentHashMap<>();

    public ProjectService(Database db, Authorizer authorizer, SecretCipher cipher) {
        this.db = db;
        this.authorizer = authorizer;
        this.cipher = cipher;
    }

    public Project create(Actor actor, String name, String slug, String description) {
        if (!actor.isOrgAdmin() && !"member".equals(actor.orgRole())) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " has organization role '"
                    + actor.orgRole() + "'; creating projects needs organization role member or admin.");
        }
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64) throw new ApiException.Validation("projectName", "'projectName' must be 1 to 64 characters.");
        String s = slug == null ? generatedSlug(n) : validSlug(slug.trim());
        long now = System.currentTimeMillis();
        Project p = new Project(Ids.newId(), actor.orgId(), n, s, description, now, now);
        try {
            db.write(c -> {
                ProjectStore.insert(c, p, cipher.newProjectKey(p.id()));
                String[][] defaults = {{"Development", "dev"}, {"Staging", "staging"}, {"Production", "prod"}};
                for (int i = 0; i < defaults.length; i++) {
                    ProjectStore.insertEnvironment(c, new Environment(Ids.newId(), p.id(), defaults[i][0], defaults[i][1],
                            i + 1, now, now), Ids.newId());
                }
                return Jdbc.update(c, "INSERT INTO identity_project_memberships (project_id, identity_id, role, created_at, "
                        + "updated_at) VALUES (?, ?, 'admin', ?, ?)", p.id(), actor.id(), now, now);
            });
        } catch (StoreException e) {
            if (db.dialect().isUniqueViolation(e.sqlCause())) {
                throw new ApiException.BadRequest("A project with slug '" + s + "' already exists; choose another slug.");
            }
            throw e;
        }
        return p;
    }

    /** A project by id or slug, visible to the actor (any role but no-access can see it). */
    public Project get(Actor actor, String idOrSlug) {
        Project p = find(idOrSlug);
        authorizer.require(actor, p.ref(), Action.READ, Subject.PROJECT);
        return p;
    }

    public List<Project> list(Actor actor) {
        return db.read(c -> actor.isOrgAdmin() ? ProjectStore.byOrg(c, actor.orgId()) : ProjectStore.byMember(c, actor.id()))
                .stream().filter(p -> p.orgId().equals(actor.orgId())).toList();
    }

    public Project delete(Actor actor, String idOrSlug) {
        Project p = find(idOrSlug);
        authorizer.require(actor, p.ref(), Action.DELETE, Subject.PROJECT);
        db.write(c -> Jdbc.update(c, "DELETE FROM projects WHERE id = ?", p.id()));
        // the cache is keyed by whatever the callers used, id or slug: drop every entry of this project
        projects.values().removeIf(cached -> cached.value().id().equals(p.id()));
        environments.remove(p.id());
        cipher.forget(p.id());
        return p;
    }

    /**
     * Resolves project and environment and requires {@code action} on {@code subject}: the entry point
     * of every secret and folder operation.
     */
    public Scope scope(Actor actor, String projectIdOrSlug, String envSlug, Action action, Subject subject) {
        Project p = find(projectIdOrSlug);
        authorizer.require(actor, p.ref(), action, subject);
        if (envSlug == null || envSlug.isBlank()) {
            throw new ApiException.Validation("environment", "'environment' is required (an environment slug such as dev).");
        }
        for (Environment e : environments(p.id())) {
            if (e.slug().equals(envSlug)) return new Scope(p, e);
        }
        throw new ApiException.NotFound("Environment '" + envSlug + "' not found in project '" + p.name()
                + "'; its environments are " + environments(p.id()).stream().map(Environment::slug).toList() + ".");
    }

    /** The project's environments in position order (cached briefly). */
    public List<Environment> environments(String projectId) {
        long now = System.currentTimeMillis();
        Cached<List<Environment>> c = environments.get(projectId);
        if (c != null && now - c.loadedAt() < CACHE_MILLIS) return c.value();
        List<Environment> list = db.read(conn -> ProjectStore.environments(conn, projectId));
        environments.put(projectId, new Cached<>(list, now));
        return list;
    }

    void environmentsChanged(String projectId) {
        environments.remove(projectId);
    }

    /** A project by id or slug, or 404. Cached briefly; writes through this node invalidate. */
    public Project find(String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isBlank()) {
            throw new ApiException.Validation("workspaceId", "A project id (workspaceId / projectId) is required.");
        }
        long now = System.currentTimeMillis();
        Cached<Project> c = projects.get(idOrSlug);
        if (c != null && now - c.loadedAt() < CACHE_MILLIS) return c.value();
        // neither an id nor a slug (every stored slug matches SLUG): no query, so no NUL byte or other junk reaches SQL
        if (!Ids.isUuid(idOrSlug) && !SLUG.matcher(idOrSlug).matches()) {
            throw new ApiException.NotFound("Project with id or slug '" + abbreviate(idOrSlug) + "' not found.");
        }
        Project p = db.read(conn -> Ids.isUuid(idOrSlug) ? ProjectStore.byId(conn, idOrSlug) : ProjectStore.bySlug(conn, idOrSlug))
                .orElseThrow(() -> new ApiException.NotFound("Project with id or slug '" + abbreviate(idOrSlug) + "' not found."));
        projects.put(idOrSlug, new Cached<>(p, now));
        return p;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    Database db() {
        return db;
    }

    private static String validSlug(String slug) {
        if (slug.length() < 5 || slug.length() > 36 || !SLUG.matcher(slug).matches()) {
            throw new ApiException.Validation("slug", "Slug field can only contain lowercase letters, numbers, and hyphens "
                    + "(5 to 36 characters).");
        }
        return slug;
    }

    private static String generatedSlug(String name) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (base.length() > 26) base = base.substring(0, 26).replaceAll("-+$", "");
        String suffix = dev.coffer.crypto.SecureRandoms.hex(3);
        return base.isEmpty() ? "project-" + suffix : base + "-" + suffix;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
