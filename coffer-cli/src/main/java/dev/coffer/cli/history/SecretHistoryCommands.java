package dev.coffer.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.cli.admin.Api;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer secrets history|rollback|restore}: one secret's versions. */
public final class SecretHistoryCommands {

    private SecretHistoryCommands() {}

    @Command(
            name = "history",
            description = {
                "A secret's versions, newest first: version, time, who made it, what it was",
                "(values only with --values). Works for deleted secrets too.",
                "",
                "Example:",
                "  coffer secrets history DATABASE_URL --env prod"
            })
    public static final class History implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--values", description = "Print each version's value too.")
        boolean values;

        @Option(names = "--limit", paramLabel = "N", description = "At most N versions (default 20).")
        int limit = 20;

        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                Place place = Place.of(api);
                String id = place.secretId(name);
                JsonNode list = api.get(
                                "/api/v1/secret/" + Api.segment(id) + "/secret-versions",
                                Map.of("offset", "0", "limit", Integer.toString(limit)))
                        .path("secretVersions");
                for (JsonNode v : list) {
                    String state = v.path("isDeleted").asBoolean()
                            ? "deleted"
                            : v.path("secretKey").asText()
                                    + (values ? "=" + v.path("secretValue").asText() : "");
                    String by = v.path("actor").isObject()
                            ? v.at("/actor/actorType").asText() + " "
                                    + v.at("/actor/name").asText()
                            : "-";
                    System.out.println("v" + v.path("version").asText() + "\t"
                            + v.path("createdAt").asText() + "\t" + by + "\t" + state);
                }
                Console.info(list.size() + " versions of " + name + " at " + place.where());
                return 0;
            });
        }
    }

    @Command(
            name = "rollback",
            description = {
                "Roll a secret back to an earlier version: a new version with that version's",
                "value, comment and name. Its history keeps every version.",
                "",
                "Example:",
                "  coffer secrets rollback API_KEY --version 3 --env prod"
            })
    public static final class Rollback implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--version", paramLabel = "N", required = true, description = "The version to go back to.")
        long version;

        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws java.io.IOException {
            if (version < 1) throw new CliException("--version: give a version of 1 or more.", 2);
            return Api.run(connection, api -> {
                Place place = Place.of(api);
                JsonNode s = api.post(
                                "/api/v1/secret/" + Api.segment(place.secretId(name)) + "/rollback",
                                Api.body("version", version))
                        .path("secret");
                Console.info("rolled " + name + " back to version " + version + " at " + place.where() + ": now "
                        + s.path("secretKey").asText() + " v"
                        + s.path("version").asText());
                return 0;
            });
        }
    }

    @Command(
            name = "restore",
            description = {
                "Bring back a deleted secret from its history, under its old id, with the",
                "value it had before it was deleted (or --version N).",
                "",
                "Example:",
                "  coffer secrets restore OLD_TOKEN --env prod"
            })
    public static final class Restore implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--version", paramLabel = "N", description = "Restore this version instead of the last one.")
        Long version;

        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                Place place = Place.of(api);
                JsonNode s = api.post(
                                "/api/v1/secrets/restore",
                                Api.body(
                                        "workspaceId", place.projectId(),
                                        "environment", place.environment(),
                                        "secretPath", place.path(),
                                        "secretKey", name,
                                        "version", version))
                        .path("secret");
                Console.info("restored " + name + " at " + place.where() + " as version "
                        + s.path("version").asText());
                return 0;
            });
        }
    }
}
