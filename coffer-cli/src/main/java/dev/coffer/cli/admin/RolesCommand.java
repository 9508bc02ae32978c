package dev.coffer.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.cli.Inputs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer roles create|list|get|update|delete}: a project's custom roles. */
@Command(
        name = "roles",
        description = {
            "Custom project roles: permission rules in Infisical's shape.",
            "",
            "A role file holds {\"slug\", \"name\", \"description\", \"permissions\": [{\"subject\",",
            "\"action\", \"conditions\", \"inverted\"}]}; deny rules (inverted) beat allows.",
            "",
            "Examples:",
            "  coffer roles create --file ci-reader.json --projectId ID",
            "  coffer roles list",
            "  coffer roles get ci-reader > ci-reader.json",
            "  coffer roles update ci-reader --file ci-reader.json",
            "  coffer roles delete ci-reader"
        },
        subcommands = {
            RolesCommand.ListRoles.class,
            RolesCommand.Get.class,
            RolesCommand.Create.class,
            RolesCommand.Update.class,
            RolesCommand.Delete.class
        })
public final class RolesCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static String base(Api api) {
        return "/api/v2/workspace/" + Api.segment(api.projectId()) + "/roles";
    }

    /** The role file as a JSON object; usage errors for a missing file or bad JSON. */
    static JsonNode roleFile(Path file) {
        String text = file.toString().equals("-") ? Inputs.fromStdin("--file -") : Inputs.fromFile("--file", file);
        JsonNode n;
        try {
            n = Api.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException(
                    "--file " + file + " is not JSON (line " + e.getLocation().getLineNr() + "); a role is "
                            + "{\"slug\":…, \"name\":…, \"permissions\":[{\"subject\":…, \"action\":…}]}.",
                    2);
        }
        if (n == null || !n.isObject()) {
            throw new CliException(
                    "--file " + file + " must hold one JSON object (a role), not "
                            + (n == null
                                    ? "nothing"
                                    : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)) + ".",
                    2);
        }
        return n;
    }

    static JsonNode bySlug(Api api, String slug) {
        return api.get(base(api) + "/slug/" + Api.segment(slug), null).path("role");
    }

    @Command(name = "list", description = "The project's custom roles: slug, name, description.")
    static final class ListRoles extends ListVerb {
        @Override
        JsonNode fetch(Api api) {
            return api.get(base(api), null);
        }

        @Override
        void print(JsonNode r) {
            Table t = new Table("SLUG", "NAME", "DESCRIPTION", "ID");
            for (JsonNode role : r.path("roles")) {
                t.row(
                        role.path("slug").asText(),
                        role.path("name").asText(),
                        role.path("description").asText(""),
                        role.path("id").asText());
            }
            t.print("no custom roles in this project (built-in: admin, member, viewer, no-access)");
        }
    }

    @Command(name = "get", description = "Print role SLUG with its permission rules as JSON (built-in ones too).")
    static final class Get implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "SLUG")
        String slug;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                Api.printJson(bySlug(api, slug));
                return 0;
            });
        }
    }

    @Command(
            name = "create",
            description = {"Create a custom role from a JSON file (- for standard input); prints its id."})
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(
                names = "--file",
                required = true,
                paramLabel = "FILE",
                description = "The role as JSON; - reads stdin.")
        Path file;

        @Override
        public Integer call() throws java.io.IOException {
            JsonNode role = roleFile(file);
            return Api.run(connection, api -> {
                JsonNode r = api.post(base(api), role).path("role");
                System.out.println(r.path("id").asText());
                Console.info("created role '" + r.path("slug").asText() + "' with "
                        + r.path("permissions").size() + " rules; give it with "
                        + "--role " + r.path("slug").asText() + " when adding a member or an identity.");
                return 0;
            });
        }
    }

    @Command(
            name = "update",
            description = {
                "Replace what a JSON file (- for stdin) gives of role SLUG: slug, name,",
                "description, permissions (the rules are replaced as a whole)."
            })
    static final class Update implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "SLUG")
        String slug;

        @Option(
                names = "--file",
                required = true,
                paramLabel = "FILE",
                description = "The changes as JSON; - reads stdin.")
        Path file;

        @Override
        public Integer call() throws java.io.IOException {
            JsonNode changes = roleFile(file);
            return Api.run(connection, api -> {
                String id = bySlug(api, slug).path("id").asText();
                JsonNode r =
                        api.patch(base(api) + "/" + Api.segment(id), changes).path("role");
                Console.info("updated role '" + r.path("slug").asText() + "' ("
                        + r.path("permissions").size() + " rules).");
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete custom role SLUG (refused while a membership holds it).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "SLUG")
        String slug;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String id = bySlug(api, slug).path("id").asText();
                api.delete(base(api) + "/" + Api.segment(id), null);
                Console.info("deleted role '" + slug + "'.");
                return 0;
            });
        }
    }
}
