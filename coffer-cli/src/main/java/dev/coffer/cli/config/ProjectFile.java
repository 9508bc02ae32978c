package dev.coffer.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .coffer.json}, written by {@code coffer init}: the project id and default environment of a
 * working directory. Found in the current directory or the nearest parent.
 */
public record ProjectFile(Path file, String projectId, String defaultEnvironment) {

    public static final String NAME = ".coffer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Optional<ProjectFile> find(Path start) {
        for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve(NAME);
            if (Files.isRegularFile(f)) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    return Optional.of(new ProjectFile(
                            f,
                            n.path("projectId").asText(null),
                            n.path("defaultEnvironment").asText(null)));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public static Path write(Path dir, String projectId, String environment) throws IOException {
        Path f = dir.resolve(NAME);
        var n = JSON.createObjectNode();
        n.put("projectId", projectId);
        n.put("defaultEnvironment", environment);
        Files.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        return f;
    }
}
