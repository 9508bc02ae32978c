package dev.coffer.cli.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A throw-away git repository for tests, isolated from the user's and the system's git configuration. */
final class GitRepo {
    final Path dir;

    private GitRepo(Path dir) {
        this.dir = dir;
    }

    static GitRepo init(Path dir) throws IOException {
        GitRepo repo = new GitRepo(dir);
        Files.createDirectories(dir);
        repo.git("init", "-q");
        return repo;
    }

    /** Runs git in the repository and returns its standard output; fails the test when git fails. */
    String git(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-C",
                dir.toString(),
                "-c",
                "user.name=Planted Tester",
                "-c",
                "user.email=tester@coffer.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    void write(String file, String content) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    /** Stages everything and commits; returns the new commit's full hash. */
    String commitAll(String message) throws IOException {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }
}
