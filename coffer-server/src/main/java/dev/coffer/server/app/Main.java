package dev.coffer.server.app;

import dev.coffer.server.errors.StartupException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coffer server} and {@code coffer bootstrap}. */
@Command(
        name = "coffer",
        mixinStandardHelpOptions = true,
        version = "Coffer " + Wiring.VERSION,
        description = "Coffer: a self-hosted secrets manager that speaks Infisical's API.",
        subcommands = {Main.Server.class, Main.Bootstrap.class, AuditCommand.class})
public final class Main implements Callable<Integer> {

    /** Libraries whose start-up chatter is not useful to operators; held so the levels stick. */
    private static final Logger[] QUIET = {
        Logger.getLogger("org.flywaydb"), Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("io.helidon")
    };

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n");
        for (Logger l : QUIET) l.setLevel(Level.WARNING);
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description = {
                "Start the Coffer server.",
                "",
                "With no settings it keeps its data in ./coffer-data (SQLite) and, on the",
                "first start, creates the encryption key file coffer.key there (back it up).",
                "",
                "Settings (option > environment variable > default):",
                "  COFFER_HOST, COFFER_PORT, COFFER_DATA_DIR        where to listen and store",
                "  COFFER_DATABASE_URL       postgres://user:pass@host:5432/db (else SQLite)",
                "  COFFER_DATABASE_USER, COFFER_DATABASE_PASSWORD   credentials, if separate",
                "  COFFER_ENCRYPTION_KEY     base64 of 32 bytes (openssl rand -base64 32)",
                "  COFFER_ENCRYPTION_KEY_FILE  a file holding that key",
                "  COFFER_MAX_BODY_BYTES     largest request body (default 4194304)",
                "  COFFER_HTTP_READ_TIMEOUT  seconds a request may stall before 408 (default 20)",
                "  COFFER_HTTP_IDLE_TIMEOUT  seconds an idle keep-alive connection is kept (default 60)",
                "  COFFER_MAX_CONNECTIONS    open connections at most (default 1000)",
                "  COFFER_TRUSTED_PROXIES    proxies whose X-Forwarded-For is believed (IPs, CIDRs)",
                "  COFFER_AUDIT_FILE, COFFER_AUDIT_WEBHOOK_URL  also stream audit events there",
                "  COFFER_AUDIT_RETENTION_DAYS  prune older audit events (default 0: keep)",
                "  COFFER_AUDIT_FAIL_OPEN    true: answer even if an event cannot be recorded",
                "  COFFER_AUDIT_JOURNAL      off: reads wait for their event's commit (default",
                "                            on: answered once in the data directory's journal)",
                "  COFFER_HEAP               the launcher's heap bound (default 256m)",
                ""
            })
    static final class Server implements Callable<Integer> {
        @Option(names = "--host", description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for all).")
        String host;

        @Option(names = "--port", description = "Port to listen on (default 8080; 0 picks a free port).")
        Integer port;

        @Option(
                names = "--data-dir",
                description = "Directory for the SQLite database and key file (default ./coffer-data).")
        Path dataDir;

        @Override
        public Integer call() throws InterruptedException {
            java.lang.System.Logger log = System.getLogger("coffer");
            Wiring.Running running;
            try {
                Config cfg = Config.from(System.getenv(), host, port, dataDir);
                running = Wiring.start(cfg);
                log.log(
                        java.lang.System.Logger.Level.INFO,
                        "Coffer " + Wiring.VERSION + " listening on http://"
                                + cfg.host() + ":" + running.port() + " | database: "
                                + running.db().description()
                                + " | encryption key: " + running.keyDescription());
            } catch (StartupException e) {
                System.err.println("coffer: " + e.getMessage());
                return 2;
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        }
    }

    @Command(
            name = "bootstrap",
            mixinStandardHelpOptions = true,
            description = {
                "Set up a new Coffer instance once: the first user, an organization, and an "
                        + "organization-admin machine identity. Prints the identity's access token (store it safely). "
                        + "The token expires (a day unless --token-ttl says otherwise); with --new-token, the same "
                        + "email and password get a fresh one for the organization's first admin identity.",
                "",
                "The password comes from --password-stdin, --password-file, or --password (prompted when "
                        + "given without a value; a value on the command line is visible to other local users)."
            })
    static final class Bootstrap implements Callable<Integer> {
        @Option(names = "--email", required = true, description = "Email of the first user.")
        String email;

        @Option(
                names = "--password",
                arity = "0..1",
                interactive = true,
                description =
                        "Password of the first user (at least 8 characters; prompted when given without a value).")
        String password;

        @Option(
                names = "--password-stdin",
                description = "Read the password from standard input (one line; the line break is dropped).")
        boolean passwordStdin;

        @Option(
                names = "--password-file",
                description = "Read the password from this file (its first line; the line break is dropped).")
        Path passwordFile;

        @Option(names = "--organization", description = "Name of the organization to create (not with --new-token).")
        String organization;

        @Option(
                names = "--new-token",
                description = "Instead of setting up, mint a new admin token with the bootstrap user's credentials.")
        boolean newToken;

        @Option(
                names = "--revoke-others",
                description = "With --new-token: revoke every earlier bootstrap token (a rotation, for a leaked one).")
        boolean revokeOthers;

        @Option(
                names = "--token-ttl",
                description = "Lifetime of the token in seconds, 60 to 2592000 (default 86400, a day).")
        Long tokenTtl;

        @Option(
                names = "--url",
                defaultValue = "${env:COFFER_API_URL:-http://127.0.0.1:8080}",
                description = "The server's URL (default: COFFER_API_URL or http://127.0.0.1:8080).")
        String url;

        @Option(names = "--json", description = "Print the whole JSON answer instead of the token alone.")
        boolean json;

        @Spec
        CommandSpec spec;

        /** Where --password-stdin reads from; tests put their own input here. */
        InputStream stdin = System.in;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            String pw;
            try {
                pw = password();
            } catch (IllegalArgumentException e) {
                err.println("coffer: " + e.getMessage());
                return 2;
            }
            if (newToken == (organization != null)) {
                err.println(
                        newToken
                                ? "coffer: --new-token takes no --organization; it mints a token for the existing one."
                                : "coffer: give --organization NAME to set up the instance, or --new-token for a new "
                                        + "token.");
                return 2;
            }
            if (revokeOthers && !newToken) {
                err.println("coffer: --revoke-others goes with --new-token (it rotates the bootstrap token).");
                return 2;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("email", email);
            body.put("password", pw);
            if (!newToken) body.put("organization", organization);
            if (tokenTtl != null) body.put("accessTokenTTL", tokenTtl);
            if (revokeOthers) body.put("revokeOthers", true);
            String path = newToken ? "/api/v1/admin/bootstrap/token" : "/api/v1/admin/bootstrap";
            HttpRequest req = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(dev.coffer.server.http.Json.write(body)))
                    .build();
            HttpResponse<String> res;
            try (HttpClient client = HttpClient.newHttpClient()) {
                res = client.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                err.println("coffer: cannot reach " + url + " (" + e.getClass().getSimpleName()
                        + "); start the server with ./coffer server, or pass --url.");
                return 1;
            }
            var node = dev.coffer.server.http.Json.MAPPER.readTree(res.body());
            if (res.statusCode() != 200) {
                err.println("coffer: " + (newToken ? "new token" : "bootstrap") + " failed (" + res.statusCode() + "): "
                        + node.path("message").asText());
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println(res.body());
            else
                out.println(
                        node.path("identity").path("credentials").path("token").asText());
            out.flush();
            return 0;
        }

        /** The password from exactly one of its three sources; the reason in the exception otherwise. */
        String password() throws java.io.IOException {
            int sources = (password != null ? 1 : 0) + (passwordStdin ? 1 : 0) + (passwordFile != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException((sources == 0 ? "give the password with " : "give only one of ")
                        + "--password-stdin, --password-file FILE or --password.");
            }
            if (password != null) return password;
            if (passwordStdin) return firstLine(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "stdin");
            if (!Files.isRegularFile(passwordFile)) {
                throw new IllegalArgumentException("the password file " + passwordFile + " does not exist.");
            }
            return firstLine(Files.readString(passwordFile, StandardCharsets.UTF_8), passwordFile.toString());
        }

        private static String firstLine(String text, String source) {
            int eol = text.indexOf('\n');
            String line = eol < 0 ? text : text.substring(0, eol);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isEmpty()) throw new IllegalArgumentException("no password in " + source + ".");
            return line;
        }
    }
}
