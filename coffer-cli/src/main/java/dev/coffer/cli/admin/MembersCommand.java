package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer members list|add|update|remove}: who belongs to a project with which roles — people by
 * email, machine identities by name or id.
 */
@Command(
        name = "members",
        description = {
            "List, add, change and remove a project's members: people (by email) and",
            "machine identities (by name or id), each with one or more roles.",
            "",
            "Roles: admin, member, viewer, no-access, or a custom role's slug",
            "(coffer roles list). --temporary 8h makes them end after that time.",
            "",
            "Examples:",
            "  coffer members add shop-api --role viewer --projectId ID",
            "  coffer members add ana@example.com --role member --projectId ID",
            "  coffer members add ci --role ci-reader --temporary 8h --projectId ID",
            "  coffer members update ana@example.com --role admin --projectId ID",
            "  coffer members list --projectId ID",
            "  coffer members remove shop-api --projectId ID"
        },
        subcommands = {
            MembersCommand.ListMembers.class,
            MembersCommand.Add.class,
            MembersCommand.Update.class,
            MembersCommand.Remove.class
        })
public final class MembersCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static boolean isPerson(String who) {
        return who.contains("@");
    }

    static String roles(JsonNode roles) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : roles) {
            String slug = r.path("customRoleSlug").isTextual()
                    ? r.path("customRoleSlug").asText()
                    : r.path("role").asText();
            if (r.path("isTemporary").asBoolean())
                slug += " (until " + r.path("temporaryAccessEndTime").asText() + ")";
            out.add(slug);
        }
        return String.join(", ", out);
    }

    /** The roles to send: each slug, permanent or for {@code temporary} (e.g. 8h) from now. */
    static List<Map<String, Object>> roleBodies(List<String> slugs, String temporary) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String s : slugs) {
            out.add(
                    temporary == null
                            ? Api.body("role", s)
                            : Api.body(
                                    "role",
                                    s,
                                    "isTemporary",
                                    true,
                                    "temporaryMode",
                                    "relative",
                                    "temporaryRange",
                                    temporary,
                                    "temporaryAccessStartTime",
                                    Instant.now().toString()));
        }
        return out;
    }

    /** A person's membership of the project, by email (the server's lookup). */
    static JsonNode personMembership(Api api, String email) {
        return api.post(
                        "/api/v1/workspace/" + Api.segment(api.projectId()) + "/memberships/details",
                        Api.body("username", email))
                .path("membership");
    }

    @Command(name = "list", description = "The project's members: kind, name or email, roles.")
    static final class ListMembers implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String p = Api.segment(api.projectId());
                Table t = new Table("KIND", "MEMBER", "ID", "ROLES");
                for (JsonNode m :
                        api.get("/api/v1/workspace/" + p + "/memberships", null).path("memberships")) {
                    t.row(
                            "user",
                            m.path("user").path("email").asText(),
                            m.path("userId").asText(),
                            roles(m.path("roles")));
                }
                for (JsonNode m : api.get("/api/v2/workspace/" + p + "/identity-memberships", null)
                        .path("identityMemberships")) {
                    t.row(
                            "identity",
                            m.path("identity").path("name").asText(),
                            m.path("identityId").asText(),
                            roles(m.path("roles")));
                }
                t.print("no members");
                return 0;
            });
        }
    }

    /** What add and update share: who, and the roles. */
    abstract static class Change implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "WHO", description = "A person's email, or an identity's name or id.")
        String who;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                required = true,
                description = "A role to hold (repeat for several).")
        List<String> roles;

        @Option(
                names = "--temporary",
                paramLabel = "DURATION",
                description = "The roles end after this long (e.g. 30m, 8h, 7d).")
        String temporary;
    }

    @Command(name = "add", description = "Add WHO to the project with the given roles.")
    static final class Add extends Change {
        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String p = Api.segment(api.projectId());
                if (isPerson(who)) {
                    JsonNode m = api.post(
                            "/api/v2/workspace/" + p + "/memberships",
                            Api.body("emails", List.of(who), "roleSlugs", roles));
                    if (temporary != null) {
                        String id = m.path("memberships").path(0).path("id").asText();
                        api.patch(
                                "/api/v1/workspace/" + p + "/memberships/" + Api.segment(id),
                                Api.body("roles", roleBodies(roles, temporary)));
                    }
                } else {
                    String id = IdentitiesCommand.find(api, who)
                            .path("identity")
                            .path("id")
                            .asText();
                    api.post(
                            "/api/v2/workspace/" + p + "/identity-memberships/" + Api.segment(id),
                            Api.body("roles", roleBodies(roles, temporary)));
                }
                Console.info("added " + who + " to the project as " + String.join(", ", roles)
                        + (temporary == null ? "" : " for " + temporary) + ".");
                return 0;
            });
        }
    }

    @Command(name = "update", description = "Replace WHO's roles in the project with the given ones.")
    static final class Update extends Change {
        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String p = Api.segment(api.projectId());
                Object body = Api.body("roles", roleBodies(roles, temporary));
                if (isPerson(who)) {
                    String id = personMembership(api, who).path("id").asText();
                    api.patch("/api/v1/workspace/" + p + "/memberships/" + Api.segment(id), body);
                } else {
                    String id = IdentitiesCommand.find(api, who)
                            .path("identity")
                            .path("id")
                            .asText();
                    api.patch("/api/v2/workspace/" + p + "/identity-memberships/" + Api.segment(id), body);
                }
                Console.info(who + " now holds " + String.join(", ", roles) + " in the project.");
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove WHO from the project.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "WHO", description = "A person's email, or an identity's name or id.")
        String who;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String p = Api.segment(api.projectId());
                if (isPerson(who)) {
                    api.delete("/api/v2/workspace/" + p + "/memberships", Api.body("emails", List.of(who)));
                } else {
                    String id = IdentitiesCommand.find(api, who)
                            .path("identity")
                            .path("id")
                            .asText();
                    api.delete("/api/v2/workspace/" + p + "/identity-memberships/" + Api.segment(id), null);
                }
                Console.info("removed " + who + " from the project.");
                return 0;
            });
        }
    }
}
