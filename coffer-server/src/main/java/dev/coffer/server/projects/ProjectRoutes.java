package dev.coffer.server.projects;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Request;
import dev.coffer.server.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP routes for projects (v1 projects and v1/v2 workspace aliases), environments, folders, memberships. */
public final class ProjectRoutes {

    private ProjectRoutes() {}

    public static void register(
            Router r,
            ProjectService projects,
            EnvironmentService envs,
            FolderService folders,
            MembershipService members) {
        for (String path : List.of("/api/v2/workspace", "/api/v1/projects", "/api/v1/workspace")) {
            r.post(path, req -> {
                Body b = req.body();
                Project p = projects.create(
                        req.actor(),
                        b.requiredString("projectName"),
                        b.string("slug", null),
                        b.string("projectDescription", null));
                return Map.of("project", view(projects, p));
            });
        }
        r.get(
                "/api/v1/projects",
                req -> Map.of(
                        "projects",
                        projects.list(req.actor()).stream()
                                .map(p -> view(projects, req.actor(), p))
                                .toList()));
        r.get(
                "/api/v1/workspace",
                req -> Map.of(
                        "workspaces",
                        projects.list(req.actor()).stream()
                                .map(p -> view(projects, req.actor(), p))
                                .toList()));
        r.get(
                "/api/v1/projects/{id}",
                req -> Map.of("project", view(projects, req.actor(), projects.get(req.actor(), req.param("id")))));
        r.get(
                "/api/v1/workspace/{id}",
                req -> Map.of("workspace", view(projects, req.actor(), projects.get(req.actor(), req.param("id")))));
        r.get(
                "/api/v1/projects/slug/{slug}",
                req -> view(projects, req.actor(), projects.get(req.actor(), req.param("slug"))));
        r.get(
                "/api/v2/workspace/{slug}",
                req -> view(projects, req.actor(), projects.get(req.actor(), req.param("slug"))));
        r.delete(
                "/api/v1/projects/{id}",
                req -> Map.of("project", view(projects, projects.delete(req.actor(), req.param("id")))));
        r.delete(
                "/api/v1/workspace/{id}",
                req -> Map.of("workspace", view(projects, projects.delete(req.actor(), req.param("id")))));
        r.delete("/api/v2/workspace/{slug}", req -> view(projects, projects.delete(req.actor(), req.param("slug"))));

        for (String base :
                List.of("/api/v1/workspace/{projectId}/environments", "/api/v1/projects/{projectId}/environments")) {
            r.post(base, req -> {
                Body b = req.body();
                Environment e = envs.create(
                        req.actor(),
                        req.param("projectId"),
                        b.requiredString("name"),
                        b.requiredString("slug"),
                        b.integer("position", null));
                return envReply("Successfully created new environment", req, e);
            });
            r.patch(base + "/{envId}", req -> {
                Body b = req.body();
                Environment e = envs.update(
                        req.actor(),
                        req.param("projectId"),
                        req.param("envId"),
                        b.string("name", null),
                        b.string("slug", null),
                        b.integer("position", null));
                return envReply("Successfully updated environment", req, e);
            });
            r.delete(
                    base + "/{envId}",
                    req -> envReply(
                            "Successfully deleted environment",
                            req,
                            envs.delete(req.actor(), req.param("projectId"), req.param("envId"))));
        }

        for (String version : List.of("v1", "v2")) {
            String base = "/api/" + version + "/folders";
            r.post(base, req -> {
                Body b = req.body();
                FolderService.Located l = folders.create(
                        req.actor(),
                        projectId(b),
                        b.requiredString("environment"),
                        b.string("path", b.string("directory", "/")),
                        b.requiredString("name"),
                        b.string("description", null));
                return Map.of("folder", ProjectViews.of(l, true));
            });
            r.get(base, req -> {
                var q = req.query();
                String project = q.get("projectId", "workspaceId", "projectSlug", "workspaceSlug");
                return Map.of(
                        "folders",
                        folders
                                .list(
                                        req.actor(),
                                        project,
                                        q.get("environment"),
                                        q.get("path", "directory"),
                                        q.bool("recursive", false))
                                .stream()
                                .map(l -> ProjectViews.of(l, false))
                                .toList());
            });
            r.get(base + "/{id}", req -> Map.of("folder", ProjectViews.of(folders.get(req.actor(), req.param("id")))));
            r.patch(base + "/{id}", req -> {
                Body b = req.body();
                return Map.of(
                        "folder",
                        ProjectViews.of(
                                folders.rename(
                                        req.actor(),
                                        req.param("id"),
                                        projectIdOrNull(b),
                                        b.requiredString("name"),
                                        b.string("description", null)),
                                true));
            });
            r.delete(base + "/{idOrName}", req -> {
                Body b = req.body();
                return Map.of(
                        "folder",
                        ProjectViews.plain(folders.delete(
                                req.actor(),
                                projectId(b),
                                b.requiredString("environment"),
                                b.string("path", b.string("directory", "/")),
                                req.param("idOrName"))));
            });
        }

        for (String base : List.of(
                "/api/v2/workspace/{projectId}/identity-memberships",
                "/api/v1/projects/{projectId}/identity-memberships")) {
            r.get(base, req -> {
                var list = members.list(req.actor(), req.param("projectId")).stream()
                        .map(ProjectViews::of)
                        .toList();
                return Map.of("identityMemberships", list, "totalCount", list.size());
            });
            r.post(
                    base + "/{identityId}",
                    req -> Map.of(
                            "identityMembership",
                            ProjectViews.of(members.add(
                                    req.actor(), req.param("projectId"), req.param("identityId"), roles(req.body())))));
            r.patch(base + "/{identityId}", req -> {
                var m = members.update(req.actor(), req.param("projectId"), req.param("identityId"), roles(req.body()));
                return Map.of("roles", ProjectViews.of(m).roles(), "identityMembership", ProjectViews.of(m));
            });
            r.delete(
                    base + "/{identityId}",
                    req -> Map.of(
                            "identityMembership",
                            ProjectViews.of(
                                    members.remove(req.actor(), req.param("projectId"), req.param("identityId")))));
            r.get(
                    base + "/{identityId}",
                    req -> Map.of(
                            "identityMembership",
                            ProjectViews.of(
                                    members.get(req.actor(), req.param("projectId"), req.param("identityId")))));
        }
    }

    private static Object view(ProjectService projects, Project p) {
        return ProjectViews.of(p, projects.environments(p.id()));
    }

    /** The project as the actor may see it: only the environments it may read. */
    private static Object view(ProjectService projects, Actor actor, Project p) {
        return ProjectViews.of(p, projects.environmentsVisibleTo(actor, p));
    }

    private static Object envReply(String message, Request req, Environment e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", message);
        out.put("workspace", req.param("projectId"));
        out.put("environment", ProjectViews.of(e));
        return out;
    }

    /** The project of a folder request: v2 sends projectId, v1 workspaceId, some clients a slug. */
    static String projectId(Body b) {
        String id = projectIdOrNull(b);
        if (id == null) throw new ApiException.Validation("projectId", "'projectId' (or 'workspaceId') is required.");
        return id;
    }

    private static String projectIdOrNull(Body b) {
        return b.firstString("projectId", "workspaceId", "projectSlug", "workspaceSlug");
    }

    /** The roles from {@code {role}} or {@code {roles:[{role, isTemporary, temporaryMode, …}]}}. */
    static List<MembershipService.RoleRequest> roles(Body b) {
        String role = b.string("role", null);
        if (role != null && !b.has("roles"))
            return List.of(new MembershipService.RoleRequest(role, false, null, null, null));
        List<Body> roles = b.objects("roles");
        if (roles.isEmpty()) throw new ApiException.BadRequest("You must provide either role or roles field.");
        return roles.stream()
                .map(r -> new MembershipService.RoleRequest(
                        r.requiredString("role"),
                        Boolean.TRUE.equals(r.bool("isTemporary", false)),
                        r.string("temporaryMode", null),
                        r.string("temporaryRange", null),
                        r.string("temporaryAccessStartTime", null)))
                .toList();
    }
}
