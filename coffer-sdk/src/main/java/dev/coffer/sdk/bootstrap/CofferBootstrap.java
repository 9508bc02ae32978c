package dev.coffer.sdk.bootstrap;

import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import dev.coffer.sdk.Credentials;
import dev.coffer.sdk.LocalCache;
import dev.coffer.sdk.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Loads an application's secrets from Coffer at start-up, in one call:
 *
 * <pre>{@code
 * CofferBootstrap.Result r = CofferBootstrap.load(CofferBootstrap.Settings.load(), CofferBootstrap.Mode.STRICT);
 * r.putIntoSystemProperties(false);
 * }</pre>
 *
 * <p>The settings (server, project, environment, folder, credentials) come from environment
 * variables and, optionally, a {@code .env}-style file that may hold only those settings; see
 * {@link Settings}. Every secret of the folder is fetched (not recursive, references expanded, imports
 * included) and, on success, saved as an encrypted {@link LocalCache} snapshot.
 *
 * <p>In {@link Mode#STRICT} any failure throws {@link CofferBootstrapException}. In
 * {@link Mode#LENIENT} a failure is logged (via {@link System.Logger}) and reported in
 * {@link Result#warnings()}, and the last good snapshot is used if there is one, else nothing
 * ({@link Source#ENVIRONMENT}: the application goes on with its process environment). Messages and
 * warnings never contain a secret value, the client secret or a token.
 */
public final class CofferBootstrap {

    private static final System.Logger LOG = System.getLogger(CofferBootstrap.class.getName());

    /** What to do when secrets cannot be loaded from the server. */
    public enum Mode {
        /** Throw {@link CofferBootstrapException}: the application should not start without its secrets. */
        STRICT,
        /**
         * Warn and continue: when the server cannot be reached, with the last good local cache (else the
         * process environment alone); when it refuses (401, 403, 404), with the process environment alone.
         */
        LENIENT
    }

    /** Where the secrets of a {@link Result} came from. */
    public enum Source {
        /** Fetched from the server just now. */
        SERVER,
        /** The last good encrypted local snapshot (the server could not be used). */
        CACHE,
        /** Nothing was loaded; the application has only its process environment. */
        ENVIRONMENT
    }

    private CofferBootstrap() {}

    /** {@link #load(Settings, Mode)} with {@link Settings#load()}: the process environment and {@code ./.env}. */
    public static Result load(Mode mode) {
        return load(Settings.load(), mode);
    }

    /**
     * Fetches the secrets of the configured folder.
     *
     * @throws CofferBootstrapException in {@link Mode#STRICT} when the settings are incomplete or the
     *                                  server cannot be reached or refuses
     */
    public static Result load(Settings settings, Mode mode) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(mode, "mode");
        List<String> warnings = new ArrayList<>();
        for (String note : settings.notes) warn(warnings, settings.redact(note));

        if (settings.conflict != null) {
            return fail(
                    settings,
                    mode,
                    CofferBootstrapException.Reason.INVALID_SETTINGS,
                    settings.conflict,
                    null,
                    null,
                    warnings);
        }
        List<String> missing = settings.missing();
        if (!missing.isEmpty()) {
            return fail(
                    settings,
                    mode,
                    CofferBootstrapException.Reason.MISSING_SETTINGS,
                    settings.missingMessage(missing),
                    null,
                    null,
                    warnings);
        }
        Scope scope = settings.scope();
        CofferClient client;
        try {
            client = CofferClient.builder()
                    .apiUrl(settings.apiUrl)
                    .credentials(settings.credentials())
                    .timeout(settings.timeout)
                    .cacheTtl(Duration.ZERO)
                    .clock(settings.clock)
                    .requireHttps(settings.requireHttps)
                    .build();
        } catch (IllegalArgumentException e) {
            return fail(
                    settings,
                    mode,
                    CofferBootstrapException.Reason.INVALID_SETTINGS,
                    "COFFER_API_URL ("
                            + settings.origin(Settings.API_URL) + ") is not usable: " + sentence(e.getMessage())
                            + " Set it to the server's URL, e.g. https://coffer.example.com.",
                    null,
                    null,
                    warnings);
        }
        LocalCache cache = settings.localCache
                ? new LocalCache(settings.cacheDirectory, client.apiUrl(), scope, settings.credential())
                : null;

        Map<String, String> secrets;
        try {
            secrets = client.secretMap(scope);
        } catch (CofferException e) {
            return fail(settings, mode, reasonOf(e), describe(e, settings, client.apiUrl(), scope), e, cache, warnings);
        } catch (RuntimeException e) {
            // not attached as the cause: a parser's message may quote the response body, and so a secret
            return fail(
                    settings,
                    mode,
                    CofferBootstrapException.Reason.FAILED,
                    "Loading secrets from Coffer at " + client.apiUrl() + " failed unexpectedly ("
                            + e.getClass().getName() + ").",
                    null,
                    cache,
                    warnings);
        }

        Instant fetchedAt = settings.clock.instant();
        if (secrets.isEmpty()) {
            warn(
                    warnings,
                    "Coffer at " + client.apiUrl() + " has no secrets in project " + scope.projectId()
                            + ", environment " + scope.environment() + ", path " + scope.path()
                            + ". If that is unexpected, check "
                            + "COFFER_PATH (" + settings.origin(Settings.PATH)
                            + "): a folder that does not exist lists as empty.");
        }
        if (cache != null) {
            try {
                cache.save(secrets, fetchedAt);
            } catch (IOException | RuntimeException e) {
                warn(
                        warnings,
                        "Loaded " + secrets.size() + " secrets, but could not save the local cache in "
                                + settings.cacheDirectory + " (" + e.getClass().getSimpleName()
                                + (e instanceof IOException ? ": " + e.getMessage() : "")
                                + "); without it a later start cannot fall back when the "
                                + "server is down.");
            }
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                () -> "Loaded " + secrets.size() + " secrets from Coffer at " + client.apiUrl() + " (project "
                        + scope.projectId() + ", environment " + scope.environment() + ", path " + scope.path() + ")");
        return new Result(secrets, Source.SERVER, fetchedAt, warnings);
    }

    private static Result fail(
            Settings s,
            Mode mode,
            CofferBootstrapException.Reason reason,
            String message,
            Throwable cause,
            LocalCache cache,
            List<String> warnings) {
        String safe = s.redact(message);
        if (mode == Mode.STRICT) throw new CofferBootstrapException(reason, safe, cause);
        // the cache stands in only for a server that cannot be reached: when the server answered and refused
        // (credential revoked, identity removed from the project), the cached secrets must not outlive that
        if (reason == CofferBootstrapException.Reason.MISSING_SETTINGS
                || reason == CofferBootstrapException.Reason.INVALID_SETTINGS) {
            warn(warnings, safe + " Continuing with the process environment only (no secrets loaded).");
            return new Result(Map.of(), Source.ENVIRONMENT, null, warnings);
        }
        if (reason != CofferBootstrapException.Reason.UNAVAILABLE) {
            warn(
                    warnings,
                    safe + " The server refused the request, so the local cache is not used; continuing with "
                            + "the process environment only (no secrets loaded).");
            return new Result(Map.of(), Source.ENVIRONMENT, null, warnings);
        }
        if (cache != null) {
            Optional<LocalCache.Snapshot> snap = cache.load();
            if (snap.isPresent()) {
                Instant at = snap.get().fetchedAt();
                String age = LocalCache.describeAge(Duration.between(at, s.clock.instant()));
                warn(
                        warnings,
                        safe + " Falling back to the local cache: using secrets cached " + age + " ago (fetched " + at
                                + ").");
                return new Result(snap.get().secrets(), Source.CACHE, at, warnings);
            }
            warn(
                    warnings,
                    safe + " There is no usable local cache for this server, scope and credential; "
                            + "continuing with the process environment only (no secrets loaded).");
        } else {
            warn(warnings, safe + " Continuing with the process environment only (no secrets loaded).");
        }
        return new Result(Map.of(), Source.ENVIRONMENT, null, warnings);
    }

    private static void warn(List<String> warnings, String message) {
        warnings.add(message);
        LOG.log(System.Logger.Level.WARNING, message);
    }

    private static CofferBootstrapException.Reason reasonOf(CofferException e) {
        if (e instanceof CofferException.Unauthorized) return CofferBootstrapException.Reason.UNAUTHORIZED;
        if (e instanceof CofferException.Forbidden) return CofferBootstrapException.Reason.FORBIDDEN;
        if (e instanceof CofferException.NotFound) return CofferBootstrapException.Reason.NOT_FOUND;
        if (e instanceof CofferException.Unavailable) return CofferBootstrapException.Reason.UNAVAILABLE;
        return CofferBootstrapException.Reason.FAILED;
    }

    private static String describe(CofferException e, Settings s, String url, Scope scope) {
        String where =
                "project " + scope.projectId() + ", environment " + scope.environment() + ", path " + scope.path();
        String server = e.getMessage() == null ? "no message" : strip(e.getMessage());
        if (e instanceof CofferException.Unavailable) {
            if (e.status() == 0) { // no answer: the transport's message already says to check URL and server
                return "Cannot load secrets: " + sentence(server) + " The URL is set by " + s.origin(Settings.API_URL)
                        + ".";
            }
            return "Cannot load secrets: Coffer at " + url + " failed (HTTP " + e.status() + ": " + server
                    + "). Try again later, or look at the server's logs.";
        }
        if (e instanceof CofferException.Unauthorized) {
            return s.usesToken()
                    ? "Coffer at " + url + " refused the access token (401: " + server + "). Check COFFER_TOKEN ("
                            + s.origin(Settings.TOKEN)
                            + "): it may be wrong, expired or revoked. Get a new one, or set "
                            + "COFFER_CLIENT_ID and COFFER_CLIENT_SECRET (universal auth), which renew themselves."
                    : "Coffer at " + url + " refused the login of client id " + s.clientId + " (401: " + server
                            + "). Check COFFER_CLIENT_ID (" + s.origin(Settings.CLIENT_ID)
                            + ") and COFFER_CLIENT_SECRET ("
                            + s.origin(Settings.CLIENT_SECRET)
                            + "): the client secret may be wrong, expired, revoked or used "
                            + "up; create a new client secret for the identity and update the setting.";
        }
        if (e instanceof CofferException.Forbidden) {
            return "Coffer at " + url + " does not let " + s.who() + " read secrets in " + where + " (403: " + server
                    + "). Add the identity to the project with a role that may read secrets there (viewer or above), "
                    + "or correct COFFER_PROJECT_ID, COFFER_ENV or COFFER_PATH.";
        }
        if (e instanceof CofferException.NotFound) {
            return "Coffer at " + url + " has no " + where + " (404: " + server + "). Check COFFER_PROJECT_ID ("
                    + s.origin(Settings.PROJECT_ID) + "), COFFER_ENV (" + s.origin(Settings.ENV) + ") and COFFER_PATH ("
                    + s.origin(Settings.PATH) + ").";
        }
        return "Coffer at " + url + " refused to list the secrets of " + where + " (HTTP " + e.status() + ": " + server
                + "). Check the settings COFFER_PROJECT_ID, COFFER_ENV and COFFER_PATH.";
    }

    private static String strip(String m) {
        String t = m.strip();
        while (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        return t;
    }

    private static String sentence(String m) {
        return m == null ? "" : strip(m) + ".";
    }

    /**
     * Where to find the server, which secrets to load, and how to log in. Immutable; the
     * {@code with…} methods return changed copies. {@code toString} never shows the client secret or token.
     *
     * <p>Each setting is read from these names, first found wins: the environment's {@code COFFER_*}
     * name, then its Infisical equivalents, then the same names in the settings file. Blank values count
     * as unset. The server URL and the credentials are the exception: they always come from one source
     * together. Credentials in the environment go only to the environment's URL (a file's URL is then
     * ignored, with a warning); credentials in the file go only to the file's URL. A settings file that
     * names a URL while the credentials come from the environment without one (or credentials in the file
     * with a different or lone URL in the environment, or credentials split between both) is refused with
     * {@link CofferBootstrapException.Reason#INVALID_SETTINGS} before any request, so a {@code .env}
     * shipped in a repository cannot send the host's client secret to another server.
     *
     * <table>
     * <caption>Settings</caption>
     * <tr><th>Setting</th><th>Names</th></tr>
     * <tr><td>server URL (required)</td><td>{@code COFFER_API_URL}, {@code INFISICAL_API_URL}, {@code INFISICAL_DOMAIN}</td></tr>
     * <tr><td>project (required)</td><td>{@code COFFER_PROJECT_ID}, {@code INFISICAL_PROJECT_ID}</td></tr>
     * <tr><td>environment slug (required)</td><td>{@code COFFER_ENV}, {@code INFISICAL_ENV}, {@code INFISICAL_ENVIRONMENT}</td></tr>
     * <tr><td>folder path (default {@code /})</td><td>{@code COFFER_PATH}</td></tr>
     * <tr><td>universal-auth client id</td><td>{@code COFFER_CLIENT_ID}, {@code INFISICAL_UNIVERSAL_AUTH_CLIENT_ID}</td></tr>
     * <tr><td>universal-auth client secret</td><td>{@code COFFER_CLIENT_SECRET}, {@code INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET}</td></tr>
     * <tr><td>access token (instead of client id and secret)</td><td>{@code COFFER_TOKEN}, {@code INFISICAL_TOKEN}</td></tr>
     * </table>
     *
     * <p>When both a client id and secret and a token are set, universal auth is used (it renews itself).
     * The settings file may hold only these names; any other line is ignored and never loaded as a secret.
     */
    public static final class Settings {

        static final String API_URL = "COFFER_API_URL";
        static final String PROJECT_ID = "COFFER_PROJECT_ID";
        static final String ENV = "COFFER_ENV";
        static final String PATH = "COFFER_PATH";
        static final String CLIENT_ID = "COFFER_CLIENT_ID";
        static final String CLIENT_SECRET = "COFFER_CLIENT_SECRET";
        static final String TOKEN = "COFFER_TOKEN";

        /** Each setting's names, by precedence. */
        private static final Map<String, List<String>> NAMES = new LinkedHashMap<>();

        static {
            NAMES.put(API_URL, List.of(API_URL, "INFISICAL_API_URL", "INFISICAL_DOMAIN"));
            NAMES.put(PROJECT_ID, List.of(PROJECT_ID, "INFISICAL_PROJECT_ID"));
            NAMES.put(ENV, List.of(ENV, "INFISICAL_ENV", "INFISICAL_ENVIRONMENT"));
            NAMES.put(PATH, List.of(PATH));
            NAMES.put(CLIENT_ID, List.of(CLIENT_ID, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"));
            NAMES.put(CLIENT_SECRET, List.of(CLIENT_SECRET, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"));
            NAMES.put(TOKEN, List.of(TOKEN, "INFISICAL_TOKEN"));
        }

        /** Every name a settings file may hold. */
        static final Set<String> ALL_NAMES;

        static {
            Set<String> all = new LinkedHashSet<>();
            NAMES.values().forEach(all::addAll);
            ALL_NAMES = Collections.unmodifiableSet(all);
        }

        private static final System.Logger LOG = System.getLogger(Settings.class.getName());

        private final String apiUrl;
        private final String projectId;
        private final String environment;
        private final String path;
        private final String clientId;
        private final String clientSecret;
        private final String token;
        /** setting → where its value came from, e.g. "environment variable INFISICAL_API_URL". */
        private final Map<String, String> origins;
        /** Why the connection settings were refused (URL and credentials from different sources), or null. */
        private final String conflict;

        private final Path file;
        private final List<String> notes;
        private final Path cacheDirectory;
        private final boolean localCache;
        private final Duration timeout;
        private final Clock clock;
        private final boolean requireHttps;

        private Settings(
                Map<String, String> values,
                Map<String, String> origins,
                String conflict,
                Path file,
                List<String> notes,
                Path cacheDirectory,
                boolean localCache,
                Duration timeout,
                Clock clock,
                boolean requireHttps) {
            this.apiUrl = values.get(API_URL);
            this.projectId = values.get(PROJECT_ID);
            this.environment = values.get(ENV);
            this.path = values.getOrDefault(PATH, "/");
            this.clientId = values.get(CLIENT_ID);
            this.clientSecret = values.get(CLIENT_SECRET);
            this.token = values.get(TOKEN);
            this.origins = Map.copyOf(origins);
            this.conflict = conflict;
            this.file = file;
            this.notes = List.copyOf(notes);
            this.cacheDirectory = cacheDirectory;
            this.localCache = localCache;
            this.timeout = timeout;
            this.clock = clock;
            this.requireHttps = requireHttps;
        }

        private Settings copy(Path cacheDirectory, boolean localCache, Duration timeout, Clock clock) {
            return copy(cacheDirectory, localCache, timeout, clock, requireHttps);
        }

        private Settings copy(
                Path cacheDirectory, boolean localCache, Duration timeout, Clock clock, boolean requireHttps) {
            Map<String, String> values = new LinkedHashMap<>();
            put(values, API_URL, apiUrl);
            put(values, PROJECT_ID, projectId);
            put(values, ENV, environment);
            put(values, PATH, path);
            put(values, CLIENT_ID, clientId);
            put(values, CLIENT_SECRET, clientSecret);
            put(values, TOKEN, token);
            return new Settings(
                    values, origins, conflict, file, notes, cacheDirectory, localCache, timeout, clock, requireHttps);
        }

        private static void put(Map<String, String> m, String k, String v) {
            if (v != null) m.put(k, v);
        }

        /** The process environment ({@link System#getenv()}) and {@code ./.env} if that file exists. */
        public static Settings load() {
            return from(System.getenv());
        }

        /** The given environment and {@code ./.env} if that file exists. */
        public static Settings from(Map<String, String> environment) {
            Path dflt = Path.of(".env");
            return read(environment, Files.exists(dflt) ? dflt : null, false);
        }

        /**
         * The given environment and settings file. A null file means none; a file that is given but
         * missing or unreadable is reported as a warning (and, if settings are then missing, in the error).
         */
        public static Settings from(Map<String, String> environment, Path settingsFile) {
            return read(environment, settingsFile, true);
        }

        private static Settings read(Map<String, String> env, Path file, boolean explicit) {
            Objects.requireNonNull(env, "environment");
            List<String> notes = new ArrayList<>();
            Map<String, String> fromFile = Map.of();
            Path used = null;
            if (file != null) {
                Path abs = file.toAbsolutePath().normalize();
                try {
                    SettingsFile.Parsed p =
                            SettingsFile.parse(Files.readString(abs, StandardCharsets.UTF_8), ALL_NAMES);
                    fromFile = p.values();
                    used = abs;
                    if (!p.malformedLines().isEmpty()) {
                        notes.add("The settings file " + abs + " has lines that are not KEY=value (lines "
                                + p.malformedLines() + "); they were skipped.");
                    }
                    if (p.ignoredKeys() > 0) {
                        int n = p.ignoredKeys();
                        LOG.log(
                                System.Logger.Level.DEBUG,
                                () -> "Ignored " + n + " entries of " + abs
                                        + " that are not Coffer settings (they are never loaded as secrets)");
                    }
                    if (holdsCredential(fromFile) && readableByOthers(abs)) {
                        notes.add("The settings file " + abs + " holds a client secret or token and can be read by "
                                + "other users; restrict it with 'chmod 600 " + abs + "'.");
                    }
                } catch (IOException | RuntimeException e) {
                    if (explicit || Files.exists(abs)) {
                        notes.add("The settings file " + abs + " could not be read ("
                                + e.getClass().getSimpleName() + "); its settings were not used.");
                    }
                }
            }
            ConnectionSource.Resolved r = ConnectionSource.resolve(NAMES, env, fromFile, used, notes);
            // the given environment's XDG_CACHE_HOME, like LocalCache.defaultDirectory() does with the process's
            String xdg = blankToNull(env.get("XDG_CACHE_HOME"));
            Path cacheDir = xdg != null ? Path.of(xdg, "coffer") : LocalCache.defaultDirectory();
            return new Settings(
                    r.values(),
                    r.origins(),
                    r.conflict(),
                    used,
                    notes,
                    cacheDir,
                    true,
                    Duration.ofSeconds(10),
                    Clock.systemUTC(),
                    false);
        }

        private static boolean holdsCredential(Map<String, String> fromFile) {
            for (String k : List.of(CLIENT_SECRET, TOKEN)) {
                for (String name : NAMES.get(k)) if (fromFile.containsKey(name)) return true;
            }
            return false;
        }

        private static boolean readableByOthers(Path p) {
            try {
                PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                if (v == null) return false;
                Set<PosixFilePermission> perms = v.readAttributes().permissions();
                return perms.contains(PosixFilePermission.GROUP_READ)
                        || perms.contains(PosixFilePermission.OTHERS_READ);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /**
         * Where the local cache is kept (default {@code $XDG_CACHE_HOME/coffer} of the given environment,
         * else {@link LocalCache#defaultDirectory()}).
         */
        public Settings withCacheDirectory(Path dir) {
            return copy(Objects.requireNonNull(dir, "dir"), true, timeout, clock);
        }

        /** No local cache: nothing is saved, and lenient mode cannot fall back to one. */
        public Settings withoutLocalCache() {
            return copy(cacheDirectory, false, timeout, clock);
        }

        /** Timeout for connecting and for each request (default 10 s). */
        public Settings withTimeout(Duration t) {
            if (t == null || t.isNegative() || t.isZero())
                throw new IllegalArgumentException("timeout must be positive");
            return copy(cacheDirectory, localCache, t, clock);
        }

        /** The clock for token expiry and cache ages (tests substitute one). */
        public Settings withClock(Clock c) {
            return copy(cacheDirectory, localCache, timeout, Objects.requireNonNull(c, "clock"));
        }

        /**
         * With {@code true}, a plain {@code http://} server URL to a host other than this machine's loopback
         * interface is refused ({@link CofferBootstrapException.Reason#INVALID_SETTINGS}) before any request;
         * by default it is accepted with a warning (see {@link CofferClient.Builder#requireHttps}).
         */
        public Settings withRequireHttps(boolean require) {
            return copy(cacheDirectory, localCache, timeout, clock, require);
        }

        public String apiUrl() {
            return apiUrl;
        }

        public String projectId() {
            return projectId;
        }

        public String environment() {
            return environment;
        }

        /** The folder path; {@code /} unless set. */
        public String path() {
            return path;
        }

        public String clientId() {
            return clientId;
        }

        /** True when an access token (not universal auth) will be used. */
        public boolean usesToken() {
            return !(clientId != null && clientSecret != null) && token != null;
        }

        /** The settings file that was read, if any. */
        public Optional<Path> settingsFile() {
            return Optional.ofNullable(file);
        }

        public Path cacheDirectory() {
            return cacheDirectory;
        }

        public boolean localCacheEnabled() {
            return localCache;
        }

        public Duration timeout() {
            return timeout;
        }

        /** Problems found while reading the settings (an unreadable file, say); also reported as warnings. */
        public List<String> notes() {
            return notes;
        }

        /** The {@code COFFER_*} names of required settings that are not set; empty when complete. */
        public List<String> missing() {
            List<String> m = new ArrayList<>();
            if (apiUrl == null) m.add(API_URL);
            if (projectId == null) m.add(PROJECT_ID);
            if (environment == null) m.add(ENV);
            if (!(clientId != null && clientSecret != null) && token == null) {
                if (clientId == null) m.add(CLIENT_ID);
                if (clientSecret == null) m.add(CLIENT_SECRET);
            }
            return m;
        }

        String missingMessage(List<String> missing) {
            List<String> alternatives = new ArrayList<>();
            for (String m : missing)
                alternatives.addAll(NAMES.get(m).subList(1, NAMES.get(m).size()));
            StringBuilder sb = new StringBuilder("Coffer settings are missing: ")
                    .append(String.join(", ", missing))
                    .append(". Set ")
                    .append(missing.size() == 1 ? "it" : "them")
                    .append(" as environment variables");
            sb.append(file != null ? " or in the settings file " + file : " or in a settings file (./.env)");
            if (!alternatives.isEmpty()) {
                sb.append("; the Infisical names ")
                        .append(String.join(", ", alternatives))
                        .append(" work too");
            }
            sb.append('.');
            if (missing.contains(CLIENT_ID) || missing.contains(CLIENT_SECRET)) {
                sb.append(
                        " Instead of COFFER_CLIENT_ID and COFFER_CLIENT_SECRET (a machine identity's universal auth), "
                                + "COFFER_TOKEN may hold an access token.");
            }
            for (String n : notes) sb.append(' ').append(n);
            return sb.toString();
        }

        String origin(String setting) {
            return origins.getOrDefault(setting, setting.equals(PATH) ? "default /" : "not set");
        }

        String who() {
            return usesToken() ? "the identity of COFFER_TOKEN" : "the identity with client id " + clientId;
        }

        Scope scope() {
            return new Scope(projectId, environment, path, false, true, true);
        }

        Credentials credentials() {
            return usesToken() ? new Credentials.Token(token) : new Credentials.UniversalAuth(clientId, clientSecret);
        }

        /** The credential the local cache key is derived from. */
        String credential() {
            return usesToken() ? token : clientSecret;
        }

        /** Removes the client secret and token from a message, in case a server or library echoed one. */
        String redact(String message) {
            String m = message;
            for (String s : new String[] {clientSecret, token}) {
                if (s != null && s.length() >= 6) m = m.replace(s, "[redacted]");
            }
            return m;
        }

        @Override
        public String toString() {
            return "Settings[apiUrl=" + apiUrl + ", projectId=" + projectId + ", environment=" + environment + ", path="
                    + path + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "set")
                    + ", token=" + (token == null ? "unset" : "set") + ", file=" + file + ", cache="
                    + (localCache ? cacheDirectory : "off") + "]";
        }
    }

    /**
     * The outcome of {@link #load}: the secrets (key → value, in the server's order), where they came
     * from, when they were fetched (null when nothing was loaded), and warnings. {@code toString} shows the
     * count, source and age, never a value.
     */
    public record Result(Map<String, String> secrets, Source source, Instant fetchedAt, List<String> warnings) {

        public Result {
            secrets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(secrets, "secrets")));
            Objects.requireNonNull(source, "source");
            warnings = List.copyOf(warnings);
        }

        /** The secrets, key → value (unmodifiable). */
        public Map<String, String> asMap() {
            return secrets;
        }

        /** Whether the secrets did not come fresh from the server (cache or nothing). */
        public boolean degraded() {
            return source != Source.SERVER;
        }

        /**
         * Sets each secret as a system property. With {@code overwrite} false, properties that are
         * already set keep their values. Returns how many properties were set.
         */
        public int putIntoSystemProperties(boolean overwrite) {
            int n = 0;
            for (Map.Entry<String, String> e : secrets.entrySet()) {
                if (!overwrite && System.getProperty(e.getKey()) != null) continue;
                System.setProperty(e.getKey(), e.getValue());
                n++;
            }
            return n;
        }

        @Override
        public String toString() {
            String age = fetchedAt == null
                    ? "nothing fetched"
                    : "fetched " + LocalCache.describeAge(Duration.between(fetchedAt, Instant.now())) + " ago";
            return "Result[" + secrets.size() + (secrets.size() == 1 ? " secret" : " secrets") + " from " + source
                    + ", " + age + ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings") + "]";
        }
    }
}
