package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretHistory;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Two versions of a secret compared: name, comment, tags, who and when on the secret's page, and the
 * value's change (line by line) only in the answer to an explicit POST, never cached, audited as a read
 * of the secret like the reveal. The page offers that POST only when the person may read both values;
 * otherwise the service's versions carry its placeholder instead of the value, as through the API.
 */
final class VersionDiffs {

    private final Console console;
    private final ProjectService projects;
    private final SecretService secrets;
    private final SecretHistory history;

    VersionDiffs(Console console, ProjectService projects, SecretService secrets, SecretHistory history) {
        this.console = console;
        this.projects = projects;
        this.secrets = secrets;
        this.history = history;
    }

    void register(Router r) {
        console.post(r, "/projects/{projectId}/env/{env}/diff", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            SecretService.Location loc =
                    new SecretService.Location(p.id(), c.req().param("env"), FolderScreen.path(c));
            // reading the current value first puts the Authorizer's answer (and the audit's secret name) first
            Secret s = secrets.get(c.actor(), loc, SecretScreen.key(c), null, false);
            List<SecretHistory.Entry> entries = history.versions(c.actor(), s.id(), 0, 1000);
            SecretHistory.Entry from = pick(entries, version(c.form().get("from"), "from"));
            SecretHistory.Entry to = pick(entries, version(c.form().get("to"), "to"));
            // a value the person may not read is the service's placeholder, as in the API's answers
            List<LineDiff.Line> lines = LineDiff.of(value(from), value(to));
            if (c.htmx()) return Page.text(LineDiff.html(lines), "text/html; charset=utf-8", Map.of());
            return Page.text(LineDiff.text(lines), "text/plain; charset=utf-8", Map.of());
        });
    }

    /** The comparison of versions {@code from} and {@code to} among {@code entries}. */
    static HistoryViews.VersionDiff diff(List<SecretHistory.Entry> entries, long from, long to) {
        SecretHistory.Entry a = pick(entries, from);
        SecretHistory.Entry b = pick(entries, to);
        List<HistoryViews.DiffRow> rows = new ArrayList<>();
        rows.add(row("Name", name(a), name(b)));
        rows.add(row("Comment", comment(a), comment(b)));
        rows.add(row("Tags", tags(a), tags(b)));
        rows.add(row("Deleted", a.deleted() ? "yes" : "no", b.deleted() ? "yes" : "no"));
        rows.add(row("Who", who(a), who(b)));
        rows.add(row("When", FolderScreen.WHEN.format(Instant.ofEpochMilli(a.createdAt())), when(b)));
        boolean readable = !a.valueHidden() && !b.valueHidden() && a.secret() != null && b.secret() != null;
        Boolean changed = readable ? !value(a).equals(value(b)) : null;
        return new HistoryViews.VersionDiff(from, to, rows, changed, readable);
    }

    static long version(String raw, String field) {
        try {
            return Long.parseLong(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(
                    "Choose the two versions to compare ('" + field + "' must be a version number such as 2).");
        }
    }

    static SecretHistory.Entry pick(List<SecretHistory.Entry> entries, long version) {
        for (SecretHistory.Entry e : entries) if (e.version() == version) return e;
        throw new ApiException.BadRequest("This secret has no version " + version
                + " in its kept history; choose one of the versions listed on its page.");
    }

    private static HistoryViews.DiffRow row(String field, String before, String after) {
        return new HistoryViews.DiffRow(field, before, after, !before.equals(after));
    }

    private static String name(SecretHistory.Entry e) {
        return e.secret() == null ? "(deleted)" : e.secret().key();
    }

    private static String comment(SecretHistory.Entry e) {
        return e.secret() == null || e.secret().comment() == null
                ? ""
                : e.secret().comment().reveal();
    }

    private static String tags(SecretHistory.Entry e) {
        return e.tags().stream().map(Tag::slug).sorted().collect(Collectors.joining(", "));
    }

    private static String who(SecretHistory.Entry e) {
        return e.actorName() == null ? "(before history was kept)" : e.actorName();
    }

    private static String when(SecretHistory.Entry e) {
        return FolderScreen.WHEN.format(Instant.ofEpochMilli(e.createdAt()));
    }

    private static String value(SecretHistory.Entry e) {
        return e.secret() == null ? "" : e.secret().value().reveal();
    }
}
