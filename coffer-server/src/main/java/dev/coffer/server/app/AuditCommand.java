package dev.coffer.server.app;

import dev.coffer.server.audit.ChainVerifier;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coffer audit verify}: checks the audit trail's hash chain, with the server running or not. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Work with the audit trail.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check the audit trail's hash chain from its anchor to its head, on the database the",
                "server uses (the same settings as 'coffer server': --data-dir, COFFER_DATABASE_URL).",
                "Works with the server stopped. Exit status: 0 intact, 1 broken (the first broken link",
                "is printed), 2 the database could not be opened."
            })
    static final class Verify implements Callable<Integer> {

        @Option(
                names = "--data-dir",
                description = "Directory of the SQLite database (default ./coffer-data; not used with PostgreSQL).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        /** The environment the settings come from; tests put their own here. */
        Map<String, String> env = System.getenv();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ChainVerifier.Result result;
            int journaled;
            try {
                Config cfg = Config.from(env, null, null, dataDir);
                if (cfg.databaseUrl() == null && !Files.exists(cfg.dataDir().resolve("coffer.db"))) {
                    err.println("coffer: there is no Coffer database in " + cfg.dataDir()
                            + "; pass the server's --data-dir (or COFFER_DATABASE_URL).");
                    err.flush();
                    return 2;
                }
                try (Database db = Wiring.openDatabase(cfg, new Invalidator())) {
                    result = ChainVerifier.verify(db);
                    journaled = ChainVerifier.journaled(db, cfg.dataDir());
                }
            } catch (StartupException e) {
                err.println("coffer: " + e.getMessage());
                err.flush();
                return 2;
            }
            (result.ok() ? out : err).println(result.describe());
            if (journaled > 0) {
                out.println(journaled + " more events of reads are in the audit journal (audit-*.journal), answered"
                        + " before the server stopped and not in the database yet: the server adds them to the"
                        + " chain when it starts.");
            }
            out.flush();
            err.flush();
            return result.ok() ? 0 : 1;
        }
    }
}
