package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.CommitStore;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.recovery.Change;
import dev.coffer.server.recovery.RecoveryService;
import dev.coffer.server.secrets.SecretService;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Point-in-time recovery: a folder's commits (or the folder's and everything below it; at / the whole
 * environment's) with who, when, the message and how many changes; one commit's changes by name; and
 * rolling the folder back to a commit or to a time, after a confirmation page that lists what it will
 * create, change and delete (the service's dry run), through a POST.
 */
final class CommitsScreen {

    static final int PAGE = 30;

    private final Console console;
    private final ProjectService projects;
    private final RecoveryService recovery;

    CommitsScreen(Console console, ProjectService projects, RecoveryService recovery) {
        this.console = console;
        this.projects = projects;
        this.recovery = recovery;
    }

    static String href(String projectId, String env, String path, boolean below) {
        return FolderScreen.base(projectId, env) + "/commits?path=" + Console.enc(path) + (below ? "&below=1" : "");
    }

    void register(Router r) {
        String base = "/projects/{projectId}/env/{env}";
        console.get(r, base + "/commits", c -> list(c, 200, null));
        console.get(r, base + "/commits/{commitId}", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            RecoveryService.Diff d = recovery.diff(c.actor(), c.req().param("commitId"), false);
            if (!d.commit().environment().slug().equals(env)) {
                throw new ApiException.NotFound("Commit '" + d.commit().commit().id() + "' belongs to environment '"
                        + d.commit().environment().slug() + "', not '" + env + "'.");
            }
            HistoryViews.CommitItem item =
                    item(p, env, path, d.commit().commit(), d.changes().size());
            List<HistoryViews.ChangeItem> changes =
                    d.changes().stream().map(CommitsScreen::change).toList();
            return console.render(
                    c,
                    200,
                    "commit.jte",
                    console.chrome(
                            c,
                            "Commit " + item.seq() + " · " + p.name(),
                            "projects",
                            crumbs(p, env, path, "Commit " + item.seq()),
                            null),
                    new HistoryViews.CommitPage(env, path, item, changes, FolderScreen.base(p.id(), env)));
        });
        console.get(r, base + "/recover", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            String commitId = blank(c.query("commit"));
            String at = blank(c.query("at"));
            Long time;
            try {
                time = at == null ? null : time(at);
            } catch (DateTimeParseException e) {
                return list(c, 400, "Write the time as 2026-11-30T14:05 or 2026-11-30 (UTC).");
            }
            if ((commitId == null) == (time == null)) {
                return list(c, 400, "Choose a commit to roll back to, or write a time (UTC).");
            }
            RecoveryService.Result res = recovery.rollback(
                    c.actor(), new SecretService.Location(p.id(), env, path), commitId, time, true, false);
            List<HistoryViews.ChangeItem> created = new ArrayList<>();
            List<HistoryViews.ChangeItem> changed = new ArrayList<>();
            List<HistoryViews.ChangeItem> deleted = new ArrayList<>();
            List<HistoryViews.ChangeItem> foldersAdded = new ArrayList<>();
            List<HistoryViews.ChangeItem> foldersRemoved = new ArrayList<>();
            for (Change ch : res.changes()) {
                HistoryViews.ChangeItem item = change(ch);
                switch (ch.kind()) {
                    case Change.ADDED -> created.add(item);
                    case Change.REMOVED -> deleted.add(item);
                    case Change.FOLDER_ADDED -> foldersAdded.add(item);
                    case Change.FOLDER_REMOVED -> foldersRemoved.add(item);
                    default -> changed.add(item);
                }
            }
            String target = res.target() == null
                    ? "before the first commit (an empty folder)"
                    : "commit " + res.target().seq() + " of "
                            + FolderScreen.WHEN.format(
                                    Instant.ofEpochMilli(res.target().createdAt())) + " by "
                            + who(res.target());
            return console.render(
                    c,
                    200,
                    "recover.jte",
                    console.chrome(
                            c,
                            "Roll back " + path + " · " + p.name(),
                            "projects",
                            crumbs(p, env, path, "Roll back"),
                            null),
                    new HistoryViews.RecoverPlan(
                            env,
                            path,
                            commitId == null ? "" : commitId,
                            at == null ? "" : at,
                            target,
                            created,
                            changed,
                            deleted,
                            foldersAdded,
                            foldersRemoved,
                            FolderScreen.base(p.id(), env)));
        });
        console.post(r, base + "/recover", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            String commitId = blank(c.form().get("commit"));
            String at = blank(c.form().get("at"));
            Long time;
            try {
                time = at == null ? null : time(at);
            } catch (DateTimeParseException e) {
                throw new ApiException.BadRequest("Write the time as 2026-11-30T14:05 or 2026-11-30 (UTC).");
            }
            RecoveryService.Result res = recovery.rollback(
                    c.actor(), new SecretService.Location(p.id(), env, path), commitId, time, false, false);
            return Page.redirect(
                    href(p.id(), env, path, false) + "&rolledBack="
                            + res.changes().size(),
                    null);
        });
    }

    private Reply list(Console.Call c, int status, String error) {
        Project p = projects.get(c.actor(), c.req().param("projectId"));
        String env = c.req().param("env");
        String path = FolderScreen.path(c);
        boolean below = "1".equals(c.query("below"));
        int page = 0;
        try {
            page = c.query("page") == null ? 0 : Math.max(0, Integer.parseInt(c.query("page")));
        } catch (NumberFormatException e) {
            page = 0;
        }
        Environment here = projects.environmentsVisibleTo(c.actor(), p).stream()
                .filter(e -> e.slug().equals(env))
                .findFirst()
                .orElseThrow(() -> new ApiException.NotFound("Project '" + p.name() + "' has no environment '" + env
                        + "' that you may see; pick one from the project's overview."));
        List<CommitStore.Row> rows = recovery.commits(
                c.actor(), new SecretService.Location(p.id(), env, path), below, page * PAGE, PAGE + 1);
        List<HistoryViews.CommitItem> items = new ArrayList<>();
        for (CommitStore.Row row : rows.subList(0, Math.min(PAGE, rows.size()))) {
            int changes = recovery.diff(c.actor(), row.id(), false).changes().size();
            items.add(item(p, env, path, row, changes));
        }
        String notice = c.query("rolledBack") == null
                ? null
                : "Rolled back: " + c.query("rolledBack") + " change(s) made in one new commit.";
        return console.render(
                c,
                status,
                "commits.jte",
                console.chrome(
                        c,
                        "Commits of " + path + " · " + p.name(),
                        "projects",
                        crumbs(p, env, path, "Commits"),
                        notice),
                new HistoryViews.Commits(
                        p.id(),
                        p.name(),
                        env,
                        here.name(),
                        path,
                        below,
                        items,
                        page,
                        rows.size() > PAGE,
                        FolderScreen.base(p.id(), env),
                        c.query("at") == null ? "" : c.query("at"),
                        error));
    }

    private static HistoryViews.CommitItem item(Project p, String env, String path, CommitStore.Row row, int changes) {
        return new HistoryViews.CommitItem(
                row.id(),
                row.seq(),
                FolderScreen.WHEN.format(Instant.ofEpochMilli(row.createdAt())),
                who(row),
                row.message() == null ? "" : row.message(),
                changes,
                FolderScreen.base(p.id(), env) + "/commits/" + row.id() + "?path=" + Console.enc(path));
    }

    private static String who(CommitStore.Row row) {
        return row.actorName() == null ? (row.actorKind() == null ? "(unknown)" : row.actorKind()) : row.actorName();
    }

    private static HistoryViews.ChangeItem change(Change ch) {
        return new HistoryViews.ChangeItem(ch.kind(), ch.path(), ch.key(), ch.previousKey());
    }

    private static List<Chrome.Crumb> crumbs(Project p, String env, String path, String last) {
        List<Chrome.Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Chrome.Crumb("Projects", "/"));
        crumbs.add(new Chrome.Crumb(p.name(), "/projects/" + p.id()));
        crumbs.add(new Chrome.Crumb(env + " " + path, FolderScreen.base(p.id(), env) + "?path=" + Console.enc(path)));
        crumbs.add(new Chrome.Crumb(last, null));
        return crumbs;
    }

    /** An instant ({@code …Z}), a date and time, or a date (its start), in UTC. */
    static long time(String s) {
        if (s.endsWith("Z")) return Instant.parse(s).toEpochMilli();
        return AuditScreen.time(s, false);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
