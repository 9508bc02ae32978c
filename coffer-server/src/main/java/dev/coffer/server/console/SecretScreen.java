package dev.coffer.server.console;

import dev.coffer.server.audit.SecretReaderStore;
import dev.coffer.server.auditlog.AuditLogService;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretHistory;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.tags.Tag;
import dev.coffer.server.tags.TagService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One secret: its edit form (name, value, comment; the value field starts empty and an empty value
 * keeps the current one), its tags, its versions with who and when, and rolling back to one of them.
 */
final class SecretScreen {

    private final Console console;
    private final ProjectService projects;
    private final SecretService secrets;
    private final SecretHistory history;
    private final TagService tags;
    private final AuditLogService audit;

    /** How far back "who reads this secret" looks. */
    static final int READER_DAYS = 30;

    SecretScreen(
            Console console,
            ProjectService projects,
            SecretService secrets,
            SecretHistory history,
            TagService tags,
            AuditLogService audit) {
        this.console = console;
        this.projects = projects;
        this.secrets = secrets;
        this.history = history;
        this.tags = tags;
        this.audit = audit;
    }

    static String href(String projectId, String env, String path, String key) {
        return FolderScreen.base(projectId, env) + "/secret?path=" + Console.enc(path) + "&key=" + Console.enc(key);
    }

    void register(Router r) {
        String base = "/projects/{projectId}/env/{env}";
        console.get(r, base + "/secret", c -> page(c, 200, null, null));
        console.post(r, base + "/rollback", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
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

    /** The key the page is about: the query's on a GET, the form's on a POST. */
    static String key(Console.Call c) {
        String k = c.form().get("key");
        if (k == null) k = c.query("key");
        return k == null ? "" : k;
    }

    /** The secret's page; {@code field} and {@code error} put a message next to the field that caused it. */
    Reply page(Console.Call c, int status, String field, String error) {
        Project p = projects.get(c.actor(), c.req().param("projectId"));
        String env = c.req().param("env");
        String path = FolderScreen.path(c);
        String key = key(c);
        Secret s = secrets.get(c.actor(), new SecretService.Location(p.id(), env, path), key, null, false);
        List<Views.VersionItem> versions = new ArrayList<>();
        List<SecretHistory.Entry> entries = history.versions(c.actor(), s.id(), 0, 50);
        for (SecretHistory.Entry e : entries) {
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
        crumbs.add(new Chrome.Crumb(env + " " + path, FolderScreen.base(p.id(), env) + "?path=" + Console.enc(path)));
        crumbs.add(new Chrome.Crumb(key, null));
        return console.render(
                c,
                status,
                "secret.jte",
                console.chrome(c, key + " · " + p.name(), "projects", crumbs, notice(c)),
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
                        field,
                        error,
                        more(c, p, s, entries)));
    }

    private HistoryViews.SecretMore more(Console.Call c, Project p, Secret s, List<SecretHistory.Entry> entries) {
        long to = entries.isEmpty() ? s.version() : entries.getFirst().version();
        long from = entries.size() > 1 ? entries.get(1).version() : to;
        HistoryViews.VersionDiff diff = null;
        if (c.query("from") != null && c.query("to") != null) {
            from = VersionDiffs.version(c.query("from"), "from");
            to = VersionDiffs.version(c.query("to"), "to");
            diff = VersionDiffs.diff(entries, from, to);
        }
        Set<String> carried = s.tags().stream().map(Tag::id).collect(Collectors.toSet());
        List<HistoryViews.TagChoice> choices = new ArrayList<>();
        String tagsNote = null;
        try {
            for (Tag t : tags.list(c.actor(), p.id())) {
                choices.add(new HistoryViews.TagChoice(Tags.item(t), carried.contains(t.id())));
            }
        } catch (ApiException.Forbidden e) {
            tagsNote = e.getMessage(); // a role without tags:read sees the secret's tags, and why no others
        }
        List<HistoryViews.ReaderItem> readers = new ArrayList<>();
        String readersNote = null;
        try {
            for (SecretReaderStore.Reader r :
                    audit.readers(c.actor(), p.id(), s.environment(), s.path().toString(), s.key(), READER_DAYS)) {
                readers.add(new HistoryViews.ReaderItem(
                        r.actorName() == null ? r.actorId() : r.actorName(),
                        r.actorType(),
                        r.reads(),
                        FolderScreen.WHEN.format(Instant.ofEpochMilli(r.lastReadAt()))));
            }
        } catch (ApiException.Forbidden e) {
            readersNote = e.getMessage();
        }
        return new HistoryViews.SecretMore(
                Tags.items(s.tags()), choices, tagsNote, Tags.COLOURS, from, to, diff, readers, readersNote);
    }

    private static String notice(Console.Call c) {
        if (c.query("saved") != null) return "Saved.";
        if (c.query("rolledBack") != null) return "Rolled back to version " + c.query("rolledBack") + ".";
        if (c.query("tagged") != null) return "Tags saved.";
        if (c.query("tagCreated") != null) return "Tag " + c.query("tagCreated") + " created.";
        return null;
    }
}
