package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.cli.Inputs;
import dev.coffer.cli.PersonSession;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer users invite|accept|list|deactivate|remove}: the people of an organization. */
@Command(
        name = "users",
        description = {
            "The people of your organization: invite, accept, list, deactivate, remove.",
            "",
            "Examples:",
            "  coffer users invite dev@example.com --role member   (prints the invitation)",
            "  coffer users accept --api-url URL --token-stdin      (the invited person)",
            "  coffer users list",
            "  coffer users deactivate dev@example.com"
        },
        subcommands = {
            UsersCommand.Invite.class,
            UsersCommand.Accept.class,
            UsersCommand.ListUsers.class,
            UsersCommand.Deactivate.class,
            UsersCommand.Remove.class
        })
public final class UsersCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static String memberships(String orgId) {
        return "/api/v2/organizations/" + Api.segment(orgId) + "/memberships";
    }

    /** The membership id (the user's id) of the person with this email; exit 1 naming the members otherwise. */
    static String membershipOf(Api api, String orgId, String email) {
        String wanted = email.trim().toLowerCase(Locale.ROOT);
        for (JsonNode m : api.get(memberships(orgId), null).path("users")) {
            if (m.path("user").path("email").asText().equalsIgnoreCase(wanted))
                return m.path("id").asText();
        }
        throw new CliException("No member of the organization has the email " + wanted
                + " (coffer users list shows them; an invitation not yet accepted is no member).");
    }

    @Command(
            name = "invite",
            description = {
                "Invite EMAIL to your organization (admin, member or no-access); prints",
                "the invitation token, valid 7 days and once, for the person to accept."
            })
    static final class Invite implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member", description = "Organization role.")
        String role;

        @Option(names = "--json", description = "Print the server's JSON answer (with the token).")
        boolean json;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String orgId = api.orgId();
                JsonNode r = api.post(
                        "/api/v1/organization/" + Api.segment(orgId) + "/invite",
                        Api.body("email", email.trim(), "role", role.trim()));
                if (json) Api.printJson(r);
                else System.out.println(r.path("token").asText());
                JsonNode inv = r.path("invitation");
                Console.info("invited " + inv.path("email").asText() + " as "
                        + inv.path("role").asText()
                        + "; the token above works once, until "
                        + inv.path("expiresAt").asText() + ". Hand it over "
                        + "safely; the person runs:\n  coffer users accept --api-url "
                        + api.settings().apiUrl()
                        + " --token-stdin\n(pastes the token, then chooses a password; no Coffer account needed).");
                return 0;
            });
        }
    }

    @Command(
            name = "accept",
            sortOptions = false,
            description = {
                "Accept an invitation: choose your password and be logged in (the session",
                "is stored as by coffer login --email). With --token-stdin and",
                "--password-stdin, standard input holds the token, then the password.",
                "",
                "Examples:",
                "  coffer users accept --api-url https://coffer.example.com --token-stdin",
                "  printf '%%s\\n%%s\\n' \"$INVITE\" \"$PASSWORD\" | coffer users accept \\",
                "      --token-stdin --password-stdin"
            })
    static final class Accept implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Option(
                names = {"--api-url", "--domain"},
                paramLabel = "URL",
                description = {"Server URL (default: COFFER_API_URL,", "or http://127.0.0.1:8080)."})
        String apiUrl;

        @Option(names = "--token-stdin", description = "Read the invitation token from standard input (first line).")
        boolean tokenStdin;

        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                description = "The invitation token (avoid: arguments are visible in process listings).")
        String token;

        @Option(names = "--password-stdin", description = "Read the new password from standard input.")
        boolean passwordStdin;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the new password from this file.")
        Path passwordFile;

        @Override
        public Integer call() throws java.io.IOException {
            if (tokenStdin == (token != null)) {
                throw new CliException("Give the invitation token with --token-stdin or --token (one of them).", 2);
            }
            if (passwordStdin && passwordFile != null) {
                throw new CliException("Give the password with --password-stdin or --password-file, not both.", 2);
            }
            String stdin = tokenStdin || passwordStdin ? Inputs.fromStdin("standard input") : null;
            String[] lines = stdin == null ? new String[0] : stdin.split("\r?\n", -1);
            int next = 0;
            String tok = token;
            if (tokenStdin) tok = lines.length > next ? lines[next++].strip() : "";
            if (tok == null || tok.isBlank()) throw new CliException("--token-stdin: no token on standard input.", 2);
            String password;
            if (passwordStdin) {
                password = lines.length > next ? lines[next] : "";
                if (password.isEmpty()) {
                    throw new CliException(
                            "--password-stdin: no password on standard input"
                                    + (tokenStdin ? " (the line after the token)." : "."),
                            2);
                }
            } else if (passwordFile != null) {
                password = Inputs.firstLine(Inputs.fromFile("--password-file", passwordFile), "--password-file");
            } else if (System.console() != null) {
                char[] a = System.console().readPassword("Choose a password: ");
                char[] b = System.console().readPassword("Again: ");
                if (a == null || b == null || !new String(a).equals(new String(b))) {
                    throw new CliException("The two passwords differ; run the command again.", 2);
                }
                password = new String(a);
            } else {
                throw new CliException(
                        "No password: give --password-stdin or --password-file (there is no terminal to ask on).", 2);
            }
            PersonSession.Accepted a = PersonSession.accept(apiUrl, tok, password);
            Console.info("joined " + a.organization() + " as " + a.role() + "; logged in to "
                    + a.login().apiUrl()
                    + " as " + a.login().email() + ", the session is stored in " + a.file() + " (mode 0600). "
                    + "Later: coffer login --email " + a.login().email());
            return 0;
        }
    }

    @Command(name = "list", description = "The organization's people: email, role, whether active.")
    static final class ListUsers extends ListVerb {
        @Override
        JsonNode fetch(Api api) {
            return api.get(memberships(api.orgId()), null);
        }

        @Override
        void print(JsonNode r) {
            Table t = new Table("EMAIL", "ROLE", "ACTIVE", "ID");
            for (JsonNode m : r.path("users")) {
                t.row(
                        m.path("user").path("email").asText(),
                        m.path("role").asText(),
                        m.path("isActive").asBoolean() ? "yes" : "no",
                        m.path("id").asText());
            }
            t.print("no people in this organization");
        }
    }

    @Command(name = "deactivate", description = "Deactivate EMAIL: they can no longer log in (kept as a member).")
    static final class Deactivate implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String orgId = api.orgId();
                String id = membershipOf(api, orgId, email);
                api.patch(memberships(orgId) + "/" + Api.segment(id), Api.body("isActive", false));
                Console.info("deactivated " + email.trim() + ".");
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove EMAIL from the organization and its projects.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() throws java.io.IOException {
            return Api.run(connection, api -> {
                String orgId = api.orgId();
                String id = membershipOf(api, orgId, email);
                api.delete(memberships(orgId) + "/" + Api.segment(id), null);
                Console.info("removed " + email.trim() + " from the organization.");
                return 0;
            });
        }
    }
}
