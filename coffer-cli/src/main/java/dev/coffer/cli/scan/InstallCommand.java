package dev.coffer.cli.scan;

import dev.coffer.cli.HelpOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer scan install --pre-commit-hook [DIR]}: makes git run {@code coffer scan --staged} before every commit. */
@Command(
        name = "install",
        description = {
            "Install a git pre-commit hook that runs `coffer scan --staged` and refuses",
            "commits that add secrets."
        })
public final class InstallCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    /** Marks hooks written by this command, so they can be replaced without --force. */
    static final String MARKER = "# installed by `coffer scan install --pre-commit-hook`";

    static final String HOOK = """
            #!/bin/sh
            %s
            # Refuses the commit when the staged changes add a hard-coded secret.
            # Accept a finding by adding its fingerprint to .cofferscanignore; skip once with `git commit --no-verify`.
            if ! command -v coffer >/dev/null 2>&1; then
              echo "pre-commit: the coffer command is not on PATH; install it or commit with --no-verify" >&2
              exit 1
            fi
            exec coffer scan --staged
            """.formatted(MARKER);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--pre-commit-hook",
            required = true,
            description = "Install the pre-commit hook (.git/hooks/pre-commit).")
    boolean preCommitHook;

    @Option(
            names = "--force",
            description = "Replace an existing pre-commit hook not written by coffer (it is kept as pre-commit.bak).")
    boolean force;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "The git repository. Default: .")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path hook = hookPath(dir.toAbsolutePath().normalize());
            if (Files.exists(hook, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String existing = Files.isRegularFile(hook) ? Files.readString(hook, StandardCharsets.UTF_8) : "";
                if (existing.equals(HOOK)) {
                    makeExecutable(hook);
                    out.println("The pre-commit hook is already installed: " + hook);
                    return ScanCommand.CLEAN;
                }
                if (!existing.contains(MARKER)) {
                    if (!force) {
                        err.println("coffer scan install: " + hook + " already exists and was not written by coffer;"
                                + " use --force to replace it");
                        return ScanCommand.ERROR;
                    }
                    Path backup = hook.resolveSibling("pre-commit.bak");
                    Files.move(hook, backup, StandardCopyOption.REPLACE_EXISTING);
                    out.println("Moved the existing hook to " + backup);
                }
            }
            Files.createDirectories(hook.getParent());
            Files.writeString(hook, HOOK, StandardCharsets.UTF_8);
            makeExecutable(hook);
            out.println("Installed the pre-commit hook: " + hook);
            return ScanCommand.CLEAN;
        } catch (ScanException e) {
            err.println("coffer scan install: " + e.getMessage());
            return ScanCommand.ERROR;
        } catch (IOException e) {
            err.println("coffer scan install: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return ScanCommand.ERROR;
        }
    }

    /** {@code <git common dir>/hooks/pre-commit}; warns when core.hooksPath makes git look elsewhere. */
    private Path hookPath(Path root) throws ScanException {
        if (!Files.isDirectory(root)) {
            throw new ScanException("not a directory: " + dir);
        }
        GitScanner git = new GitScanner(root, null);
        Path gitDir;
        try {
            gitDir = Path.of(git.git(List.of("rev-parse", "--path-format=absolute", "--git-common-dir"))
                    .strip());
        } catch (ScanException e) {
            if (!Files.isDirectory(root.resolve(".git")) || e.getMessage().contains("not inside a git repository")) {
                throw e;
            }
            gitDir = root.resolve(".git");
        }
        try {
            String hooksPath =
                    git.git(List.of("config", "--get", "core.hooksPath")).strip();
            if (!hooksPath.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println("coffer scan install: warning: core.hooksPath is set to " + hooksPath
                                + ", so git will not run hooks from " + gitDir.resolve("hooks"));
            }
        } catch (ScanException e) {
            // "git config --get" exits with 1 when the key is not set
        }
        return gitDir.resolve("hooks").resolve("pre-commit");
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            if (!file.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }
}
