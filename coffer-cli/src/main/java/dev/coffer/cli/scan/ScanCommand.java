package dev.coffer.cli.scan;

import dev.coffer.cli.HelpOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer scan}: finds hard-coded secrets in files and git history. */
@Command(
        name = "scan",
        sortOptions = false,
        description = {
            "Find hard-coded secrets in a directory, in every commit of a git repository",
            "(--git) or in the staged changes (--staged): private keys, cloud and SaaS",
            "tokens, database URLs with passwords, and high-entropy values assigned to",
            "KEY, SECRET, TOKEN and PASSWORD names.",
            "",
            "Allow-list: .cofferscanignore at the scan root (or --allowlist FILE), one",
            "entry a line: a path glob (docs/**), rule:<ruleId>, or the fingerprint of a",
            "finding. Lines containing coffer:ignore or gitleaks:allow are never reported.",
            "Secrets are never printed in full.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no secrets found", "1:secrets found", "2:usage error, or a file or git could not be read"},
        subcommands = {InstallCommand.class})
public final class ScanCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    /** Exit code when nothing was found. */
    public static final int CLEAN = 0;
    /** Exit code when something was found. */
    public static final int FOUND = 1;
    /** Exit code on usage and I/O errors. */
    public static final int ERROR = 2;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            defaultValue = ".",
            description =
                    "Directory (or file) to scan; with --git or --staged, a directory inside the repository. Default: .")
    Path dir;

    @Option(
            names = "--git",
            description = "Scan the lines added by every commit on every branch instead of the files on disk.")
    boolean git;

    @Option(
            names = "--staged",
            description = "Scan the lines added by the staged changes (what the next commit would add).")
    boolean staged;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Reports.Format format;

    @Option(
            names = "--allowlist",
            paramLabel = "FILE",
            description = "Allow-list file. Default: DIR/" + Allowlist.DEFAULT_FILE + " when it exists.")
    Path allowlistFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (git && staged) {
            err.println("coffer scan: --git and --staged cannot be used together");
            return ERROR;
        }
        try {
            Path root = dir.toAbsolutePath().normalize();
            if (!Files.exists(root)) {
                throw new ScanException("no such file or directory: " + dir);
            }
            if ((git || staged) && !Files.isDirectory(root)) {
                throw new ScanException("not a directory: " + dir);
            }
            Allowlist allowlist = loadAllowlist(root, err);
            Detector detector = new Detector(Rules.builtIn(), allowlist);
            ScanResult result;
            if (git) {
                result = new GitScanner(root, detector).history();
            } else if (staged) {
                result = new GitScanner(root, detector).staged();
            } else {
                result = new FileScanner(detector).scan(root);
            }
            Reports.write(format, result, Rules.builtIn(), out);
            for (String problem : result.problems()) {
                err.println("coffer scan: " + problem);
            }
            err.flush();
            if (!result.findings().isEmpty()) {
                return FOUND;
            }
            return result.problems().isEmpty() ? CLEAN : ERROR;
        } catch (ScanException e) {
            err.println("coffer scan: " + e.getMessage());
            err.flush();
            return ERROR;
        } catch (UncheckedIOException | SecurityException e) {
            err.println("coffer scan: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.flush();
            return ERROR;
        } catch (RuntimeException e) {
            // no message: it could quote scanned text
            err.println("coffer scan: internal error (" + e.getClass().getName() + "); please report it");
            err.flush();
            return ERROR;
        }
    }

    private Allowlist loadAllowlist(Path root, PrintWriter err) throws ScanException {
        Path file = allowlistFile;
        if (file == null) {
            Path base = Files.isDirectory(root) ? root : root.getParent();
            file = base.resolve(Allowlist.DEFAULT_FILE);
            if (!Files.isRegularFile(file)) {
                return Allowlist.empty();
            }
        }
        try {
            return Allowlist.load(file, warning -> err.println("coffer scan: warning: " + warning));
        } catch (IOException e) {
            throw new ScanException(
                    "cannot read the allow-list " + file + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                    e);
        }
    }
}
