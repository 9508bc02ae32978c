package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Ids;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Environments of a project: create (at a position, shifting the others down), rename, change slug,
 * move, delete (with its folders and secrets). Positions stay 1..n without gaps.
 */
public final class EnvironmentService {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:[_-][a-z0-9]+)*");
    private final ProjectService projects;

    public EnvironmentService(ProjectService projects) {
        this.projects = projects;
    }

    public Environment create(Actor actor, String projectId, String name, String slug, Long position) {
        Project p = authorized(actor, projectId, Action.CREATE);
        String n = validName(name);
        String s = validSlug(slug);
        long now = projects.clock().millis();
        return projects.db().write(tx -> {
            List<Environment> envs = ProjectStore.environmentsForUpdate(tx, p.id());
            if (envs.stream().anyMatch(e -> e.slug().equals(s))) throw duplicate(s, p);
            int pos =
                    position == null || position < 1 || position > envs.size() ? envs.size() + 1 : position.intValue();
            ProjectStore.shiftPositions(tx, p.id(), pos, Integer.MAX_VALUE, 1);
            Environment e = new Environment(Ids.newId(), p.id(), n, s, pos, now, now);
            ProjectStore.insertEnvironment(tx, e, Ids.newId());
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return e;
        });
    }

    public Environment update(Actor actor, String projectId, String envId, String name, String slug, Long position) {
        Project p = authorized(actor, projectId, Action.EDIT);
        long now = projects.clock().millis();
        return projects.db().write(tx -> {
            List<Environment> envs = ProjectStore.environmentsForUpdate(tx, p.id());
            Environment cur = find(envs, envId, p);
            String n = name == null ? cur.name() : validName(name);
            String s = slug == null ? cur.slug() : validSlug(slug);
            if (!s.equals(cur.slug()) && envs.stream().anyMatch(e -> e.slug().equals(s))) throw duplicate(s, p);
            int pos = cur.position();
            if (position != null && position >= 1 && position != cur.position()) {
                pos = (int) Math.min(position, envs.size());
                if (pos > cur.position()) ProjectStore.shiftPositions(tx, p.id(), cur.position() + 1, pos, -1);
                else ProjectStore.shiftPositions(tx, p.id(), pos, cur.position() - 1, 1);
            }
            Environment updated = new Environment(cur.id(), p.id(), n, s, pos, cur.createdAt(), now);
            ProjectStore.updateEnvironment(tx, updated);
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return updated;
        });
    }

    public Environment delete(Actor actor, String projectId, String envId) {
        Project p = authorized(actor, projectId, Action.DELETE);
        long now = projects.clock().millis();
        return projects.db().write(tx -> {
            Environment cur = find(ProjectStore.environmentsForUpdate(tx, p.id()), envId, p);
            ProjectStore.deleteEnvironment(
                    tx,
                    cur,
                    now,
                    dev.coffer.server.history.Commit.begin(
                            tx, p.id(), cur.id(), actor, now, "delete environment " + cur.slug()));
            ProjectStore.shiftPositions(tx, p.id(), cur.position() + 1, Integer.MAX_VALUE, -1);
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return cur;
        });
    }

    private Project authorized(Actor actor, String projectId, Action action) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, action, Resource.inProject(Subject.ENVIRONMENTS, p.ref()));
        return p;
    }

    private static Environment find(List<Environment> envs, String envId, Project p) {
        return envs.stream()
                .filter(e -> e.id().equals(envId))
                .findFirst()
                .orElseThrow(() -> new ApiException.NotFound("Environment with id '" + ProjectService.abbreviate(envId)
                        + "' not found in project '" + p.name() + "'."));
    }

    private static String validName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64)
            throw new ApiException.Validation("name", "'name' must be 1 to 64 characters.");
        // a name is also how a request may name the environment (coffer run --env=Development)
        if (n.chars().anyMatch(Character::isISOControl))
            throw new ApiException.Validation("name", "'name' may not hold control characters (tabs, line breaks, …).");
        return n;
    }

    private static String validSlug(String slug) {
        String s = slug == null ? "" : slug.trim();
        if (s.isEmpty() || s.length() > 64 || !SLUG.matcher(s).matches()) {
            throw new ApiException.Validation(
                    "slug",
                    "'slug' may only hold lowercase letters, digits, '-' and '_' "
                            + "(1 to 64 characters), e.g. 'qa' or 'prod-eu'.");
        }
        return s;
    }

    private static ApiException duplicate(String slug, Project p) {
        return new ApiException.BadRequest(
                "Environment with slug '" + slug + "' already exists in project '" + p.name() + "'.");
    }
}
