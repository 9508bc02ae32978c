package dev.coffer.cli;

import dev.coffer.cli.config.ConfigDir;
import dev.coffer.cli.config.StoredLogin;
import dev.coffer.cli.config.TokenCache;
import dev.coffer.sdk.CofferClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coffer login}: checks machine-identity credentials (or a token) and stores them 0600. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in with a machine identity's universal-auth credentials and remember them.",
            "",
            "The credentials are checked against the server, then stored with mode 0600 in",
            "$COFFER_CONFIG_DIR, $XDG_CONFIG_HOME/coffer or ~/.config/coffer.",
            "",
            "Examples:",
            "  coffer login --api-url https://coffer.example.com --client-id ID --client-secret-stdin < secret.txt",
            "  coffer login --token \"$COFFER_TOKEN\""
        })
public final class LoginCommand implements Callable<Integer> {

    @Option(names = "--api-url", description = "Server URL (default: COFFER_API_URL or http://127.0.0.1:8080).")
    String apiUrl;

    @Option(names = "--client-id", description = "Universal-auth client id (default: COFFER_CLIENT_ID).")
    String clientId;

    @Option(
            names = "--client-secret",
            description = "Universal-auth client secret (prefer --client-secret-stdin: "
                    + "arguments are visible in process listings).")
    String clientSecret;

    @Option(names = "--client-secret-stdin", description = "Read the client secret from standard input.")
    boolean secretFromStdin;

    @Option(names = "--token", description = "Store an access token instead of client credentials.")
    String token;

    @Override
    public Integer call() throws Exception {
        String url = Connection.first(
                apiUrl, Connection.env("COFFER_API_URL", "INFISICAL_API_URL"), "http://127.0.0.1:8080");
        Path dir = ConfigDir.resolve(Connection.env);
        if (token != null) {
            CofferClient.builder().apiUrl(url).token(token).build();
            Path f = new StoredLogin(url, null, null, token).save(dir);
            Console.info("stored the token for " + url + " in " + f + ".");
            return 0;
        }
        String id =
                Connection.first(clientId, Connection.env("COFFER_CLIENT_ID", "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"));
        String secret = secretFromStdin
                ? readStdin()
                : Connection.first(
                        clientSecret, Connection.env("COFFER_CLIENT_SECRET", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"));
        if (id == null || secret == null) {
            if (id != null && System.console() != null) {
                char[] typed = System.console().readPassword("Client secret for %s: ", id);
                secret = typed == null ? null : new String(typed);
            }
            if (id == null || secret == null) {
                throw new CliException(
                        "Give --client-id and the client secret (--client-secret-stdin, --client-secret, or "
                                + "COFFER_CLIENT_ID/COFFER_CLIENT_SECRET). Create them with the universal-auth API of your identity.",
                        2);
            }
        }
        CofferClient client =
                CofferClient.builder().apiUrl(url).universalAuth(id, secret).build();
        client.login();
        Path f = new StoredLogin(client.apiUrl(), id, secret, null).save(dir);
        new TokenCache(dir, client.apiUrl(), id)
                .save(new TokenCache.Entry(
                        client.accessToken(), client.accessTokenExpiresAt(), client.accessTokenTtl()));
        Console.info("logged in to " + client.apiUrl() + " as client " + id + "; credentials stored in " + f
                + " (mode 0600).");
        return 0;
    }

    private static String readStdin() throws java.io.IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isBlank())
            throw new CliException("--client-secret-stdin: standard input was empty.", 2);
        return line.trim();
    }
}
