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

/** {@code coffer secrets list|get|set|delete}. */
@Command(
        name = "secrets",
        mixinStandardHelpOptions = true,
        description = "List, read, set and delete secrets.",
        subcommands = {
            SecretsCommand.ListSecrets.class,
            SecretsCommand.Get.class,
            SecretsCommand.Set.class,
            SecretsCommand.Delete.class
        })
public final class SecretsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List secret names (values only with --values).")
    static final class ListSecrets implements Callable<Integer> {
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
            mixinStandardHelpOptions = true,
            description = {"Print secret values: the bare value for one name, NAME=value lines for several."})
    static final class Get implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() throws IOException {
            return connection.use((r, c) -> {
                Scope scope = Connection.scope(r);
                for (String n : names) {
                    Secret s = c.getSecret(scope, n);
                    System.out.println(names.size() == 1 ? s.valueText() : n + "=" + s.valueText());
                }
                return 0;
            });
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Create or update secrets from NAME=value pairs, a .env file (--file) or standard input (-).",
                "All of them are written in one all-or-nothing batch. Values are never printed.",
                "",
                "Examples:",
                "  coffer secrets set API_KEY=abc DB_HOST=db.internal",
                "  coffer secrets set --file .env.production --env prod",
                "  printf 'TOKEN=%s' \"$t\" | coffer secrets set -"
            })
    static final class Set implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--file", description = "Read NAME=value lines from this .env file.")
        Path file;

        @Parameters(arity = "0..*", paramLabel = "NAME=value|-")
        List<String> pairs = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
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
                                    + "secret as NAME=value.",
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

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete secrets by name.")
    static final class Delete implements Callable<Integer> {
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
