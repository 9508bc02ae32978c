package dev.coffer.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project settings of a working directory, found in the current directory or the nearest parent:
 * {@code .coffer.json} (written by {@code coffer init}: projectId, defaultEnvironment, path), or, in a
 * directory without one, Infisical's {@code .infisical.json} (workspaceId, defaultEnvironment,
 * gitBranchToEnvironmentMapping, defaultSecretPath, domain). With a branch mapping, the environment
 * mapped to the checked-out git branch wins over the default environment.
 *
 * @param environmentOrigin where {@link #defaultEnvironment} came from, for messages
 * @param apiUrl            a server URL named by the file (Infisical's {@code domain}), or null; a URL
 *                          from a file is never given credentials from anywhere but a login to it
 */
public record ProjectFile(
        Path file, String projectId, String defaultEnvironment, String environmentOrigin, String path, String apiUrl) {

    public static final String NAME = ".coffer.json";
    public static final String INFISICAL_NAME = ".infisical.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Optional<ProjectFile> find(Path start) {
        for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path own = d.resolve(NAME);
            if (Files.isRegularFile(own)) return read(own, false);
            Path infisical = d.resolve(INFISICAL_NAME);
            if (Files.isRegularFile(infisical)) return read(infisical, true);
        }
        return Optional.empty();
    }

    private static Optional<ProjectFile> read(Path f, boolean infisical) {
        try {
            JsonNode n = JSON.readTree(f.toFile());
            String name = f.getFileName().toString();
            if (!infisical) {
                return Optional.of(new ProjectFile(
                        f, text(n, "projectId"), text(n, "defaultEnvironment"), name, text(n, "path"), null));
            }
            String env = text(n, "defaultEnvironment");
            String origin = name;
            JsonNode mapping = n.path("gitBranchToEnvironmentMapping");
            if (mapping.isObject()) {
                String branch = GitBranch.current(f.getParent()).orElse(null);
                String mapped = branch == null ? null : text(mapping, branch);
                if (mapped != null) {
                    env = mapped;
                    origin = name + ", git branch " + branch;
                }
            }
            return Optional.of(new ProjectFile(
                    f, text(n, "workspaceId"), env, origin, text(n, "defaultSecretPath"), text(n, "domain")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank()
                ? null
                : v.asText().trim();
    }

    /** Writes {@code .coffer.json} in {@code dir}; {@code path} is left out when null. */
    public static Path write(Path dir, String projectId, String environment, String path) throws IOException {
        Path f = dir.resolve(NAME);
        var n = JSON.createObjectNode();
        n.put("projectId", projectId);
        n.put("defaultEnvironment", environment);
        if (path != null) n.put("path", path);
        Files.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        return f;
    }

    /** The checked-out branch, read from {@code .git/HEAD} (no git process is started). */
    static final class GitBranch {
        private GitBranch() {}

        static Optional<String> current(Path from) {
            for (Path d = from.toAbsolutePath(); d != null; d = d.getParent()) {
                Path git = d.resolve(".git");
                try {
                    if (Files.isRegularFile(git)) {
                        // a worktree or submodule: "gitdir: <path>"
                        String line =
                                Files.readString(git, StandardCharsets.UTF_8).strip();
                        if (!line.startsWith("gitdir:")) return Optional.empty();
                        git = d.resolve(line.substring("gitdir:".length()).strip());
                    }
                    if (Files.isDirectory(git)) {
                        Path head = git.resolve("HEAD");
                        if (!Files.isRegularFile(head)) return Optional.empty();
                        String ref =
                                Files.readString(head, StandardCharsets.UTF_8).strip();
                        String prefix = "ref: refs/heads/";
                        return ref.startsWith(prefix) ? Optional.of(ref.substring(prefix.length())) : Optional.empty();
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }
}
