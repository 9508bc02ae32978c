package dev.coffer.server.tags;

import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Infisical's tag routes: the older {@code /api/v1/workspace/{projectId}/tags} (list, create, delete;
 * answers name the tag {@code workspaceTag}) and the newer {@code /api/v1/projects/{projectId}/tags}
 * (also read by id or slug and change; answers name it {@code tag}).
 */
public final class TagRoutes {

    private TagRoutes() {}

    public static void register(Router r, TagService tags) {
        String old = "/api/v1/workspace/{projectId}/tags";
        r.get(
                old,
                req -> Map.of(
                        "workspaceTags",
                        tags.list(req.actor(), req.param("projectId")).stream()
                                .map(TagRoutes::view)
                                .toList()));
        r.post(old, req -> Map.of("workspaceTag", view(create(req.actor(), tags, req.param("projectId"), req.body()))));
        r.delete(
                old + "/{tagId}",
                req -> Map.of(
                        "workspaceTag", view(tags.delete(req.actor(), req.param("projectId"), req.param("tagId")))));

        String base = "/api/v1/projects/{projectId}/tags";
        r.get(
                base,
                req -> Map.of(
                        "tags",
                        tags.list(req.actor(), req.param("projectId")).stream()
                                .map(TagRoutes::view)
                                .toList()));
        r.get(
                base + "/{tagId}",
                req -> Map.of("tag", view(tags.get(req.actor(), req.param("projectId"), req.param("tagId")))));
        r.get(
                base + "/slug/{tagSlug}",
                req -> Map.of("tag", view(tags.bySlug(req.actor(), req.param("projectId"), req.param("tagSlug")))));
        r.post(base, req -> Map.of("tag", view(create(req.actor(), tags, req.param("projectId"), req.body()))));
        r.patch(base + "/{tagId}", req -> {
            Body b = req.body();
            return Map.of(
                    "tag",
                    view(tags.update(
                            req.actor(),
                            req.param("projectId"),
                            req.param("tagId"),
                            b.string("slug", null),
                            b.string("name", null),
                            b.string("color", null))));
        });
        r.delete(
                base + "/{tagId}",
                req -> Map.of("tag", view(tags.delete(req.actor(), req.param("projectId"), req.param("tagId")))));
    }

    private static Tag create(dev.coffer.server.access.Actor actor, TagService tags, String project, Body b) {
        return tags.create(actor, project, b.string("slug", null), b.string("name", null), b.string("color", null));
    }

    /** A tag as Infisical shows it. */
    static Map<String, Object> view(Tag t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("slug", t.slug());
        out.put("name", t.name());
        out.put("color", t.color());
        out.put("projectId", t.projectId());
        out.put("createdBy", t.createdBy());
        out.put("createdByActorType", t.createdByKind());
        out.put("createdAt", Ids.iso(t.createdAt()));
        out.put("updatedAt", Ids.iso(t.updatedAt()));
        return out;
    }
}
