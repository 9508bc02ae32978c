package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import java.util.List;
import java.util.Locale;

/** The organization's projects the person may see, a search over them, and creating one. */
final class ProjectsScreen {

    private final Console console;
    private final ProjectService projects;

    ProjectsScreen(Console console, ProjectService projects) {
        this.console = console;
        this.projects = projects;
    }

    void register(Router r) {
        console.get(r, "/", c -> page(c, 200, c.query("q"), "", null));
        console.post(r, "/projects", c -> {
            String name = c.form().get("name", "");
            try {
                Project p = projects.create(c.actor(), name, null, null);
                return Page.redirect("/projects/" + p.id(), null);
            } catch (ApiException.Validation | ApiException.Conflict | ApiException.BadRequest e) {
                ErrorMapper.ErrorBody b = ErrorMapper.map("console", e);
                return page(c, b.statusCode(), null, name, b.message());
            }
        });
    }

    private Reply page(Console.Call c, int status, String q, String name, String error) {
        List<Project> all = projects.list(c.actor());
        String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
        List<Views.ProjectItem> shown = all.stream()
                .filter(p -> needle.isEmpty()
                        || p.name().toLowerCase(Locale.ROOT).contains(needle)
                        || p.slug().contains(needle))
                .map(p -> new Views.ProjectItem(
                        p.id(), p.name(), p.slug(), p.description() == null ? "" : p.description()))
                .toList();
        return console.render(
                c,
                status,
                "projects.jte",
                console.chrome(c, "Projects", "projects", List.of(), null),
                new Views.Projects(shown, all.size(), q == null ? "" : q, name, error));
    }
}
