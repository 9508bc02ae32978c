package dev.coffer.sdk.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks each setting from the environment or the settings file, keeping the server's URL with the
 * credentials of the same source.
 *
 * <p>Project, environment and path: the environment's value, else the file's. The connection (API URL,
 * client id and secret, token) is never mixed: when the environment holds credentials, they go only to
 * the environment's URL, and a file that names a URL while the environment does not is refused, so a
 * {@code .env} checked into a repository cannot send the host's client secret to a server it names.
 * When only the file holds credentials, they go only to the file's URL, and a URL from the environment
 * that differs (or stands alone) is refused likewise. A refusal is a {@link Resolved#conflict()}: the
 * loader stops with it before any request, and the URL is left unset.
 */
final class ConnectionSource {

    private static final List<String> CREDENTIALS = List.of(
            CofferBootstrap.Settings.CLIENT_ID, CofferBootstrap.Settings.CLIENT_SECRET, CofferBootstrap.Settings.TOKEN);
    private static final String API_URL = CofferBootstrap.Settings.API_URL;

    /** The chosen values and where each came from; a conflict (null when none) explains a refusal. */
    record Resolved(Map<String, String> values, Map<String, String> origins, String conflict) {}

    private ConnectionSource() {}

    /**
     * @param names    each setting's names, by precedence
     * @param env      the environment
     * @param fromFile the settings file's entries (empty when there is none)
     * @param file     the file read, for messages (null when none)
     * @param notes    receives warnings (a file URL that was ignored)
     */
    static Resolved resolve(
            Map<String, List<String>> names,
            Map<String, String> env,
            Map<String, String> fromFile,
            Path file,
            List<String> notes) {
        Map<String, String> envValues = new LinkedHashMap<>();
        Map<String, String> envOrigins = new LinkedHashMap<>();
        Map<String, String> fileValues = new LinkedHashMap<>();
        Map<String, String> fileOrigins = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> setting : names.entrySet()) {
            pick(setting, env, envValues, envOrigins, name -> "environment variable " + name);
            pick(setting, fromFile, fileValues, fileOrigins, name -> name + " in " + file);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (String setting : names.keySet()) {
            if (setting.equals(API_URL) || CREDENTIALS.contains(setting)) continue;
            boolean inEnv = envValues.containsKey(setting);
            if (inEnv || fileValues.containsKey(setting)) {
                values.put(setting, (inEnv ? envValues : fileValues).get(setting));
                origins.put(setting, (inEnv ? envOrigins : fileOrigins).get(setting));
            }
        }
        List<String> envCreds = present(envValues, env, names);
        List<String> fileCreds = present(fileValues, fromFile, names);
        String envUrl = envValues.get(API_URL);
        String fileUrl = fileValues.get(API_URL);
        String conflict = null;
        boolean fromEnv = !envCreds.isEmpty() || fileCreds.isEmpty();
        if (!envCreds.isEmpty() && !fileCreds.isEmpty() && !complete(envValues)) {
            conflict = "The credentials are split between the environment (" + String.join(", ", envCreds)
                    + ") and the settings file " + file + " (" + String.join(", ", fileCreds)
                    + "). Set the client id and secret (or the token) together, in one place, with COFFER_API_URL "
                    + "beside them.";
        } else if (!envCreds.isEmpty() && envUrl == null && fileUrl != null) {
            conflict = "The settings file " + file + " sets the server (" + fileOrigins.get(API_URL)
                    + "), but the credentials come from the environment (" + String.join(", ", envCreds)
                    + "). A settings file may not send the environment's credentials to a server it names. Set "
                    + "COFFER_API_URL in the environment too (the file's URL is then ignored), or put the "
                    + "credentials in the file next to its URL.";
        } else if (envCreds.isEmpty() && !fileCreds.isEmpty() && envUrl != null && !envUrl.equals(fileUrl)) {
            conflict = "The credentials come from the settings file " + file + " (" + String.join(", ", fileCreds)
                    + "), but the server from the environment (" + envOrigins.get(API_URL) + ")"
                    + (fileUrl == null ? "" : ", which differs from the file's")
                    + ". Credentials go only to the server named beside them: set COFFER_API_URL in the file (and "
                    + "unset it in the environment), or set the credentials in the environment.";
        } else if (fromEnv && envUrl != null && fileUrl != null && !envUrl.equals(fileUrl)) {
            notes.add("The settings file " + file + " names another server (" + fileOrigins.get(API_URL)
                    + ") than the environment; it was ignored, and the environment's credentials go only to "
                    + envOrigins.get(API_URL) + ".");
        }
        for (String setting : CREDENTIALS)
            copy(setting, fromEnv ? envValues : fileValues, fromEnv ? envOrigins : fileOrigins, values, origins);
        if (conflict == null) {
            // with no credentials anywhere the URL is harmless, and found where it is (the error names the credentials)
            boolean urlFromEnv = fromEnv && (envUrl != null || !envCreds.isEmpty());
            copy(API_URL, urlFromEnv ? envValues : fileValues, urlFromEnv ? envOrigins : fileOrigins, values, origins);
        }
        return new Resolved(values, origins, conflict);
    }

    private static void copy(
            String setting,
            Map<String, String> fromValues,
            Map<String, String> fromOrigins,
            Map<String, String> values,
            Map<String, String> origins) {
        if (fromValues.containsKey(setting)) {
            values.put(setting, fromValues.get(setting));
            origins.put(setting, fromOrigins.get(setting));
        }
    }

    private static void pick(
            Map.Entry<String, List<String>> setting,
            Map<String, String> from,
            Map<String, String> values,
            Map<String, String> origins,
            Function<String, String> origin) {
        for (String name : setting.getValue()) {
            String v = from.get(name);
            if (v != null && !v.isBlank()) {
                values.put(setting.getKey(), v.strip());
                origins.put(setting.getKey(), origin.apply(name));
                return;
            }
        }
    }

    /** The names under which a source holds credentials, e.g. COFFER_CLIENT_SECRET. */
    private static List<String> present(
            Map<String, String> values, Map<String, String> source, Map<String, List<String>> names) {
        List<String> out = new ArrayList<>();
        for (String c : CREDENTIALS) {
            if (!values.containsKey(c)) continue;
            for (String name : names.get(c)) {
                String v = source.get(name);
                if (v != null && !v.isBlank()) {
                    out.add(name);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean complete(Map<String, String> values) {
        return (values.containsKey(CofferBootstrap.Settings.CLIENT_ID)
                        && values.containsKey(CofferBootstrap.Settings.CLIENT_SECRET))
                || values.containsKey(CofferBootstrap.Settings.TOKEN);
    }
}
