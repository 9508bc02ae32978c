package dev.coffer.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.cli.admin.Api;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer rollback}: point-in-time recovery of a folder or an environment. */
@Command(
        name = "rollback",
        description = {
            "Roll a folder (with everything below it) or a whole environment (--path /)",
            "back to its state at a time (--to) or after a commit (--commit), in one",
            "transaction recorded as a new commit (so it can be rolled back too).",
            "Shows what would change and asks; --yes skips the question (for",
            "scripts), --dry-run only shows.",
            "",
            "Example:",
            "  coffer rollback --env prod --path /api --to 2026-11-30T10:00:00Z"
        })
public final class RollbackCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Option(names = "--to", paramLabel = "TIME", description = "An ISO-8601 instant, e.g. 2026-11-30T10:00:00Z.")
    String to;

    @Option(names = "--commit", paramLabel = "ID", description = "A commit id (coffer snapshots list).")
    String commit;

    @Option(names = "--yes", description = "Do not ask; roll back.")
    boolean yes;

    @Option(names = "--dry-run", description = "Only show what would change.")
    boolean dryRun;

    @Override
    public Integer call() throws java.io.IOException {
        if ((to == null) == (commit == null)) throw new CliException("Give either --to TIME or --commit ID.", 2);
        if (to != null) {
            try {
                java.time.Instant.parse(to);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CliException("--to: give an ISO-8601 instant such as 2026-11-30T10:00:00Z.", 2);
            }
        }
        return Api.run(connection, api -> {
            Place place = Place.of(api);
            JsonNode plan = api.post("/api/v1/folder-commits/rollback", body(place, true));
            JsonNode changes = plan.path("changes");
            if (changes.isEmpty()) {
                Console.info(place.where() + " already is as it was then; nothing to do.");
                return 0;
            }
            SnapshotsCommand.print(changes);
            Console.info(changes.size() + " changes to roll " + place.where() + " back");
            if (dryRun) return 0;
            if (!yes && !confirmed()) {
                Console.info("not rolled back");
                return 1;
            }
            JsonNode done = api.post("/api/v1/folder-commits/rollback", body(place, false));
            Console.info(
                    "rolled back " + place.where() + " (" + done.path("changes").size() + " changes), commit "
                            + done.at("/commit/id").asText());
            return 0;
        });
    }

    private Map<String, Object> body(Place place, boolean dry) {
        return Api.body(
                "projectId",
                place.projectId(),
                "environment",
                place.environment(),
                "path",
                place.path(),
                "timestamp",
                to,
                "commitId",
                commit,
                "dryRun",
                dry);
    }

    private static boolean confirmed() throws java.io.IOException {
        if (System.console() == null) {
            throw new CliException("Not rolled back: confirm with --yes when not at a terminal.", 2);
        }
        System.err.print("Roll back? [y/N] ");
        System.err.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line != null && (line.trim().equalsIgnoreCase("y") || line.trim().equalsIgnoreCase("yes"));
    }
}
