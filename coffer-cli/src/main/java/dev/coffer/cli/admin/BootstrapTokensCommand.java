package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer bootstrap-tokens list|rotate}: the instance admin's view of the bootstrap tokens. */
@Command(
        name = "bootstrap-tokens",
        description = {
            "The admin tokens bootstrap mints, for the instance admin (the person",
            "bootstrap made, logged in with coffer login --email).",
            "",
            "Examples:",
            "  coffer bootstrap-tokens list",
            "  coffer bootstrap-tokens rotate > admin-token.txt   (the others stop working)",
            "Without a session: ./coffer bootstrap --new-token --revoke-others --email E"
        },
        subcommands = {BootstrapTokensCommand.ListTokens.class, BootstrapTokensCommand.Rotate.class})
public final class BootstrapTokensCommand implements Runnable {
    static final String PATH = "/api/v1/admin/bootstrap/tokens";

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", description = "The bootstrap tokens that still work (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--json", description = "Print the server's JSON answer.")
        boolean json;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode r = api.get(PATH, null);
                if (json) {
                    Api.printJson(r);
                    return 0;
                }
                Table t = new Table("ID", "IDENTITY", "CREATED", "EXPIRES");
                for (JsonNode tok : r.path("tokens")) {
                    t.row(
                            tok.path("id").asText(),
                            tok.path("identity").path("name").asText() + " ("
                                    + tok.path("identity").path("id").asText() + ")",
                            tok.path("createdAt").asText(),
                            tok.path("expiresAt").asText("never"));
                }
                t.print("no live bootstrap tokens (coffer bootstrap-tokens rotate makes one)");
                return 0;
            });
        }
    }

    @Command(
            name = "rotate",
            description = {
                "Mint a new bootstrap token (printed once on stdout) and revoke every",
                "earlier one, unless --keep-others."
            })
    static final class Rotate implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--keep-others", description = "Leave the earlier bootstrap tokens working.")
        boolean keepOthers;

        @Option(
                names = "--token-ttl",
                paramLabel = "DURATION",
                description = "Lifetime: seconds, or 12h, 7d (60 s to 30 days; default 1 day).")
        String ttl;

        @Override
        public Integer call() throws java.io.IOException {
            Long seconds = ttl == null ? null : Durations.seconds(ttl, "--token-ttl");
            return Api.run(connection, api -> {
                JsonNode r = api.post(PATH, Api.body("revokeOthers", !keepOthers, "accessTokenTTL", seconds));
                JsonNode id = r.path("identity");
                System.out.println(id.path("credentials").path("token").asText());
                Console.info("new bootstrap token for admin identity '"
                        + id.path("name").asText() + "', valid "
                        + id.path("credentials").path("expiresIn").asLong() + " s; revoked "
                        + r.path("revoked").asInt() + " earlier one(s). It is not shown again: store it now.");
                return 0;
            });
        }
    }
}
