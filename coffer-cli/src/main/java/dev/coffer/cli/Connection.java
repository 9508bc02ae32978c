package dev.coffer.cli;

import dev.coffer.cli.config.ConfigDir;
import dev.coffer.cli.config.ProjectFile;
import dev.coffer.cli.config.StoredLogin;
import dev.coffer.cli.config.TokenCache;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.Credentials;
import dev.coffer.sdk.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every verb that talks to a server shares, and how they resolve: command-line option,
 * else {@code COFFER_*}, else Infisical's variable of the same meaning (so scripts written for
 * Infisical's CLI keep working), else {@code .coffer.json}, else what {@code coffer login} stored.
 */
public final class Connection {

    @Option(
            names = "--api-url",
            description = "Server URL (default: COFFER_API_URL, INFISICAL_API_URL, the login, "
                    + "or http://127.0.0.1:8080).")
    String apiUrl;

    @Option(
            names = "--token",
            description = "Access token to use (default: COFFER_TOKEN or INFISICAL_TOKEN, else the "
                    + "machine identity from COFFER_CLIENT_ID/COFFER_CLIENT_SECRET or the login).")
    String token;

    @Option(
            names = {"--projectId", "--project-id"},
            description = "Project id (default: COFFER_PROJECT_ID, " + "INFISICAL_PROJECT_ID, or .coffer.json).")
    String projectId;

    @Option(
            names = {"--env", "-e"},
            description = "Environment slug (default: COFFER_ENV, INFISICAL_ENV, .coffer.json, or dev).")
    String environment;

    @Option(names = "--path", description = "Folder path (default /).")
    String path;

    /** Settings as resolved; {@code credentials} is null when none were found. */
    public record Resolved(
            String apiUrl,
            Credentials credentials,
            String projectId,
            String environment,
            String path,
            String credentialSource) {}

    static Map<String, String> env = System.getenv();

    static String env(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    public Resolved resolve() {
        Path configDir = ConfigDir.resolve(env);
        Optional<StoredLogin> login = StoredLogin.load(configDir);
        Optional<ProjectFile> project = ProjectFile.find(Path.of(""));
        String url = first(
                apiUrl,
                env("COFFER_API_URL", "INFISICAL_API_URL"),
                domain(),
                login.map(StoredLogin::apiUrl).orElse(null),
                "http://127.0.0.1:8080");
        Credentials creds;
        String source;
        String t = first(token, env("COFFER_TOKEN", "INFISICAL_TOKEN"));
        String id = env("COFFER_CLIENT_ID");
        String secret = env("COFFER_CLIENT_SECRET");
        if (id == null || secret == null) {
            id = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
            secret = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
        }
        if (t != null) {
            creds = new Credentials.Token(t);
            source = token != null ? "--token" : "token from the environment";
        } else if (id != null && secret != null) {
            creds = new Credentials.UniversalAuth(id, secret);
            source = "client id " + id + " from the environment";
        } else if (login.isPresent() && login.get().clientId() != null) {
            creds = new Credentials.UniversalAuth(
                    login.get().clientId(), login.get().clientSecret());
            source = "login (client id " + login.get().clientId() + ")";
        } else if (login.isPresent() && login.get().token() != null) {
            creds = new Credentials.Token(login.get().token());
            source = "login (token)";
        } else {
            creds = null;
            source = null;
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
        return new Resolved(url, creds, proj, envSlug, first(path, "/"), source);
    }

    /** A client for the resolved settings, reusing a cached access token when there is one. */
    public CofferClient client(Resolved r) {
        if (r.credentials() == null) {
            throw new CliException(
                    "Not logged in: run 'coffer login', or set COFFER_CLIENT_ID and COFFER_CLIENT_SECRET "
                            + "(or COFFER_TOKEN), or pass --token.");
        }
        // no read cache: a command reads once, and --watch must see every change (revalidation is a cheap 304)
        CofferClient.Builder b = CofferClient.builder()
                .apiUrl(r.apiUrl())
                .credentials(r.credentials())
                .timeout(Duration.ofSeconds(10))
                .cacheTtl(Duration.ZERO);
        if (r.credentials() instanceof Credentials.UniversalAuth ua) {
            new TokenCache(ConfigDir.resolve(env), r.apiUrl(), ua.clientId())
                    .load()
                    .ifPresent(e -> b.cachedToken(e.accessToken(), e.expiresAt(), e.ttl()));
        }
        return b.build();
    }

    /** Work a verb does with the resolved settings and a client. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Resolved settings, CofferClient client) throws java.io.IOException;
    }

    /**
     * Resolves the settings, makes a client, does the work, and keeps the client's (possibly renewed)
     * access token for the next command.
     */
    public <T> T use(Work<T> work) throws java.io.IOException {
        Resolved r = resolve();
        CofferClient client = client(r);
        T result = work.run(r, client);
        remember(r, client);
        return result;
    }

    /** Saves the client's current access token for the next command (universal auth only). */
    public void remember(Resolved r, CofferClient client) {
        if (r.credentials() instanceof Credentials.UniversalAuth ua
                && client.accessTokenExpiresAt() != Long.MAX_VALUE) {
            new TokenCache(ConfigDir.resolve(env), r.apiUrl(), ua.clientId())
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

    private static String domain() {
        String d = env("INFISICAL_DOMAIN");
        return d == null ? null : d;
    }

    /** The first non-blank value, or null. */
    static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
