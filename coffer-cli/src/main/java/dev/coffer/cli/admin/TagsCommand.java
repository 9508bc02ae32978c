package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.sdk.CofferClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer tags list|create|delete} for the project of {@code --projectId}. */
@Command(
        name = "tags",
        description = {
            "List, create and delete a project's tags. Secrets carry them:",
            "'coffer secrets set K=V --tags backend', 'coffer secrets list --tags backend'.",
            "",
            "Examples:",
            "  coffer tags create --slug backend --color '#00aaff' --name Backend",
            "  coffer tags list --projectId ID",
            "  coffer tags delete backend       (takes it off every secret that has it)"
        },
        subcommands = {TagsCommand.ListTags.class, TagsCommand.Create.class, TagsCommand.Delete.class})
public final class TagsCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static String base(String projectId) {
        return "/api/v1/projects/" + Api.segment(projectId) + "/tags";
    }

    /**
     * The ids of the project's tags with these slugs, in the order given, from one list call; an unknown
     * slug is an error naming it (and how to create it), before anything is written.
     */
    public static List<String> ids(CofferClient client, String projectId, List<String> slugs) {
        Map<String, String> bySlug = new LinkedHashMap<>();
        for (JsonNode t : client.request("GET", base(projectId), null, null).path("tags"))
            bySlug.put(t.path("slug").asText(), t.path("id").asText());
        List<String> ids = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String s : slugs) {
            String id = bySlug.get(s);
            if (id == null) unknown.add(s);
            else ids.add(id);
        }
        if (!unknown.isEmpty()) {
            throw new CliException((unknown.size() == 1 ? "No tag '" : "No tags '")
                    + String.join("', '", unknown) + "' in this project (its tags: "
                    + (bySlug.isEmpty() ? "none" : String.join(", ", bySlug.keySet()))
                    + "); nothing was written. Create it with 'coffer tags create --slug "
                    + unknown.getFirst() + "'.");
        }
        return ids;
    }

    /** Slugs from {@code --tags a,b --tags c}: trimmed, without blanks and repeats; a usage error if none is left. */
    public static List<String> slugs(List<String> given) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String g : given) for (String s : g.split(",")) if (!s.isBlank()) out.add(s.strip());
        if (out.isEmpty()) throw new CliException("--tags: give one or more tag slugs, e.g. --tags backend,db.", 2);
        return List.copyOf(out);
    }

    @Command(
            name = "list",
            description = {
                "The project's tags: slug, name, colour and id (--json: the server's answer).",
                "",
                "Example:",
                "  coffer tags list --projectId ID"
            })
    static final class ListTags extends ListVerb {
        @Override
        JsonNode fetch(Api api) {
            return api.get(base(api.projectId()), null);
        }

        @Override
        void print(JsonNode r) {
            Table t = new Table("SLUG", "NAME", "COLOR", "ID");
            for (JsonNode tag : r.path("tags")) {
                t.row(
                        tag.path("slug").asText(),
                        tag.path("name").asText(""),
                        tag.path("color").asText(""),
                        tag.path("id").asText());
            }
            t.print("no tags in this project");
        }
    }

    @Command(
            name = "create",
            description = {
                "Create a tag (slug: lower-case letters, digits and hyphens); prints its id.",
                "",
                "Example:",
                "  coffer tags create --slug backend --color '#00aaff' --name Backend"
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(
                names = "--slug",
                required = true,
                paramLabel = "SLUG",
                description = "Its slug, unique in the project.")
        String slug;

        @Option(names = "--name", paramLabel = "NAME", description = "Display name.")
        String name;

        @Option(names = "--color", paramLabel = "COLOR", description = "Colour, e.g. '#00aaff'.")
        String color;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                JsonNode t = api.post(base(api.projectId()), Api.body("slug", slug, "name", name, "color", color))
                        .path("tag");
                System.out.println(t.path("id").asText());
                Console.info("created tag " + t.path("slug").asText() + "; use it with 'coffer secrets set "
                        + "NAME=value --tags " + t.path("slug").asText() + "'.");
                return 0;
            });
        }
    }

    @Command(
            name = "delete",
            description = {
                "Delete tag SLUG; it is taken off every secret that carries it (the",
                "secrets stay).",
                "",
                "Example:",
                "  coffer tags delete backend"
            })
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
                String base = base(api.projectId());
                JsonNode t;
                try {
                    t = api.get(base + "/slug/" + Api.segment(slug), null).path("tag");
                } catch (dev.coffer.sdk.CofferException.NotFound e) {
                    throw new CliException("No tag '" + slug + "' in this project; 'coffer tags list' shows them.");
                }
                api.delete(base + "/" + Api.segment(t.path("id").asText()), null);
                Console.info("deleted tag " + t.path("slug").asText() + ".");
                return 0;
            });
        }
    }
}
