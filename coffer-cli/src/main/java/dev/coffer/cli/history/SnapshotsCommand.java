package dev.coffer.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.cli.admin.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer snapshots list|diff}: a folder's commits and what one changed. */
@Command(
        name = "snapshots",
        description = {
            "Every change to a folder (its secrets or subfolders) is a commit. List a",
            "folder's commits, and show what one changed: names only, values with --values.",
            "Roll back with 'coffer rollback'.",
            "",
            "Examples:",
            "  coffer snapshots list --env prod --path /api",
            "  coffer snapshots diff COMMIT_ID --values --env prod"
        },
        subcommands = {SnapshotsCommand.ListCommits.class, SnapshotsCommand.Diff.class})
public final class SnapshotsCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", description = "A folder's commits, newest first: id, time, who, what.")
    static final class ListCommits implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--recursive", description = "Include commits that changed subfolders.")
        boolean recursive;

        @Option(names = "--limit", paramLabel = "N", description = "At most N commits (default 20).")
        int limit = 20;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                Place place = Place.of(api);
                Map<String, String> q = new LinkedHashMap<>();
                q.put("projectId", place.projectId());
                q.put("environment", place.environment());
                q.put("path", place.path());
                q.put("recursive", Boolean.toString(recursive));
                q.put("limit", Integer.toString(limit));
                JsonNode commits = api.get("/api/v1/folder-commits", q).path("commits");
                for (JsonNode c : commits) {
                    System.out.println(
                            c.path("id").asText() + "\t" + c.path("createdAt").asText() + "\t"
                                    + c.at("/actor/actorType").asText() + " "
                                    + c.at("/actor/name").asText() + "\t"
                                    + c.path("message").asText());
                }
                Console.info(commits.size() + " commits of " + place.where());
                return 0;
            });
        }
    }

    @Command(name = "diff", description = "What one commit changed: + added, ~ changed, - removed.")
    static final class Diff implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--values", description = "Show values (old -> new) where you may read them.")
        boolean values;

        @Parameters(arity = "1", paramLabel = "COMMIT_ID")
        String commitId;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode d = api.get(
                        "/api/v1/folder-commits/" + Api.segment(commitId),
                        Map.of("viewSecretValue", Boolean.toString(values)));
                System.out.println("commit " + d.at("/commit/id").asText() + " "
                        + d.at("/commit/createdAt").asText() + " "
                        + d.at("/commit/message").asText());
                print(d.path("changes"));
                return 0;
            });
        }
    }

    /** Prints changes one a line: {@code + /path KEY}, {@code ~ /path KEY: old -> new}, {@code - /path KEY}. */
    static void print(JsonNode changes) {
        for (JsonNode c : changes) {
            String type = c.path("type").asText();
            String mark = switch (type) {
                case "added", "folder-added" -> "+";
                case "removed", "folder-removed" -> "-";
                default -> "~";
            };
            String key =
                    c.path("secretKey").isTextual() ? " " + c.path("secretKey").asText() : "/ (folder)";
            String renamed = c.path("previousSecretKey").isTextual()
                    ? " (was " + c.path("previousSecretKey").asText() + ")"
                    : "";
            String vals = "";
            if (c.has("secretValue") || c.has("previousValue")) {
                boolean anyValue = !c.path("secretValue").isNull()
                        || !c.path("previousValue").isNull();
                if (anyValue) vals = ": " + text(c.path("previousValue")) + " -> " + text(c.path("secretValue"));
            }
            System.out.println(mark + " " + c.path("secretPath").asText() + key + renamed + vals);
        }
    }

    private static String text(JsonNode v) {
        return v.isNull() || v.isMissingNode() ? "(none)" : v.asText();
    }
}
