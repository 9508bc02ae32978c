package dev.coffer.server.console;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.imports.ImportService;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder's imports as the folder view shows them: the places it imports from (the imports service)
 * and, for every name those places bring, where its value comes from (the last import holding it wins,
 * the folder's own secret beats them all), read through the secrets service with the person's rights.
 */
final class FolderImports {

    private final ImportService imports;
    private final SecretService secrets;

    FolderImports(ImportService imports, SecretService secrets) {
        this.imports = imports;
        this.secrets = secrets;
    }

    HistoryViews.Imports of(Actor actor, SecretService.Location loc, Set<String> own) {
        List<HistoryViews.ImportItem> items = new ArrayList<>();
        String note = null;
        try {
            for (ImportService.Shown s :
                    imports.list(actor, new ImportService.Place(loc.project(), loc.environment(), loc.path()))) {
                String env = s.importEnv() == null ? "?" : s.importEnv().slug();
                items.add(new HistoryViews.ImportItem(
                        s.row().position(),
                        env,
                        s.row().importPath(),
                        folderHref(loc.project(), env, s.row().importPath())));
            }
        } catch (ApiException.Forbidden e) {
            note = e.getMessage();
        }
        Map<String, HistoryViews.ImportedKey> keys = new LinkedHashMap<>();
        if (!items.isEmpty()) {
            for (SecretService.ImportedFolder f : secrets.imports(actor, loc, false)) {
                String from = f.environment() + ":" + f.path();
                for (Secret s : f.secrets()) {
                    keys.remove(s.key()); // a later import beats an earlier one
                    keys.put(
                            s.key(),
                            new HistoryViews.ImportedKey(
                                    s.key(),
                                    from,
                                    SecretScreen.href(
                                            loc.project(),
                                            f.environment(),
                                            f.path().toString(),
                                            s.key()),
                                    own.contains(s.key())));
                }
            }
        }
        List<HistoryViews.ImportedKey> sorted = new ArrayList<>(keys.values());
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        return new HistoryViews.Imports(items, sorted, note);
    }

    private static String folderHref(String projectId, String env, String path) {
        return FolderScreen.base(projectId, env) + "?path=" + Console.enc(path);
    }
}
