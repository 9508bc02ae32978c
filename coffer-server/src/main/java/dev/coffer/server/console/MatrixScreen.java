package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.FolderService;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.secrets.Comparison;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A project's overview: every key of one folder against every environment the person may see, marked
 * where it is missing and where the values differ. Values are compared on the server by
 * {@link Comparison} (the API's compare route) and never sent.
 */
final class MatrixScreen {

    private final Console console;
    private final ProjectService projects;
    private final FolderService folders;
    private final SecretService secrets;
    private final Comparison comparison;

    MatrixScreen(
            Console console,
            ProjectService projects,
            FolderService folders,
            SecretService secrets,
            Comparison comparison) {
        this.console = console;
        this.projects = projects;
        this.folders = folders;
        this.secrets = secrets;
        this.comparison = comparison;
    }

    void register(Router r) {
        console.get(r, "/projects/{projectId}", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String path = SecretPath.parse(c.query("path") == null ? "/" : c.query("path"))
                    .toString();
            List<Environment> envs = projects.environmentsVisibleTo(c.actor(), p);
            if (envs.size() > 10) envs = envs.subList(0, 10);
            List<String> slugs = envs.stream().map(Environment::slug).toList();
            List<Comparison.Row> rows = rows(c, p, slugs, path);
            String q = c.query("q") == null ? "" : c.query("q");
            String needle = q.toLowerCase(Locale.ROOT);
            // the links of up to 10,000 cells: the folder's part once, and none for the root (the default)
            String inFolder = path.equals("/") ? "" : "?path=" + Console.enc(path);
            List<Views.MatrixRow> shown = new ArrayList<>();
            int differing = 0;
            int missing = 0;
            for (Comparison.Row row : rows) {
                if (!needle.isEmpty() && !row.key().toLowerCase(Locale.ROOT).contains(needle)) continue;
                List<Views.Cell> cells = new ArrayList<>();
                for (String env : slugs) {
                    Comparison.Presence at = row.presentIn().get(env);
                    String href = "/projects/" + p.id() + "/env/" + Console.enc(env) + inFolder
                            + (at != null ? "#s-" + Console.enc(row.key()) : "");
                    cells.add(new Views.Cell(env, at != null, at == null ? 0 : at.version(), href));
                }
                boolean differs = Boolean.FALSE.equals(row.same());
                boolean absent = row.presentIn().size() < slugs.size();
                if (differs) differing++;
                if (absent) missing++;
                shown.add(new Views.MatrixRow(row.key(), cells, differs, row.same() == null, absent));
            }
            List<Views.Env> envViews =
                    envs.stream().map(e -> new Views.Env(e.slug(), e.name())).toList();
            List<Chrome.Crumb> crumbs = new ArrayList<>();
            crumbs.add(new Chrome.Crumb("Projects", "/"));
            crumbs.add(new Chrome.Crumb(p.name(), "/projects/" + p.id()));
            List<Chrome.Crumb> below = FolderScreen.pathCrumbs(p, "/projects/" + p.id() + "?path=", path);
            crumbs.addAll(below.subList(1, below.size()));
            return console.render(
                    c,
                    200,
                    "matrix.jte",
                    console.chrome(c, p.name(), "projects", crumbs, null),
                    new Views.Matrix(
                            p.id(),
                            p.name(),
                            path,
                            envViews,
                            subfolders(c, p, slugs, path),
                            shown,
                            q,
                            differing,
                            missing));
        });
    }

    private List<Comparison.Row> rows(Console.Call c, Project p, List<String> slugs, String path) {
        if (slugs.size() >= 2) return comparison.compare(c.actor(), p.id(), slugs, path, false);
        List<Comparison.Row> out = new ArrayList<>();
        if (slugs.isEmpty()) return out;
        for (Secret s : secrets.list(c.actor(), new SecretService.Location(p.id(), slugs.get(0), path), false, false)) {
            out.add(new Comparison.Row(
                    s.key(), path, Map.of(slugs.get(0), new Comparison.Presence(s.id(), s.version())), true));
        }
        return out;
    }

    /** The folders directly below {@code path} in any environment, as links into the matrix. */
    private List<Chrome.Crumb> subfolders(Console.Call c, Project p, List<String> slugs, String path) {
        TreeSet<String> names = new TreeSet<>();
        for (String env : slugs) {
            try {
                for (FolderService.Located f : folders.list(c.actor(), p.id(), env, path, false)) {
                    names.add(f.folder().name());
                }
            } catch (ApiException.NotFound | ApiException.Forbidden e) {
                // the folder is not in this environment, or the person may not list it there
            }
        }
        SecretPath base = SecretPath.parse(path);
        return names.stream()
                .map(n -> new Chrome.Crumb(
                        n,
                        "/projects/" + p.id() + "?path="
                                + Console.enc(base.child(n).toString())))
                .toList();
    }
}
