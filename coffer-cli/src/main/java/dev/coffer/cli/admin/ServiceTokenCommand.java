package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer service-token create|list|revoke}: Infisical's legacy service tokens of a project. */
@Command(
        name = "service-token",
        aliases = "service-tokens",
        description = {
            "Service tokens (st.…): one project, some environments and paths, read",
            "and/or write, optionally expiring. Machine identities are the better",
            "choice for new set-ups; service tokens suit tools that only know them.",
            "",
            "Examples:",
            "  coffer service-token create --name ci --scope prod:/ci/** --access read \\",
            "      --expires-in 30d > ci-token.txt",
            "  coffer service-token list",
            "  coffer service-token revoke ID"
        },
        subcommands = {
            ServiceTokenCommand.Create.class,
            ServiceTokenCommand.ListTokens.class,
            ServiceTokenCommand.Revoke.class
        })
public final class ServiceTokenCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** ENV:PATH (PATH defaults to /) as the server's {environment, secretPath}. */
    static Map<String, Object> scope(String s) {
        int colon = s.indexOf(':');
        String env = (colon < 0 ? s : s.substring(0, colon)).trim();
        String path = colon < 0 ? "/" : s.substring(colon + 1).trim();
        if (env.isEmpty() || path.isEmpty() || !path.startsWith("/")) {
            throw new CliException(
                    "--scope " + s + ": give ENV:PATH, e.g. prod:/ (one folder), prod:/ci/** (a "
                            + "folder and everything below) or dev (all of dev's root).",
                    2);
        }
        return Api.body("environment", env, "secretPath", path);
    }

    @Command(
            name = "create",
            sortOptions = false,
            description = {
                "Create a service token for the project; prints it once on stdout.",
                "Only project admins may. Use it as COFFER_TOKEN (or INFISICAL_TOKEN)."
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the token is for.")
        String name;

        @Option(
                names = "--scope",
                required = true,
                paramLabel = "ENV:PATH",
                description = "Where it reads/writes, e.g. prod:/ci/** (repeat for more).")
        List<String> scopes;

        @Option(
                names = "--access",
                paramLabel = "read|write",
                description = "read (default) and/or write; repeat for both.")
        List<String> access;

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                description = "Seconds, or 12h, 7d, 4w (default: never).")
        String expiresIn;

        @Override
        public Integer call() throws java.io.IOException {
            List<Map<String, Object>> sc = new ArrayList<>();
            for (String s : scopes) sc.add(scope(s));
            Set<String> perms = new LinkedHashSet<>(access == null ? List.of("read") : access);
            for (String p : perms) {
                if (!p.equals("read") && !p.equals("write")) {
                    throw new CliException("--access " + p + ": give read or write (repeat --access for both).", 2);
                }
            }
            Long seconds = expiresIn == null ? null : Durations.seconds(expiresIn, "--expires-in");
            return Api.run(connection, api -> {
                JsonNode r = api.post(
                        "/api/v2/service-token",
                        Api.body(
                                "name",
                                name,
                                "workspaceId",
                                api.projectId(),
                                "scopes",
                                sc,
                                "permissions",
                                List.copyOf(perms),
                                "expiresIn",
                                seconds));
                JsonNode data = r.path("serviceTokenData");
                System.out.println(r.path("serviceToken").asText());
                Console.info("created service token '" + data.path("name").asText() + "' (id "
                        + data.path("id").asText() + ", " + String.join("+", perms) + ", "
                        + (data.path("expiresAt").isNull()
                                        || data.path("expiresAt").isMissingNode()
                                ? "no expiry"
                                : "expires " + data.path("expiresAt").asText())
                        + "). It is not shown again: store it now. Revoke it with coffer service-token revoke "
                        + data.path("id").asText() + ".");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "The project's service tokens (never the tokens themselves).")
    static final class ListTokens extends ListVerb {
        @Override
        JsonNode fetch(Api api) {
            return api.get("/api/v2/workspace/" + Api.segment(api.projectId()) + "/service-token-data", null);
        }

        @Override
        void print(JsonNode r) {
            Table t = new Table("ID", "NAME", "SCOPES", "ACCESS", "EXPIRES", "CREATED");
            for (JsonNode s : r.path("serviceTokenData")) {
                List<String> where = new ArrayList<>();
                for (JsonNode sc : s.path("scopes")) {
                    where.add(sc.path("environment").asText() + ":"
                            + sc.path("secretPath").asText());
                }
                List<String> perms = new ArrayList<>();
                for (JsonNode p : s.path("permissions")) perms.add(p.asText());
                t.row(
                        s.path("id").asText(),
                        s.path("name").asText(),
                        String.join(",", where),
                        String.join("+", perms),
                        s.path("expiresAt").isTextual() ? s.path("expiresAt").asText() : "never",
                        s.path("createdAt").asText());
            }
            t.print("no service tokens in this project");
        }
    }

    @Command(name = "revoke", description = "Revoke (delete) service token ID; it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode r = api.delete("/api/v2/service-token/" + Api.segment(id), null)
                        .path("serviceTokenData");
                Console.info("revoked service token '" + r.path("name").asText() + "' (" + id + ").");
                return 0;
            });
        }
    }
}
