package dev.coffer.server.console;

import java.util.List;

/**
 * What the console's history screens show: tags, version diffs, commits and rollback plans, imports
 * and references, audit events. Names, places, times and people only: no secret value in any of them.
 */
public final class HistoryViews {

    private HistoryViews() {}

    /** A value offered in a select, with what it shows. */
    public record Choice(String value, String label) {}

    /** A tag: id (for forms), slug, name, the colour as given, and the stylesheet's tone for it. */
    public record TagItem(String id, String slug, String name, String color, String tone) {
        public String css() {
            return "tag tag-" + tone;
        }
    }

    /** A project tag on a secret's page: whether the secret carries it. */
    public record TagChoice(TagItem tag, boolean carried) {}

    /**
     * The folder view's tags, imports and filter: the project's tags (empty when the person may not
     * read them), the tag the list is filtered by (empty: none).
     */
    public record FolderMore(List<TagItem> tags, String tag, Imports imports) {
        public boolean filtered() {
            return !tag.isEmpty();
        }
    }

    /**
     * The secret page's extras: the tags it carries, every project tag to choose from, colours to create
     * one ({@code tagsNote} says why the project's tags are not offered, when they are not); the two
     * versions the comparison form has chosen and, when asked, their comparison; who read
     * it lately ({@code readersNote} says why that is not shown, when it is not).
     */
    public record SecretMore(
            List<TagItem> tags,
            List<TagChoice> choices,
            String tagsNote,
            List<Choice> colours,
            long from,
            long to,
            VersionDiff diff,
            List<ReaderItem> readers,
            String readersNote) {}

    /** One attribute of two versions: as it was in each, and whether it changed. */
    public record DiffRow(String field, String before, String after, boolean changed) {}

    /**
     * Two versions compared by name, comment, tags, author and time; {@code valueChanged} is said only
     * when the person may read both values (null otherwise), the values themselves only after a reveal.
     */
    public record VersionDiff(long from, long to, List<DiffRow> rows, Boolean valueChanged, boolean revealable) {}

    /** A commit in a list: when, who, its message, how many changes it made that the person may see. */
    public record CommitItem(String id, long seq, String when, String who, String message, int changes, String href) {}

    /** A folder's (or, with {@code below}, a folder's and everything under it) commits, newest first. */
    public record Commits(
            String projectId,
            String projectName,
            String env,
            String envName,
            String path,
            boolean below,
            List<CommitItem> commits,
            int page,
            boolean more,
            String base,
            String at,
            String error) {}

    /** One change: a secret added, changed (renamed from {@code previousKey}) or removed, or a folder. */
    public record ChangeItem(String kind, String path, String key, String previousKey) {
        public String label() {
            return key == null ? path : ("/".equals(path) ? "/" : path + "/") + key;
        }
    }

    /** One commit's changes (names only). */
    public record CommitPage(String env, String path, CommitItem commit, List<ChangeItem> changes, String base) {}

    /**
     * What rolling a folder back would do, shown before the POST that does it: secrets to create, change
     * and delete, folders to add and remove; {@code commitId} or {@code at} says to which point.
     */
    public record RecoverPlan(
            String env,
            String path,
            String commitId,
            String at,
            String target,
            List<ChangeItem> created,
            List<ChangeItem> changed,
            List<ChangeItem> deleted,
            List<ChangeItem> foldersAdded,
            List<ChangeItem> foldersRemoved,
            String base) {
        public boolean nothing() {
            return created.isEmpty()
                    && changed.isEmpty()
                    && deleted.isEmpty()
                    && foldersAdded.isEmpty()
                    && foldersRemoved.isEmpty();
        }

        public int total() {
            return created.size() + changed.size() + deleted.size() + foldersAdded.size() + foldersRemoved.size();
        }
    }

    /** A place secrets are imported from, in the order the imports count (the last one wins). */
    public record ImportItem(int position, String env, String path, String href) {}

    /**
     * A name the folder gets through its imports: where its value comes from, and whether the folder's
     * own secret of that name beats it ({@code overridden}).
     */
    public record ImportedKey(String key, String from, String href, boolean overridden) {}

    /** The folder's imports and the names they bring; {@code note} says why a part is not shown. */
    public record Imports(List<ImportItem> imports, List<ImportedKey> keys, String note) {
        public boolean any() {
            return !imports.isEmpty() || !keys.isEmpty() || note != null;
        }

        /** Where the import this folder's own secret {@code key} overrides comes from; null when none. */
        public String overrides(String key) {
            for (ImportedKey k : keys) if (k.overridden() && k.key().equals(key)) return k.from();
            return null;
        }
    }

    /**
     * One secret of a reference tree, at {@code depth} below the secret the tree is about: where it is,
     * and {@code state}: found, missing, denied (with the Authorizer's message), hidden (its value may
     * not be read, so its references are not followed), cycle or too-deep.
     */
    public record RefNode(int depth, String label, String state, String note, String href) {
        public String css() {
            return "ref ref-" + state + " depth-" + Math.min(depth, 10);
        }
    }

    public record RefTree(String env, String path, String key, List<RefNode> nodes, String base) {}

    /** One field of an audit event, by its name. */
    public record Field(String name, String value) {}

    /** One audit event: its place in the chain, its type, and every field the trail keeps. */
    public record AuditEvent(long seq, String type, List<Field> fields) {}

    /** Someone who read a secret in the last days: who, how many reads, the last one. */
    public record ReaderItem(String who, String kind, long reads, String last) {}
}
