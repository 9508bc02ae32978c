package dev.coffer.cli.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans what git knows: every commit's added lines ({@code git log -p --all}) or the staged changes
 * ({@code git diff --cached}). Runs the {@code git} binary; only added lines are scanned, so a secret that
 * was committed and later deleted is still found, with the commit that added it.
 */
public final class GitScanner {
    /** Options that make the patch output independent of the user's git configuration (see also {@link #start}). */
    private static final List<String> PATCH_OPTIONS = List.of(
            "--no-color", "--no-ext-diff", "--no-textconv", "--unified=0", "--src-prefix=a/", "--dst-prefix=b/");

    private final Path dir;
    private final Detector detector;

    GitScanner(Path dir, Detector detector) {
        this.dir = dir;
        this.detector = detector;
    }

    /** Every commit reachable from any ref, newest first. */
    public ScanResult history() throws ScanException {
        List<String> args = new ArrayList<>(
                List.of("log", "-p", "--no-ext-diff", "--no-textconv", "--all", "--root", "--format=%x01%H%x09%aI"));
        args.addAll(PATCH_OPTIONS);
        args.addAll(List.of("--", "."));
        return run(ScanResult.Mode.GIT_HISTORY, args);
    }

    /** The changes staged for the next commit. */
    public ScanResult staged() throws ScanException {
        List<String> args = new ArrayList<>(List.of("diff", "--cached", "--no-ext-diff", "--no-textconv"));
        args.addAll(PATCH_OPTIONS);
        args.addAll(List.of("--", "."));
        return run(ScanResult.Mode.STAGED, args);
    }

    private ScanResult run(ScanResult.Mode mode, List<String> args) throws ScanException {
        String prefix = git(List.of("rev-parse", "--show-prefix")).strip();
        List<Finding> findings = new ArrayList<>();
        Allowlist allowlist = detector.allowlist();
        DiffParser parser = new DiffParser(prefix, (file, firstLine, text, origin) -> {
            if (!allowlist.ignoresPath(file)) {
                detector.scan(file, text, firstLine, origin, findings::add);
            }
        });
        Process process = start(args);
        StderrCollector stderr = new StderrCollector(process.getErrorStream());
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                parser.line(line);
            }
            parser.finish();
        } catch (IOException e) {
            process.destroy();
            throw new ScanException("cannot read the output of git " + args.get(0) + ": " + e.getMessage(), e);
        }
        int exit = waitFor(process);
        if (exit != 0) {
            throw new ScanException(
                    "git " + args.get(0) + " failed in " + dir + " (exit " + exit + ")" + stderr.firstLine());
        }
        return new ScanResult(mode, findings, parser.fileChanges(), parser.commits(), List.of());
    }

    /** Runs a short git command and returns its standard output. */
    String git(List<String> args) throws ScanException {
        Process process = start(args);
        StderrCollector stderr = new StderrCollector(process.getErrorStream());
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScanException("cannot run git: " + e.getMessage(), e);
        }
        int exit = waitFor(process);
        if (exit != 0) {
            String why = stderr.firstLine();
            if (why.contains("not a git repository")) {
                throw new ScanException(dir + " is not inside a git repository");
            }
            throw new ScanException("git " + args.get(0) + " failed in " + dir + " (exit " + exit + ")" + why);
        }
        return out;
    }

    private Process start(List<String> args) throws ScanException {
        // a scanned checkout is untrusted: nothing in its .git/config may run a program (fsmonitor,
        // external diff and textconv drivers are off; the pager is cat)
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-C",
                dir.toString(),
                "-c",
                "core.fsmonitor=false",
                "-c",
                "core.quotepath=false",
                "-c",
                "log.showSignature=false",
                "-c",
                "log.follow=false",
                "-c",
                "diff.noprefix=false",
                "-c",
                "diff.mnemonicPrefix=false",
                "-c",
                "diff.relative=false"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GIT_PAGER", "cat");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new ScanException("cannot run git (is it installed and on PATH?): " + e.getMessage(), e);
        }
    }

    private static int waitFor(Process process) throws ScanException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new ScanException("interrupted while waiting for git", e);
        }
    }

    /** Drains a process's standard error on a daemon thread, keeping the first few KiB. */
    private static final class StderrCollector {
        private final StringBuilder text = new StringBuilder();
        private final Thread thread;

        StderrCollector(InputStream in) {
            thread = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) {
                                synchronized (text) {
                                    if (text.length() < 4096) {
                                        text.append(line).append('\n');
                                    }
                                }
                            }
                        } catch (IOException ignored) {
                            // the process is gone; what was read is enough
                        }
                    },
                    "git-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        /** {@code ": <first line>"}, or empty when git printed nothing. */
        String firstLine() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (text) {
                String s = text.toString().strip();
                int nl = s.indexOf('\n');
                String first = nl < 0 ? s : s.substring(0, nl);
                return first.isEmpty() ? "" : ": " + first;
            }
        }
    }
}
