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

/** {@code coffer identities list|create|delete}: machine identities of the organization. */
@Command(
        name = "identities",
        description = {
            "List, create and delete machine identities (for services and CI).",
            "",
            "Examples:",
            "  coffer identities create shop-api > shop-api.env  (id and secret, once)",
            "  eval \"$(coffer identities create ci --org-role no-access)\"",
            "  coffer identities list",
            "  coffer identities delete ci --yes"
        },
        subcommands = {
            IdentitiesCommand.ListIdentities.class,
            IdentitiesCommand.Create.class,
            IdentitiesCommand.Delete.class
        })
public final class IdentitiesCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The organization's identity with this id or (exact) name; an error when none or several. */
    static JsonNode find(Api api, String idOrName) {
        JsonNode found = null;
        int byName = 0;
        for (JsonNode m : api.get("/api/v1/identities", null).path("identities")) {
            JsonNode i = m.path("identity");
            if (i.path("id").asText().equals(idOrName)) return m;
            if (i.path("name").asText().equals(idOrName)) {
                found = m;
                byName++;
            }
        }
        if (byName > 1) {
            throw new CliException("Several identities are named '" + idOrName + "'; name one by its id "
                    + "(coffer identities list).");
        }
        if (found == null) {
            throw new CliException("No identity '" + idOrName + "' in the organization (coffer identities list).");
        }
        return found;
    }

    @Command(name = "list", description = "The organization's machine identities: id, name, organization role.")
    static final class ListIdentities implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                Table t = new Table("ID", "NAME", "ORG ROLE", "AUTH");
                for (JsonNode m : api.get("/api/v1/identities", null).path("identities")) {
                    JsonNode i = m.path("identity");
                    t.row(
                            i.path("id").asText(),
                            i.path("name").asText(),
                            m.path("role").asText(),
                            String.join(",", Api.JSON.convertValue(i.path("authMethods"), String[].class)));
                }
                t.print("no machine identities");
                return 0;
            });
        }
    }

    @Command(
            name = "create",
            description = {
                "Create identity NAME with universal auth and a client secret, and print",
                "COFFER_CLIENT_ID=… and COFFER_CLIENT_SECRET=… (the secret is shown only",
                "now). Give it a project with 'coffer members add NAME --role viewer'."
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = "--org-role",
                paramLabel = "ROLE",
                description = "Organization role: no-access (default), member or admin.")
        String orgRole = "no-access";

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                description = "env (default: lines to eval or save as a .env file) or json.")
        String format = "env";

        @Override
        public Integer call() throws java.io.IOException {
            if (!format.equals("env") && !format.equals("json")) {
                throw new CliException("--format must be env or json.", 2);
            }
            return Api.run(connection, api -> {
                JsonNode identity = api.post(
                                "/api/v1/identities",
                                Api.body("name", name, "organizationId", api.orgId(), "role", orgRole))
                        .path("identity");
                String id = identity.path("id").asText();
                String base = "/api/v1/auth/universal-auth/identities/" + Api.segment(id);
                String clientId = api.post(base, Api.body())
                        .path("identityUniversalAuth")
                        .path("clientId")
                        .asText();
                String secret = api.post(base + "/client-secrets", Api.body("description", "coffer identities create"))
                        .path("clientSecret")
                        .asText();
                if (format.equals("json")) {
                    Api.printJson(Api.JSON.valueToTree(
                            Api.body("identityId", id, "name", name, "clientId", clientId, "clientSecret", secret)));
                } else {
                    System.out.println("COFFER_CLIENT_ID=" + clientId);
                    System.out.println("COFFER_CLIENT_SECRET=" + secret);
                }
                Console.info("created identity '" + name + "' (" + id + ") with universal auth; the client secret is "
                        + "shown only now. Give it a project: coffer members add " + name + " --role viewer "
                        + "--projectId <id>.");
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete identity NAME_OR_ID with its credentials and memberships.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME_OR_ID")
        String identity;

        @Option(names = "--yes", description = "Confirm: its tokens stop working at once.")
        boolean yes;

        @Override
        public Integer call() throws java.io.IOException {
            if (!yes) throw new CliException("Deleting an identity ends its access at once; add --yes to confirm.", 2);
            return Api.run(connection, api -> {
                JsonNode m = find(api, identity);
                String id = m.path("identity").path("id").asText();
                api.delete("/api/v1/identities/" + Api.segment(id), null);
                Console.info(
                        "deleted identity '" + m.path("identity").path("name").asText() + "' (" + id + ").");
                return 0;
            });
        }
    }
}
