package dev.coffer.server.secrets;

import dev.coffer.server.history.CommitStore;
import dev.coffer.server.history.CommitStore.FolderVersion;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Folder paths as history knows them: of folders that exist now, that existed at a commit, or were deleted. */
public final class HistoricPaths {

    private HistoricPaths() {}

    /**
     * The paths of the folders in {@code versions} that were alive (their version and their parents'
     * not deleted), below the root folder {@code rootId}; with {@code includeDeleted}, deleted folders
     * get the path they last had.
     */
    public static Map<String, SecretPath> of(List<FolderVersion> versions, String rootId, boolean includeDeleted) {
        Map<String, FolderVersion> byId = new HashMap<>();
        for (FolderVersion v : versions) if (includeDeleted || !v.deleted()) byId.put(v.folderId(), v);
        Map<String, SecretPath> out = new HashMap<>();
        out.put(rootId, SecretPath.ROOT);
        for (FolderVersion v : byId.values()) {
            List<String> segs = new ArrayList<>();
            FolderVersion cur = v;
            boolean reached = false;
            for (int guard = 0; cur != null && guard < 64; guard++) {
                segs.addFirst(cur.name());
                if (rootId.equals(cur.parentId())) {
                    reached = true;
                    break;
                }
                cur = byId.get(cur.parentId());
            }
            if (reached) out.put(v.folderId(), new SecretPath(segs));
        }
        return out;
    }

    /** Where a folder of the environment is now, or was last (root when history does not know it). */
    static SecretPath of(Tx tx, String envId, String folderId) {
        SecretPath now = FolderStore.paths(tx, envId).get(folderId);
        if (now != null) return now;
        String root =
                FolderStore.resolve(tx, envId, SecretPath.ROOT).map(f -> f.id()).orElse("");
        return of(CommitStore.foldersAt(tx, envId, Long.MAX_VALUE), root, true).getOrDefault(folderId, SecretPath.ROOT);
    }
}
