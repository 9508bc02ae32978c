package dev.coffer.server.console;

import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretHistory;
import dev.coffer.server.secrets.SecretService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One secret: its edit form (name, value, comment; the value field starts empty and an empty value
 * keeps the current one), its versions with who and when, and rolling back to one of them.
 */
final class SecretScreen {

    private final Console console;
    private final ProjectService projects;
    private final SecretService secrets;
    private final SecretHistory history;

    SecretScreen(Console console, ProjectService projects, SecretService secrets, SecretHistory history) {
        this.console = console;
        this.projects = projects;
        this.secrets = secrets;
        this.history = history;
    }

    static String href(String projectId, String env, String path, String key) {
        return FolderScreen.base(projectId, env) + "/secret?path=" + Console.enc(path) + "&key=" + Console.enc(key);
    }

    void register(Router r) {
        String base = "/projects/{projectId}/env/{env}";
        console.get(r, base + "/secret", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            String key = c.query("key") == null ? "" : c.query("key");
            Secret s = secrets.get(c.actor(), new SecretService.Location(p.id(), env, path), key, null, false);
            List<Views.VersionItem> versions = new ArrayList<>();
            for (SecretHistory.Entry e : history.versions(c.actor(), s.id(), 0, 50)) {
                versions.add(new Views.VersionItem(
                        e.version(),
                        FolderScreen.WHEN.format(Instant.ofEpochMilli(e.createdAt())),
                        e.actorName() == null ? "(before history was kept)" : e.actorName(),
                        e.deleted(),
                        e.version() == s.version()));
            }
            List<Chrome.Crumb> crumbs = new ArrayList<>();
            crumbs.add(new Chrome.Crumb("Projects", "/"));
            crumbs.add(new Chrome.Crumb(p.name(), "/projects/" + p.id()));
            crumbs.add(
                    new Chrome.Crumb(env + " " + path, FolderScreen.base(p.id(), env) + "?path=" + Console.enc(path)));
            crumbs.add(new Chrome.Crumb(key, null));
            String notice = c.query("saved") != null
                    ? "Saved."
                    : c.query("rolledBack") != null ? "Rolled back to version " + c.query("rolledBack") + "." : null;
            return console.render(
                    c,
                    200,
                    "secret.jte",
                    console.chrome(c, key + " · " + p.name(), "projects", crumbs, notice),
                    new Views.SecretPage(
                            p.id(),
                            env,
                            path,
                            s.key(),
                            s.id(),
                            s.comment() == null ? "" : s.comment().reveal(),
                            s.version(),
                            versions,
                            FolderScreen.base(p.id(), env),
                            null,
                            null));
        });
        console.post(r, base + "/rollback", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String version = c.form().get("version", "");
            Long v;
            try {
                v = Long.parseLong(version);
            } catch (NumberFormatException e) {
                v = null;
            }
            Secret s = history.rollback(c.actor(), c.form().get("secretId", ""), v);
            return Page.redirect(
                    href(p.id(), s.environment(), s.path().toString(), s.key()) + "&rolledBack=" + v, null);
        });
    }
}
