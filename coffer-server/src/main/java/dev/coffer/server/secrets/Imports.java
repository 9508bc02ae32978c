package dev.coffer.server.secrets;

import dev.coffer.server.imports.ImportStore;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The folders a folder imports, in the order their secrets count: the imports in position order, each
 * preceded by what it imports itself (followed {@link #MAX_DEPTH} levels deep), so that "the last one
 * wins" makes a later import beat an earlier one and an import beat its own imports. A folder already
 * met is not visited again, which ends cycles. Imports of places that no longer exist are skipped.
 */
final class Imports {

    static final int MAX_DEPTH = 10;

    /** One imported folder: where it is. */
    record Source(Environment environment, SecretPath path, Folder folder) {}

    private Imports() {}

    /** The sources of the folder, in order (earliest first; a later one beats an earlier one). */
    static List<Source> of(Tx tx, List<Environment> envs, Folder folder) {
        List<Source> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(folder.id());
        collect(tx, envs, folder, 1, seen, out);
        return out;
    }

    private static void collect(
            Tx tx, List<Environment> envs, Folder folder, int depth, Set<String> seen, List<Source> out) {
        for (ImportStore.Row r : ImportStore.ofFolder(tx, folder.id())) {
            Optional<Environment> env =
                    envs.stream().filter(e -> e.id().equals(r.importEnvId())).findFirst();
            if (env.isEmpty()) continue;
            SecretPath path = SecretPath.parse(r.importPath());
            Optional<Folder> target = FolderStore.resolve(tx, env.get().id(), path);
            if (target.isEmpty() || !seen.add(target.get().id())) continue;
            if (depth < MAX_DEPTH) collect(tx, envs, target.get(), depth + 1, seen, out);
            out.add(new Source(env.get(), path, target.get()));
        }
    }
}
