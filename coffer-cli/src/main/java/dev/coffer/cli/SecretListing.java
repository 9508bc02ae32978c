package dev.coffer.cli;

import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import dev.coffer.sdk.Folder;
import dev.coffer.sdk.Scope;
import dev.coffer.sdk.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets a command hands on ({@code run}, {@code export}), with what could make them the wrong
 * ones said on stderr: a folder that does not exist is an error, an empty one a warning, and with
 * {@code --recursive} a name set in several folders is reported with the folder that won (names and
 * paths only, never values).
 */
final class SecretListing {

    private SecretListing() {}

    /** The secrets as name → value, a later folder winning a repeated name (as the SDK's secretMap). */
    static Map<String, String> toMap(List<Secret> secrets) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (Secret s : secrets) {
            String before = from.put(s.key(), s.path());
            if (before != null && !before.equals(s.path())) {
                Console.warn(s.key() + " is set in " + before + " and in " + s.path() + "; using the one in " + s.path()
                        + ".");
            }
            values.put(s.key(), s.valueText());
        }
        return values;
    }

    /**
     * When nothing was found: fails if the folder does not exist, else warns that it is empty. A wrong
     * {@code --path} or {@code COFFER_PATH} must not quietly start a program without its secrets.
     */
    static void checkNotEmpty(CofferClient client, Scope scope, Connection.Resolved r, int count) {
        if (count > 0) return;
        String where = r.environment() + ":" + scope.path() + " (path from " + r.pathOrigin() + ")";
        if (!folderExists(client, scope)) {
            throw new CliException("The folder " + where + " does not exist. Check --path, COFFER_PATH or the "
                    + "path in .coffer.json; 'coffer folders list --recursive' shows the folders.");
        }
        Console.warn("no secrets in " + where + ".");
    }

    static boolean folderExists(CofferClient client, Scope scope) {
        String path = scope.path().replaceAll("/+$", "");
        if (path.isEmpty() || path.equals("/")) return true;
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        try {
            List<Folder> folders = client.listFolders(scope.withPath(parent).withRecursive(false));
            return folders.stream().anyMatch(f -> name.equals(f.name()));
        } catch (CofferException.NotFound e) {
            return false;
        } catch (CofferException.Forbidden e) {
            return true; // cannot tell: only the warning about an empty folder
        }
    }
}
