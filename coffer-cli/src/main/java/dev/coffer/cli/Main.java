package dev.coffer.cli;

import dev.coffer.sdk.CofferException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code coffer} command line. Each verb is its own class. Errors are one line on stderr,
 * "coffer: …", saying what to do next; exit codes: 0 success, 1 failure, 2 usage, and for
 * {@code run} the command's own exit code.
 */
@Command(
        name = "coffer",
        mixinStandardHelpOptions = true,
        version = "Coffer CLI 0.1.0",
        description = {
            "Coffer: secrets into every process, migration from .env files, leak scanning,",
            "and a team's set-up: projects, identities, members, roles, audit logs.",
            "",
            "Settings come from options, then COFFER_API_URL, COFFER_CLIENT_ID,",
            "COFFER_CLIENT_SECRET, COFFER_TOKEN, COFFER_PROJECT_ID and COFFER_ENV, then",
            "Infisical's names (INFISICAL_API_URL, INFISICAL_TOKEN, INFISICAL_PROJECT_ID,",
            "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/_SECRET), then .coffer.json (coffer init),",
            "then the stored login (coffer login).",
            "",
            "The server: ./coffer server, ./coffer bootstrap (see ./coffer server --help).",
            "Exit codes: 0 success, 1 failure, 2 usage; run returns the command's own.",
            ""
        },
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            InitCommand.class,
            RunCommand.class,
            ExportCommand.class,
            SecretsCommand.class,
            FoldersCommand.class,
            ImportCommand.class,
            dev.coffer.cli.scan.ScanCommand.class,
            dev.coffer.cli.admin.ProjectsCommand.class,
            dev.coffer.cli.admin.EnvironmentsCommand.class,
            dev.coffer.cli.admin.TagsCommand.class,
            dev.coffer.cli.admin.IdentitiesCommand.class,
            dev.coffer.cli.admin.MembersCommand.class,
            dev.coffer.cli.admin.DiffCommand.class,
            dev.coffer.cli.admin.PromoteCommand.class,
            dev.coffer.cli.admin.RolesCommand.class,
            dev.coffer.cli.admin.UsersCommand.class,
            dev.coffer.cli.admin.ServiceTokenCommand.class,
            dev.coffer.cli.admin.AuditLogsCommand.class,
            dev.coffer.cli.admin.BootstrapTokensCommand.class,
            dev.coffer.cli.history.SnapshotsCommand.class,
            dev.coffer.cli.history.RollbackCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        // values are printed as UTF-8 whatever the locale says (LANG=C would turn them into '?')
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        if (args.length > 0 && args[0].equals("run")) {
            System.exit(commandLine(args).execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        CommandLine cl = commandLine();
        String unknown = Verbs.unknownCommand(cl, args);
        if (unknown != null) {
            System.err.println("coffer: " + unknown);
            System.exit(2);
        }
        System.exit(cl.execute(args));
    }

    /**
     * The command line for these arguments. {@code run} sits in front of every process a team starts, so
     * it gets a command line of its own: building the whole tree of verbs costs picocli more time than
     * the run itself.
     */
    static CommandLine commandLine(String... args) {
        return withErrorHandling(
                args.length > 0 && args[0].equals("run")
                        ? new CommandLine(new RunCommand()).setCommandName("coffer run")
                        : new CommandLine(new Main()));
    }

    static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new Main()));
    }

    private static CommandLine withErrorHandling(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                System.err.println("coffer: " + c.getMessage());
                return c.exitCode();
            }
            if (e instanceof CofferException c) {
                System.err.println("coffer: " + c.getMessage());
                return 1;
            }
            // unexpected: say what kind of failure, never its message (it could quote data)
            System.err.println("coffer: unexpected " + e.getClass().getSimpleName() + " in '" + cmd.getCommandName()
                    + "'; please report it.");
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
