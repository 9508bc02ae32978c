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
 * {@code coffer login}: checks machine-identity credentials (or a token) and stores them 0600, bound
 * to the server they were checked against.
 */
@Command(
        name = "login",
        sortOptions = false,
        description = {
            "Log in with a machine identity's universal-auth credentials and remember them.",
            "",
            "The credentials are checked against the server, then stored with mode 0600 in",
            "$COFFER_CONFIG_DIR, $XDG_CONFIG_HOME/coffer or ~/.config/coffer. They are",
            "only ever sent to that server: another --api-url or COFFER_API_URL needs",
            "its own login.",
            "",
            "Examples:",
            "  coffer login --api-url https://coffer.example.com --client-id ID \\",
            "      --client-secret-stdin < secret.txt",
            "  coffer login --client-id ID --client-secret-file /run/secrets/coffer",
            "  coffer login --token-file token.txt"
        })
public final class LoginCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = {"Server URL (default: COFFER_API_URL,", "INFISICAL_API_URL or http://127.0.0.1:8080)."})
    String apiUrl;

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

    @Override
    public Integer call() throws Exception {
        String url = Connection.normalize(Connection.first(
                apiUrl,
                Connection.env("COFFER_API_URL", "INFISICAL_API_URL", "INFISICAL_DOMAIN"),
                "http://127.0.0.1:8080"));
        Path dir = ConfigDir.resolve(Connection.env);
        String tok = tokenFromStdin
                ? Inputs.credential(Inputs.fromStdin("--token-stdin"), "--token-stdin")
                : tokenFile != null
                        ? Inputs.credential(Inputs.fromFile("--token-file", tokenFile), "--token-file")
                        : token;
        if (tok != null) {
            CofferClient client = CofferClient.builder().apiUrl(url).token(tok).build();
            Path f = new StoredLogin(client.apiUrl(), null, null, tok).save(dir);
            Console.info("stored the token for " + client.apiUrl() + " in " + f + ".");
            return 0;
        }
        String id =
                Connection.first(clientId, Connection.env("COFFER_CLIENT_ID", "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"));
        String secret;
        if (secretFromStdin) {
            secret = Inputs.credential(Inputs.fromStdin("--client-secret-stdin"), "--client-secret-stdin");
        } else if (secretFile != null) {
            secret = Inputs.credential(Inputs.fromFile("--client-secret-file", secretFile), "--client-secret-file");
        } else {
            secret = Connection.first(
                    clientSecret, Connection.env("COFFER_CLIENT_SECRET", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"));
        }
        if (id == null || secret == null) {
            if (id != null && System.console() != null) {
                char[] typed = System.console().readPassword("Client secret for %s: ", id);
                secret = typed == null ? null : new String(typed);
            }
            if (id == null || secret == null) {
                throw new CliException(
                        "Give --client-id and the client secret (--client-secret-stdin, --client-secret-file, or "
                                + "COFFER_CLIENT_ID/COFFER_CLIENT_SECRET). Create them with the universal-auth API of your identity.",
                        2);
            }
        }
        CofferClient client =
                CofferClient.builder().apiUrl(url).universalAuth(id, secret).build();
        client.login();
        Path f = new StoredLogin(client.apiUrl(), id, secret, null).save(dir);
        Connection.tokenCache(client.apiUrl(), new Credentials.UniversalAuth(id, secret))
                .save(new TokenCache.Entry(
                        client.accessToken(), client.accessTokenExpiresAt(), client.accessTokenTtl()));
        Console.info("logged in to " + client.apiUrl() + " as client " + id + "; credentials stored in " + f
                + " (mode 0600).");
        return 0;
    }
}
