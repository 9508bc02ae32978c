package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.SecretInput;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.secrets.SecretWrites;
import dev.coffer.server.tags.Tag;
import dev.coffer.server.tags.TagService;

/**
 * Tags from a secret's page: which of the project's tags the secret carries (the API's update with
 * {@code tagIds}), and a new tag in the project (the API's tag creation). A refusal or a bad slug is
 * shown next to the form on the secret's page.
 */
final class TagScreen {

    private final Console console;
    private final ProjectService projects;
    private final SecretWrites writes;
    private final TagService tags;
    private final SecretScreen secretPage;

    TagScreen(Console console, ProjectService projects, SecretWrites writes, TagService tags, SecretScreen page) {
        this.console = console;
        this.projects = projects;
        this.writes = writes;
        this.tags = tags;
        this.secretPage = page;
    }

    void register(Router r) {
        String base = "/projects/{projectId}/env/{env}";
        console.post(r, base + "/tags", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            String key = SecretScreen.key(c);
            try {
                writes.update(
                        c.actor(),
                        new SecretService.Location(p.id(), env, path),
                        new SecretInput(
                                key,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                c.form().all("tag")));
            } catch (ApiException.Validation | ApiException.BadRequest | ApiException.Forbidden e) {
                return secretPage.page(c, ErrorMapper.map("console", e).statusCode(), "tags", e.getMessage());
            }
            return Page.redirect(SecretScreen.href(p.id(), env, path, key) + "&tagged=1", null);
        });
        console.post(r, base + "/tags/new", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            String key = SecretScreen.key(c);
            Tag t;
            try {
                t = tags.create(
                        c.actor(),
                        p.id(),
                        c.form().get("slug", ""),
                        c.form().get("name"),
                        c.form().get("color"));
            } catch (ApiException.Validation
                    | ApiException.BadRequest
                    | ApiException.Conflict
                    | ApiException.Forbidden e) {
                return secretPage.page(c, ErrorMapper.map("console", e).statusCode(), "slug", e.getMessage());
            }
            return Page.redirect(
                    SecretScreen.href(p.id(), env, path, key) + "&tagCreated=" + Console.enc(t.slug()) + "#tags", null);
        });
    }
}
