package dev.coffer.server.recovery;

import dev.coffer.server.secrets.SecretValue;

/**
 * One change a commit made, or a rollback would make: a secret added, changed or removed (its name, and
 * its former name when it was renamed), or a folder added or removed. Values are only filled in when the
 * caller asked for them and may read them; they redact themselves in {@code toString}.
 */
public record Change(String kind, String path, String key, String previousKey, SecretValue before, SecretValue after) {

    public static final String ADDED = "added";
    public static final String CHANGED = "changed";
    public static final String REMOVED = "removed";
    public static final String FOLDER_ADDED = "folder-added";
    public static final String FOLDER_REMOVED = "folder-removed";

    static Change of(String kind, String path, String key) {
        return new Change(kind, path, key, null, null, null);
    }

    boolean isFolder() {
        return kind.startsWith("folder");
    }

    /** What identifies the change when a plan is compared with itself made again. */
    String identity() {
        return kind + " " + path + " " + key;
    }
}
