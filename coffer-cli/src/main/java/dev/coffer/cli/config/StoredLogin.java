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
 * either a machine identity's client id and secret, a token, or a person's session (its email, access
 * token, refresh token and when the access token expires). {@code toString} hides secrets.
 */
public record StoredLogin(
        String apiUrl,
        String clientId,
        String clientSecret,
        String token,
        String email,
        String refreshToken,
        long expiresAt) {

    static final String FILE = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A machine identity's credentials, or a token. */
    public StoredLogin(String apiUrl, String clientId, String clientSecret, String token) {
        this(apiUrl, clientId, clientSecret, token, null, null, 0);
    }

    /** A person's session: renewed with its refresh token when the access token runs out. */
    public static StoredLogin session(String apiUrl, String email, String accessToken, String refresh, long expiresAt) {
        return new StoredLogin(apiUrl, null, null, accessToken, email, refresh, expiresAt);
    }

    public boolean isSession() {
        return refreshToken != null;
    }

    public static Optional<StoredLogin> load(Path configDir) {
        Path f = configDir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(f.toFile());
            return Optional.of(new StoredLogin(
                    text(n, "apiUrl"),
                    text(n, "clientId"),
                    text(n, "clientSecret"),
                    text(n, "token"),
                    text(n, "email"),
                    text(n, "refreshToken"),
                    n.path("expiresAt").asLong(0)));
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
        if (email != null) n.put("email", email);
        if (refreshToken != null) n.put("refreshToken", refreshToken);
        if (expiresAt > 0) n.put("expiresAt", expiresAt);
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
        return "StoredLogin[apiUrl=" + apiUrl + ", clientId=" + clientId + ", email=" + email + "]";
    }
}
