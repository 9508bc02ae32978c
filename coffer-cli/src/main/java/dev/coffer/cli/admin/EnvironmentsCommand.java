package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer environments list|create|rename|delete} for the project of {@code --projectId}. */
@Command(
        name = "environments",
        description = {
            "List, create, rename and delete a project's environments.",
            "",
            "Examples:",
            "  coffer environments list --projectId ID",
            "  coffer environments create qa --name 'Quality assurance' --projectId ID",
            "  coffer environments delete qa --yes --projectId ID"
        },
        subcommands = {
            EnvironmentsCommand.ListEnvironments.class,
            EnvironmentsCommand.Create.class,
            EnvironmentsCommand.Rename.class,
            EnvironmentsCommand.Delete.class
        })
public final class EnvironmentsCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The project's environment with this slug or name (the same rule as --env), or a clear error. */
    static JsonNode find(Api api, String slugOrName) {
        JsonNode project = api.get("/api/v1/workspace/" + Api.segment(api.projectId()), null)
                .path("workspace");
        for (JsonNode e : project.path("environments"))
            if (e.path("slug").asText().equals(slugOrName)) return e;
        for (JsonNode e : project.path("environments")) {
            if (e.path("name").asText().equalsIgnoreCase(slugOrName)) return e;
        }
        StringBuilder all = new StringBuilder();
        for (JsonNode e : project.path("environments"))
            all.append(all.isEmpty() ? "" : ", ").append(e.path("slug").asText());
        throw new CliException("No environment '" + slugOrName + "' in project '"
                + project.path("name").asText() + "'; its environments are " + (all.isEmpty() ? "none" : all) + ".");
    }

    @Command(name = "list", description = "The project's environments, in order: slug, name, id.")
    static final class ListEnvironments implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode p = api.get("/api/v1/workspace/" + Api.segment(api.projectId()), null)
                        .path("workspace");
                Table t = new Table("SLUG", "NAME", "ID");
                for (JsonNode e : p.path("environments")) {
                    t.row(
                            e.path("slug").asText(),
                            e.path("name").asText(),
                            e.path("id").asText());
                }
                t.print("no environments you may read in this project");
                return 0;
            });
        }
    }

    @Command(name = "create", description = "Create environment SLUG (last in order unless --position).")
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "SLUG")
        String slug;

        @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the slug).")
        String name;

        @Option(names = "--position", paramLabel = "N", description = "Place in the order, from 1.")
        Long position;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode e = api.post(
                                "/api/v1/workspace/" + Api.segment(api.projectId()) + "/environments",
                                Api.body("name", name == null ? slug : name, "slug", slug, "position", position))
                        .path("environment");
                Console.info("created environment " + e.path("slug").asText() + " ("
                        + e.path("name").asText() + ").");
                return 0;
            });
        }
    }

    @Command(name = "rename", description = "Change environment ENV's name and/or slug.")
    static final class Rename implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ENV", description = "Its slug or name.")
        String env;

        @Option(names = "--name", paramLabel = "NAME")
        String name;

        @Option(names = "--slug", paramLabel = "SLUG")
        String slug;

        @Override
        public Integer call() throws java.io.IOException {
            if (name == null && slug == null) throw new CliException("Give --name and/or --slug.", 2);
            return Api.run(connection, api -> {
                JsonNode cur = find(api, env);
                JsonNode e = api.patch(
                                "/api/v1/workspace/" + Api.segment(api.projectId()) + "/environments/"
                                        + Api.segment(cur.path("id").asText()),
                                Api.body("name", name, "slug", slug))
                        .path("environment");
                Console.info("environment is now " + e.path("slug").asText() + " ("
                        + e.path("name").asText() + ").");
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete environment ENV with every folder and secret in it (no undo).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ENV", description = "Its slug or name.")
        String env;

        @Option(names = "--yes", description = "Confirm: its folders and secrets are deleted.")
        boolean yes;

        @Override
        public Integer call() throws java.io.IOException {
            if (!yes) {
                throw new CliException(
                        "Deleting an environment deletes every secret in it, with no undo; add --yes to confirm.", 2);
            }
            return Api.run(connection, api -> {
                JsonNode cur = find(api, env);
                api.delete(
                        "/api/v1/workspace/" + Api.segment(api.projectId()) + "/environments/"
                                + Api.segment(cur.path("id").asText()),
                        null);
                Console.info("deleted environment " + cur.path("slug").asText() + ".");
                return 0;
            });
        }
    }
}
