package dev.coffer.server.imports;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Query;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infisical's secret-import routes ({@code /api/v1/secret-imports} and the v2 alias): create, list in
 * order, move or repoint, delete. The importing folder is named by project, environment and path.
 */
public final class ImportRoutes {

    private ImportRoutes() {}

    public static void register(Router r, ImportService imports) {
        for (String base : List.of("/api/v1/secret-imports", "/api/v2/secret-imports")) {
            r.post(base, req -> {
                Body b = req.body();
                Body in = b.object("import");
                if (Boolean.TRUE.equals(b.bool("isReplication", false))) {
                    throw new ApiException.BadRequest("Replicated imports are not supported; import without "
                            + "isReplication, which reads the source's current secrets at every read.");
                }
                ImportService.Shown s = imports.create(
                        req.actor(),
                        place(b),
                        in == null ? null : in.string("environment", null),
                        in == null ? null : in.string("path", "/"));
                return Map.of("message", "Successfully created secret import", "secretImport", view(s));
            });
            r.get(base, req -> {
                Query q = req.query();
                ImportService.Place at = new ImportService.Place(
                        q.get("workspaceId", "projectId", "workspaceSlug", "projectSlug"),
                        q.get("environment"),
                        q.get("path", "secretPath"));
                return Map.of(
                        "message",
                        "Successfully fetched secret imports",
                        "secretImports",
                        imports.list(req.actor(), at).stream()
                                .map(ImportRoutes::view)
                                .toList());
            });
            r.patch(base + "/{secretImportId}", req -> {
                Body b = req.body();
                Body in = b.object("import");
                ImportService.Shown s = imports.update(
                        req.actor(),
                        req.param("secretImportId"),
                        place(b),
                        in == null ? null : in.string("environment", null),
                        in == null ? null : in.string("path", null),
                        in == null ? null : in.integer("position", null));
                return Map.of("message", "Successfully updated secret import", "secretImport", view(s));
            });
            r.delete(base + "/{secretImportId}", req -> {
                ImportService.Shown s = imports.delete(req.actor(), req.param("secretImportId"), place(req.body()));
                return Map.of("message", "Successfully deleted secret import", "secretImport", view(s));
            });
        }
    }

    private static ImportService.Place place(Body b) {
        String project = b.firstString("workspaceId", "projectId", "projectSlug", "workspaceSlug");
        if (project == null) {
            throw new ApiException.Validation("workspaceId", "'workspaceId' (or 'projectId') is required.");
        }
        return new ImportService.Place(project, b.string("environment", null), b.firstString("path", "secretPath"));
    }

    static Map<String, Object> view(ImportService.Shown s) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("id", s.importEnv().id());
        env.put("name", s.importEnv().name());
        env.put("slug", s.importEnv().slug());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.row().id());
        out.put("folderId", s.row().folderId());
        out.put("importPath", s.row().importPath());
        out.put("importEnv", env);
        out.put("position", s.row().position());
        out.put("isReplication", false);
        out.put("createdAt", Ids.iso(s.row().createdAt()));
        out.put("updatedAt", Ids.iso(s.row().updatedAt()));
        return out;
    }
}
