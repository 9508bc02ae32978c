package dev.coffer.cli;

import dev.coffer.cli.config.ProjectFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer init}: ties the current directory to a project and default environment. */
@Command(
        name = "init",
        description = {
            "Tie this directory to a project and default environment.",
            "",
            "Writes .coffer.json and adds it to .gitignore, so later commands need no",
            "--projectId (and no --env or --path). Without .coffer.json, Infisical's",
            ".infisical.json is read (workspaceId, defaultEnvironment,",
            "gitBranchToEnvironmentMapping, defaultSecretPath).",
            "",
            "Example:",
            "  coffer init --projectId \"$PROJECT_ID\" --env staging --path /api"
        })
public final class InitCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(
            names = {"--projectId", "--project-id"},
            required = true,
            paramLabel = "ID",
            description = "The project's id (or slug).")
    String projectId;

    @Option(
            names = {"--env", "-e"},
            defaultValue = "dev",
            paramLabel = "ENV",
            description = "Default environment (default dev).")
    String environment;

    @Option(names = "--path", paramLabel = "PATH", description = "Default folder path (default: none, that is /).")
    String path;

    @Override
    public Integer call() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        Path f = ProjectFile.write(dir, projectId, environment, path);
        Path ignore = dir.resolve(".gitignore");
        String existing = Files.isRegularFile(ignore) ? Files.readString(ignore, StandardCharsets.UTF_8) : "";
        if (existing.lines()
                .noneMatch(l -> l.trim().equals(ProjectFile.NAME) || l.trim().equals("/" + ProjectFile.NAME))) {
            String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            Files.writeString(
                    ignore,
                    prefix + ProjectFile.NAME + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        Console.info("wrote " + f + " (project " + projectId + ", environment " + environment
                + (path == null ? "" : ", path " + path) + "); added it to .gitignore.");
        return 0;
    }
}
