package dev.coffer.server.tags;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
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
 * A project's tags (subject {@code tags}): create, list, read by id or slug, change, delete. Deleting a
 * tag takes it off every secret; versions keep the ids they had. Slugs are lower-case letters, digits
 * and single hyphens, at most 64 characters, unique in the project.
 */
public final class TagService {

    static final int MAX_SLUG = 64;
    static final int MAX_NAME = 64;
    static final int MAX_COLOR = 32;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final Clock clock;

    public TagService(Database db, ProjectService projects, Authorizer authorizer, Clock clock) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    public List<Tag> list(Actor actor, String project) {
        Project p = authorized(actor, project, Action.READ);
        return db.read(tx -> TagStore.ofProject(tx, p.id()));
    }

    public Tag get(Actor actor, String project, String tagId) {
        Project p = authorized(actor, project, Action.READ);
        return db.read(tx -> TagStore.byId(tx, p.id(), tagId)).orElseThrow(() -> notFound(tagId));
    }

    public Tag bySlug(Actor actor, String project, String slug) {
        Project p = authorized(actor, project, Action.READ);
        return db.read(tx -> TagStore.bySlug(tx, p.id(), slug))
                .orElseThrow(() -> new ApiException.NotFound(
                        "Tag with slug '" + shown(slug) + "' not found in project '" + p.name() + "'."));
    }

    public Tag create(Actor actor, String project, String slug, String name, String color) {
        Project p = authorized(actor, project, Action.CREATE);
        String s = validSlug(slug);
        String n = name == null || name.isBlank() ? s : valid("name", name.strip(), MAX_NAME);
        String c = color == null || color.isBlank() ? null : valid("color", color.strip(), MAX_COLOR);
        long now = clock.millis();
        Tag tag = new Tag(Ids.newId(), p.id(), s, n, c, actor.id(), actor.kind().label(), now, now);
        return db.write(tx -> {
            if (TagStore.bySlug(tx, p.id(), s).isPresent()) throw duplicate(s, p);
            TagStore.insert(tx, tag);
            return tag;
        });
    }

    public Tag update(Actor actor, String project, String tagId, String slug, String name, String color) {
        Project p = authorized(actor, project, Action.EDIT);
        String s = slug == null ? null : validSlug(slug);
        String n = name == null ? null : valid("name", name.strip(), MAX_NAME);
        String c = color == null ? null : valid("color", color.strip(), MAX_COLOR);
        long now = clock.millis();
        return db.write(tx -> {
            Tag cur = TagStore.byId(tx, p.id(), tagId).orElseThrow(() -> notFound(tagId));
            if (s != null
                    && !s.equals(cur.slug())
                    && TagStore.bySlug(tx, p.id(), s).isPresent()) {
                throw duplicate(s, p);
            }
            String newSlug = s == null ? cur.slug() : s;
            // a name that only mirrored the slug follows it
            String newName = n != null && !n.isEmpty() ? n : cur.name().equals(cur.slug()) ? newSlug : cur.name();
            Tag next = new Tag(
                    cur.id(),
                    cur.projectId(),
                    newSlug,
                    newName,
                    c == null ? cur.color() : c.isEmpty() ? null : c,
                    cur.createdBy(),
                    cur.createdByKind(),
                    cur.createdAt(),
                    now);
            TagStore.update(tx, next);
            tx.invalidate(Invalidator.Topic.PROJECT, p.id()); // secrets show their tags: cached lists too
            return next;
        });
    }

    public Tag delete(Actor actor, String project, String tagId) {
        Project p = authorized(actor, project, Action.DELETE);
        return db.write(tx -> {
            Tag cur = TagStore.byId(tx, p.id(), tagId).orElseThrow(() -> notFound(tagId));
            TagStore.delete(tx, cur.id());
            tx.invalidate(Invalidator.Topic.PROJECT, p.id());
            return cur;
        });
    }

    /** 404 for a project of another organization, 403 without {@code action} on the project's tags. */
    private Project authorized(Actor actor, String project, Action action) {
        Project p = projects.find(project);
        authorizer.require(actor, action, Resource.inProject(Subject.TAGS, p.ref()));
        return p;
    }

    static String validSlug(String slug) {
        if (slug == null || slug.isBlank()) throw new ApiException.Validation("slug", "'slug' is required.");
        String s = slug.strip();
        if (s.length() > MAX_SLUG) {
            throw new ApiException.Validation("slug", "'slug' may be at most " + MAX_SLUG + " characters.");
        }
        if (!SLUG.matcher(s).matches()) {
            throw new ApiException.Validation(
                    "slug",
                    "Invalid slug '" + shown(s) + "': a slug is lower-case letters, digits and single hyphens "
                            + "(e.g. 'database' or 'team-a').");
        }
        return s;
    }

    private static String valid(String field, String v, int max) {
        if (v.length() > max) {
            throw new ApiException.Validation(field, "'" + field + "' may be at most " + max + " characters.");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new ApiException.Validation(field, "'" + field + "' may not contain control characters.");
            }
        }
        return v;
    }

    private static ApiException duplicate(String slug, Project p) {
        return new ApiException.Conflict("A tag with slug '" + slug + "' already exists in project '" + p.name()
                + "'; choose another slug or use the existing tag.");
    }

    private static ApiException notFound(String tagId) {
        return new ApiException.NotFound("Tag with id '" + shown(tagId) + "' not found in this project.");
    }

    static String shown(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
