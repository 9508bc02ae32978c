package dev.coffer.cli;

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

    @Override
    public Integer call() throws IOException {
        ListSecrets list = new ListSecrets();
        list.connection = connection;
        list.recursive = recursive;
        list.values = values;
        return list.call();
    }

    @Command(name = "list", description = "List secret names (values only with --values).")
    static final class ListSecrets implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--recursive", description = "Include sub-folders.")
        boolean recursive;

        @Option(names = "--values", description = "Print values too (they will be on your screen and in scrollback).")
        boolean values;

        @Override
        public Integer call() throws IOException {
            return connection.use((r, c) -> {
                List<Secret> list = c.listSecrets(Connection.scope(r).withRecursive(recursive));
                for (Secret s : list) {
                    String where = recursive ? s.path() + (s.path().endsWith("/") ? "" : "/") : "";
                    System.out.println(
                            where + s.key() + (values ? "=" + s.valueText() : "") + "\t(v" + s.version() + ")");
                }
                Console.info(list.size() + " secrets in " + r.environment() + ":" + r.path());
                return 0;
            });
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
                "  pass show db | coffer secrets set DB_PASSWORD --value-stdin"
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
            return connection.use((r, c) -> {
                List<Secret> written = c.upsertSecrets(Connection.scope(r), values);
                long created = written.stream().filter(s -> s.version() == 1).count();
                Console.info("set " + written.size() + " secrets in " + r.environment() + ":" + r.path() + " ("
                        + created + " created, " + (written.size() - created) + " updated): "
                        + String.join(", ", values.keySet()));
                return 0;
            });
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
