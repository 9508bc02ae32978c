package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Subject;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
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
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.CREATE, Subject.ENVIRONMENTS);
        String n = validName(name);
        String s = validSlug(slug);
        long now = System.currentTimeMillis();
        Environment created = projects.db().write(c -> {
            List<Environment> envs = ProjectStore.environments(c, p.id());
            if (envs.stream().anyMatch(e -> e.slug().equals(s))) throw duplicate(s, p);
            int pos = position == null || position < 1 || position > envs.size() ? envs.size() + 1 : position.intValue();
            Jdbc.update(c, "UPDATE environments SET position = position + 1 WHERE project_id = ? AND position >= ?", p.id(), pos);
            Environment e = new Environment(Ids.newId(), p.id(), n, s, pos, now, now);
            ProjectStore.insertEnvironment(c, e, Ids.newId());
            return e;
        });
        projects.environmentsChanged(p.id());
        return created;
    }

    public Environment update(Actor actor, String projectId, String envId, String name, String slug, Long position) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.EDIT, Subject.ENVIRONMENTS);
        long now = System.currentTimeMillis();
        Environment updated = projects.db().write(c -> {
            List<Environment> envs = ProjectStore.environments(c, p.id());
            Environment cur = envs.stream().filter(e -> e.id().equals(envId)).findFirst().orElseThrow(() -> notFound(envId, p));
            String n = name == null ? cur.name() : validName(name);
            String s = slug == null ? cur.slug() : validSlug(slug);
            if (!s.equals(cur.slug()) && envs.stream().anyMatch(e -> e.slug().equals(s))) throw duplicate(s, p);
            int pos = cur.position();
            if (position != null && position >= 1 && position != cur.position()) {
                pos = (int) Math.min(position, envs.size());
                if (pos > cur.position()) {
                    Jdbc.update(c, "UPDATE environments SET position = position - 1 WHERE project_id = ? AND position > ? "
                            + "AND position <= ?", p.id(), cur.position(), pos);
                } else {
                    Jdbc.update(c, "UPDATE environments SET position = position + 1 WHERE project_id = ? AND position >= ? "
                            + "AND position < ?", p.id(), pos, cur.position());
                }
            }
            Jdbc.update(c, "UPDATE environments SET name = ?, slug = ?, position = ?, updated_at = ? WHERE id = ?",
                    n, s, pos, now, cur.id());
            return new Environment(cur.id(), p.id(), n, s, pos, cur.createdAt(), now);
        });
        projects.environmentsChanged(p.id());
        return updated;
    }

    public Environment delete(Actor actor, String projectId, String envId) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.DELETE, Subject.ENVIRONMENTS);
        Environment deleted = projects.db().write(c -> {
            Environment cur = ProjectStore.environments(c, p.id()).stream().filter(e -> e.id().equals(envId)).findFirst()
                    .orElseThrow(() -> notFound(envId, p));
            // foreign keys cascade from the environment to its folders and from folders to their secrets
            Jdbc.update(c, "DELETE FROM environments WHERE id = ?", cur.id());
            Jdbc.update(c, "UPDATE environments SET position = position - 1 WHERE project_id = ? AND position > ?",
                    p.id(), cur.position());
            return cur;
        });
        projects.environmentsChanged(p.id());
        return deleted;
    }

    private static String validName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64) throw new ApiException.Validation("name", "'name' must be 1 to 64 characters.");
        return n;
    }

    private static String validSlug(String slug) {
        String s = slug == null ? "" : slug.trim();
        if (s.isEmpty() || s.length() > 64 || !SLUG.matcher(s).matches()) {
            throw new ApiException.Validation("slug", "'slug' may only hold lowercase letters, digits, '-' and '_' "
                    + "(1 to 64 characters), e.g. 'qa' or 'prod-eu'.");
        }
        return s;
    }

    private static ApiException duplicate(String slug, Project p) {
        return new ApiException.BadRequest("Environment with slug '" + slug + "' already exists in project '" + p.name() + "'.");
    }

    private static ApiException notFound(String envId, Project p) {
        return new ApiException.NotFound("Environment with id '" + envId + "' not found in project '" + p.name() + "'.");
    }
}
