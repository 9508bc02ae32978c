package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.admin.TagsCommand;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.Scope;
import dev.coffer.sdk.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer secrets list|get|set|delete|history|rollback|restore|folders}; bare {@code coffer secrets}
 * lists, as Infisical's CLI does.
 */
@Command(
        name = "secrets",
        description = {
            "List, read, set and delete secrets; their history, rollback and restore.",
            "Bare 'coffer secrets' lists them; 'coffer secrets folders' is 'coffer",
            "folders' (Infisical's spelling)."
        },
        subcommands = {
            SecretsCommand.ListSecrets.class,
            SecretsCommand.Get.class,
            SecretsCommand.Set.class,
            SecretsCommand.Delete.class,
            FoldersCommand.class,
            dev.coffer.cli.history.SecretHistoryCommands.History.class,
            dev.coffer.cli.history.SecretHistoryCommands.Rollback.class,
            dev.coffer.cli.history.SecretHistoryCommands.Restore.class
        })
public final class SecretsCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Option(names = "--recursive", description = "Include sub-folders (bare 'coffer secrets').")
    boolean recursive;

    @Option(names = "--values", description = "Print values too (bare 'coffer secrets').")
    boolean values;

    @Option(
            names = "--tags",
            paramLabel = "SLUGS",
            description = "Only secrets with one of these tags (bare 'coffer secrets').")
    List<String> tags;

    @Override
    public Integer call() throws IOException {
        ListSecrets list = new ListSecrets();
        list.connection = connection;
        list.recursive = recursive;
        list.values = values;
        list.tags = tags;
        return list.call();
    }

    @Command(
            name = "list",
            description = {
                "List secret names and versions (values only with --values), and the tags",
                "of those that have any. With --tags, only the folder's own secrets that",
                "carry one of the tags (imported secrets are left out).",
                "",
                "Examples:",
                "  coffer secrets list --env prod --recursive",
                "  coffer secrets list --tags backend,db"
            })
    static final class ListSecrets implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--recursive", description = "Include sub-folders.")
        boolean recursive;

        @Option(names = "--values", description = "Print values too (they will be on your screen and in scrollback).")
        boolean values;

        @Option(
                names = "--tags",
                paramLabel = "SLUGS",
                description = "Only secrets with one of these tags (slugs, comma-separated).")
        List<String> tags;

        @Override
        public Integer call() throws IOException {
            List<String> slugs = tags == null ? null : TagsCommand.slugs(tags);
            return connection.use((r, c) -> {
                List<Secret> list = list(c, Connection.scope(r).withRecursive(recursive), slugs);
                for (Secret s : list) {
                    String where = recursive ? s.path() + (s.path().endsWith("/") ? "" : "/") : "";
                    System.out.println(where + s.key() + (values ? "=" + s.valueText() : "") + "\t(v" + s.version()
                            + ")" + (s.tags().isEmpty() ? "" : "\t[" + String.join(",", s.tags()) + "]"));
                }
                Console.info(list.size() + " secrets in " + r.environment() + ":" + r.path()
                        + (slugs == null ? "" : " with tag " + String.join(" or ", slugs)));
                return 0;
            });
        }

        /**
         * The secrets the SDK's listSecrets finds (a folder's own secrets win over imported ones, the
         * last import over earlier ones); with {@code slugs}, only the folder's own secrets that carry
         * one of those tags (the server filters, and does not filter imports by tag).
         */
        static List<Secret> list(CofferClient c, Scope scope, List<String> slugs) {
            if (slugs == null) return c.listSecrets(scope);
            Map<String, String> q = new LinkedHashMap<>();
            q.put("workspaceId", scope.projectId());
            q.put("environment", scope.environment());
            q.put("secretPath", scope.path());
            q.put("recursive", Boolean.toString(scope.recursive()));
            q.put("expandSecretReferences", Boolean.toString(scope.expand()));
            q.put("include_imports", "false");
            q.put("tagSlugs", String.join(",", slugs));
            return CofferClient.secrets(
                    c.request("GET", "/api/v3/secrets/raw", q, null).path("secrets"));
        }
    }

    @Command(
            name = "get",
            description = {
                "Print secret values: the bare value for one name, NAME=value lines for several.",
                "",
                "Examples:",
                "  coffer secrets get DATABASE_URL --env prod",
                "  coffer secrets get API_KEY --version 3      # an earlier version"
            })
    static final class Get implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(
                names = "--version",
                paramLabel = "N",
                description = "Print version N of the secret instead of the current one.")
        Long version;

        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() throws IOException {
            if (version != null && version < 1) throw new CliException("--version: give a version of 1 or more.", 2);
            return connection.use((r, c) -> {
                Scope scope = Connection.scope(r);
                for (String n : names) {
                    Secret s = version == null ? c.getSecret(scope, n) : c.getSecretVersion(scope, n, version);
                    System.out.println(names.size() == 1 ? s.valueText() : n + "=" + s.valueText());
                }
                return 0;
            });
        }
    }

    @Command(
            name = "set",
            description = {
                "Create or update secrets from NAME=value pairs, a .env file (--file),",
                "NAME=value lines on standard input (-), or one NAME whose value is read",
                "from standard input (--value-stdin) or a file (--value-file), so that it is",
                "not visible in process listings. One final line break of a value read",
                "that way is dropped. All are written in one all-or-nothing batch; values",
                "are never printed.",
                "",
                "Examples:",
                "  coffer secrets set API_KEY=abc DB_HOST=db.internal",
                "  coffer secrets set --file .env.production --env prod",
                "  printf 'TOKEN=%%s' \"$t\" | coffer secrets set -",
                "  coffer secrets set TLS_KEY --value-file server.key",
                "  pass show db | coffer secrets set DB_PASSWORD --value-stdin",
                "  coffer secrets set DB_HOST=db.internal --tags backend,db"
            })
    static final class Set implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--file", description = "Read NAME=value lines from this .env file.")
        Path file;

        @Option(names = "--value-stdin", description = "Read the value of the one NAME from standard input.")
        boolean valueFromStdin;

        @Option(
                names = "--value-file",
                paramLabel = "FILE",
                description = "Read the value of the one NAME from this file.")
        Path valueFile;

        @Parameters(arity = "0..*", paramLabel = "NAME=value|NAME|-")
        List<String> pairs = new ArrayList<>();

        @Option(
                names = "--tags",
                paramLabel = "SLUGS",
                description = "Tag slugs, comma-separated: the secrets get these tags, in place of those they "
                        + "had (without --tags they keep theirs). Each must exist (coffer tags create --slug S).")
        List<String> tags;

        @Override
        public Integer call() throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
            if (valueFromStdin || valueFile != null) {
                if (valueFromStdin && valueFile != null)
                    throw new CliException("Give either --value-stdin or --value-file, not both.", 2);
                String option = valueFromStdin ? "--value-stdin" : "--value-file";
                if (pairs.size() != 1
                        || pairs.getFirst().contains("=")
                        || pairs.getFirst().equals("-")
                        || file != null)
                    throw new CliException(option + " sets one secret: give exactly one NAME (without =value).", 2);
                values.put(
                        pairs.getFirst(),
                        valueFromStdin ? Inputs.fromStdin(option) : Inputs.fromFile(option, valueFile));
                pairs = List.of();
            }
            if (file != null)
                values.putAll(EnvText.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
            for (String p : pairs) {
                if (p.equals("-")) {
                    try (InputStream in = System.in) {
                        values.putAll(
                                EnvText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "standard input"));
                    }
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new CliException(
                            "'" + (eq < 0 ? p : p.substring(0, eq)) + "' is not NAME=value; write each "
                                    + "secret as NAME=value, or give one NAME with --value-stdin or --value-file.",
                            2);
                }
                values.put(p.substring(0, eq), p.substring(eq + 1));
            }
            if (values.isEmpty())
                throw new CliException("Nothing to set: give NAME=value pairs, --file, or - for stdin.", 2);
            List<String> slugs = tags == null ? null : TagsCommand.slugs(tags);
            return connection.use((r, c) -> {
                Scope scope = Connection.scope(r);
                List<Long> written = slugs == null
                        ? c.upsertSecrets(scope, values).stream()
                                .map(Secret::version)
                                .toList()
                        : upsertTagged(c, scope, values, TagsCommand.ids(c, scope.projectId(), slugs));
                long created = written.stream().filter(v -> v == 1).count();
                Console.info("set " + written.size() + " secrets in " + r.environment() + ":" + r.path() + " ("
                        + created + " created, " + (written.size() - created) + " updated): "
                        + String.join(", ", values.keySet())
                        + (slugs == null ? "" : " (tags: " + String.join(", ", slugs) + ")"));
                return 0;
            });
        }

        /** The SDK's upsertSecrets with {@code tagIds} on every item; the versions written. */
        static List<Long> upsertTagged(CofferClient c, Scope scope, Map<String, String> values, List<String> tagIds) {
            List<Map<String, Object>> items = new ArrayList<>();
            values.forEach((k, v) -> items.add(Map.of("secretKey", k, "secretValue", v, "tagIds", tagIds)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("workspaceId", scope.projectId());
            body.put("environment", scope.environment());
            body.put("secretPath", scope.path());
            body.put("secrets", items);
            body.put("mode", "upsert");
            List<Long> versions = new ArrayList<>();
            for (JsonNode s :
                    c.request("PATCH", "/api/v3/secrets/batch/raw", null, body).path("secrets"))
                versions.add(s.path("version").asLong(0));
            return versions;
        }
    }

    @Command(name = "delete", description = "Delete secrets by name.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() throws IOException {
            return connection.use((r, c) -> {
                for (String n : names) c.deleteSecret(Connection.scope(r), n);
                Console.info("deleted " + String.join(", ", names) + " from " + r.environment() + ":" + r.path());
                return 0;
            });
        }
    }
}
