package dev.coffer.server.roles;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.coffer.server.access.CustomRoleStore;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.util.List;
import java.util.Map;

/**
 * Infisical's project-role routes: {@code /api/v1/workspace/{projectSlug}/roles} and the newer
 * {@code /api/v2/workspace/{projectId}/roles} (either accepts a project id or slug): create, list, get by
 * slug, update and delete by id.
 */
public final class RoleRoutes {

    /** A role as Infisical answers it; the list leaves out the permissions. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoleView(
            String id,
            String name,
            String slug,
            String description,
            @JsonRawValue String permissions,
            String projectId,
            String createdAt,
            String updatedAt) {}

    private RoleRoutes() {}

    public static void register(Router r, RoleService roles) {
        for (String base : List.of("/api/v1/workspace/{projectSlug}/roles", "/api/v2/workspace/{projectId}/roles")) {
            String project = base.contains("{projectSlug}") ? "projectSlug" : "projectId";
            r.post(base, req -> {
                Body b = req.body();
                return Map.of(
                        "role",
                        view(
                                roles.create(
                                        req.actor(),
                                        req.param(project),
                                        b.requiredString("slug"),
                                        b.requiredString("name"),
                                        b.string("description", null),
                                        b.raw("permissions")),
                                true));
            });
            r.get(
                    base,
                    req -> Map.of(
                            "roles",
                            roles.list(req.actor(), req.param(project)).stream()
                                    .map(x -> view(x, false))
                                    .toList()));
            r.get(
                    base + "/slug/{roleSlug}",
                    req -> Map.of(
                            "role", view(roles.bySlug(req.actor(), req.param(project), req.param("roleSlug")), true)));
            r.patch(base + "/{roleId}", req -> {
                Body b = req.body();
                return Map.of(
                        "role",
                        view(
                                roles.update(
                                        req.actor(),
                                        req.param(project),
                                        req.param("roleId"),
                                        b.string("slug", null),
                                        b.string("name", null),
                                        b.string("description", null),
                                        b.raw("permissions")),
                                true));
            });
            r.delete(
                    base + "/{roleId}",
                    req -> Map.of(
                            "role", view(roles.delete(req.actor(), req.param(project), req.param("roleId")), true)));
        }
    }

    private static RoleView view(CustomRoleStore.Row r, boolean withPermissions) {
        return new RoleView(
                r.id(),
                r.name(),
                r.slug(),
                r.description(),
                withPermissions ? r.permissions() : null,
                r.projectId(),
                Ids.iso(r.createdAt()),
                Ids.iso(r.updatedAt()));
    }
}
