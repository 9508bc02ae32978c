package dev.coffer.cli;

import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import dev.coffer.sdk.LocalCache;
import dev.coffer.sdk.Scope;
import dev.coffer.sdk.Secret;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer run}: starts a command with the secrets as environment variables on top of the current
 * environment. Standard streams are the command's own; its exit code becomes ours; a SIGTERM or SIGHUP
 * to coffer is passed on (SIGINT from a terminal reaches both already). When the server cannot be
 * reached, the last good encrypted local cache is used with a warning. No secret value is ever
 * printed, whatever fails.
 */
@Command(
        name = "run",
        sortOptions = false,
        description = {
            "Run a command with the secrets injected as environment variables.",
            "",
            "Examples:",
            "  coffer run --env=prod -- npm start",
            "  coffer run --command 'echo $DATABASE_URL | wc -c'",
            "  coffer run --watch -- ./server      # restart when secrets change",
            "",
            "With --watch, the command restarts within a second of a change:",
            "coffer listens to the server's change events and restarts the",
            "command only when its values really changed. A server without",
            "change events is polled every --watch-interval seconds instead.",
            "  coffer run --watch --env=prod --path=/api -- ./server"
        })
public final class RunCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Option(names = "--recursive", description = "Also inject secrets of sub-folders.")
    boolean recursive;

    @Option(
            names = "--include-imports",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Include imported secrets (default: true).")
    boolean includeImports;

    @Option(
            names = "--expand",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Expand $${...} references (default: true).")
    boolean expand;

    @Option(names = "--command", description = "A shell command line to run with sh -c, instead of arguments after --.")
    String shellCommand;

    @Option(names = "--offline", description = "Do not contact the server; use the local cache only.")
    boolean offline;

    @Option(names = "--watch", description = "Restart the command when the secrets change.")
    boolean watch;

    @Option(
            names = "--watch-interval",
            defaultValue = "10",
            description = "Seconds between checks with --watch when the server offers no change events (default 10).")
    int watchInterval;

    @Option(
            names = "--allow-env",
            paramLabel = "NAME",
            description = "Let a secret with this name (e.g. NODE_OPTIONS) reach the command although it changes how "
                    + "programs start; repeat for several.")
    Set<String> allowedStartupVariables = new HashSet<>();

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> argv = argv();
        Connection.Resolved r = connection.resolve();
        CofferClient client = offline ? null : connection.client(r);
        if (client != null) r = Environments.settle(r, client);
        Scope scope = Connection.scope(r)
                .withRecursive(recursive)
                .withIncludeImports(includeImports)
                .withExpand(expand);
        LocalCache cache =
                new LocalCache(LocalCache.defaultDirectory(), r.apiUrl(), scope, Connection.cacheCredential(r));
        Map<String, String> secrets = fetch(client, r, scope, cache);
        if (!watch) return start(argv, secrets).waitFor();
        return watchLoop(argv, secrets, client, scope, cache);
    }

    private List<String> argv() {
        if (shellCommand != null && !command.isEmpty()) {
            throw new CliException("Give the command either with --command or after --, not both.", 2);
        }
        if (shellCommand != null) return List.of("sh", "-c", shellCommand);
        if (command.isEmpty()) {
            throw new CliException("No command to run: add it after --, e.g. 'coffer run -- npm start'.", 2);
        }
        return command;
    }

    private Map<String, String> fetch(CofferClient client, Connection.Resolved r, Scope scope, LocalCache cache) {
        if (client == null) {
            return cached(cache, "--offline given")
                    .orElseThrow(
                            () -> new CliException(
                                    "--offline: there is no local cache for this project, environment and path yet; run once online first."));
        }
        try {
            List<Secret> listed = client.listSecrets(scope);
            SecretListing.checkNotEmpty(client, scope, r, listed.size());
            Map<String, String> secrets = SecretListing.toMap(listed);
            connection.remember(r, client);
            try {
                cache.save(secrets, Instant.now());
            } catch (IOException e) {
                Console.warn("could not update the local cache (" + e.getClass().getSimpleName() + "); continuing.");
            }
            return secrets;
        } catch (CofferException.Unavailable e) {
            return cached(cache, e.getMessage())
                    .orElseThrow(
                            () -> new CliException(e.getMessage() + " No local cache is available to fall back on."));
        }
    }

    private Optional<Map<String, String>> cached(LocalCache cache, String why) {
        return cache.load().map(s -> {
            Console.warn(why + " — using " + s.secrets().size() + " secrets cached "
                    + LocalCache.describeAge(Duration.between(s.fetchedAt(), Instant.now())) + " ago.");
            return s.secrets();
        });
    }

    private Process start(List<String> argv, Map<String, String> secrets) {
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        ChildEnvironment.apply(pb.environment(), secrets, allowedStartupVariables);
        // The hook exists before the process does, and waits until start() has returned: the child can run
        // (and a signal arrive) before start() hands us the Process, and the signal must still reach it.
        AtomicReference<Process> started = new AtomicReference<>();
        CountDownLatch launched = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                launched.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Process p = started.get();
            if (p != null) stop(p);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Process p = pb.start();
            started.set(p);
            return p;
        } catch (IOException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            throw notStarted(argv.getFirst(), e);
        } finally {
            launched.countDown();
        }
    }

    private int watchLoop(
            List<String> argv, Map<String, String> first, CofferClient client, Scope scope, LocalCache cache)
            throws InterruptedException, IOException {
        if (client == null)
            throw new CliException("--watch needs the server; it cannot be combined with --offline.", 2);
        if (watchInterval < 1) throw new CliException("--watch-interval must be at least 1 second.", 2);
        Map<String, String> current = first;
        Semaphore changed = new Semaphore(0);
        Closeable listening = client.onChange(scope, Duration.ofSeconds(watchInterval), e -> changed.release());
        try {
            Process p = start(argv, current);
            while (true) {
                if (!changed.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    if (!p.isAlive()) return p.exitValue();
                    continue;
                }
                changed.drainPermits();
                Map<String, String> latest;
                try {
                    latest = client.secretMap(scope);
                } catch (CofferException e) {
                    Console.warn(
                            "--watch: " + e.getMessage() + " Keeping the command running with the secrets it has.");
                    continue;
                }
                if (!latest.equals(current)) {
                    Console.info("secrets changed; restarting the command.");
                    stop(p);
                    current = latest;
                    try {
                        cache.save(current, Instant.now());
                    } catch (IOException ignored) {
                        // the cache is a fallback only
                    }
                    p = start(argv, current);
                }
            }
        } finally {
            listening.close();
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    private static void stop(Process p) {
        if (!p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Why a command could not be started, as a shell says it: not found is 127, found but not executable
     * 126. The exception's message is not shown (it is the JDK's wording, not the user's problem).
     */
    static CliException notStarted(String command, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("error=13") || m.contains("error: 13") || m.contains("Permission denied")) {
            return new CliException("permission denied: " + command, 126);
        }
        if (m.contains("error=2") || m.contains("error: 2") || m.contains("No such file")) {
            return new CliException("command not found: " + command, 127);
        }
        return new CliException("cannot start " + command + " (" + e.getClass().getSimpleName() + ").", 127);
    }
}
