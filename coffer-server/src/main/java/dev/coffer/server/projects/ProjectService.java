package dev.coffer.server.projects;

import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.MembershipStore;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.access.UserMembershipStore;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.keys.Barrier;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Projects and their environments. Creating a project makes its data key, the default environments
 * (Development/dev, Staging/staging, Production/prod) with their root folders, and makes the creator a
 * project admin — all in one transaction. {@link #scope} is the entry point of every secret and folder
 * operation: project, membership, environment and path, then the permission on exactly that place.
 */
public final class ProjectService {

    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:[_-][a-z0-9]+)*");

    /** A project, one of its environments and a folder path in it, resolved and authorized. */
    public record Scope(Project project, Environment environment, SecretPath path) {
        /** The resource of {@code subject} at this place. */
        public Resource resource(Subject subject) {
            return Resource.at(subject, project.ref(), environment.slug(), path.toString());
        }
    }

    private final Database db;
    private final Authorizer authorizer;
    private final Barrier barrier;
    private final Clock clock;
    private final TtlCache<String, Project> projects;
    private final TtlCache<String, List<Environment>> environments;

    public ProjectService(Database db, Authorizer authorizer, Barrier barrier, Invalidator invalidator, Clock clock) {
        this.db = db;
        this.authorizer = authorizer;
        this.barrier = barrier;
        this.clock = clock;
        this.projects = new TtlCache<>(10_000, Duration.ofSeconds(30), clock);
        this.environments = new TtlCache<>(10_000, Duration.ofSeconds(30), clock);
        invalidator.on(Invalidator.Topic.PROJECT, id -> {
            projects.invalidateIf(p -> p.id().equals(id));
            environments.invalidate(id);
        });
        invalidator.onFlushAll(projects::clear);
        invalidator.onFlushAll(environments::clear);
    }

    public Project create(Actor actor, String name, String slug, String description) {
        authorizer.require(actor, Action.CREATE, Resource.inOrg(Subject.PROJECTS, actor.orgId()));
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64)
            throw new ApiException.Validation("projectName", "'projectName' must be 1 to 64 characters.");
        String s = slug == null ? generatedSlug(n) : validSlug(slug.trim());
        long now = clock.millis();
        Project p = new Project(Ids.newId(), actor.orgId(), n, s, description, now, now);
        return db.write(tx -> {
            if (ProjectStore.slugTaken(tx, s)) {
                throw new ApiException.BadRequest(
                        "A project with slug '" + s + "' already exists; choose another slug.");
            }
            ProjectStore.insert(tx, p);
            barrier.createProjectKey(tx, p.id());
            String[][] defaults = {{"Development", "dev"}, {"Staging", "staging"}, {"Production", "prod"}};
            for (int i = 0; i < defaults.length; i++) {
                ProjectStore.insertEnvironment(
                        tx,
                        new Environment(Ids.newId(), p.id(), defaults[i][0], defaults[i][1], i + 1, now, now),
                        Ids.newId());
            }
            // the creator is the project's admin (an org admin is admin of every project anyway)
            if (actor.kind() == Actor.Kind.IDENTITY) MembershipStore.insert(tx, p.id(), actor.id(), "admin", now);
            if (actor.kind() == Actor.Kind.USER) {
                UserMembershipStore.insert(tx, Ids.newId(), p.id(), actor.id(), now);
                MembershipStore.replaceRoles(
                        tx,
                        p.id(),
                        MembershipStore.USER,
                        actor.id(),
                        List.of(new MembershipStore.NewRole("admin", null, null, null, null)),
                        now);
            }
            return p;
        });
    }

    /** A project by id or slug, visible to the actor (any role that may read the project). */
    public Project get(Actor actor, String idOrSlug) {
        Project p = find(idOrSlug);
        authorizer.require(actor, Action.READ, Resource.inProject(Subject.PROJECT, p.ref()));
        return p;
    }

    /**
     * The project's environments the actor may read (subject {@code environments}), in position order:
     * a project shown to someone whose role does not cover environments lists none.
     */
    public List<Environment> environmentsVisibleTo(Actor actor, Project p) {
        return authorizer.filter(
                actor,
                Action.READ,
                Resource.inProject(Subject.ENVIRONMENTS, p.ref()),
                environments(p.id()),
                e -> Resource.at(Subject.ENVIRONMENTS, p.ref(), e.slug(), null));
    }

    /** The projects of the actor's organization that it may read (a no-access member sees none). */
    public List<Project> list(Actor actor) {
        List<Project> candidates = db.read(tx -> "admin".equals(actor.orgRole())
                ? ProjectStore.byOrg(tx, actor.orgId())
                : ProjectStore.byMember(tx, actor.id(), actor.kind() == Actor.Kind.USER));
        return authorizer.filter(actor, Action.READ, candidates, p -> Resource.inProject(Subject.PROJECT, p.ref()));
    }

    public Project delete(Actor actor, String idOrSlug) {
        Project p = find(idOrSlug);
        authorizer.require(actor, Action.DELETE, Resource.inProject(Subject.PROJECT, p.ref()));
        db.write(tx -> {
            ProjectStore.delete(tx, p.id());
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return null;
        });
        return p;
    }

    /**
     * Resolves project, environment and path, and requires {@code action} on {@code subject} there. An
     * actor outside the project learns nothing about its environments.
     */
    public Scope scope(
            Actor actor, String projectIdOrSlug, String envSlug, String path, Action action, Subject subject) {
        Project p = find(projectIdOrSlug);
        authorizer.policyIn(actor, p.ref());
        if (action == Action.READ && subject == Subject.SECRETS) {
            // a service token with one non-glob scope reads that place whatever was asked (as Infisical does)
            var pinned = authorizer.pinnedPlace(actor);
            if (pinned.isPresent()) {
                envSlug = pinned.get().environment();
                path = pinned.get().secretPath();
            }
        }
        Scope scope = new Scope(p, environment(p, envSlug), SecretPath.parse(path));
        authorizer.require(actor, action, scope.resource(subject));
        return scope;
    }

    /**
     * The environment a request names, by slug or by name: the one whose slug is exactly {@code given};
     * else the only one whose slug or name equals it ignoring case ({@code --env=development} finds
     * Development/dev). Several such environments are a 400 listing them; none is a 404 listing the
     * project's environments.
     */
    Environment environment(Project p, String given) {
        if (given == null || given.isBlank()) {
            throw new ApiException.Validation(
                    "environment", "'environment' is required (an environment slug such as dev).");
        }
        List<Environment> envs = environments(p.id());
        for (Environment e : envs) if (e.slug().equals(given)) return e;
        String wanted = given.trim();
        List<Environment> matches = envs.stream()
                .filter(e -> e.slug().equalsIgnoreCase(wanted) || e.name().equalsIgnoreCase(wanted))
                .toList();
        if (matches.size() == 1) return matches.getFirst();
        if (matches.size() > 1) {
            throw new ApiException.BadRequest("Environment '" + abbreviate(given) + "' is ambiguous in project '"
                    + p.name() + "': it could be " + described(matches) + ". Name it by its slug.");
        }
        throw new ApiException.NotFound("Environment '" + abbreviate(given) + "' not found in project '" + p.name()
                + "'; its environments are " + described(envs) + " (give the slug or the name).");
    }

    /** Environments as {@code slug (Name)}, comma-separated. */
    private static String described(List<Environment> envs) {
        return String.join(
                ", ", envs.stream().map(e -> e.slug() + " (" + e.name() + ")").toList());
    }

    /** The project's environments in position order. */
    public List<Environment> environments(String projectId) {
        return environments.get(projectId, id -> db.read(tx -> ProjectStore.environments(tx, id)));
    }

    /** A project by id or slug, or 404. */
    public Project find(String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isBlank()) {
            throw new ApiException.Validation("workspaceId", "A project id (workspaceId / projectId) is required.");
        }
        // neither an id nor a slug (every stored slug matches SLUG): no query, so no NUL byte or other junk reaches SQL
        if (!Ids.isUuid(idOrSlug) && !SLUG.matcher(idOrSlug).matches()) throw projectNotFound(idOrSlug);
        return projects.get(
                idOrSlug,
                key -> db.read(tx -> Ids.isUuid(key) ? ProjectStore.byId(tx, key) : ProjectStore.bySlug(tx, key))
                        .orElseThrow(() -> projectNotFound(key)));
    }

    Authorizer authorizer() {
        return authorizer;
    }

    Database db() {
        return db;
    }

    Clock clock() {
        return clock;
    }

    private static ApiException projectNotFound(String idOrSlug) {
        return new ApiException.NotFound("Project with id or slug '" + abbreviate(idOrSlug) + "' not found.");
    }

    private static String validSlug(String slug) {
        if (slug.length() < 5 || slug.length() > 36 || !SLUG.matcher(slug).matches()) {
            throw new ApiException.Validation(
                    "slug",
                    "Slug field can only contain lowercase letters, numbers, and hyphens " + "(5 to 36 characters).");
        }
        return slug;
    }

    private static String generatedSlug(String name) {
        String base =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (base.length() > 26) base = base.substring(0, 26).replaceAll("-+$", "");
        String suffix = SecureRandoms.hex(3);
        return base.isEmpty() ? "project-" + suffix : base + "-" + suffix;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
