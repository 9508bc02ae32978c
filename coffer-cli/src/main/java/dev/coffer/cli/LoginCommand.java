package dev.coffer.cli;

import dev.coffer.cli.config.ConfigDir;
import dev.coffer.cli.config.StoredLogin;
import dev.coffer.cli.config.TokenCache;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.Credentials;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coffer login}: a person (email and password, to a session renewed as it runs out) or a machine
 * identity (universal-auth client id and secret, or a token); the login is stored 0600, bound to the
 * server it was checked against. {@code --plain} prints the access token instead of storing anything,
 * as Infisical's CLI does for CI.
 */
@Command(
        name = "login",
        sortOptions = false,
        description = {
            "Log in as a person (--email) or a machine identity (--client-id); it is stored.",
            "",
            "The login is checked against the server, then stored with mode 0600 in",
            "$COFFER_CONFIG_DIR, $XDG_CONFIG_HOME/coffer or ~/.config/coffer. It is only",
            "ever sent to that server: another --api-url or COFFER_API_URL needs its own",
            "login. A person's session lasts 30 days and is renewed as it is used.",
            "",
            "Examples:",
            "  coffer login --email you@example.com            (prompts for the password)",
            "  printf '%%s\\n' \"$PASSWORD\" | \\",
            "      coffer login --email you@example.com --password-stdin",
            "  coffer login --api-url https://coffer.example.com --client-id ID \\",
            "      --client-secret-stdin < secret.txt",
            "  export COFFER_TOKEN=$(coffer login --method=universal-auth --client-id ID \\",
            "      --client-secret \"$SECRET\" --silent --plain)   (CI: a token only)",
            "  coffer login --token-file token.txt"
        })
public final class LoginCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(
            names = {"--api-url", "--domain"},
            paramLabel = "URL",
            description = {"Server URL (default: COFFER_API_URL,", "INFISICAL_API_URL or http://127.0.0.1:8080)."})
    String apiUrl;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description = "user or universal-auth (default: user with --email, else universal-auth).")
    String method;

    @Option(names = "--email", paramLabel = "EMAIL", description = "Log in as this person.")
    String email;

    @Option(names = "--password-stdin", description = "Read the password from standard input (its first line).")
    boolean passwordFromStdin;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from this file.")
    Path passwordFile;

    @Option(
            names = "--organization-id",
            paramLabel = "ID",
            description = "The organization to act in, for a person in several (default: the first).")
    String organizationId;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "Universal-auth client id (default: COFFER_CLIENT_ID).")
    String clientId;

    @Option(names = "--client-secret-stdin", description = "Read the client secret from standard input.")
    boolean secretFromStdin;

    @Option(names = "--client-secret-file", paramLabel = "FILE", description = "Read the client secret from this file.")
    Path secretFile;

    @Option(
            names = "--client-secret",
            paramLabel = "SECRET",
            description = "The client secret itself (avoid: arguments are visible in process listings; "
                    + "default: COFFER_CLIENT_SECRET).")
    String clientSecret;

    @Option(names = "--token-stdin", description = "Store an access token read from standard input instead.")
    boolean tokenFromStdin;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Store an access token read from this file.")
    Path tokenFile;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Store this access token (avoid: prefer --token-stdin or --token-file).")
    String token;

    @Option(names = "--plain", description = "Print the access token only, and store nothing (for scripts and CI).")
    boolean plain;

    @Option(names = "--silent", description = "Print no messages (errors still go to standard error).")
    boolean silent;

    @Override
    public Integer call() throws Exception {
        String url = Connection.normalize(Connection.first(
                apiUrl,
                Connection.env("COFFER_API_URL", "INFISICAL_API_URL", "INFISICAL_DOMAIN"),
                "http://127.0.0.1:8080"));
        Path dir = ConfigDir.resolve(Connection.env);
        String m = method == null ? (email != null ? "user" : "universal-auth") : method.trim();
        if (m.equals("user")) return person(url, dir);
        if (!m.equals("universal-auth")) {
            throw new CliException(
                    "--method " + m + " is not supported; use user (--email) or universal-auth (--client-id).", 2);
        }
        String tok = tokenFromStdin
                ? Inputs.credential(Inputs.fromStdin("--token-stdin"), "--token-stdin")
                : tokenFile != null
                        ? Inputs.credential(Inputs.fromFile("--token-file", tokenFile), "--token-file")
                        : token;
        if (tok != null) {
            CofferClient client = CofferClient.builder().apiUrl(url).token(tok).build();
            Path f = new StoredLogin(client.apiUrl(), null, null, tok).save(dir);
            say("stored the token for " + client.apiUrl() + " in " + f + ".");
            return 0;
        }
        String id =
                Connection.first(clientId, Connection.env("COFFER_CLIENT_ID", "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"));
        String secret = clientSecret(id);
        CofferClient client =
                CofferClient.builder().apiUrl(url).universalAuth(id, secret).build();
        client.login();
        if (plain) {
            System.out.println(client.accessToken());
            return 0;
        }
        Path f = new StoredLogin(client.apiUrl(), id, secret, null).save(dir);
        Connection.tokenCache(client.apiUrl(), new Credentials.UniversalAuth(id, secret))
                .save(new TokenCache.Entry(
                        client.accessToken(), client.accessTokenExpiresAt(), client.accessTokenTtl()));
        say("logged in to " + client.apiUrl() + " as client " + id + "; credentials stored in " + f + " (mode 0600).");
        return 0;
    }

    private int person(String url, Path dir) throws java.io.IOException {
        if (email == null || email.isBlank()) {
            throw new CliException("--method user needs --email (the address you were invited with).", 2);
        }
        String password;
        if (passwordFromStdin) {
            password = Inputs.firstLine(Inputs.fromStdin("--password-stdin"), "--password-stdin");
        } else if (passwordFile != null) {
            password = Inputs.firstLine(Inputs.fromFile("--password-file", passwordFile), "--password-file");
        } else if (System.console() != null) {
            char[] typed = System.console().readPassword("Password for %s: ", email.trim());
            password = typed == null ? "" : new String(typed);
        } else {
            throw new CliException(
                    "No password: give --password-stdin or --password-file (there is no terminal to ask on).", 2);
        }
        StoredLogin session = PersonSession.login(url, email.trim(), password, organizationId);
        if (plain) {
            System.out.println(session.token());
            return 0;
        }
        Path f = session.save(dir);
        say("logged in to " + session.apiUrl() + " as " + session.email() + "; the session is stored in " + f
                + " (mode 0600).");
        return 0;
    }

    private String clientSecret(String id) {
        String secret;
        if (secretFromStdin) {
            secret = Inputs.credential(Inputs.fromStdin("--client-secret-stdin"), "--client-secret-stdin");
        } else if (secretFile != null) {
            secret = Inputs.credential(Inputs.fromFile("--client-secret-file", secretFile), "--client-secret-file");
        } else {
            secret = Connection.first(
                    clientSecret, Connection.env("COFFER_CLIENT_SECRET", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"));
        }
        if (id != null && secret == null && System.console() != null) {
            char[] typed = System.console().readPassword("Client secret for %s: ", id);
            secret = typed == null ? null : new String(typed);
        }
        if (id == null || secret == null) {
            throw new CliException(
                    "Give --email to log in as a person, or --client-id and the client secret (--client-secret-stdin, "
                            + "--client-secret-file, or COFFER_CLIENT_ID/COFFER_CLIENT_SECRET) for a machine identity; "
                            + "coffer identities create prints both.",
                    2);
        }
        return secret;
    }

    private void say(String message) {
        if (!silent) Console.info(message);
    }
}
