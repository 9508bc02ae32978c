package dev.coffer.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.sdk.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code coffer login} stored (credentials.json, 0600 in the config directory): the API URL and
 * either a machine identity's client id and secret, or a token. {@code toString} hides secrets.
 */
public record StoredLogin(String apiUrl, String clientId, String clientSecret, String token) {

    static final String FILE = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Optional<StoredLogin> load(Path configDir) {
        Path f = configDir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(f.toFile());
            return Optional.of(
                    new StoredLogin(text(n, "apiUrl"), text(n, "clientId"), text(n, "clientSecret"), text(n, "token")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path save(Path configDir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("apiUrl", apiUrl);
        if (clientId != null) n.put("clientId", clientId);
        if (clientSecret != null) n.put("clientSecret", clientSecret);
        if (token != null) n.put("token", token);
        Path f = configDir.resolve(FILE);
        PrivateFiles.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        return f;
    }

    public static boolean delete(Path configDir) throws IOException {
        return Files.deleteIfExists(configDir.resolve(FILE));
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "StoredLogin[apiUrl=" + apiUrl + ", clientId=" + clientId + "]";
    }
}
