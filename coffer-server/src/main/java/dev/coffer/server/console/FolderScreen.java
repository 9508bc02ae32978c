package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.FolderService;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretInput;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.secrets.SecretValue;
import dev.coffer.server.secrets.SecretWrites;
import dev.coffer.server.tags.TagService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One folder of one environment: its secrets by name (never their values), adding, editing,
 * renaming and deleting them (one or several), and revealing one value on request: a separate POST
 * whose answer is that value alone, never cached, audited as a read of that secret like the API's.
 */
final class FolderScreen {

    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Console console;
    private final ProjectService projects;
    private final FolderService folders;
    private final SecretService secrets;
    private final SecretWrites writes;
    private final TagService tags;
    private final FolderImports imports;

    FolderScreen(
            Console console,
            ProjectService projects,
            FolderService folders,
            SecretService secrets,
            SecretWrites writes,
            TagService tags,
            FolderImports imports) {
        this.console = console;
        this.projects = projects;
        this.folders = folders;
        this.secrets = secrets;
        this.writes = writes;
        this.tags = tags;
        this.imports = imports;
    }

    static String base(String projectId, String env) {
        return "/projects/" + projectId + "/env/" + Console.enc(env);
    }

    static String path(Console.Call c) {
        String raw = c.form().get("path");
        if (raw == null) raw = c.query("path");
        return SecretPath.parse(raw == null || raw.isBlank() ? "/" : raw).toString();
    }

    void register(Router r) {
        String base = "/projects/{projectId}/env/{env}";
        console.get(r, base, c -> page(c, 200, null, null, null));
        console.post(r, base + "/secrets", c -> {
            SecretService.Location loc = location(c);
            String key = c.form().get("key", "").strip();
            String value = c.form().get("value");
            String comment = c.form().get("comment");
            try {
                if ("update".equals(c.form().get("mode"))) {
                    String newKey = c.form().get("newKey", key).strip();
                    writes.update(
                            c.actor(),
                            loc,
                            new SecretInput(
                                    key,
                                    newKey.equals(key) ? null : newKey,
                                    value == null || value.isEmpty() ? null : new SecretValue(value),
                                    comment == null ? null : new SecretValue(comment),
                                    null,
                                    null,
                                    null,
                                    null));
                    return Page.redirect(
                            SecretScreen.href(loc.project(), loc.environment(), loc.path(), newKey) + "&saved=1", null);
                }
                writes.create(
                        c.actor(),
                        loc,
                        new SecretInput(
                                key,
                                null,
                                new SecretValue(value == null ? "" : value),
                                new SecretValue(comment == null ? "" : comment),
                                null,
                                null,
                                null,
                                null));
                return Page.redirect(
                        base(loc.project(), loc.environment()) + "?path=" + Console.enc(loc.path()) + "&added="
                                + Console.enc(key) + "#s-" + Console.enc(key),
                        null);
            } catch (ApiException.Validation
                    | ApiException.BadRequest
                    | ApiException.Conflict
                    | ApiException.Forbidden e) {
                if ("update".equals(c.form().get("mode"))) throw e;
                // the name and comment typed stay in the form (the value is not put back into the page)
                return page(
                        c,
                        ErrorMapper.map("console", e).statusCode(),
                        "key",
                        e.getMessage(),
                        null,
                        key,
                        comment == null ? "" : comment);
            }
        });
        console.post(r, base + "/delete", c -> {
            SecretService.Location loc = location(c);
            List<String> keys = c.form().all("key");
            if (keys.isEmpty()) {
                return page(
                        c, 400, "delete", "Select the secrets to delete first (the boxes in the first column).", null);
            }
            writes.deleteBatch(c.actor(), loc, keys);
            return Page.redirect(
                    base(loc.project(), loc.environment()) + "?path=" + Console.enc(loc.path()) + "&deleted="
                            + keys.size(),
                    null);
        });
        console.post(r, base + "/reveal", c -> {
            Secret s = secrets.get(c.actor(), location(c), c.form().get("key", ""), null, false);
            String value = s.value().reveal();
            if (c.htmx()) {
                return Page.text(
                        "<pre class=\"value\" tabindex=\"-1\">" + Html.escape(value) + "</pre>",
                        "text/html; charset=utf-8",
                        Map.of());
            }
            return Page.text(value, "text/plain; charset=utf-8", Map.of());
        });
    }

    SecretService.Location location(Console.Call c) {
        Project p = projects.get(c.actor(), c.req().param("projectId"));
        return new SecretService.Location(p.id(), c.req().param("env"), path(c));
    }

    /** The folder page; {@code field} and {@code error} put a message next to the field that caused it. */
    Reply page(Console.Call c, int status, String field, String error, Views.ImportPlan plan) {
        return page(c, status, field, error, plan, "", "");
    }

    private Reply page(
            Console.Call c,
            int status,
            String field,
            String error,
            Views.ImportPlan plan,
            String typedKey,
            String typedComment) {
        Project p = projects.get(c.actor(), c.req().param("projectId"));
        String env = c.req().param("env");
        List<Environment> envs = projects.environmentsVisibleTo(c.actor(), p);
        Environment here = envs.stream()
                .filter(e -> e.slug().equals(env))
                .findFirst()
                .orElseThrow(() -> new ApiException.NotFound("Project '" + p.name() + "' has no environment '" + env
                        + "' that you may see; pick one from the project's overview."));
        String path = path(c);
        SecretService.Location loc = new SecretService.Location(p.id(), env, path);
        String q = c.query("q") == null ? "" : c.query("q");
        String needle = q.toLowerCase(Locale.ROOT);
        String tag = c.query("tag") == null ? "" : c.query("tag");
        List<Views.SecretItem> items = new ArrayList<>();
        java.util.Set<String> own = new java.util.HashSet<>();
        for (Secret s : secrets.list(c.actor(), loc, false, false)) {
            own.add(s.key());
            if (!needle.isEmpty() && !s.key().toLowerCase(Locale.ROOT).contains(needle)) continue;
            if (!tag.isEmpty() && !s.tagSlugs().contains(tag)) continue;
            String comment = s.comment() == null ? "" : s.comment().reveal();
            items.add(new Views.SecretItem(
                    s.key(),
                    comment,
                    s.version(),
                    WHEN.format(Instant.ofEpochMilli(s.updatedAt())),
                    Tags.items(s.tags())));
        }
        List<HistoryViews.TagItem> projectTags;
        try {
            projectTags = Tags.items(tags.list(c.actor(), p.id()));
        } catch (ApiException.Forbidden e) {
            projectTags = List.of(); // a role without tags:read sees the secrets' tags but no filter
        }
        List<Chrome.Crumb> subfolders = new ArrayList<>();
        for (FolderService.Located f : folders.list(c.actor(), p.id(), env, path, false)) {
            subfolders.add(new Chrome.Crumb(
                    f.folder().name(),
                    base(p.id(), env) + "?path="
                            + Console.enc(SecretPath.parse(path)
                                    .child(f.folder().name())
                                    .toString())));
        }
        List<Chrome.Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Chrome.Crumb("Projects", "/"));
        crumbs.add(new Chrome.Crumb(p.name(), "/projects/" + p.id()));
        crumbs.add(new Chrome.Crumb(here.name(), base(p.id(), env)));
        List<Chrome.Crumb> below = pathCrumbs(p, base(p.id(), env) + "?path=", path);
        crumbs.addAll(below.subList(1, below.size()));
        return console.render(
                c,
                status,
                "folder.jte",
                console.chrome(c, path + " of " + here.name() + " · " + p.name(), "projects", crumbs, notice(c)),
                new Views.Folder(
                        p.id(),
                        p.name(),
                        env,
                        here.name(),
                        envs.stream()
                                .map(e -> new Views.Env(e.slug(), e.name()))
                                .toList(),
                        path,
                        subfolders,
                        items,
                        q,
                        base(p.id(), env),
                        field,
                        error,
                        plan,
                        typedKey,
                        typedComment,
                        new HistoryViews.FolderMore(projectTags, tag, imports.of(c.actor(), loc, own))));
    }

    private static String notice(Console.Call c) {
        if (c.query("added") != null) return "Added " + c.query("added") + ".";
        if (c.query("deleted") != null) return "Deleted " + c.query("deleted") + " secret(s).";
        if (c.query("imported") != null) return "Imported: " + c.query("imported") + ".";
        return null;
    }

    /** "/" and each folder down to {@code path}, as links made of {@code prefix} and the encoded path. */
    static List<Chrome.Crumb> pathCrumbs(Project p, String prefix, String path) {
        List<Chrome.Crumb> out = new ArrayList<>();
        out.add(new Chrome.Crumb("/", prefix + Console.enc("/")));
        SecretPath at = SecretPath.ROOT;
        for (String seg : SecretPath.parse(path).segments()) {
            at = at.child(seg);
            out.add(new Chrome.Crumb(seg, prefix + Console.enc(at.toString())));
        }
        return out;
    }
}
