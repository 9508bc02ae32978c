package dev.coffer.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.crypto.Hex;
import dev.coffer.sdk.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The last access token per (API URL, client id), 0600 under the config directory, so consecutive
 * commands reuse it instead of logging in each time.
 */
public final class TokenCache {

    /** A cached token with its expiry (epoch millis) and TTL (millis). */
    public record Entry(String accessToken, long expiresAt, long ttl) {
        @Override
        public String toString() {
            return "TokenCache.Entry[expiresAt=" + expiresAt + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public TokenCache(Path configDir, String apiUrl, String clientId) {
        this.file = configDir.resolve("tokens").resolve(hash(apiUrl + "|" + clientId) + ".json");
    }

    /** The cached token if it is still valid for at least a minute. */
    public Optional<Entry> load() {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            JsonNode n = JSON.readTree(file.toFile());
            Entry e = new Entry(
                    n.path("accessToken").asText(),
                    n.path("expiresAt").asLong(),
                    n.path("ttl").asLong());
            return e.expiresAt() - System.currentTimeMillis() > 60_000 ? Optional.of(e) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(Entry e) {
        try {
            var n = JSON.createObjectNode();
            n.put("accessToken", e.accessToken());
            n.put("expiresAt", e.expiresAt());
            n.put("ttl", e.ttl());
            PrivateFiles.write(file, JSON.writeValueAsBytes(n));
        } catch (IOException ignored) {
            // a cache: the next command logs in again
        }
    }

    private static String hash(String s) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
