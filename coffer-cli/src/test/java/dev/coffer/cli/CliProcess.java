package dev.coffer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real CLI as a separate JVM process, with a clean environment (config and cache in temp
 * directories), as a user would run {@code coffer …}.
 */
final class CliProcess {

    /** What a finished run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private Path workDir;

    CliProcess(Path home) {
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("COFFER_CONFIG_DIR", home.resolve("config").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        workDir = home;
    }

    CliProcess env(String name, String value) {
        if (value == null) env.remove(name);
        else env.put(name, value);
        return this;
    }

    CliProcess in(Path dir) {
        this.workDir = dir;
        return this;
    }

    ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.coffer.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) {
        try {
            Path out = java.nio.file.Files.createTempFile("cli-out", ".txt");
            Path err = java.nio.file.Files.createTempFile("cli-err", ".txt");
            ProcessBuilder pb = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("coffer " + String.join(" ", args) + " did not finish in 60 s");
            }
            try {
                return new Result(
                        p.exitValue(), java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
                java.nio.file.Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lines a running process prints, read on a background thread so a test can wait with a timeout. */
    static final class Lines {
        private final java.util.concurrent.BlockingQueue<String> queue =
                new java.util.concurrent.LinkedBlockingQueue<>();

        Lines(Process p) {
            Thread t = new Thread(() -> {
                try (var r = new java.io.BufferedReader(
                        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) queue.add(line);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** The next line, or an AssertionError after {@code seconds}. */
        String next(int seconds) throws InterruptedException {
            String line = queue.poll(seconds, TimeUnit.SECONDS);
            if (line == null) throw new AssertionError("no output line within " + seconds + " s");
            return line;
        }
    }

    /** Ends a process and everything it started (for test clean-up). */
    static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
