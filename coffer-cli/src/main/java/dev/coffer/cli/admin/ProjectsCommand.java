package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer projects list|create|delete}. */
@Command(
        name = "projects",
        description = {
            "List, create and delete projects.",
            "",
            "Examples:",
            "  coffer projects create shop           (prints the new project's id)",
            "  coffer projects list"
        },
        subcommands = {ProjectsCommand.ListProjects.class, ProjectsCommand.Create.class, ProjectsCommand.Delete.class})
public final class ProjectsCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", description = "The projects you may read: id, slug and name.")
    static final class ListProjects extends ListVerb {
        @Override
        JsonNode fetch(Api api) {
            return api.get("/api/v1/workspace", null);
        }

        @Override
        void print(JsonNode r) {
            Table t = new Table("ID", "SLUG", "NAME", "ENVIRONMENTS");
            for (JsonNode p : r.path("workspaces")) {
                StringBuilder envs = new StringBuilder();
                for (JsonNode e : p.path("environments")) {
                    if (!envs.isEmpty()) envs.append(',');
                    envs.append(e.path("slug").asText());
                }
                t.row(
                        p.path("id").asText(),
                        p.path("slug").asText(),
                        p.path("name").asText(),
                        envs);
            }
            t.print("no projects you may read");
        }
    }

    @Command(
            name = "create",
            description = {
                "Create project NAME (with environments dev, staging and prod); prints its id.",
                "You become its admin."
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--slug", paramLabel = "SLUG", description = "Its slug (default: made from the name).")
        String slug;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode p = api.post(
                                "/api/v2/workspace",
                                Api.body("projectName", name, "slug", slug, "projectDescription", description))
                        .path("project");
                System.out.println(p.path("id").asText());
                Console.info("created project '" + p.path("name").asText() + "' (slug "
                        + p.path("slug").asText()
                        + ") with environments dev, staging and prod; use it with --projectId "
                        + p.path("id").asText()
                        + " or 'coffer init --projectId " + p.path("id").asText() + "'.");
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete project ID_OR_SLUG with all its secrets (no undo).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ID_OR_SLUG")
        String project;

        @Option(names = "--yes", description = "Confirm: the project and every secret in it are deleted.")
        boolean yes;

        @Override
        public Integer call() throws java.io.IOException {
            if (!yes) {
                throw new dev.coffer.cli.CliException(
                        "Deleting a project deletes every secret in it, with no undo; add --yes to confirm.", 2);
            }
            return Api.run(connection, api -> {
                JsonNode p = api.get("/api/v1/workspace/" + Api.segment(project), null)
                        .path("workspace");
                api.delete("/api/v2/workspace/" + Api.segment(p.path("slug").asText()), null);
                Console.info("deleted project '" + p.path("name").asText() + "' ("
                        + p.path("id").asText() + ").");
                return 0;
            });
        }
    }
}
