package dev.coffer.cli;

import dev.coffer.cli.config.ConfigDir;
import dev.coffer.cli.config.ProjectFile;
import dev.coffer.cli.config.StoredLogin;
import dev.coffer.cli.config.TokenCache;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.Credentials;
import dev.coffer.sdk.Scope;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every verb that talks to a server shares, and how they resolve: command-line option,
 * else {@code COFFER_*}, else Infisical's variable of the same meaning (so scripts written for
 * Infisical's CLI keep working), else {@code .coffer.json} (or {@code .infisical.json}), else what
 * {@code coffer login} stored.
 *
 * <p>Credentials never follow a URL on their own: a stored login is only used for the server it was
 * made for (any other URL needs its own login or explicit credentials), and a URL named by a file in
 * the working tree is never given credentials from the environment or the command line.
 */
public final class Connection {

    @Option(
            names = {"--api-url", "--domain"},
            paramLabel = "URL",
            description = {
                "Server URL (default: COFFER_API_URL,",
                "INFISICAL_API_URL, the login's, or",
                "http://127.0.0.1:8080). A stored login is only",
                "sent to its own server."
            })
    String apiUrl;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Access token to use (default: COFFER_TOKEN or INFISICAL_TOKEN, else the "
                    + "machine identity from COFFER_CLIENT_ID/COFFER_CLIENT_SECRET or the login). "
                    + "Prefer --token-file: arguments are visible in process listings.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the access token from this file.")
    Path tokenFile;

    @Option(
            names = {"--projectId", "--project-id"},
            paramLabel = "ID",
            description = {
                "Project id (default: COFFER_PROJECT_ID,",
                "INFISICAL_PROJECT_ID, .coffer.json or",
                ".infisical.json)."
            })
    String projectId;

    @Option(
            names = {"--env", "-e"},
            paramLabel = "ENV",
            description = {
                "Environment slug or name (default: COFFER_ENV,",
                "INFISICAL_ENV, .coffer.json, .infisical.json,",
                "or dev)."
            })
    String environment;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            description = {"Folder path (default: COFFER_PATH, the path in", ".coffer.json, or /)."})
    String path;

    /** Where a setting came from. */
    enum Origin {
        OPTION,
        ENVIRONMENT,
        FILE,
        LOGIN,
        DEFAULT
    }

    /**
     * Settings as resolved; {@code credentials} is null when none were found. {@code pathOrigin} says
     * where the path came from, for messages.
     */
    public record Resolved(
            String apiUrl,
            Credentials credentials,
            String projectId,
            String environment,
            String path,
            String credentialSource,
            String pathOrigin) {
        Resolved withEnvironment(String e) {
            return new Resolved(apiUrl, credentials, projectId, e, path, credentialSource, pathOrigin);
        }
    }

    static Map<String, String> env = System.getenv();

    static String env(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    /** The first of the names that is set, or null. */
    private static String envName(String... names) {
        for (String n : names) if (env(n) != null) return n;
        return null;
    }

    public Resolved resolve() {
        Path configDir = ConfigDir.resolve(env);
        Optional<StoredLogin> login = StoredLogin.load(configDir);
        Optional<ProjectFile> project = ProjectFile.find(Path.of(""));

        String url;
        Origin urlOrigin;
        String urlSource;
        String urlVariable = envName("COFFER_API_URL", "INFISICAL_API_URL", "INFISICAL_DOMAIN");
        String fileUrl = project.map(ProjectFile::apiUrl).orElse(null);
        if (apiUrl != null && !apiUrl.isBlank()) {
            url = apiUrl.trim();
            urlOrigin = Origin.OPTION;
            urlSource = "--api-url";
        } else if (urlVariable != null) {
            url = env(urlVariable);
            urlOrigin = Origin.ENVIRONMENT;
            urlSource = urlVariable;
        } else if (fileUrl != null) {
            url = fileUrl;
            urlOrigin = Origin.FILE;
            urlSource = project.get().file().getFileName().toString();
        } else if (login.isPresent() && login.get().apiUrl() != null) {
            url = login.get().apiUrl();
            urlOrigin = Origin.LOGIN;
            urlSource = "the login";
        } else {
            url = "http://127.0.0.1:8080";
            urlOrigin = Origin.DEFAULT;
            urlSource = "the default";
        }

        Credentials creds;
        String source;
        Origin credsOrigin;
        String t = tokenFile != null
                ? Inputs.credential(Inputs.fromFile("--token-file", tokenFile), "--token-file")
                : first(token, env("COFFER_TOKEN", "INFISICAL_TOKEN"));
        String id = env("COFFER_CLIENT_ID");
        String secret = env("COFFER_CLIENT_SECRET");
        if (id == null || secret == null) {
            id = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
            secret = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
        }
        if (t != null) {
            creds = new Credentials.Token(t);
            boolean given = token != null || tokenFile != null;
            source = given ? (tokenFile != null ? "--token-file" : "--token") : "token from the environment";
            credsOrigin = given ? Origin.OPTION : Origin.ENVIRONMENT;
        } else if (id != null && secret != null) {
            creds = new Credentials.UniversalAuth(id, secret);
            source = "client id " + id + " from the environment";
            credsOrigin = Origin.ENVIRONMENT;
        } else if (login.isPresent() && login.get().clientId() != null) {
            creds = new Credentials.UniversalAuth(
                    login.get().clientId(), login.get().clientSecret());
            source = "login (client id " + login.get().clientId() + ")";
            credsOrigin = Origin.LOGIN;
        } else if (login.isPresent() && login.get().isSession()) {
            checkBinding(url, urlOrigin, urlSource, Origin.LOGIN, "login", login);
            creds = new Credentials.Token(PersonSession.current(login.get(), configDir));
            source = "login (" + login.get().email() + ")";
            credsOrigin = Origin.LOGIN;
        } else if (login.isPresent() && login.get().token() != null) {
            creds = new Credentials.Token(login.get().token());
            source = "login (token)";
            credsOrigin = Origin.LOGIN;
        } else {
            creds = null;
            source = null;
            credsOrigin = null;
        }
        if (creds != null) {
            checkBinding(url, urlOrigin, urlSource, credsOrigin, source, login);
        }

        String proj = first(
                projectId,
                env("COFFER_PROJECT_ID", "INFISICAL_PROJECT_ID"),
                project.map(ProjectFile::projectId).orElse(null));
        String envSlug = first(
                environment,
                env("COFFER_ENV", "INFISICAL_ENV", "INFISICAL_ENVIRONMENT"),
                project.map(ProjectFile::defaultEnvironment).orElse(null),
                "dev");
        String p;
        String pathOrigin;
        String projectPath = project.map(ProjectFile::path).orElse(null);
        if (path != null && !path.isBlank()) {
            p = path;
            pathOrigin = "--path";
        } else if (env("COFFER_PATH") != null) {
            p = env("COFFER_PATH");
            pathOrigin = "COFFER_PATH";
        } else if (projectPath != null) {
            p = projectPath;
            pathOrigin = project.get().file().getFileName().toString();
        } else {
            p = "/";
            pathOrigin = "the default";
        }
        return new Resolved(url, creds, proj, envSlug, p, source, pathOrigin);
    }

    /**
     * Refuses to send credentials to a server they were not meant for: a stored login only goes to the
     * server it was made for, and credentials from the environment or the command line never go to a
     * URL named by a file in the working tree (a cloned repository could name any server).
     */
    private static void checkBinding(
            String url,
            Origin urlOrigin,
            String urlSource,
            Origin credsOrigin,
            String credsSource,
            Optional<StoredLogin> login) {
        if (credsOrigin == Origin.LOGIN) {
            String loginUrl = login.get().apiUrl();
            if (loginUrl == null || !sameServer(loginUrl, url)) {
                throw new CliException("The stored login is for " + loginUrl + ", not " + url + " (from " + urlSource
                        + "); it is not sent anywhere else. Run 'coffer login --api-url " + url
                        + "' to log in there, or give credentials for it (COFFER_CLIENT_ID and COFFER_CLIENT_SECRET, "
                        + "or --token-file).");
            }
        } else if (urlOrigin == Origin.FILE) {
            throw new CliException("Not sending the " + credsSource + " to " + url + ", which only " + urlSource
                    + " names: a file in the working tree cannot choose where credentials go. Confirm the server "
                    + "with --api-url or COFFER_API_URL, or run 'coffer login --api-url " + url + "'.");
        }
    }

    /** Whether two API URLs name the same server (scheme, host, port and base path; '/api' and '/' ignored). */
    static boolean sameServer(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    /** The URL as the SDK uses it: no trailing '/' or '/api'; scheme and host lower-cased, default port dropped. */
    static String normalize(String url) {
        String u = url.trim();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/api")) u = u.substring(0, u.length() - 4);
        try {
            URI uri = new URI(u);
            if (uri.getScheme() == null || uri.getHost() == null) return u;
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (java.net.URISyntaxException e) {
            return u;
        }
    }

    /** A client for the resolved settings, reusing a cached access token when there is one. */
    public CofferClient client(Resolved r) {
        if (r.credentials() == null) {
            throw new CliException(
                    "Not logged in: run 'coffer login', or set COFFER_CLIENT_ID and COFFER_CLIENT_SECRET "
                            + "(or COFFER_TOKEN), or pass --token-file.");
        }
        // no read cache: a command reads once, and --watch must see every change (revalidation is a cheap 304)
        CofferClient.Builder b = CofferClient.builder()
                .apiUrl(r.apiUrl())
                .credentials(r.credentials())
                .timeout(Duration.ofSeconds(10))
                .cacheTtl(Duration.ZERO);
        if (r.credentials() instanceof Credentials.UniversalAuth ua) {
            tokenCache(r.apiUrl(), ua).load().ifPresent(e -> b.cachedToken(e.accessToken(), e.expiresAt(), e.ttl()));
        }
        return b.build();
    }

    static TokenCache tokenCache(String apiUrl, Credentials.UniversalAuth ua) {
        return new TokenCache(ConfigDir.resolve(env), normalize(apiUrl), ua.clientId(), ua.clientSecret());
    }

    /** Work a verb does with the resolved settings and a client. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Resolved settings, CofferClient client) throws java.io.IOException;
    }

    /**
     * Resolves the settings, makes a client, settles the environment, does the work, and keeps the
     * client's (possibly renewed) access token for the next command.
     */
    public <T> T use(Work<T> work) throws java.io.IOException {
        Resolved r = resolve();
        CofferClient client = client(r);
        r = Environments.settle(r, client);
        T result = work.run(r, client);
        remember(r, client);
        return result;
    }

    /** Saves the client's current access token for the next command (universal auth only). */
    public void remember(Resolved r, CofferClient client) {
        if (r.credentials() instanceof Credentials.UniversalAuth ua
                && client.accessTokenExpiresAt() != Long.MAX_VALUE) {
            tokenCache(r.apiUrl(), ua)
                    .save(new TokenCache.Entry(
                            client.accessToken(), client.accessTokenExpiresAt(), client.accessTokenTtl()));
        }
    }

    /** The scope for the resolved project, environment and path. */
    public static Scope scope(Resolved r) {
        if (r.projectId() == null) {
            throw new CliException(
                    "No project: pass --projectId, set COFFER_PROJECT_ID, or run 'coffer init --projectId <id>' "
                            + "in this directory.");
        }
        return new Scope(r.projectId(), r.environment(), r.path(), false, true, true);
    }

    /** The material the local cache key is derived from: the client secret, or the token. */
    public static String cacheCredential(Resolved r) {
        return switch (r.credentials()) {
            case Credentials.UniversalAuth ua -> ua.clientSecret();
            case Credentials.Token t -> t.accessToken();
        };
    }

    /** The first non-blank value, or null. */
    static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
